"""`textmine run`: every stage in order, each skipped when its inputs have not changed.

    ingest (sample) → crawl (opt-in) → parse → count → score → report

Each stage decides for itself what is new: ingest deduplicates by content hash, parse
skips documents parsed by the same parser version, count reuses the hits of pages whose
text and lexicon state are unchanged, score reuses a stored run with the same inputs
key. Count and report are additionally skipped as a whole when the key of their inputs
equals that of the last successful pipeline run, so a second run with nothing changed
does no work and says so. Every stage commits its own transactions: an interrupted run
(Ctrl-C) leaves a store the next run continues from.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .datacsv import read_table
from .errors import TextmineError
from .i18n import _
from .stored_messages import shown_message, shown_messages
from .nametable import shown
from .progress import Progress, progress_or_none
from .ingest import ingest, link_ingested_news
from .resources import data_root, sample_path
from .store import Store
from .store import parses as store_parses
from .store import runs as store_runs
from .store import scores as store_scores
from .count import MODES, count_modes, current_state
from .count.runner import DEFAULT_BACKEND, _segmenter_label
from .count.scope import DEFAULT_MODE
from .reference import check_window, model_line, reference
from .lexicon import lexicon_dir

STAGES = ("ingest", "crawl", "parse", "count", "score", "report")
REPORT_VERSION = "3"  # bumped when the report gains content, so `textmine run` rebuilds it


@dataclass
class StageResult:
    stage: str
    did_work: bool
    summary: str
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)   # things the user must know about
    warnings: list[str] = field(default_factory=list)   # decisions that may be wrong: printed, not failures
    check: str = ""                                      # the score stage: the readiness line (textmine check)


@dataclass
class RunReport:
    stages: list[StageResult] = field(default_factory=list)
    report_html: Path | None = None
    synthetic: bool = False
    data_root: str = ""      # where lexicons/, corpora/ and scoring/ were read from, and what chose it
    model: str = ""          # the edition of the scoring model in force, and what chose it

    @property
    def did_work(self) -> bool:
        return any(s.did_work for s in self.stages)

    @property
    def failures(self) -> list[str]:
        return [f"{s.stage}: {f}" for s in self.stages for f in s.failures]

    @property
    def warnings(self) -> list[str]:
        return [w for s in self.stages for w in s.warnings]

    @property
    def check(self) -> str:
        """The readiness line of the score stage (what `textmine check` shows for the run's inputs)."""
        return next((s.check for s in self.stages if s.check), "")


# -- stage keys ------------------------------------------------------------------

def _last_key(store: Store, stage: str) -> str | None:
    params = store_runs.last_ok_params(store.conn, f"run.{stage}")
    return json.loads(params).get("key") if params else None


def _record_key(store: Store, stage: str, key: str, summary: dict) -> None:
    run_id = store.start_run(f"run.{stage}", {"key": key})
    store.finish_run(run_id, "ok", summary)


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:24]


def _plans_key(store: Store) -> list:
    return store_parses.parsed_versions(store.conn, "plan")


# -- stages ----------------------------------------------------------------------

def sample_manifest() -> list[dict]:
    path = sample_path("manifest.csv")
    rows = read_table(path, ("file", "city", "kind", "title", "year", "url")).dicts()
    for row in rows:
        row["path"] = path.parent / row["file"]
    return rows


def ingest_sample(store: Store) -> StageResult:
    """Add the bundled sample plans (corpora/sample/manifest.csv); known content is not added twice."""
    added = dup = 0
    for row in sample_manifest():
        rep = ingest(store, [row["path"]], city=row["city"], kind=row["kind"], title=row["title"] or None,
                     year=int(row["year"]) if row["year"] else None, url=row["url"] or None, origin="sample")
        added += len(rep.added)
        dup += len(rep.duplicates)
    return StageResult("ingest", added > 0, _("{added} sample document(s) added, {dup} already present").format(
        added=added, dup=dup))


