"""Precision of the lexicons, measured from labelled hits (`textmine audit precision`).

For the population of a scope (labels.Scope: the counted outlines of a period, or the policy documents)
and the labels of a person (1: the hit means what its category means, 0: it does not):

- per term t: m_t labelled hits still counted, c_t of them correct, precision p_t = c_t / m_t with the
  Wilson 95 % score interval (z = 1.959964);
- per category, by the design the labels were drawn with (labels.py):
  - `hit-uniform` — every label of the category comes from one draw uniform over the category's hits (design
    `hits`, one seed) made under the lexicon version now counted: p = c / n, the share correct among the n
    labelled hits (each hit of the category had the same chance to be drawn, so this is the hit-weighted
    precision), with Wilson's interval on n;
  - `stratified` — otherwise (per-term draws, several draws, or labels made under another lexicon version):
    p = Σ N_t p_t / Σ N_t over the labelled terms (N_t = hits of t in the population), i.e. every labelled
    hit weighted by w = N_t / m_t; Wilson's interval with Kish's effective sample size n_eff = (Σ w)² / Σ w²;
  `coverage` = the share of the category's hits whose term has labels;
- per city and document: raw hits, and the estimated correct hits Σ p_t × n_t over labelled terms, with
  the bounds Σ low_t × n_t … Σ high_t × n_t (conservative: every term at its own bound), and the hits of
  terms without labels (not estimated);
- terms below `min_precision` are flagged with their most frequent wrong contexts, and exclusion contexts
  are suggested: the text around the wrong hits (the term extended by up to 8 characters either side) that
  covers at least two wrong hits and no correct one, greedily, with how many hits of the population it
  would remove.

A label file that does not fit the store is reported, not ignored: hit ids of documents not in the store,
hits that no longer count (term removed or excluded, or the text changed), a hit now in another category
(its label is not used), labels made under another lexicon version (used, and counted per version), rows
left unlabelled.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..errors import TextmineError
from ..lexicon.categories import rank
from ..lexicon.format import KEEPABLE
from ..store import Store
from ..store import documents as store_documents
from .labels import Label, Scope, make_scope, population, read_labels
from .runner import count_corpus
from .state import current_state
from .segment import Segmenter

Z95 = 1.959963984540054
SUGGEST_SPAN = 8


def wilson(correct: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion correct/n (n may be an effective, non-integer size)."""
    if n <= 0:
        return (math.nan, math.nan)
    p = correct / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class PrecisionReport:
    scope: Scope
    min_precision: float
    versions: dict[str, str]                       # category → lexicon version now counted
    terms: list[dict] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)
    cities: list[dict] = field(default_factory=list)
    flagged: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    label_versions: dict[str, Counter] = field(default_factory=dict)   # category → Counter(version of labels used)
    labelled: int = 0


def measure_precision(store: Store, labels: dict[str, Label], scope: Scope, *, min_precision: float = 0.8,
                      lexicon_dir=None) -> PrecisionReport:
    """The precision report of `labels` against the hits of `scope` now in the store (counted first,
    incrementally, with the working lexicons)."""
    state = current_state(lexicon_dir)
    count_corpus(store, scope.mode, state=state)
    pop = population(store, scope, width=SUGGEST_SPAN)
    rep = PrecisionReport(scope, min_precision, dict(state.versions))
    by_id = {h["hit_id"]: h for h in pop}
    shas = {s[:16] for s in store_documents.hashes(store.conn)}
    used: dict[str, tuple[Label, dict]] = {}
    gone_doc, gone_hit, moved, blank = [], [], [], 0
    for hid, lab in labels.items():
        if lab.value is None:
            blank += 1
            continue
        h = by_id.get(hid)
        if h is None:
            (gone_hit if hid.split(":", 1)[0] in shas else gone_doc).append(lab)
        elif lab.category and lab.category != h["category"]:
            moved.append((lab, h))
        else:
            used[hid] = (lab, h)
            rep.label_versions.setdefault(h["category"], Counter())[lab.lexicon_version or "(not given)"] += 1
    rep.labelled = len(used)
    _problems(rep, gone_doc, gone_hit, moved, blank)
    _tables(rep, pop, used)
    _flag(rep, pop, used, state)
    return rep


