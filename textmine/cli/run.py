"""`textmine run`: the whole pipeline in one command."""
from __future__ import annotations

import sys

import click

from ..i18n import _
from ..nametable import shown
from ..pipeline import run_pipeline
from .app import cli_words, main, pass_app
from .check import workbook_overrides_option
from .help import cells
from .output import with_hint
from .params import DATE, NameChoice, only_with
from .progress import rich_progress


def stage_line(stage: str, did_work: bool, seconds: float, summary: str) -> str:
    """'  parse  done     0.8s  …': the stage and its state right-aligned by display width (阶段名 are wide)."""
    name, state = shown("stage", stage), shown("status", "done" if did_work else "skip")
    return f"{' ' * max(0, 7 - cells(name))}{name}  {state}{' ' * max(0, 4 - cells(state))}  {seconds:6.1f}s  {summary}"


@main.command(name="run")
@click.option("--sample", is_flag=True, help="Use the bundled sample plans and a SYNTHETIC workbook for 339 cities.")
@click.option("--data", "data", type=click.Path(dir_okay=False), help="Your indicator workbook (xlsx or csv; see `textmine template`).")
@click.option("--out", type=click.Path(file_okay=False), help="Report folder [default: <home>/report].")
@click.option("--crawl", is_flag=True, help="First fetch plan outlines and news from the portals in corpora/sources (needs network).")
@click.option("--period", help="Plan period whose outlines the planning indicators count (十四五, 十五五 …) "
              "[default: the model's, scoring/model.toml].")
@click.option("--news-lexicon", "news_lexicon", metavar="NAME|FILE", help="News query lexicon for G02: news (the "
              "report's phrase 生态产品价值实现), broad, or a file [default: the model's].")
@click.option("--since", type=DATE, help="News published on or after this date count (and are crawled) [default: the model's "
              "reference window, 2024-01-01].")
@click.option("--until", type=DATE, help="News published on or before this date count [default: the model's, 2024-12-31].")
@click.option("--sources", type=click.Path(dir_okay=False), help="With --crawl: sources file [default: corpora/sources/cities.toml].")
@click.option("--ocr", is_flag=True, help="Read scanned PDF pages with tesseract (see `textmine parse --help`).")
@click.option("--mode", type=NameChoice("mode", ("token", "substring")), help="Counting mode of the planning and news "
              "indicators: count, score and report all use it [default: token].")
@click.option("--allow-missing", is_flag=True, help="Impute empty cells instead of refusing to score (as `score "
              "--allow-missing`; every output says which cells were imputed).")
@click.option("--impute", "policy", type=click.Choice(["province-median", "median", "worst", "reweight"]),
              default=None, help="Imputation policy with --allow-missing [default: the model's, province-median].")
@click.option("--no-report", is_flag=True, help="Stop after scoring (no HTML/Excel report).")
@click.option("--strict", is_flag=True, help="Refuse to score while anything `textmine check` shows is red (an "
              "outline choice that needs review: two texts, a draft, a partly scanned or too short outline, an outlier "
              "density; a workbook cell refused); without it the run says what is red.")
@workbook_overrides_option
@pass_app
def run_cmd(app, sample, data, out, crawl, period, news_lexicon, since, until, sources, ocr, mode, allow_missing, policy,
            no_report, strict, workbook_overrides):
    """Ingest → crawl → parse → count → score → report, skipping whatever has not changed.

    A second run with nothing changed does no work and says so. After a lexicon edit only
    counting, scoring and the report run again; after a new plan only that document is
    parsed. Ctrl-C keeps what is done; the next run continues from there. Exit code 1 when
    something failed that you should look at (listed at the end).
    """
    only_with(crawl, "--crawl", sources=sources)
    only_with(not no_report, "a report (not with --no-report)", out=out)
    only_with(allow_missing, "--allow-missing", impute=policy)
    store = app.store
    with rich_progress() as progress:
        rep = run_pipeline(store, sample=sample, data=data, out=out, crawl=crawl, mode=mode,
                           report=not no_report, since=since, until=until, sources=sources, ocr=ocr,
                           period=period, lexicon=news_lexicon, allow_missing=allow_missing, imputation=policy,
                           strict=strict, workbook_overrides=workbook_overrides, progress=progress)
    click.echo("")
    for s in rep.stages:
        click.echo(stage_line(s.stage, s.did_work, s.seconds, cli_words(s.summary, main)))
    if rep.check:
        click.echo(cli_words(rep.check, main))
    if not rep.did_work:
        click.echo(_("nothing changed since the last run: no work done."))
    for w in rep.warnings:
        click.secho(_("warning: {message}").format(message=cli_words(w, main)), fg="yellow", err=True)
    if rep.synthetic:
        click.echo(_("NOTE: the scores are built from SYNTHETIC indicator data (sample run); the report says so."))
    if rep.report_html:
        click.echo(_("report: {path}").format(path=rep.report_html))
    click.echo(_("data root: {root}").format(root=rep.data_root))
    click.echo(_("model: {model}").format(model=rep.model))
    if rep.failures:
        click.echo(_("{n} problem(s) to look at:").format(n=len(rep.failures)), err=True)
        for f in map(with_hint, rep.failures):
            click.echo(f"  - {f}", err=True)
        sys.exit(1)
