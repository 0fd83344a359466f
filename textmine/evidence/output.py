"""Rows (table, CSV, JSON) and the HTML page of an evidence report."""
from __future__ import annotations

import html
from datetime import datetime, timezone

from .propose import EvidenceReport, Proposal
from .scan import Finding

PROPOSAL_COLUMNS = ["city", "code", "leaf", "name", "value", "confidence", "status", "stance", "flags", "exclusion",
                    "sentence", "title", "genre", "date", "page", "url", "document_id", "documents", "basis", "searched",
                    "rules_version"]
TABLE_COLUMNS = ["city", "leaf", "value", "confidence", "stance", "exclusion", "excerpt", "date", "flags"]
AROUND = 16   # characters a terminal table shows either side of the object and act (csv, json, html: all)
SENTENCE_COLUMNS = ["city", "code", "leaf", "status", "stance", "stance_why", "exclusion", "why", "fired", "sentence",
                    "object", "act", "confidence", "basis", "title", "genre", "part", "heading", "date", "page", "offset",
                    "url", "document_id", "kind"]


def _num(v):
    return None if v is None else int(v) if float(v).is_integer() else v


def link_of(f: Finding) -> str:
    d = f.document
    return d.url or d.source


def finding_row(f: Finding, report: EvidenceReport, city_name: str) -> dict:
    v = f.verdict
    return {"city": city_name, "code": f.city_code, "leaf": f.leaf, "status": "accepted" if v.accepted else "rejected",
            "stance": v.stance, "stance_why": v.stance_why, "genre": f.document.genre.label, "part": f.part,
            "heading": f.heading,
            "exclusion": v.exclusion or "", "why": v.label, "fired": v.fired, "sentence": f.sentence,
            "object": f.sentence[v.obj[0]:v.obj[1]], "act": f.sentence[v.act[0]:v.act[1]],
            "confidence": v.confidence if v.accepted else None, "basis": v.basis, "title": f.document.title,
            "date": report.dates.get(f.document.id), "page": f.page, "offset": f.offset, "url": link_of(f),
            "document_id": f.document.id, "kind": f.document.kind}


def proposal_row(p: Proposal, report: EvidenceReport) -> dict:
    f = p.evidence
    row = {"excerpt": excerpt(f), "city": p.city.name, "code": p.city.code, "leaf": p.leaf, "name": p.leaf_name,
           "value": _num(p.value), "confidence": p.confidence, "status": p.status, "stance": "",
           "flags": "; ".join(p.flags), "exclusion": "", "sentence": "", "title": "", "genre": "", "date": None,
           "page": None, "url": "", "document_id": None, "documents": p.documents, "basis": p.basis,
           "searched": searched_list(p), "rules_version": report.rules_version}
    if f is not None:
        row.update({"stance": f.verdict.stance, "exclusion": f.verdict.exclusion or "", "sentence": f.sentence,
                    "title": f.document.title, "genre": f.document.genre.label,
                    "date": report.dates.get(f.document.id), "page": f.page, "url": link_of(f),
                    "document_id": f.document.id})
    return row


def searched_list(p: Proposal) -> str:
    """Every document read for the proposal: "title (genre, year); …" (what a 0 rests on)."""
    return "; ".join(f"{d.title} ({d.genre.label}, {d.plan_year or d.year or '?'})" for d in p.read)


def excerpt(f: Finding | None) -> str:
    """The words around the object and the act, and the list the sentence introduces (table view)."""
    if f is None:
        return ""
    v = f.verdict
    head, _, tail = f.sentence.partition("\n")
    lo, hi = min(v.obj[0], v.act[0]), max(v.obj[1], v.act[1])
    a, b = max(0, lo - AROUND), min(len(head), hi + AROUND)
    text = ("…" if a else "") + head[a:b] + ("…" if b < len(head) else "")
    if tail:
        items = "、".join(x.strip() for x in tail.split("\n") if x.strip())
        text += " → " + (items if len(items) <= 3 * AROUND else items[:3 * AROUND] + "…")
    return text


def proposal_rows(report: EvidenceReport) -> list[dict]:
    return [proposal_row(p, report) for p in report.proposals]


def sentence_rows(report: EvidenceReport) -> list[dict]:
    return [finding_row(f, report, p.city.name) for p in report.proposals for f in p.accepted + p.rejected]


