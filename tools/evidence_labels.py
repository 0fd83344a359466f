"""The labelled real sentences of the yes/no evidence and the figures measured on them.

    lexicons/precision/evidence/labels.csv   one row per (sentence, leaf): set, file, city, genre, year,
                                             leaf, about, stance, states, reason, sentence
    lexicons/precision/evidence/report.md    the figures (benchmarks/evidence_real.py writes it; a test
                                             recomputes it from the labels)

How the sentences were chosen and labelled, and the three sets (dev, heldout, blind), is in
lexicons/precision/evidence/README.md. ``measure`` runs ``propose_evidence`` on the real documents and
compares it with the labels: per set and leaf the (city, leaf) pairs the documents state (a label with
about = 1 and stance = done) against the "yes" proposals; the wrong proposals (a false yes, or a 0 on a
stated pair) and those of them that carry no review flag; the stance of every labelled candidate the
rules judged; and a character n-gram model of the stance trained on the dev labels, against the rules
on the other sets.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "lexicons" / "precision" / "evidence"
LABELS = FOLDER / "labels.csv"
REPORT = FOLDER / "report.md"
COLUMNS = ["set", "file", "city", "genre", "year", "leaf", "about", "stance", "states", "reason", "sentence"]
SETS = ("dev", "heldout", "blind")
STANCES = ("done", "planned", "obligation", "other", "repealed", "negated")


def read_labels(path: Path = LABELS) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["about"], r["states"], r["year"] = int(r["about"]), int(r["states"]), int(r["year"])
    return rows


def check_labels(rows: list[dict]) -> list[str]:
    """Problems of the label file itself (the test asserts there are none)."""
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from evidence_realdata import blind_documents, held_out, realdata_documents

    blind = {d["file"] for d in blind_documents()}
    known = {d["file"]: d for d in realdata_documents()} | {d["file"]: d for d in blind_documents()}
    problems, seen = [], set()
    for n, r in enumerate(rows, 2):
        where = f"labels.csv:{n}"
        if list(r) != COLUMNS:
            problems.append(f"{where}: columns {list(r)}")
        if r["file"] not in known:
            problems.append(f"{where}: {r['file']} is not one of the documents measured")
            continue
        want = "blind" if r["file"] in blind else "heldout" if held_out(r["city"]) else "dev"
        if r["set"] != want or r["city"] != known[r["file"]]["city"]:
            problems.append(f"{where}: set {r['set']} / city {r['city']} (want {want} / {known[r['file']]['city']})")
        if r["stance"] not in STANCES or r["about"] not in (0, 1):
            problems.append(f"{where}: stance {r['stance']!r} / about {r['about']!r}")
        if r["states"] != int(r["about"] == 1 and r["stance"] == "done"):
            problems.append(f"{where}: states must be about = 1 and stance = done")
        if len(r["reason"].strip()) < 8:
            problems.append(f"{where}: every label needs its one-line reason")
        key = (r["file"], r["leaf"], r["sentence"])
        if key in seen:
            problems.append(f"{where}: labelled twice")
        seen.add(key)
    return problems


def document_sentences(store) -> dict[str, set[str]]:
    """file name -> every sentence of the document as the evidence scanner splits it."""
    from textmine.evidence.sentences import sentence_spans, unwrap

    out: dict[str, set[str]] = defaultdict(set)
    for source, title, text in store.conn.execute("SELECT d.source, d.title, p.text FROM pages p JOIN documents d "
                                                  "ON d.id = p.document_id WHERE p.role != 'toc'"):
        flat = unwrap(text or "", title or "")
        out[Path(source).name] |= {flat[a:b] for a, b in sentence_spans(flat)}
    return out


@dataclass
class SetFigures:
    name: str
    cities: int
    documents: int
    sentences: int
    stated: set = field(default_factory=set)
    yes: set = field(default_factory=set)
    wrong: list = field(default_factory=list)          # (kind, city, leaf, sentence, flags)
    flagged_yes: int = 0
    zeros: int = 0
    flagged_zeros: int = 0
    stance: Counter = field(default_factory=Counter)   # (label stance, rules stance) over labelled candidates
    unlabelled: list = field(default_factory=list)     # accepted sentences without a label
    candidates: list = field(default_factory=list)     # (sentence, label stance, rules stance, genre, part)

    @property
    def right(self) -> set:
        return self.yes & self.stated

    def leaf_row(self, leaf: str) -> tuple[int, int, int]:
        return (sum(1 for _, lf in self.stated if lf == leaf), sum(1 for _, lf in self.yes if lf == leaf),
                sum(1 for _, lf in self.right if lf == leaf))


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "–"


def measure(main_store, blind_store, rows: list[dict]) -> dict[str, SetFigures]:
    """Run the evidence on the documents of each set and compare it with the labels."""
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from evidence_realdata import blind_documents, held_out, realdata_documents, stored_name
    from textmine.evidence import propose_evidence

    documents = {"dev": [d for d in realdata_documents() if not held_out(d["city"])],
                 "heldout": [d for d in realdata_documents() if held_out(d["city"])],
                 "blind": blind_documents()}
    by_name = {stored_name(d): d for docs in documents.values() for d in docs}
    labels = {(r["file"], r["leaf"], r["sentence"]): r for r in rows}
    out = {}
    for name in SETS:
        store = blind_store if name == "blind" else main_store
        docs = documents[name]
        cities = sorted({d["city"] for d in docs})
        mine = [r for r in rows if r["set"] == name]
        f = SetFigures(name, len(cities), len(docs), len({(r["file"], r["sentence"]) for r in mine}))
        f.stated = {(r["city"], r["leaf"]) for r in mine if r["states"]}
        rep = propose_evidence(store, cities)
        for p in rep.proposals:
            key = (p.city.name, p.leaf)
            if p.value == 1.0:
                f.yes.add(key)
                f.flagged_yes += bool(p.flags)
                if key not in f.stated:
                    f.wrong.append(("false yes", *key, p.evidence.sentence.split("\n")[0], p.flags))
            if p.value == 0.0:
                f.zeros += 1
                f.flagged_zeros += bool(p.flags)
            if p.value != 1.0 and key in f.stated:
                shown = p.evidence.sentence.split("\n")[0] if p.evidence else "(no candidate sentence)"
                f.wrong.append(("missed", *key, shown, p.flags))
            for fd in p.accepted + p.rejected:
                d = by_name.get(Path(fd.document.source).name)
                sentence = fd.sentence.split("\n")[0]
                lab = labels.get((d["file"], fd.leaf, sentence)) if d else None
                if lab is None:
                    if fd.accepted:
                        f.unlabelled.append((p.city.name, fd.leaf, sentence))
                    continue
                f.stance[(lab["stance"], fd.verdict.stance)] += 1
                f.candidates.append((sentence, lab["stance"], fd.verdict.stance, fd.document.genre.name, fd.part))
        out[name] = f
    return out


def genre_reading(store) -> tuple[int, int, list[str]]:
    """How often the genre read from a document's first characters alone (its title withheld) is the genre
    the folder's index gives: (right, documents, the wrong ones)."""
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from evidence_realdata import realdata_documents, stored_name
    from textmine.evidence.genres import detect_genre
    from textmine.evidence.rules import load_rules
    from textmine.evidence.sentences import unwrap

    genres = load_rules().genres
    meta = {stored_name(d): d for d in realdata_documents()}
    right, wrong = 0, []
    rows = store.conn.execute("SELECT d.id, d.title, d.source, (SELECT text FROM pages p WHERE p.document_id = d.id "
                              "ORDER BY p.page LIMIT 1) FROM documents d ORDER BY d.id").fetchall()
    for _, title, source, text in rows:
        d = meta[Path(source).name]
        want = "final_accounts" if d["genre"] == "budget" and "决算" in title else d["genre"]
        got = detect_genre(genres, "", unwrap(text or "")[:genres.head_chars]).name
        right += got == want
        if got != want:
            wrong.append(f"{title} ({want} read as {got})")
    return right, len(rows), wrong