def _problems(rep: PrecisionReport, gone_doc, gone_hit, moved, blank) -> None:
    def ex(labs):
        return ", ".join(f"{lab.hit_id} ({lab.where})" for lab in labs[:3]) + (" …" if len(labs) > 3 else "")

    if gone_doc:
        rep.problems.append(f"{len(gone_doc)} labelled hit(s) are of documents not in this store (another corpus?), "
                            f"not used: {ex(gone_doc)}")
    if gone_hit:
        terms = Counter(lab.term or lab.hit_id.rsplit(':', 1)[-1] for lab in gone_hit)
        rep.problems.append(f"{len(gone_hit)} labelled hit(s) no longer count in {rep.scope.describe()} (term removed "
                            "or excluded, the text re-parsed, or outside this scope), not used: "
                            + ", ".join(f"{t} {n}" for t, n in terms.most_common(8)))
    if moved:
        rep.problems.append(f"{len(moved)} labelled hit(s) are now in another category, so their labels (made against "
                            "the old category's definition) are not used; label them again: "
                            + ", ".join(f"{lab.hit_id} {lab.category}→{h['category']}" for lab, h in moved[:3]))
    if blank:
        rep.problems.append(f"{blank} row(s) not labelled yet (empty label)")
    for cat, versions in rep.label_versions.items():
        other = {v: n for v, n in versions.items() if v != rep.versions.get(cat)}
        if other:
            rep.problems.append(f"{cat}: {sum(other.values())} label(s) were made under another lexicon version ("
                                + ", ".join(f"{v}: {n}" for v, n in sorted(other.items()))
                                + f"; now {rep.versions.get(cat)}); used, since a label judges one hit against "
                                  "the category's definition")


def _tables(rep: PrecisionReport, pop: list[dict], used: dict) -> None:
    N = Counter((h["category"], h["term"]) for h in pop)
    m, c = Counter(), Counter()
    for lab, h in used.values():
        k = (h["category"], h["term"])
        m[k] += 1
        c[k] += lab.value
    first = rank()
    prec: dict[tuple[str, str], tuple[float, float, float]] = {}
    for k in sorted(N, key=lambda k: (first(k[0]), -N[k], k[1])):
        row = {"category": k[0], "term": k[1], "hits": N[k], "labelled": m[k], "correct": c[k],
               "precision": None, "low": None, "high": None, "census": m[k] == N[k]}
        if m[k]:
            lo, hi = wilson(c[k], m[k])
            prec[k] = (c[k] / m[k], lo, hi)
            row.update(precision=round(c[k] / m[k], 4), low=round(lo, 4), high=round(hi, 4))
        rep.terms.append(row)
    for cat in sorted({k[0] for k in N}, key=first):
        keys = [k for k in N if k[0] == cat]
        lab_keys = [k for k in keys if m[k]]
        total, covered = sum(N[k] for k in keys), sum(N[k] for k in lab_keys)
        labs = [lab for lab, h in used.values() if h["category"] == cat]
        row = {"category": cat, "hits": total, "terms": len(keys), "terms_labelled": len(lab_keys),
               "labelled": sum(m[k] for k in lab_keys), "coverage": round(covered / total, 4),
               "precision": None, "low": None, "high": None, "n_eff": None, "estimated_correct": None,
               "method": None, "design": _design_text(labs), "lexicon_version": rep.versions.get(cat, "")}
        if covered and _hit_uniform(labs, rep.versions.get(cat)):
            n, correct = len(labs), sum(lab.value for lab in labs)
            lo, hi = wilson(correct, n)
            row.update(precision=round(correct / n, 4), low=round(lo, 4), high=round(hi, 4), n_eff=n,
                       estimated_correct=round(total * correct / n, 1), method="hit-uniform", correct=correct)
        elif covered:
            est = sum(N[k] * prec[k][0] for k in lab_keys)
            sw2 = sum(m[k] * (N[k] / m[k]) ** 2 for k in lab_keys)      # Σ w² over labelled hits
            n_eff = covered ** 2 / sw2
            p = est / covered
            lo, hi = wilson(p * n_eff, n_eff)
            row.update(precision=round(p, 4), low=round(lo, 4), high=round(hi, 4), n_eff=round(n_eff, 1),
                       estimated_correct=round(est, 1), method="stratified", correct=sum(c[k] for k in lab_keys))
        rep.categories.append(row)
    per: dict[tuple, Counter] = defaultdict(Counter)
    meta = {}
    for h in pop:
        key = (h["code"], h["document_id"], h["category"])
        per[key][h["term"]] += 1
        meta[key] = (h["city"], h["document"])
    for key in sorted(per, key=lambda k: (k[0], k[1], first(k[2]))):
        code, doc, cat = key
        counts = per[key]
        rated = {t: n for t, n in counts.items() if (cat, t) in prec}
        rep.cities.append({
            "city": meta[key][0], "code": code, "document_id": doc, "document": meta[key][1], "category": cat,
            "hits": sum(counts.values()),
            "estimated_correct": round(sum(prec[(cat, t)][0] * n for t, n in rated.items()), 1),
            "low": round(sum(prec[(cat, t)][1] * n for t, n in rated.items()), 1),
            "high": round(sum(prec[(cat, t)][2] * n for t, n in rated.items()), 1),
            "unrated": sum(n for t, n in counts.items() if (cat, t) not in prec)})


