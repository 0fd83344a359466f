"""Parse quality of the outlines counted: what makes a city's planning counts doubtful although a document is
counted — pages without a text layer (a partly scanned PDF: only the readable pages are counted), an outline
too short to be one (a placeholder, a cover page, an empty text), a term density far from the other cities'
(a fragment, a chapter alone, a garbled text). Each is a review reason of the city's choice
(`select.CityChoice.quality`), so count, score, run, report, explain and `textmine check` show it with the other
review reasons, and `--strict` refuses while one is unreviewed.

Thresholds are data: corpora/editions.toml [quality] (`min_body_chars`, `density_ratio`, `density_min_cities`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from statistics import median

from ..i18n import _
from ..store import Store
from ..store import hits as store_hits
from .reasons import Reason

_PAGES = re.compile(r"(\d+) page\(s\) without a text layer (\(scanned images\)|read by OCR)[^:]*: (.*)")


@dataclass
class Quality:
    """One counted document: its pages, which have no text (or were read by OCR), its size and term density."""
    document_id: int
    pages: int = 0
    scanned: int = 0                 # pages without a text layer, not read (their terms are not counted)
    scanned_pages: str = ""          # '2-4'
    ocr: int = 0                     # pages read by OCR (tesseract): counted, but OCR text deserves a look
    ocr_pages: str = ""
    body_chars: int | None = None
    density: float | None = None     # hits of every plan category per 10,000 characters (token mode)
    density_ratio: float | None = None   # to the median density of the other cities' outlines of the period
    compared_with: int = 0           # how many other outlines the density was compared with
    flags: list[str] = field(default_factory=list)    # review reasons
    notes: list[str] = field(default_factory=list)    # shown, not review reasons (OCR'd pages)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("pages", "scanned", "scanned_pages", "ocr", "ocr_pages", "body_chars",
                                               "density", "density_ratio", "compared_with")}


def page_quality(document_id: int, warnings_json: str | None, pages: int | None, body_chars: int | None,
                 min_chars: int) -> Quality:
    """Pages without text and size, from the stored parse (its warnings) and fingerprint."""
    q = Quality(document_id, int(pages or 0), body_chars=body_chars)
    try:
        warnings = json.loads(warnings_json or "[]")
    except json.JSONDecodeError:
        warnings = []
    for w in warnings:
        m = _PAGES.match(str(w))
        if not m:
            continue
        if "OCR" in m.group(2):
            q.ocr, q.ocr_pages = int(m.group(1)), m.group(3)
        else:
            q.scanned, q.scanned_pages = int(m.group(1)), m.group(3)
    if q.scanned:
        q.flags.append(Reason(_("#{id} is partly scanned: {scanned} of {pages} page(s) have no text layer (pages "
                                "{where}), so only the other pages are counted — read them with `textmine parse "
                                "--ocr` (tesseract), or check the outline").format(
            id=document_id, scanned=q.scanned, pages=q.pages, where=q.scanned_pages), "partly scanned"))
    if q.ocr:
        q.notes.append(_("#{id}: {n} page(s) read by OCR (pages {where}); OCR text may miss or garble terms: look at "
                         "them in the audit").format(id=document_id, n=q.ocr, where=q.ocr_pages))
    if body_chars is not None and body_chars < min_chars:
        what = _("no text at all") if body_chars == 0 else _("only {n:,} characters of text").format(n=body_chars)
        q.flags.append(Reason(_("#{id} is too short to be an outline: {what} (an outline has tens of thousands; "
                                "corpora/editions.toml [quality] min_body_chars = {min:,}) — a placeholder, a cover "
                                "or a fragment? Remove it (`textmine documents remove`) or record that it is the "
                                "outline (`textmine documents accept`)").format(id=document_id, what=what,
                                                                                min=min_chars), "too short"))
    return q


def density_flags(store: Store, quality: dict[int, Quality], ratio: float, min_cities: int,
                  mode: str = "token") -> None:
    """Term density of each counted outline (every category's hits per 10,000 characters matched in `mode`)
    against the median of the other counted outlines of the period: `ratio` times above it or below it is a
    review reason. Fewer than `min_cities` other outlines: shown, not judged (`compared_with` says how many).

    A ratio, not a z-score: a handful of outlines written alike has almost no spread, so a z-score flags the
    ordinary differences between real outlines (on the seven real 十五五 outlines the densities run from 0.51 to
    1.21 times the others' median, and a z-score would flag 杭州's 7.4 against 14.5)."""
    ids = list(quality)
    if not ids:
        return
    chars = store_hits.matched_chars(store.conn, mode, ids)
    hits = store_hits.hit_totals(store.conn, mode, ids)
    dens = {d: 1e4 * hits.get(d, 0) / c for d, c in chars.items() if c}
    for d, q in quality.items():
        q.density = round(dens[d], 1) if d in dens else None
    for d, x in dens.items():
        others = [v for o, v in dens.items() if o != d]
        q = quality[d]
        q.compared_with = len(others)
        if len(others) < min_cities:
            continue
        med = float(median(others))
        if med <= 0:
            continue
        q.density_ratio = round(x / med, 2)
        if q.density_ratio > ratio or q.density_ratio < 1 / ratio:
            high = q.density_ratio > 1
            q.flags.append(Reason(
                (_("#{id}'s term density is an outlier: {x:.1f} hits per 10,000 characters, {times:g} times the "
                   "median of the {n} other cities' outlines ({median:.1f}; corpora/editions.toml [quality] "
                   "density_ratio = {ratio:g}); so high a density suggests a fragment or a chapter alone — check "
                   "it in the audit") if high else
                 _("#{id}'s term density is an outlier: {x:.1f} hits per 10,000 characters, {times:g} times the "
                   "median of the {n} other cities' outlines ({median:.1f}; corpora/editions.toml [quality] "
                   "density_ratio = {ratio:g}); so low a density suggests a garbled or mostly unreadable text — "
                   "check it in the audit")).format(id=d, x=x, times=q.density_ratio, n=len(others), median=med,
                                                    ratio=ratio), "outlier density"))
