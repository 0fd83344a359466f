"""National-scale benchmark of the whole pipeline (not a test).

Uses the corpus of benchmarks/build_national_corpus.py (339 plan PDFs of ~150 pages typeset
from real Chinese text; built first when absent) and measures, in one run on this machine:

  ingest      the 339 PDFs into a fresh data home
  parse       pages/s of `textmine parse` (both cores) and of `pdftotext` on the same PDFs
  count       MB/s of token-mode counting with the default segmenter (jieba's route) and with rjieba
              (optional), the median of --count-repeat runs each, the segmenter built in each; of the count
              stage of `textmine run` (both modes in one pass), against a plain `jieba.lcut` loop; and the
              agreement of jieba's cut, the route pass and rjieba on every page (benchmarks/backend_agreement.py)
  score       the index with 1,000 Monte-Carlo runs on a synthetic workbook for 339 cities
  recount     after a one-term lexicon edit (a private copy of lexicons/)
  refresh     `textmine run --data WORKBOOK` in a fresh process, as a user runs it, from cached raw files
              (parse, count, score, report with 339 audit pages): its wall time, stages and peak memory
  memory      peak RSS of this process, of the refresh process and of the parse workers

    python benchmarks/national_refresh.py [--corpus /tmp/textmine-national] [--cities N] [--work DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


# A child's ru_maxrss counts the memory of the process it was started from (Linux keeps the high-water mark
# across exec, and subprocess starts children with vfork), so the refresh is started by a small Python that
# reports the peak of the refresh alone.
_LAUNCH = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
           "print('peak', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
           "sys.exit(r.returncode)")


def run_measured(cmd: list[str], **kw) -> tuple[subprocess.CompletedProcess, float]:
    """Run cmd; (its CompletedProcess, its own peak RSS in MB)."""
    run = subprocess.run([sys.executable, "-c", _LAUNCH, *cmd], capture_output=True, text=True, **kw)
    lines = run.stderr.rstrip("\n").splitlines()
    peak = float(lines[-1].split()[1]) / 1024 if lines and lines[-1].startswith("peak ") else float("nan")
    run.stderr = "\n".join(lines[:-1])
    return run, peak


def timed(label: str, fn, *a, **k):
    t0 = time.perf_counter()
    out = fn(*a, **k)
    dt = time.perf_counter() - t0
    print(f"{label:<34} {dt:8.1f} s", flush=True)
    return out, dt


def pdftotext_all(pdfs: list[Path], jobs: int) -> int:
    def one(p: Path) -> int:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(p), "-"], capture_output=True, check=True).stdout
        return out.count(b"\f")

    with ThreadPoolExecutor(jobs) as ex:
        return sum(ex.map(one, pdfs))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/textmine-national"))
    ap.add_argument("--cities", type=int, default=339)
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    ap.add_argument("--count-repeat", type=int, default=5, help="token counting runs per backend (median)")
    ap.add_argument("--jieba-mb", type=float, default=5.0, help="MB of page text for the plain jieba.lcut loop")
    args = ap.parse_args(argv)

    if not (args.corpus / "manifest.csv").is_file():
        from build_national_corpus import main as build

        build(["--out", str(args.corpus), "--cities", str(args.cities)])
    pdfs = sorted(args.corpus.glob("*_plan.pdf"))[: args.cities]
    work = args.work or Path(tempfile.mkdtemp(prefix="textmine-bench-"))
    root = work / "root"
    if root.exists():
        shutil.rmtree(root)
    for name in ("lexicons", "corpora", "scoring"):
        shutil.copytree(ROOT / name, root / name)
    os.environ["TEXTMINE_ROOT"] = str(root)

    from backend_agreement import agreement, print_agreement
    from textmine.count import COUNT_BACKEND, count_corpus, count_modes
    from textmine.count.runner import COUNTED
    from textmine.ingest import ingest
    from textmine.editions import refresh_editions
    from textmine.parse import parse_corpus
    from textmine.registry import load_registry
    from textmine.scoring import load_model, score_workbook, write_sample_data
    from textmine.store import Store

    cpu = os.cpu_count()
    print(f"machine: {platform.machine()}, {cpu} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"corpus: {len(pdfs)} PDFs, {sum(p.stat().st_size for p in pdfs) / 1e6:.0f} MB -> work {work}")
    home = work / "home"
    if home.exists():
        shutil.rmtree(home)
    store = Store(home)
    names = {c.code: c.name for c in load_registry()}

    def ingest_all():
        for p in pdfs:
            ingest(store, [p], city=names[p.name.split("_")[0]], kind="plan", year=2021)

    timed(f"ingest {len(pdfs)} PDFs", ingest_all)
    rep, t_parse = timed("parse (textmine, both cores)", parse_corpus, store, then=refresh_editions)
    pages = rep.pages
    n_pt, t_pt = timed(f"pdftotext ({cpu} processes)", pdftotext_all, pdfs, cpu)
    print(f"  textmine parse: {pages / t_parse:7.1f} pages/s ({pages} pages, {len(rep.failed)} failed, "
          f"worker peak {rep.peak_rss_mb:.0f} MB)")
    print(f"  pdftotext:      {n_pt / t_pt:7.1f} pages/s ({n_pt} pages); ratio textmine/pdftotext "
          f"{(pages / t_parse) / (n_pt / t_pt):.2f}")

    mb = store.conn.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM pages p JOIN documents d ON "
                            f"d.id = p.document_id WHERE {COUNTED}").fetchone()[0] / 1e6
    # token counting, each backend --count-repeat times in turn, the segmenter built afresh each time (its
    # caches cleared: what a new process pays); the median, since a shared machine's speed drifts
    from textmine.count import segment

    spent: dict[str, list[float]] = {COUNT_BACKEND: [], "rjieba": []}
    hits = {}
    for _ in range(args.count_repeat):
        for backend in spent:
            for cached in (segment._segmenter, segment._base_dictionary, segment._dictionary_words):
                cached.cache_clear()
            t0 = time.perf_counter()
            hits[backend] = count_corpus(store, "token", full=True, backend=backend).hits
            spent[backend].append(time.perf_counter() - t0)
    for backend, times in spent.items():
        label = "default" if backend == COUNT_BACKEND else "optional"
        print(f"count, token mode ({backend}, {label}): median {statistics.median(times):.2f} s of "
              f"{len(times)} (min {min(times):.2f}, max {max(times):.2f})")
        print(f"  token counting: {mb / statistics.median(times):6.1f} MB/s over {mb:.1f} MB, {hits[backend]} hits "
              f"(segmenter built included)")
    t_count = statistics.median(spent[COUNT_BACKEND])
    both, t_both = timed("count stage of `textmine run`", count_modes, store, ("token", "substring"), full=True)
    print(f"  both modes in one pass: {mb / t_both:6.1f} MB/s of pages ({both['token'].hits} token hits, "
          f"{both['substring'].hits} substring hits)")
    texts = [t for (t,) in store.conn.execute(f"SELECT p.text FROM pages p JOIN documents d ON d.id = p.document_id "
                                              f"WHERE {COUNTED} ORDER BY p.document_id, p.page")]
    print_agreement(agreement(texts, root / "lexicons"), "the national corpus (body pages)")
    del texts
    import jieba

    jieba.initialize()
    sample, size = [], 0
    for (text,) in store.conn.execute("SELECT text FROM pages"):
        sample.append(text)
        size += len(text.encode("utf-8"))
        if size >= args.jieba_mb * 1e6:
            break

    def lcut_loop():
        n = 0
        for t in sample:
            n += len(jieba.lcut(t))
        return n

    _, t_lcut = timed(f"plain jieba.lcut loop ({size / 1e6:.1f} MB)", lcut_loop)
    print(f"  jieba.lcut:     {size / 1e6 / t_lcut:6.2f} MB/s")

    wb = work / "workbook.csv"
    write_sample_data(wb, load_model())
    srep, t_score = timed("score, 1,000 Monte-Carlo runs", score_workbook, store, wb, runs=1000, force=True)

    lex = root / "lexicons" / "theme.txt"
    lex.write_text(lex.read_text("utf-8") + "\n美丽乡村\n", encoding="utf-8")
    crep2, t_recount = timed("recount after a one-term edit", count_corpus, store, "token")
    print(f"  {crep2.matched} pages matched again, {crep2.reused} reused")
    store.close()

    home2 = work / "home-refresh"
    if home2.exists():
        shutil.rmtree(home2)
    shutil.copytree(home, home2)
    with Store(home2) as s2:
        for table in ("pages", "parses", "hits", "match_pages"):
            s2.conn.execute(f"DELETE FROM {table}")
        s2.conn.execute("DELETE FROM runs WHERE stage LIKE 'run.%'")
    env = dict(os.environ, TEXTMINE_HOME=str(home2), COLUMNS="160")
    (run, refresh_peak), t_refresh = timed(
        "full refresh from cached raw files", run_measured,
        [sys.executable, "-m", "textmine", "run", "--data", str(wb), "--out", str(work / "report")], env=env)
    for line in run.stdout.splitlines():
        if line.strip().split(" ")[0] in ("parse", "count", "score", "report"):
            print(f"  {line.strip()[:150]}")
    for line in run.stderr.splitlines():      # unreviewed outline choices, if any (textmine.editions)
        if line.startswith("warning:"):
            print(f"  {line[:200]}")
    with Store(home2) as s2:                  # which document each city's planning counts read, and why not
        from textmine.editions import missing_summary, outline_state

        sel = outline_state(s2)
        print(f"outlines counted: {len(sel.counted)} of 339 cities ({sel.period}); "
              f"{missing_summary(sel) or 'none missing'}; {len(sel.unreviewed)} choice(s) to review")
    if run.returncode not in (0, 1):
        print(run.stdout[-2000:], run.stderr[-2000:])
    with Store(home2) as s2:
        worker = json.loads(s2.conn.execute("SELECT summary FROM runs WHERE stage='parse' ORDER BY id DESC LIMIT 1"
                                            ).fetchone()[0]).get("peak_worker_rss_mb")
    print(f"peak memory: the refresh (`textmine run`, a fresh process) {refresh_peak:.0f} MB, each of its parse "
          f"workers at most {worker:.0f} MB; this process {peak_mb():.0f} MB")
    print("targets: refresh < 120 s, token counting >= 20 MB/s, recount < 15 s, scoring < 10 s, peak < 2048 MB")
    print(f"results: refresh {t_refresh:.0f} s, token counting {mb / t_count:.1f} MB/s, recount {t_recount:.1f} s, "
          f"scoring {t_score:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
