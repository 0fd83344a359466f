"""Read one title (already `normalise`d): which document type (文种) it names, whether it is a draft, which
plan period it names, and whose document it is.

    read_title(title, rules, city_code) -> TitleReading

- The part of the title that names a document is read (a site name after " - " or "_" is dropped), and a
  wrapper is looked through (关于印发《X》的通知 is X) — both as corpora/editions.toml [titles] says.
- The type is the one named LAST: Chinese titles end with what the document is (…纲要的决议 is a 决议).
  At one place the longer match wins (政府工作报告 over 报告), then the type listed first.
- A [titles] drafts word right after the type's name makes a draft of it (…纲要（征求意见稿）); elsewhere
  it says nothing about the document (关于…纲要（草案）的说明 is a 说明).
- The owner is the government named last before the type's name (浙江省湖州市…纲要 is 湖州市's, 衢州市柯城区…
  is 柯城区's), else the first one named after it: the city, a county or district of it, another city, a
  province or the nation (textmine.places, leftmost-longest: 吉林省 is not the city 吉林).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..dates import is_date
from ..normal_form import normalise, title_block
from ..places import Gazetteer
from ..resources import data_root
from ..edition_rules import DocType, EditionRules

_CJK = re.compile(r"[\u3400-\u9fff]")
_GENERIC = re.compile(r"^(untitled|无标题|microsoft word - .*|document\d*|新建.*文档.*)$", re.I)
_BRACKETS = re.compile(r"[《》〈〉<>【】\[\]]")
# what may stand before a period plan named after its place alone (丽水市十四五规划, 关于印发《…》)
_FORMULA = re.compile(r"中共|中国共产党|关于|印发|人民政府|人民代表大会|常务委员会|人大常委会|委员会|市委|州委|盟委|地委|"
                      r"行政公署|市|州|盟|地区|\d{4}-\d{4}年|[()\s·的]")
_BETWEEN_NAME_AND_DRAFT = re.compile(r"^[()\s]*(?:\d{4}-\d{4}年)?[()\s]*$")
LEVELS = ("city", "county", "other_city", "other_county", "province", "other_province", "national", "unknown")
NOT_THE_CITY = {"county": "a county or district of the city", "other_city": "another city",
                "other_county": "a county of another city", "province": "the province",
                "other_province": "another province", "national": "the national level"}


@dataclass(frozen=True)
class Owner:
    level: str          # one of LEVELS
    name: str = ""      # as the title writes it (柯城区, 浙江省)

    @property
    def is_city(self) -> bool:
        return self.level == "city"

    def describe(self) -> str:
        return f"{NOT_THE_CITY.get(self.level, self.level)} ({self.name})" if self.name else self.level


@dataclass(frozen=True)
class TitleReading:
    text: str                       # the part read, wrapper looked through
    doc_type: DocType | None
    words: str                      # the words the type rests on
    draft: str                      # the drafts word that makes it a draft ("" if none)
    owner: Owner
    start: int = -1                 # where the type's name starts in `text`

    @property
    def plan_type(self) -> str | None:
        if self.doc_type is None:
            return None
        if self.draft and self.doc_type.plan_type == "outline":
            return "draft"
        return self.doc_type.plan_type


def _main_part(title: str, rules: EditionRules, types: tuple[DocType, ...]) -> str:
    parts = [title]
    for sep in rules.titles.separators:
        parts = [q for p in parts for q in p.split(sep)]
    parts = [p.strip() for p in parts if p.strip()]
    for p in parts:
        if _any_match(p, types):
            return p
    return title


def _any_match(text: str, types) -> bool:
    return any(w in text for t in types for w in (*t.words, *t.starts)) or \
        any(p.search(text) for t in types for p in t.patterns)


def _unwrap(text: str, rules: EditionRules) -> str:
    text = _BRACKETS.sub("", text).strip()
    for _ in range(3):      # 关于转发…关于印发《X》的通知的通知
        for w in rules.titles.wrappers:
            m = w.search(text)
            if m and m.group(1) and _CJK.search(m.group(1)):
                text = m.group(1).strip()
                break
        else:
            break
    return text


def _mask_drafts(text: str, rules: EditionRules) -> tuple[str, list[tuple[int, int, str]]]:
    spans = []
    masked = text
    for word in sorted(rules.titles.drafts, key=len, reverse=True):
        for m in re.finditer(re.escape(word), masked):
            spans.append((m.start(), m.end(), word))
            masked = masked[:m.start()] + "□" * len(word) + masked[m.end():]
    return masked, sorted(spans)


def _period_plan(text: str, rules: EditionRules, city_code: str) -> tuple[int, int, str] | None:
    """十五五规划(纲要) / 第十五个五年规划(纲要), or a 纲要 (杭州纲要), with nothing but places and a formula before it."""
    numbers = "|".join(p.number for p in rules.periods)
    # 湖州市十五五规划 / 第十五个五年规划纲要; without a period only a 纲要 (杭州纲要, 湖州市五年规划纲要)
    for m in re.finditer(rf"(?:(?:{numbers})五|第(?:{numbers})个五年)(?:规划纲要|规划|纲要)|(?:五年)?(?:规划纲要|纲要)",
                         text):
        before = text[:m.start()]
        for mention in reversed(_gazetteer(rules).find(before)):
            before = before[:mention.start] + before[mention.end:]
        if not _CJK.search(_FORMULA.sub("", before)):
            return m.start(), m.end(), m.group()
    return None


def _type_of(text: str, rules: EditionRules, city_code: str) -> tuple[DocType, str, int, int] | None:
    best = None                 # (end, length, -order) is what decides
    for order, t in enumerate(rules.doc_types):
        for w in t.starts:
            if text.startswith(w):
                return t, w, 0, len(w)
        found = [(m.start(), m.end(), m.group()) for p in t.patterns for m in p.finditer(text)]
        found += [(m.start(), m.end(), w) for w in t.words for m in re.finditer(re.escape(w), text)]
        if t.period_plan:
            pp = _period_plan(text, rules, city_code)
            if pp:
                found.append(pp)
        for start, end, words in found:
            key = (end, end - start, -order)
            if best is None or key > best[0]:
                best = (key, t, words, start, end)
    return (best[1], best[2], best[3], best[4]) if best else None


def read_title(title: str, rules: EditionRules, city_code: str | None = None) -> TitleReading:
    """What a normalised title says: document type, draft word, owner (relative to `city_code`)."""
    types = rules.doc_types
    main = _main_part(title, rules, types)
    text = _unwrap(main, rules)
    masked, drafts = _mask_drafts(text, rules)
    found = _type_of(masked, rules, city_code or "")
    if found is None:
        return TitleReading(text, None, "", "", owner_of(text, -1, rules, city_code, fallback=title))
    t, _, start, end = found
    words = text[start:end]
    draft = next((w for s, e, w in drafts if s >= end and _BETWEEN_NAME_AND_DRAFT.match(masked[end:s])), "")
    return TitleReading(text, t, words, draft, owner_of(text, start, rules, city_code, fallback=title), start)


@lru_cache(maxsize=4)
def _gazetteer_for(rules_key: str, national: tuple[str, ...], root: str):
    return Gazetteer({"national": national})


def _gazetteer(rules: EditionRules):
    return _gazetteer_for(rules.key, rules.national, str(data_root().path))


def owner_of(text: str, before: int, rules: EditionRules, city_code: str | None, *, fallback: str = "") -> Owner:
    """The government a document belongs to: the last named before position `before` of `text` (-1: the
    first named anywhere), else the first named after it, else the first named in `fallback`."""
    if not text and not fallback:
        return Owner("unknown")
    mentions = _gazetteer(rules).find(text)
    pick = None
    if before >= 0:
        ahead = [m for m in mentions if m.end <= before]
        pick = ahead[-1] if ahead else next((m for m in mentions if m.start >= before), None)
    elif mentions:
        pick = mentions[0]
    if pick is None and fallback and fallback != text:
        more = _gazetteer(rules).find(fallback)
        pick = more[0] if more else None
    if pick is None:
        return Owner("unknown")
    return Owner(_level(pick, city_code), pick.text)


def _level(m, city_code: str | None) -> str:
    if m.kind == "national":
        return "national"
    if not city_code:
        return {"city": "other_city", "county": "other_county", "province": "other_province"}.get(m.kind, "unknown")
    if m.kind == "city":
        return "city" if city_code in m.codes else "other_city"
    if m.kind == "county":
        return "county" if city_code in m.codes else "other_county"
    if m.kind == "province":
        return "province" if city_code[:2] in m.codes else "other_province"
    return "unknown"


def heading_title(head: str | None, parsed_title: str | None) -> str:
    """The title a document gives itself: the heading on its cover or first page (the edition rules' reading of
    the first lines), else its own metadata title (HTML <title>, PDF title) when it says something, else ''."""
    head = re.sub(r"(?m)^\s*#{1,6}\s+", "", head or "")      # Markdown headings (legal texts are published as .md)
    title, _ = title_block(normalise(head))
    if title:
        return title
    t = (parsed_title or "").strip()
    if t and not _GENERIC.match(t) and any("\u4e00" <= ch <= "\u9fff" for ch in t):
        return t
    return _first_heading(head)


def _first_heading(head: str) -> str:
    """A first short line that reads as a title (a work report, a notice): no sentence end, not a date."""
    for line in head.split("\n")[:5]:
        line = line.strip()
        if 6 <= len(line) <= 60 and not re.search(r"[。；;：:，,]$|^[—\-（(]", line) and not is_date(line) and \
                any("\u4e00" <= ch <= "\u9fff" for ch in line):
            return line
    return ""