def _hit_uniform(labs: list[Label], version: str | None) -> bool:
    """Were all these labels drawn in one hit-uniform draw (design `hits`, one seed) under `version`?"""
    return bool(labs) and all(lab.design == "hits" for lab in labs) and len({lab.seed for lab in labs}) == 1 \
        and all(lab.lexicon_version == version for lab in labs)


def _design_text(labs: list[Label]) -> str:
    """'hits, seed 2031' — the draws the labels come from (several joined by '; ')."""
    draws = Counter((lab.design or "not recorded", lab.seed) for lab in labs)
    return "; ".join(f"{d}{', seed ' + s if s else ''}" + (f" ({n})" if len(draws) > 1 else "")
                     for (d, s), n in sorted(draws.items()))


def _flag(rep: PrecisionReport, pop: list[dict], used: dict, state) -> None:
    cut = None
    by_term: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for h in pop:
        by_term[(h["category"], h["term"])].append(h)
    for row in rep.terms:
        if row["precision"] is None or row["precision"] >= rep.min_precision:
            continue
        k = (row["category"], row["term"])
        wrong = [h for lab, h in used.values() if (h["category"], h["term"]) == k and lab.value == 0]
        right = [h for lab, h in used.values() if (h["category"], h["term"]) == k and lab.value == 1]
        frames = Counter(_frame(h, 4, 4) for h in wrong)
        if cut is None:
            cut = Segmenter(state.mapping).cut
        rep.flagged.append({**row, "wrong_contexts": frames.most_common(5),
                            "suggested_exclusions": suggest_exclusions(wrong, right, by_term[k], cut)})


def _frame(h: dict, left: int, right: int) -> str:
    return (h["left"][-left:] if left else "") + h["surface"] + h["right"][:right]


def _windows(h: dict, cut=None) -> set[str]:
    """Every text window around the hit that could be an `except:` context: the surface extended by whole
    words (cut by the lexicon-aware segmenter `cut`; characters without it) within SUGGEST_SPAN characters
    each side, not across whitespace or the format's separators, and not ending in punctuation."""
    L, R, s = h["left"], h["right"], h["surface"]
    text, a0, a1 = L + s + R, len(L), len(L) + len(s)
    # the window's own ends are word boundaries only where the page text ends there
    cuts = ({0} if len(L) < SUGGEST_SPAN else set()) | ({len(text)} if len(R) < SUGGEST_SPAN else set())
    pos = 0
    for tok in (cut(text) if cut else list(text)):
        pos += len(tok)
        if pos < len(text):
            cuts.add(pos)
    starts = [i for i in sorted(cuts) if a0 - SUGGEST_SPAN <= i <= a0] or [a0]
    ends = [j for j in sorted(cuts) if a1 <= j <= a1 + SUGGEST_SPAN] or [a1]
    out = set()
    for i in starts:
        for j in ends:
            w = text[i:j]
            if (i, j) == (a0, a1) or any(ch.isspace() or ch in "|#" for ch in w):
                continue
            if KEEPABLE.match(w[0]) and KEEPABLE.match(w[-1]):
                out.add(w)
    return out


def suggest_exclusions(wrong: list[dict], right: list[dict], everyone: list[dict], cut=None) -> list[dict]:
    """Exclusion contexts covering ≥ 2 wrong hits and no correct one, chosen greedily: most wrong hits
    covered, then the fewest hits of the population removed (the most specific context), then the
    longest (whole words); each with the number of population hits it would remove."""
    bad = [_windows(h, cut) for h in wrong]
    good = set().union(*(_windows(h, cut) for h in right)) if right else set()
    every = [_windows(h, cut) for h in everyone]
    candidates = {w for ws in bad for w in ws if w not in good}
    out, covered = [], set()
    while True:
        best = None
        for w in candidates:
            n = sum(1 for i, ws in enumerate(bad) if i not in covered and w in ws)
            if n < 2:
                continue
            key = (n, -sum(1 for ws in every if w in ws), len(w), w)
            if best is None or key > best:
                best = key
        if best is None:
            break
        n, removes, _, w = best
        covered |= {i for i, ws in enumerate(bad) if w in ws}
        out.append({"context": w, "wrong_covered": n, "would_remove": -removes})
        candidates.discard(w)
    return out