def stance_model(rows: list[dict], figures: dict[str, SetFigures]) -> dict:
    """A character n-gram model of the stance (TF-IDF of 1–3 characters, logistic regression), trained on the
    dev labels; accuracy against the rules on the labelled candidates of the other sets, and how many of
    the rules' wrong stances a disagreement would have flagged."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    train = {}
    for r in rows:
        if r["set"] == "dev":
            train.setdefault(r["sentence"], r["stance"])
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    x = vec.fit_transform(list(train))
    model = LogisticRegression(max_iter=2000, C=10.0, class_weight="balanced").fit(x, list(train.values()))
    result = {"trained_on": len(train)}
    for name in ("heldout", "blind"):
        cands = figures[name].candidates
        if not cands:
            continue
        pred = model.predict(vec.transform([c[0] for c in cands]))
        rules_ok = sum(c[1] == c[2] for c in cands)
        model_ok = sum(c[1] == p for c, p in zip(cands, pred))
        rules_wrong = [i for i, c in enumerate(cands) if c[1] != c[2]]
        caught = sum(1 for i in rules_wrong if pred[i] != cands[i][2])
        disagree = sum(1 for c, p in zip(cands, pred) if p != c[2])
        result[name] = {"n": len(cands), "rules": rules_ok, "model": model_ok, "rules_wrong": len(rules_wrong),
                        "caught": caught, "disagree": disagree}
    return result


def report_markdown(figures: dict[str, SetFigures], model: dict, rules_version: str, leaves: list[str],
                    genres: tuple[int, int, list[str]] | None = None) -> str:
    lines = ["# Yes/no evidence on real documents: measured on the labelled sentences", "",
             f"Rules {rules_version}. Labels: `labels.csv` (how they were made: README.md). Recomputed by "
             "`python benchmarks/evidence_real.py --update`; a test checks that this file is up to date.", "",
             "A (city, leaf) pair is *stated* when at least one labelled sentence of the set's documents states the "
             "fact as done or in force for that city (about = 1, stance = done). A proposal is *wrong* when it is a "
             "1 on a pair not stated (false yes) or a 0 on a stated pair (missed); *flagged* when it carries a review "
             "flag (the `flags` column).", "",
             "| set | cities | documents | labelled sentences | stated pairs | yes proposals | right | precision | "
             "recall | wrong | wrong, not flagged |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in figures.values():
        unflagged = sum(1 for w in f.wrong if not w[4])
        lines.append(f"| {f.name} | {f.cities} | {f.documents} | {f.sentences} | {len(f.stated)} | {len(f.yes)} | "
                     f"{len(f.right)} | {_ratio(len(f.right), len(f.yes))} | {_ratio(len(f.right), len(f.stated))} | "
                     f"{len(f.wrong)} | {unflagged} |")
    lines += ["", "Review flags: " + "; ".join(f"{f.name} {f.flagged_yes} of {len(f.yes)} yes and {f.flagged_zeros} of "
                                                 f"{f.zeros} zeros flagged" for f in figures.values()) + "."]
    lines += ["", "## Per leaf (stated pairs / yes proposals / right)", "",
              "| leaf | " + " | ".join(figures) + " |", "|---|" + "---:|" * len(figures)]
    for leaf in leaves:
        cells = [figures[n].leaf_row(leaf) for n in figures]
        if any(any(c) for c in cells):
            lines.append(f"| {leaf} | " + " | ".join(f"{s} / {y} / {r}" for s, y, r in cells) + " |")
    if genres:
        right, n, wrong = genres
        lines += ["", "## Genres", "", f"The genre read from a document's first 600 characters alone (its title "
                  f"withheld; in the runs above the title is the file name) is the one the folder's index gives for "
                  f"{right} of the {n} documents of the dev and held-out sets. Not recognised: "
                  + "; ".join(wrong) + "."]
    lines += ["", "## Stance of the labelled candidates (label → rules)", "",
              "| set | candidates | same stance | " + " | ".join(STANCES) + " |",
              "|---|---:|---:|" + "---|" * len(STANCES)]
    for f in figures.values():
        n = sum(f.stance.values())
        same = sum(v for (a, b), v in f.stance.items() if a == b)
        cells = []
        for s in STANCES:
            row = {b: v for (a, b), v in f.stance.items() if a == s}
            cells.append(", ".join(f"{b} {v}" for b, v in sorted(row.items(), key=lambda kv: -kv[1])) or "–")
        lines.append(f"| {f.name} | {n} | {same} | " + " | ".join(cells) + " |")
    lines += ["", "## The character n-gram stance model (second opinion)", "",
              f"Trained on the {model['trained_on']} labelled dev sentences; compared with the rules on the labelled "
              "candidates of the other sets (the sentences the rules judged).", "",
              "| set | candidates | rules right | model right | rules wrong | of them the model disagrees | "
              "model disagrees in all |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ("heldout", "blind"):
        m = model.get(name)
        if m:
            lines.append(f"| {name} | {m['n']} | {m['rules']} | {m['model']} | {m['rules_wrong']} | {m['caught']} | "
                         f"{m['disagree']} |")
    lines += ["", "## Every wrong proposal", ""]
    for f in figures.values():
        for kind, city, leaf, sentence, flags in f.wrong:
            flag = f" — flagged: {'; '.join(flags)}" if flags else " — not flagged"
            lines.append(f"- {f.name}: {kind} {city} {leaf}: 「{sentence[:90]}」{flag}")
        for city, leaf, sentence in f.unlabelled:
            lines.append(f"- {f.name}: accepted sentence without a label: {city} {leaf}: 「{sentence[:90]}」")
    if not any(f.wrong or f.unlabelled for f in figures.values()):
        lines.append("- none")
    return "\n".join(lines) + "\n"