_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:76em;color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;
vertical-align:top}th{background:#f3f3f3}mark.o{background:#ffe066}mark.a{background:#9be7a0}
tr.rejected td.s{color:#777}tr.rejected mark{background:#e0e0e0}.x{color:#b71c1c;font-size:90%}
.meta{color:#666;font-size:85%}.v1{color:#1b5e20;font-weight:bold}.v0{color:#555}h2{margin-top:1.6em}"""


def _marked(f: Finding) -> str:
    e, s, v = html.escape, f.sentence, f.verdict
    cuts = sorted([(v.obj[0], v.obj[1], "o"), (v.act[0], v.act[1], "a")])
    out, pos = [], 0
    for a, b, cls in cuts:
        if a < pos:
            continue
        out += [e(s[pos:a]), f"<mark class='{cls}'>{e(s[a:b])}</mark>"]
        pos = b
    return "".join(out) + e(s[pos:])


def _source(f: Finding, report: EvidenceReport) -> str:
    e = html.escape
    link = link_of(f)
    title = e(f.document.title or link)
    doc = f"<a href='{e(link)}'>{title}</a>" if str(link).startswith(("http://", "https://")) else \
        f"{title} <span class='meta'>{e(str(link))}</span>"
    where = "title" if f.page == 0 else f"p. {f.page}"
    return (f"<div class='meta'>{doc} · {e(report.dates.get(f.document.id) or 'no date')} · {where} · "
            f"document #{f.document.id} ({e(f.document.kind)})</div>")


def render_html(report: EvidenceReport) -> str:
    """One standalone page: per city, each leaf's proposal and every candidate sentence, the object and the
    act highlighted, rejected ones greyed with the exclusion that fired, each linked to its source."""
    e = html.escape
    s = report.summary()
    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>evidence — yes/no leaves</title>"
             f"<style>{_CSS}</style></head><body><h1>Evidence for the yes/no leaves</h1>",
             f"<p class='meta'>rules {e(report.rules_version)}; {s['proposals']} proposals: {s['yes']} yes, "
             f"{s['no']} no (searched, nothing found), {s['blank']} not searchable yet; generated "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. <mark class='o'>object</mark> "
             f"<mark class='a'>act</mark></p>"]
    by_city: dict[str, list[Proposal]] = {}
    for p in report.proposals:
        by_city.setdefault(p.city.code, []).append(p)
    for code, props in by_city.items():
        if all(p.value is None for p in props) and len(by_city) > 1:
            continue
        c = props[0].city
        parts.append(f"<h2 id='c{code}'>{e(c.name)} <span class='meta'>{code} · {e(c.province)}</span></h2><table>"
                     "<tr><th>leaf</th><th>value</th><th>confidence</th><th>evidence</th></tr>")
        for p in props:
            value = {1.0: "<span class='v1'>1</span>", 0.0: "<span class='v0'>0</span>"}.get(p.value, "—")
            conf = "" if p.confidence is None else f"{p.confidence:.2f}"
            found = p.accepted + p.rejected
            first = found[0] if found else None
            rows = max(1, len(found))
            flags = "".join(f"<div class='x'>⚑ {e(x)}</div>" for x in p.flags)
            head = (f"<td rowspan='{rows}'>{e(p.leaf)}<br><span class='meta'>{e(p.leaf_name)}</span></td>"
                    f"<td rowspan='{rows}'>{value}</td><td rowspan='{rows}'>{conf}<br>"
                    f"<span class='meta'>{e(p.basis)}</span>{flags}</td>")
            if first is None:
                parts.append(f"<tr>{head}<td class='meta'>no candidate sentence</td></tr>")
                continue
            for i, f in enumerate(found):
                v = f.verdict
                note = "" if v.accepted else f"<div class='x'>rejected: {e(v.exclusion or '')} — {e(v.label)}" \
                                             f" (「{e(v.fired)}」)</div>"
                note = (f"<div class='meta'>stance: <b>{e(v.stance)}</b>"
                        f"{' — ' + e(v.stance_why) if v.stance_why else ''} · {e(f.document.genre.label)}"
                        f"{' · ' + e(f.part) + ' part' if f.part != 'none' else ''}</div>") + note
                cls = "accepted" if v.accepted else "rejected"
                parts.append(f"<tr class='{cls}'>{head if i == 0 else ''}<td class='s'>{_marked(f)}{note}"
                             f"{_source(f, report)}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
