"""Decide a document's plan period, document type (文种), plan type and owner, with a confidence and reasons.

    classify(title, text, rules, city_code=…) -> Edition

Every input is `normalise`d first (NFKC, traditional → simplified, 二〇二六 → 2026, year ranges, quoted
periods, wrapped headings joined). What is read, strongest first:

    given      what a person (ingest options, `documents set`) or the crawl source entry said
    title      the document's title — or, when that is only a file name, the title the document gives
               itself (HTML <title>, PDF metadata)
    heading    the title printed on its cover or first page (`normal_form.title_block`)
    filename   the file name, when it is all the title there is
    year       the document's year (`--year`), for the period only
    text       a plan the first `head_chars` characters name (“十四五”规划): weak, for the period only, and
               never over any source above

The first source that says something decides. Confidence is high when a title or a cover decided and
nothing contradicts it; medium when only a file name or the year said it, or no issuer is named; low when
two sources disagree (the title says 纲要, the cover 建议; the text names the 十四五 plan but the year is
2026) or only the text named the period. The reasons travel with the decision (`doubts`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normal_form import normalise, title_block
from ..edition_rules import EditionRules
from .titles import Owner, TitleReading, owner_of, read_title

_CJK = re.compile(r"[\u4e00-\u9fff]")
# the text naming itself: 编制《X》 / 《X》根据… (a first page whose cover was lost still says what it is)
_SELF = (re.compile(r"(?:编制|制定)《([^《》]{6,80})》"), re.compile(r"《([^《》]{6,80})》(?:根据|依据|依照|主要阐明)"))
HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}
COUNTABLE_TYPES = ("outline", "draft")


@dataclass(frozen=True)
class Edition:
    period: str | None
    plan_type: str
    period_source: str          # given | source | title | heading | filename | year | text | none
    type_source: str            # given | title | heading | filename | text | none
    note: str                   # the words the decision rests on
    doc_type: str = ""          # the [[doc_type]] named ("" when none was, or the type was given)
    owner: str = "unknown"      # city | county | other_city | other_county | province | other_province | national | unknown
    owner_name: str = ""
    confidence: str = HIGH      # high | medium | low
    doubts: tuple[str, ...] = ()


def _period_patterns(rules: EditionRules):
    """(period name, regex of a mention, regex of a mention that names a plan) per period; on normalised text."""
    out = []
    for p in rules.periods:
        mention = rf"第{p.number}个五年|(?<![一二三四五六七八九十]){p.number}五(?!年)|{p.years[0]}-{p.years[1]}年"
        # naming a plan: the period, then (within one phrase, not 时期/期间) 规划, 纲要 or 计划
        names = rf"(?:{mention})(?!\s*(?:时期|期间))[^\s\n。;；,，、:：]{{0,12}}?(?:规划|纲要|计划)"
        out.append((p.name, re.compile(mention), re.compile(names)))
    return out


def _first(patterns, text: str, which: int) -> tuple[str, str] | None:
    """The period mentioned first in `text` (which=1: any mention, 2: a mention naming a plan)."""
    best = None
    for name, *regexes in patterns:
        m = regexes[which - 1].search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name, m.group())
    return (best[1], best[2]) if best else None


def _named_in_text(patterns, text: str) -> list[tuple[str, str]]:
    """Every period the text names as a plan, latest period first (a plan reviews the period before it)."""
    found = []
    for name, _, names in patterns:
        m = names.search(text)
        if m:
            found.append((name, m.group()))
    return found[::-1]


def _sources(title: str | None, doc_title: str | None, file_title: bool, head: str) -> list[tuple[str, str]]:
    out = []
    real = doc_title if file_title or not (title and _CJK.search(title)) else title
    if real and _CJK.search(real):
        out.append(("title", normalise(real)))
    block, issuer = title_block(head)
    if block:
        out.append(("heading", block))
    if file_title and title and _CJK.search(title) and title != real:
        out.append(("filename", normalise(title)))
    return out + ([("issuer line", issuer)] if issuer else [])


def _label(r: TitleReading) -> str:
    return (r.doc_type.label + ("（" + r.draft + "）" if r.draft else "")) if r.doc_type else "nothing recognised"


def classify(title: str | None, text: str | None, rules: EditionRules, *, city_code: str | None = None,
             doc_title: str | None = None, file_title: bool = False, period: str | None = None,
             plan_type: str | None = None, period_source: str = "given", year: int | None = None) -> Edition:
    """Decide period, document type, plan type and owner. `period`/`plan_type` given by hand (or, the period,
    by the crawl source) win. `file_title`: the title is only a file name (then `doc_title`, the title the
    document gives itself, is read as its title). `city_code`: the city it was filed under (the owner check)."""
    pats = _period_patterns(rules)
    head = normalise(text)
    sources = _sources(title, doc_title, file_title, head)
    issuer_line = next((t for s, t in sources if s == "issuer line"), "")
    readings = [(s, read_title(t, rules, city_code)) for s, t in sources if s != "issuer line"]
    texts = dict(sources)
    notes, doubts, conf = [], [], [HIGH]

    def doubt(level: str, why: str) -> None:
        doubts.append(why)
        conf.append(level)

    # -- document type and plan type
    doc_type, t_src, deciding = "", "given" if plan_type else "none", None
    typed = [(s, r) for s, r in readings if r.doc_type is not None]
    if typed:
        deciding = typed[0][1]
    if not plan_type and typed:
        t_src, r = typed[0]
        doc_type, plan_type = r.doc_type.name, r.plan_type
        notes.append(f"type from {t_src}: “{r.words}”" + (f" + “{r.draft}”" if r.draft else "") + f" ({_label(r)})")
        if t_src == "filename":
            doubt(MEDIUM, f"only the file name says it is a {_label(r)}")
        for s, other in typed[1:]:
            if s != "filename" and _differs(r.plan_type, other.plan_type):
                doubt(LOW, f"the {t_src} says {_label(r)} (“{r.words}”), the {s} says {_label(other)} (“{other.words}”)")
    elif plan_type and typed:
        doc_type = typed[0][1].doc_type.name if typed[0][1].plan_type == plan_type else ""
    if not plan_type and head:
        named = next((m.group(1) for rx in _SELF for m in [rx.search(head[:rules.head_chars])] if m), None)
        r = read_title(named, rules, city_code) if named else None
        if r is not None and r.doc_type is not None:
            t_src, doc_type, plan_type, deciding = "text", r.doc_type.name, r.plan_type, r
            readings.append(("text", r))
            texts["text"] = named
            notes.append(f"type from text: “{named}” ({_label(r)})")
            doubt(LOW, f"only the text says what it is (it names itself “{named}”): no title or cover does")

    # -- period
    p_src = period_source if period else "none"
    if not period:
        named = [(s, _first(pats, texts[s], 1)) for s, _ in readings]
        named = [(s, f) for s, f in named if f]
        if named:
            (p_src, (period, words)) = named[0]
            notes.append(f"period from {p_src}: “{words}”")
            if p_src == "filename":
                doubt(MEDIUM, f"only the file name names the period ({period})")
            for s, (other, w) in named[1:]:
                if other != period and s != "filename":
                    doubt(LOW, f"the {p_src} names {period} (“{words}”), the {s} {other} (“{w}”)")
    in_text = _named_in_text(pats, head[:rules.head_chars]) if head else []
    if not period and year:
        for p in rules.periods:
            if p.years[0] <= int(year) <= p.years[1]:
                period, p_src = p.name, "year"
                notes.append(f"period from the document's year {year} (no title or cover names one)")
                others = [(n, w) for n, w in in_text if n != period]
                if others and not any(n == period for n, _ in in_text):
                    doubt(LOW, f"the text names the {others[0][0]} plan (“{others[0][1]}”) but the document's "
                               f"year {year} is in {period}: set the period by hand if the text is right")
                else:
                    doubt(MEDIUM, f"only the document's year ({year}) gives the period")
    if not period and in_text:
        period, words = in_text[0]
        p_src = "text"
        notes.append(f"period from text: “{words}”")
        doubt(LOW, f"only the text names the period (“{words}”), no title, cover or year does"
              + (f"; it also names {', '.join(n for n, _ in in_text[1:])}" if len(in_text) > 1 else ""))

    # -- owner: the one who issued it, from the reading that decided, else any other, else the issuer line
    owners = [(s, r.owner) for s, r in readings if r.owner.level != "unknown"]
    if deciding is not None and deciding.owner.level != "unknown":
        owner = deciding.owner
    elif owners:
        owner = owners[0][1]
    elif issuer_line:
        owner = owner_of(issuer_line, -1, rules, city_code)
    else:
        owner = Owner("unknown")
    strong = [(s, o) for s, o in owners if s != "filename"]
    if len({o.level for _, o in strong}) > 1:
        doubt(LOW, "the issuer differs between " + " and ".join(f"the {s} ({o.name})" for s, o in strong))
    if owner.level == "unknown" and (plan_type in COUNTABLE_TYPES):
        doubt(MEDIUM, "no issuer is named in the title or on the cover")
    if owner.level != "unknown":
        notes.append(f"issuer: {owner.name}")
    confidence = max(conf, key=CONFIDENCE_ORDER.__getitem__)
    return Edition(period, plan_type or "other", p_src, t_src, "; ".join(notes), doc_type, owner.level, owner.name,
                   confidence, tuple(doubts))


def _differs(a: str | None, b: str | None) -> bool:
    """Two plan types disagree where it matters: counted or not, final or draft."""
    return a != b and (a in COUNTABLE_TYPES or b in COUNTABLE_TYPES)
