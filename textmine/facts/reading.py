"""Careful reading: whose figure, which year, plan or outcome, level or change, and in which unit.

``Reader`` finds the figures a paragraph states (a phrase of scoring/facts.toml, allowed gap words, a number,
a unit) and judges each one in its context, nearest first: the words between phrase and number, the phrase's
own clause, the sentence, the paragraph, the list it is an item of, the headings above it, the document's head
and its kind. A figure is accepted only when it is the whole city's (全市), of the document's data year, for
the whole year, an outcome (执行/决算, or an estimated one: 预计完成) and a level in a unit of its quantity;
otherwise it is refused with the reason, and both are shown. A statement whose subject is left out
(……；收入完成421.8亿元) is read as the figure the form names when the budget named last before it is the right one.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import ahocorasick

from ..places import Gazetteer
from .layout import UNNUMBERED, Paragraph, heading_level
from .markers import YEAR, Marker, Markers, decide
from .model import Candidate, DocInfo, judge_context
from ..numbers import NumberRefused, read_number
from .rules import FactRules

# a number: 1296.87, 1,296.87, 3, 156,077 (a space after the comma), 878，631 (a full-width comma)
NUMBER = re.compile(r"(?<![\d.,，])(\d{1,3}(?:(?:,\s?|，)\d{3})+(?!\d)|\d++)(\.\d++)?(?![,，.]\d)")
# digits with separators that NUMBER does not take (1,234,5 · 12,34 · 1.234,5): refused, never read in part
MALFORMED = re.compile(r"\d[\d,，.]*\d")
_BRACKET = re.compile(r"[（(][^（()）]{0,24}[)）]|\[\d{1,2}\]|[①-⑳]")
_CLAUSE = re.compile(r"[，,；;。：:！？]")
GAP_CHARS = 30
__all__ = ["NUMBER", "Reader", "YEAR"]


class Reader:
    """Built once per rules: the phrase automaton (phrases, near phrases, confusables, elided forms) and markers."""

    def __init__(self, rules: FactRules, gazetteer: Gazetteer | None = None):
        self.rules = rules
        self.marks = Markers(rules, gazetteer)
        entries: dict[str, tuple] = {}
        for f in rules.figures.values():
            for c in f.confusables:
                entries.setdefault(c, (f.key, "confusable", ""))
        for form in rules.elided:
            for w in form.words:
                entries.setdefault(w, (form.figure, "elided", form.budget))
        for f in rules.figures.values():
            for p in f.phrases:
                entries[p] = (f.key, "phrase", "")
            for p, note in f.near.items():
                entries[p] = (f.key, "near", note)
        self.phrases = ahocorasick.Automaton()
        for word, value in entries.items():
            self.phrases.add_word(word, (word, *value))
        self.phrases.make_automaton()
        m = rules.markers
        self.budgets = ahocorasick.Automaton()
        for b in rules.budgets:
            self.budgets.add_word(b, b)
        if rules.budgets:
            self.budgets.make_automaton()
        self.gap = sorted(set(m["gap"]), key=len, reverse=True)
        self.change, self.share, self.plan_gap = m["change"], m["share"], m["plan_gap"]
        self.estimate = sorted(m["estimate"], key=len, reverse=True)
        self.approx_before, self.approx_after = m["approx_before"], m["approx_after"]
        self.units = sorted(((u, q.key) for q in rules.quantities.values() for u in q.forms), key=lambda x: -len(x[0]))
        self.refused_units = sorted({u for q in rules.quantities.values() for u in q.refuse}, key=len, reverse=True)
        self.breakers = m["unit_breakers"]
        units = "|".join(re.escape(u) for u, _ in self.units)
        num = r"\d[\d,，]*(?:\.\d+)?"
        self.from_to = re.compile(
            rf"\s*从\s*(?P<y1>(?:19|20)\d\d)\s*年的?\s*(?P<n1>{num})\s*(?P<u1>{units})\s*(?:增长|增加|提高|提升|下降|减少)?"
            rf"(?:至|到)\s*(?P<y2>(?:19|20)\d\d)\s*年的?\s*(?P<n2>{num})\s*(?P<u2>{units})")

    def markers_in(self, text: str, city_code: str) -> list[Marker]:
        return self.marks.find(text, city_code)

    # -- figures in a paragraph --------------------------------------------------------------------------
    def read(self, para: Paragraph, doc: DocInfo, city_code: str, figures: set[str]) -> list[Candidate]:
        text = para.text
        hits = [(end - len(w) + 1, end + 1, w, key, how, extra)
                for end, (w, key, how, extra) in self.phrases.iter_long(text)]
        if not any(how in ("phrase", "near", "elided") and (key in figures or how == "elided")
                   for *_, key, how, _ in hits):
            return []
        out: list[Candidate] = []
        spans = para.sentences()
        marks = None
        for i, (start, end, phrase, key, how, extra) in enumerate(hits):
            if how == "confusable":
                continue
            s_start, s_end = next(((a, b) for a, b in spans if a <= start < b), (0, len(text)))
            note = extra if how == "near" else ""
            if how == "elided":
                key = self._elided(text, hits[:i], start, s_start, key, extra, para)
                if key is None:
                    continue
                note = f"subject left out: read as {self.rules.figures[key].name} (the {extra} named before it)"
            if key not in figures:
                continue
            if marks is None:
                marks = self.markers_in(text, city_code)
            stated = self._from_to(text, end) or [(None, self._number(text, end))]
            for year, got in stated:
                if got is None:
                    continue
                cand = self._judge(key, phrase, note, text, start, got, s_start, s_end, marks, para, doc, city_code,
                                   year)
                page, offset = para.where(s_start)
                cand.page, cand.offset, cand.text = page, offset, text[s_start:s_end].strip()
                out.append(cand)
        return out

    def _from_to(self, text: str, at: int) -> list[tuple[int, tuple]]:
        """从2021年的X亿元增长至2025年的Y亿元: each value with the year written before it (a level of that
        year, whatever the sentence says of the years between), or [] when the phrase is not followed so."""
        m = self.from_to.match(text, at)
        if m is None:
            return []
        out = []
        for n in (1, 2):
            num = NUMBER.match(text, m.start(f"n{n}"))
            out.append((int(m.group(f"y{n}")), ("", "", num, m.group(f"u{n}"), m.end(f"u{n}"))))
        return out

    def _elided(self, text, before, start, s_start, key, budget, para: Paragraph) -> str | None:
        """The figure an elided form states, or None when it does not open its clause or the budget named last
        before it is another (政府性基金 …)."""
        c_start = max([m.end() for m in _CLAUSE.finditer(text, s_start, start)], default=s_start)
        lead = YEAR.sub("", text[c_start:start]).strip()
        for w in self.rules.openers:
            lead = lead.replace(w, "")
        if lead.strip(" ，,"):
            return None
        if not key:   # 实际完成: the figure named last before it in the sentence
            named = [k for s, _, _, k, how, _ in before if s >= s_start and how in ("phrase", "near")]
            if not named:
                return None
            key = named[-1]
        named = self.budget_of([text[:start], para.intro, *(h.text for h in reversed(para.headings))])
        return key if named == budget else None

    def budget_of(self, texts: list[str]) -> str | None:
        """The budget (一般公共预算, 政府性基金 …) the first of ``texts`` naming one names last."""
        for t in texts:
            found = [b for _, b in self.budgets.iter(t)] if t and self.rules.budgets else []
            if found:
                return found[-1]
        return None

    def _number(self, text: str, at: int):
        """(gap, reason or '', number match, unit, end) for the number a phrase ending at ``at`` states, or
        None when no number follows it in its clause."""
        i, gap = at, ""
        while i < len(text) and len(gap) <= GAP_CHARS:
            if text[i].isspace():
                i += 1
                continue
            b = _BRACKET.match(text, i)
            if b:
                gap += b.group()
                i = b.end()
                continue
            if NUMBER.match(text, i):
                break
            if text[i].isdigit():           # a number in a form the one number reader refuses
                bad = MALFORMED.match(text, i)
                if bad:
                    return gap, "number_form", bad, "", bad.end()
            for words, reason, reach in ((self.change, "change", 12), (self.share, "share", 24)):
                if any(text.startswith(w, i) for w in words):
                    rest = NUMBER.search(text, i, min(len(text), i + reach))
                    return (gap, reason, rest, "", i) if rest and not _CLAUSE.search(text, i, rest.start()) else None
            word = next((w for w in self.gap if text.startswith(w, i)), None) or \
                next((w for w in self.approx_before if text.startswith(w, i)), None)
            if word is None:
                return None
            gap += word
            i += len(word)
        m = NUMBER.match(text, i)
        if m is None:
            return None
        j = m.end()
        while j < len(text) and text[j] == " ":
            j += 1
        if text.startswith(("%", "％", "个百分点"), j):
            return gap, "rate", m, "%", j + 1
        for u in self.refused_units:
            if text.startswith(u, j):
                return gap, "unit_foreign", m, u, j + len(u)
        for u, _ in self.units:
            if text.startswith(u, j):
                k = j + len(u)
                if any(text.startswith(b, k) for b in self.breakers):
                    return gap, "unit_per", m, u, k
                if any(gap.endswith(w) or w in gap for w in self.approx_before) or \
                        any(text.startswith(w, k) for w in self.approx_after):
                    return gap, "approx", m, u, k
                return gap, "", m, u, k
        return gap, "unit_missing", m, "", j

    def _stage_in_gap(self, gap: str, city_code: str) -> list[Marker]:
        """A plan word between phrase and number makes it a plan (收入预算65亿元), unless it is part of an
        estimate (预计完成); else the gap's own markers."""
        rest = gap
        for w in self.estimate:
            rest = rest.replace(w, "")
        if any(w in rest for w in self.plan_gap):
            return [Marker(0, len(gap), "stage", "plan")]
        return [mk for mk in self.markers_in(gap, city_code) if mk.dim == "stage"]

    def _judge(self, key, phrase, note, text, start, got, s_start, s_end, marks, para: Paragraph, doc: DocInfo,
               city_code: str, written_year: int | None = None) -> Candidate:
        gap, reason, num, unit, stop = got
        fig = self.rules.figures[key]
        value = base = None
        if num is not None:
            try:
                value = read_number(num.group(0)).value
            except NumberRefused:
                value, reason = None, "number_form"
        if not reason:
            quantity = self.rules.quantity_of(unit)
            if quantity != fig.quantity:
                reason = "unit_other"
            elif value is not None:
                base = value * self.rules.quantities[quantity].forms[unit]
        c_start = max([m.end() for m in _CLAUSE.finditer(text, s_start, start)], default=s_start)
        # an elided form carries its own stage (收入完成, 实际支出): it is read with the gap
        own = phrase + gap if note.startswith("subject left out") else gap
        subject = self._subjects(text, marks)
        first_end = para.sentences()[0][1] if para.sentences() else 0
        levels = [("gap", self._stage_in_gap(own, city_code)),
                  ("clause", [mk for mk in marks if c_start <= mk.start and mk.end <= start]),
                  ("sentence", [mk for mk in marks if s_start <= mk.start and mk.end <= c_start
                                and (mk.dim != "scope" or mk in subject)]),
                  # before the sentence: whose in subject position; plan or outcome in the paragraph's first sentence
                  ("paragraph", [mk for mk in marks if mk.end <= s_start and (
                      mk in subject if mk.dim == "scope" else mk.dim != "stage" or mk.end <= first_end)]),
                  ("list", self.markers_in(para.intro, city_code) if para.intro else []),
                  *((f"heading {h.text}", self.markers_in(h.text, city_code)) for h in reversed(para.headings))]
        found = {dim: decide(levels[1:] if dim == "scope" else levels, dim, settle=False)
                 for dim in ("scope", "stage", "year")}
        numbered = [lv for lv in levels if not (lv[0].startswith("heading") and _unnumbered(lv[0]))]
        after = [mk for mk in marks if stop <= mk.start and mk.end <= s_end and mk.value == "multi_year"]
        part = next((mk.value for where, mks in numbered + [("after", after)] if where != "paragraph" for mk in mks
                     if mk.dim == "part"), None)
        scope = found["scope"][0] if found["scope"] else doc.scope
        stage = found["stage"][0] if found["stage"] else doc.stage
        year = int(found["year"][0]) if found["year"] else doc.year
        if written_year is not None:    # 从2021年的X增长至2025年的Y: the year is written with the value, a level
            year, part, stage = written_year, None, "outcome" if stage != "plan" else stage
            found["year"] = (str(year), "written with the value")
        if not reason:
            reason = judge_context(fig, doc, scope, stage, year, part, self.budget_of([para.intro, *(
                h.text for h in reversed(para.headings))]))
        if reason == "ok" and stage == "estimate":
            note = "; ".join(x for x in (note, "an estimated outcome (预计): a 决算 replaces it") if x)
        return Candidate(key, phrase, text[num.start():stop].strip() if num else "", value, unit, base, year,
                         stage, scope, reason, "", 0, 0, doc, "text", note,
                         {d: w[1] for d, w in found.items() if w})


    @staticmethod
    def _subjects(text: str, marks: list[Marker]) -> set[Marker]:
        """Scope markers in subject position: opening a clause, after a year, 全年 or 其中 at most (全市收入…,
        2025年市本级…), not inside it (执行中部分县区按程序调增…: the counties are not the subject)."""
        out = set()
        for mk in marks:
            if mk.dim != "scope":
                continue
            c = max([m.end() for m in _CLAUSE.finditer(text, 0, mk.start)], default=0)
            lead = _LEAD.sub("", text[c:mk.start])
            if not lead.strip():
                out.add(mk)
        return out


_LEAD = re.compile(r"\s|（?[一二三四五六七八九十\d]{1,3}[)）、.．]|(?:19|20)\d\d\s*年(?:末|度)?|全年|当年|其中|年末|"
                   r"经汇总|汇总|另外|此外|同时")


def _unnumbered(where: str) -> bool:
    """A heading level given as 'heading TEXT' that opens with no section number (a chart or table title)."""
    return heading_level(where[len("heading "):]) == UNNUMBERED