def crawl_stage(store: Store, *, enabled: bool, progress: Progress | None, sources=None, lexicon=None,
                since: str | None = None, until: str | None = None, config=None,
                period: str | None = None) -> StageResult:
    """Plans (of `period` when given, else of every period in the sources), then news items, of every city with
    an entry in the sources (opt-in: needs the network)."""
    if not enabled:
        return StageResult("crawl", False, _("skipped (offline by default; `crawl` fetches plans and news from the "
                                             "sources in corpora/sources)"))
    from .crawl import crawl_news, crawl_plans  # start-up: requests, bs4, lxml

    plans = crawl_plans(store, sources=sources, periods=[period] if period else None, config=config,
                        progress=progress)
    news = crawl_news(store, sources=sources, lexicon=lexicon, since=since, until=until, config=config,
                      progress=progress)
    p, n = plans.summary(), news.summary()
    fails = [f"{city}: {src}: {reason}" for rep in (plans, news) for city, src, reason in rep.failures]
    did = p.get("added", 0) > 0 or n.get("found", 0) > 0
    return StageResult("crawl", did, _("plans: {added} new of {found} found in {cities} cities; news: {items} item(s) "
                                       "in {news_cities} cities").format(
        added=p.get("added", 0), found=p.get("found", 0), cities=p.get("cities", 0), items=n.get("found", 0),
        news_cities=n.get("cities", 0)), failures=fails)


def parse_stage(store: Store, *, progress: Progress | None, ocr: bool = False) -> StageResult:
    from .crawl.news import link_news_articles  # start-up: requests, bs4, lxml
    from .editions import refresh_editions  # start-up: 11 more modules than `textmine --help` needs
    from .parse import parse_corpus  # start-up: 17 more modules than `textmine --help` needs

    link_news_articles(store)      # articles of news items crawled before they were documents
    rep = parse_corpus(store, progress=progress, ocr=ocr, then=refresh_editions)

    link_ingested_news(store)      # news pages ingested by hand (--no-parse) become news items once parsed
    fails = [f"document #{doc}: {reason}" for doc, reason in rep.failed]
    summary = (_("{parsed} document(s) parsed ({pages} pages), {skipped} unchanged").format(
        parsed=len(rep.parsed), pages=rep.pages, skipped=rep.skipped)
               + (_(", {n} failed").format(n=len(rep.failed)) if rep.failed else ""))
    return StageResult("parse", bool(rep.parsed or rep.failed), summary, failures=fails)


def count_stage(store: Store, *, mode: str, progress: Progress | None) -> StageResult:
    """Count in `mode` (the indicators) and in the other mode too, so audits show both side by side."""
    state = current_state()
    plans = _plans_key(store)
    if not plans:
        return StageResult("count", False, _("no parsed plan documents; planning indicators stay missing"),
                           failures=[_("no plan documents: add some with `textmine ingest --kind plan`")])

    # lexicon state, plan parses and the matcher's own version: any change means counting again
    key = _digest("count", mode, state.key, plans, _segmenter_label(DEFAULT_BACKEND), __version__)
    if _last_key(store, "count") == key:
        return StageResult("count", False, _("unchanged (lexicons and {n} plan(s) as last run)").format(n=len(plans)))
    # both modes in one pass over the pages: the mode counted and the other one, for audits side by side
    rep = count_modes(store, (mode, *(m for m in MODES if m != mode)), state=state, progress=progress)[mode]
    _record_key(store, "count", key, {"matched": rep.matched, "reused": rep.reused, "hits": rep.hits})
    return StageResult("count", True, _("{matched} page(s) matched, {reused} reused, {hits} hit(s) written ({mode} "
                                        "mode; the other mode kept for audits)").format(
        matched=rep.matched, reused=rep.reused, hits=rep.hits, mode=shown("mode", mode)))