def precision_from_files(store: Store, paths: list, *, min_precision: float = 0.8, lexicon_dir=None
                         ) -> PrecisionReport:
    """Read label files (labels.read_labels) and measure them against the scope they were sampled from
    (their kind, period and mode columns, which must agree)."""
    labels = read_labels(paths)
    scopes = {(lab.kind, lab.period, lab.mode) for lab in labels.values()}
    if not scopes:
        raise TextmineError(f"no labelled rows in {', '.join(map(str, paths))}")
    if len(scopes) != 1:
        raise TextmineError("the label file(s) mix samples of different scopes ("
                            + "; ".join(sorted(" ".join(x for x in sc if x) for sc in scopes))
                            + "): measure each scope separately")
    kind, period, mode = next(iter(scopes))
    return measure_precision(store, labels, make_scope(store, kind, period, mode), min_precision=min_precision,
                             lexicon_dir=lexicon_dir)


def _pct(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def _interval(r: dict) -> str:
    return "–" if r["low"] is None else f"{r['low']:.3f}–{r['high']:.3f}"


def report_markdown(rep: PrecisionReport, sources: list[str] | None = None) -> str:
    """The precision report as Markdown: categories, flagged terms with wrong contexts and suggested
    exclusions, every term, estimated correct hits per city and document, and what did not fit."""
    out = ["# Lexicon precision", "",
           f"- scope: {rep.scope.describe()}",
           "- lexicon versions counted: " + ", ".join(f"{c} {v}" for c, v in rep.versions.items()),
           f"- labels used: {rep.labelled}" + (f" (from {', '.join(sources)})" if sources else ""),
           "- precision = share of hits that mean what the category means; 95 % Wilson intervals. A category "
           "drawn uniformly over its hits in one draw under the lexicon version counted (`hit-uniform`) is c / n "
           "over its n labels; otherwise (`stratified`) the estimate over its labelled terms weighted by their "
           "hits, with Kish's effective size n_eff", ""]
    out += ["## Categories", "", "| category | hits | terms (labelled) | labels | correct | coverage | precision | "
            "95 % interval | method | n_eff | estimated correct | drawn by |",
            "|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|"]
    for r in rep.categories:
        out.append(f"| {r['category']} | {r['hits']} | {r['terms']} ({r['terms_labelled']}) | {r['labelled']} | "
                   f"{r.get('correct', '–')} | {r['coverage']:.3f} | {_pct(r['precision'])} | {_interval(r)} | "
                   f"{r['method'] or '–'} | {r['n_eff'] if r['n_eff'] is not None else '–'} | "
                   f"{r['estimated_correct'] or '–'} | {r['design'] or '–'} |")
    out += ["", f"## Terms below {rep.min_precision}", ""]
    if not rep.flagged:
        out.append("None.")
    for f in rep.flagged:
        out.append(f"- **{f['term']}** ({f['category']}): {f['correct']}/{f['labelled']} = {_pct(f['precision'])} "
                   f"({_interval(f)}), {f['hits']} hits. Wrong in: "
                   + "; ".join(f"“{c}” ×{n}" for c, n in f["wrong_contexts"]))
        for s in f["suggested_exclusions"]:
            out.append(f"  - suggested `except: {s['context']}` — {s['wrong_covered']} wrong labelled hits, no correct "
                       f"one; would remove {s['would_remove']} of the {f['hits']} hits")
    out += ["", "## Terms", "", "| category | term | hits | labelled | correct | precision | 95 % interval |",
            "|---|---|---:|---:|---:|---:|---|"]
    for r in rep.terms:
        census = " (all)" if r["census"] and r["labelled"] else ""
        out.append(f"| {r['category']} | {r['term']} | {r['hits']} | {r['labelled']}{census} | {r['correct']} | "
                   f"{_pct(r['precision'])} | {_interval(r)} |")
    out += ["", "## Estimated correct hits per city and document", "",
            "Σ precision_term × hits_term over labelled terms; bounds from each term's interval; `unrated` = hits "
            "of terms without labels (not estimated).", "",
            "| city | code | document | category | hits | estimated correct | bounds | unrated |",
            "|---|---|---|---|---:|---:|---|---:|"]
    for r in rep.cities:
        out.append(f"| {r['city']} | {r['code']} | #{r['document_id']} {r['document']} | {r['category']} | {r['hits']} "
                   f"| {r['estimated_correct']} | {r['low']}–{r['high']} | {r['unrated']} |")
    out += ["", "## Label file", ""] + ([f"- {p}" for p in rep.problems] or ["Every labelled hit matches the store."])
    return "\n".join(out) + "\n"
