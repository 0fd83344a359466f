"""Read every parsed document of a city once and judge its adoption sentences for every leaf.

Each document gets its genre (genres.toml: from its title and first lines) and its plan year; its
pages are unwrapped (hard-wrapped PDF text joined into sentences) and followed line by line for the
review and plan parts (``genres.Sections``). Pages are scanned with one Aho-Corasick automaton of the
patterns' leading text (anchors); only the sentences holding an anchor are split out and judged
(``judge``), with the part they are in. The document title is read as a sentence of its own (page 0).
Table-of-contents pages are skipped.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import ahocorasick

from ..store import Store
from ..store import evidence as store_evidence
from .genres import OTHER, Genre, Sections, detect_genre, plan_year
from .judge import Issuer, Verdict, document_hits, issuer_of, judge
from ..places import Gazetteer
from .rules import LeafRule, RuleSet
from .sentences import list_tail, sentence_spans, unwrap

HEAD_CHARS = 150      # the document's "head": its title plus the first characters of page 1
TEXT_CHARS = 3000     # what is read to tell whose document it is when its head names no government


@dataclass
class Document:
    id: int
    kind: str
    title: str
    url: str | None
    source: str
    year: int | None
    genre: Genre = OTHER
    plan_year: int | None = None


@dataclass
class Finding:
    leaf: str
    city_code: str
    document: Document
    page: int              # 0 = the document title
    offset: int            # of the sentence in the page text
    sentence: str
    verdict: Verdict
    issuer: Issuer
    part: str = "none"     # review | plan | none: the part of the document the sentence is in
    heading: str = ""      # the heading that opened that part

    @property
    def accepted(self) -> bool:
        return self.verdict.accepted


@dataclass
class CityScan:
    city_code: str
    documents: dict[str, int] = field(default_factory=dict)     # kind -> parsed documents
    findings: dict[str, list[Finding]] = field(default_factory=dict)   # leaf -> findings
    chars: int = 0
    read: dict[int, Document] = field(default_factory=dict)   # every document read (its genre and year known)


class Scanner:
    """Reusable over cities: the automaton of anchors and the gazetteer are built once."""

    def __init__(self, rules: RuleSet, leaves: list[LeafRule]):
        self.rules, self.leaves = rules, leaves
        self.genres = rules.genres
        self.conf = rules.common.confidence
        self.gaz = Gazetteer(rules.common.places)
        self.kinds = sorted({k for r in leaves for k in r.kinds})
        self.automaton = ahocorasick.Automaton()
        anchors: dict[str, set[str]] = {}
        for r in leaves:
            for a in r.anchors:
                anchors.setdefault(a.lower(), set()).add(r.leaf)
        for a, codes in anchors.items():
            self.automaton.add_word(a, tuple(sorted(codes)))
        if anchors:
            self.automaton.make_automaton()
        self.by_code = {r.leaf: r for r in leaves}

    def scan(self, store: Store, city_code: str) -> CityScan:
        out = CityScan(city_code)
        if not self.kinds or not self.by_code:
            return out
        docs: dict[int, Document] = {}
        for r in store_evidence.readable_documents(store.conn, city_code, self.kinds):
            docs[r["id"]] = Document(r["id"], r["kind"], r["title"] or "", r["url"], r["source"], r["year"])
            out.documents[r["kind"]] = out.documents.get(r["kind"], 0) + 1
        out.read = docs
        if not docs:
            return out
        heads: dict[int, str] = {}
        firsts: dict[int, str] = {}
        parts: dict[int, Sections] = {}
        cur = store_evidence.readable_pages(store.conn, city_code, self.kinds)
        ctx: dict[int, tuple[Issuer, dict]] = {}
        for doc_id, page, raw in cur:
            doc = docs[doc_id]
            text = unwrap(raw, doc.title) if raw else raw
            if doc_id not in heads:
                heads[doc_id] = f"{doc.title}\n{text[:HEAD_CHARS]}"
                firsts[doc_id] = text[:TEXT_CHARS]
                if self.genres is not None:
                    lead = text[:self.genres.head_chars]
                    doc.genre = detect_genre(self.genres, doc.title, lead)
                    doc.plan_year = plan_year(f"{doc.title}\n{lead}", doc.year)
                    parts[doc_id] = Sections(doc.genre, doc.plan_year, self.genres.periods)
                title = "".join(doc.title.split())
                if title and title not in "".join(text[:2 * HEAD_CHARS].split()):
                    self._page(out, doc, 0, doc.title, heads, firsts, ctx, None)   # a title the text does not repeat
            out.chars += len(text or "")
            self._page(out, doc, page, text, heads, firsts, ctx, parts.get(doc_id))
        return out

    def _page(self, out: CityScan, doc: Document, page: int, text: str, heads: dict, firsts: dict,
              ctx: dict, sections: Sections | None) -> None:
        if not text:
            return
        lines: list[tuple[int, str, str]] = []     # (offset, part, heading) where the part changes
        if sections is not None:
            lines.append((0, sections.current, sections.heading))
            if sections.active:
                pos = 0
                for line in text.split("\n"):
                    if sections.feed(line) != lines[-1][1] or sections.heading != lines[-1][2]:
                        lines.append((pos, sections.current, sections.heading))
                    pos += len(line) + 1
        low = text.lower()
        if len(low) != len(text):
            low = text
        wanted: set[tuple[int, str]] = set()
        spans = starts = None
        for end, codes in self.automaton.iter(low):
            if spans is None:
                spans = sentence_spans(text)
                starts = [s for s, _ in spans]
            i = bisect.bisect_right(starts, end) - 1
            if i >= 0 and end < spans[i][1]:
                for code in codes:
                    if doc.kind in self.by_code[code].kinds:
                        wanted.add((i, code))
        line_starts = [ln[0] for ln in lines]
        for i, code in sorted(wanted):
            s, e = spans[i]
            sentence = text[s:e]
            if doc.id not in ctx:
                ctx[doc.id] = (issuer_of(self.gaz, heads[doc.id], out.city_code, firsts[doc.id]), {})
            issuer, head_hits = ctx[doc.id]
            rule = self.by_code[code]
            if code not in head_hits:
                head_hits[code] = document_hits(rule, heads[doc.id])
            part, heading = "none", ""
            if lines:
                _, part, heading = lines[max(0, bisect.bisect_right(line_starts, s) - 1)]
            tail = list_tail(text, e)
            v = judge(rule, sentence, out.city_code, self.gaz, issuer, head_hits[code], doc.kind, self.conf, tail,
                      genre=doc.genre.name, part=part, heading=heading)
            if v is not None:   # a list the sentence introduces is shown with it: it names the cities covered
                shown = sentence + ("\n" + tail.strip() if tail.strip() else "")
                out.findings.setdefault(code, []).append(Finding(code, out.city_code, doc, page, s, shown, v, issuer,
                                                                 part, heading))