def sample_workbook(store: Store, path: Path, *, period: str | None = None, news_lexicon=None, since=None,
                    until=None, mode: str | None = None) -> Path:
    """The SYNTHETIC workbook of the sample run: synthetic values for all 339 cities, except the
    text-mined leaves of cities the corpus has values for (an outline counted for the period, a news
    crawl covering the window), left empty so those values come from the text."""
    from .scoring import load_model  # start-up: pandas, numpy, scipy
    from .scoring.inputs import text_mined_values  # start-up: pandas, numpy, scipy
    from .scoring.synthetic import DEFAULT_SEED, synthetic_values  # start-up: pandas, numpy, scipy
    from .scoring.workbook import write_workbook  # start-up: pandas, numpy, scipy

    model = load_model()
    values = synthetic_values(model, DEFAULT_SEED, with_text=True)
    text, _sets, sources = text_mined_values(store, model, period=period, news_lexicon=news_lexicon, since=since,
                                         until=until, mode=mode)
    for leaf in text.columns:
        has = text[leaf].notna()
        values.loc[has[has].index.intersection(values.index), leaf] = float("nan")
    meta = {"synthetic": "yes", "generator": "textmine run --sample", "seed": DEFAULT_SEED,
            "note": f"SYNTHETIC values (scoring/synthetic.csv) except the text-mined leaves of the cities the corpus "
                    f"has values for ({sources.period} outlines counted from corpora/sample); not real data"}
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_workbook(path, model, values, meta)


def score_stage(store: Store, workbook: Path, *, progress: Progress | None, period: str | None = None, news_lexicon=None,
                since=None, until=None, mode: str | None = None, allow_missing: bool = False,
                imputation: str | None = None, strict: bool = False,
                workbook_overrides: bool | None = None) -> tuple[StageResult, int]:
    """The stage's result and the id of the score run now current (new or reused)."""
    from .scoring import ScoreParams, score_workbook  # start-up: pandas, numpy, scipy

    asked = ScoreParams(period=period, news_lexicon=news_lexicon, since=since, until=until, mode=mode,
                        allow_missing=allow_missing, imputation=imputation, strict=strict,
                        workbook_overrides=workbook_overrides)
    rep = score_workbook(store, workbook, asked, progress=progress)
    warnings = shown_messages(rep.warnings) + (                 # (the unreviewed outline choices, rep.review, among them)
        [_("{n} workbook value(s) are outliers (robust z-score; scoring/plausibility.toml), stored with the run: "
           "`textmine validate {workbook}` lists each with its cell").format(n=len(rep.outliers), workbook=workbook)]
        if rep.outliers else [])
    if rep.reused:
        return StageResult("score", False, _("unchanged (run #{run} has the same inputs); {cells}").format(
            run=rep.run_id, cells=rep.cells), warnings=warnings, check=rep.check), rep.run_id
    others = [shown_message(n) for n in rep.notes if n != rep.cells]
    notes = [n if len(n) < 160 else n[:157] + "…" for n in others[:3]]
    more = _(" (+{n} more: `textmine explain`/score outputs)").format(n=len(others) - 3) if len(others) > 3 else ""
    cells = rep.cells.rstrip("。") if notes else rep.cells       # (the Chinese sentence ends in 。, the notes follow)
    return StageResult("score", True, _("run #{run} stored; {cells}").format(run=rep.run_id, cells=cells)
                       + (_("; ") + _("; ").join(notes) + more if notes else ""), warnings=warnings,
                       check=rep.check), rep.run_id


def report_stage(store: Store, out: Path, run_id: int, *, progress: Progress | None,
                 strict: bool = False) -> tuple[StageResult, Path | None]:
    from .report import build_report  # start-up: 1 more module than `textmine --help` needs
    from .report.build import HTML_NAME  # start-up: pandas, numpy, scipy

    key = _digest("report", REPORT_VERSION, __version__, run_id, _last_key(store, "count"), str(out.resolve()))
    html = out / HTML_NAME
    if _last_key(store, "report") == key and html.is_file():
        return StageResult("report", False, _("unchanged ({path})").format(path=html)), html
    files = build_report(store, out, run_id=run_id, strict=strict, progress=progress)
    _record_key(store, "report", key, {"html": str(files.html), "bytes": files.html_bytes,
                                       "audit_pages": files.audit_pages})
    return StageResult("report", True, _("written to {html} ({mb:.1f} MB, {pages} audit pages) and {xlsx}").format(
        html=files.html, mb=files.html_bytes / 1e6, pages=files.audit_pages, xlsx=files.xlsx.name)), files.html


# -- the whole run ---------------------------------------------------------------

def run_pipeline(store: Store, *, sample: bool = False, data: str | Path | None = None,
                 out: str | Path | None = None, crawl: bool = False, mode: str | None = None,
                 report: bool = True, since: str | None = None, until: str | None = None,
                 sources=None, lexicon=None, crawl_config=None, ocr: bool = False,
                 period: str | None = None, allow_missing: bool = False, imputation: str | None = None,
                 strict: bool = False, workbook_overrides: bool | None = None,
                 progress: Progress | None = None) -> RunReport:
    """Run every stage; returns what each did. `progress` (textmine.progress) is told each stage as it
    starts and ends, and the stages' own progress.

    `period` (plan outlines counted), `lexicon` (the news lexicon) and `since`/`until` (the news window,
    crawled and counted) default to the model's (scoring/model.toml); `mode` is the counting mode of the
    indicators (count, score and report use the same); `allow_missing`/`imputation` are the score stage's.
    `strict`: stop before scoring while anything `textmine check` shows is red (textmine.scoring.readiness: an outline
    choice that needs review, its parse quality among the reasons; a workbook cell refused); without it the score
    stage's warnings name the unreviewed choices and `RunReport.check` is the readiness line.
    `workbook_overrides`: workbook values of text-mined leaves replace the corpus values (the score stage's)."""
    ref = reference()
    if since is None and until is None:
        since, until = ref.since, ref.until
    since, until = check_window(since, until, ("`since`", "`until`"))
    mode = mode or DEFAULT_MODE
    if data is None and not sample:
        raise TextmineError(_("give an indicator workbook (`data`; see `textmine template`), or run the bundled "
                              "sample (`sample`)"))
    if data is not None and not Path(data).is_file():
        raise TextmineError(_("workbook {path} not found").format(path=data))
    out = Path(out) if out else store.home / "report"
    tell = progress_or_none(progress)

    root, lexicons = data_root(), lexicon_dir().resolve()
    run = RunReport(data_root=str(root) + ("" if lexicons == root.path / "lexicons"
                                           else f"; lexicons from {lexicons} (TEXTMINE_LEXICONS)"),
                    model=model_line())

    def timed(name: str, fn, *args, **kwargs):
        tell(f"{name}: running", 0, None)
        t0 = time.monotonic()
        result = fn(*args, **kwargs)
        res = result if isinstance(result, StageResult) else result[0]
        res.seconds = time.monotonic() - t0
        run.stages.append(res)
        tell(f"{name}: {'done' if res.did_work else 'skip'}", 1, 1)
        return result

    if sample:
        timed("ingest", ingest_sample, store)
    else:
        run.stages.append(StageResult("ingest", False, _("nothing to ingest (use `textmine ingest` for your files)")))
    timed("crawl", crawl_stage, store, enabled=crawl, progress=progress, sources=sources, lexicon=lexicon,
          since=since, until=until, config=crawl_config, period=period)
    timed("parse", parse_stage, store, progress=progress, ocr=ocr)
    timed("count", count_stage, store, mode=mode, progress=progress)
    workbook = Path(data) if data is not None else None
    if workbook is None:
        workbook = store.home / "sample" / "workbook-synthetic.csv"
        sample_workbook(store, workbook, period=period, news_lexicon=lexicon, since=since, until=until, mode=mode)
    _stage, run_id = timed("score", score_stage, store, workbook, progress=progress, period=period, news_lexicon=lexicon,
                      since=since, until=until, mode=mode, allow_missing=allow_missing, imputation=imputation,
                      strict=strict, workbook_overrides=workbook_overrides)
    run.synthetic = store_scores.is_synthetic(store.conn, run_id)
    if not report:
        run.stages.append(StageResult("report", False, _("skipped (no report asked for)")))
        return run
    _stage, run.report_html = timed("report", report_stage, store, out, run_id, progress=progress, strict=strict)
    return run
