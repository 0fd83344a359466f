"""`textmine report`: the offline HTML report and the Excel workbook of a scoring run."""
from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import DB_NAME, resolve_home
from .app import main, pass_app
from .output import emit, format_option
from .progress import rich_progress

# Kept here (not imported from textmine.report) so that loading the CLI does not import
# geopandas/esda/matplotlib for every command; tests check they match the library's values.
SCHEMES = ("quantiles", "natural_breaks")
PERMUTATIONS = 999
SEED = 20250101
#: how a table shows the ledger's statuses (CSV and JSON keep the symbols); the report's words: report.ledger.STATUS_ZH
STATUS_WORDS = {"✓": N_("✓ reproduced"), "✗": N_("✗ not reproduced"), "—": N_("— not computable")}


@main.command(name="report")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder to write the report into (created if absent) [default: report/ of the data home, where "
                   "`textmine run` writes it].")
@click.option("--run", "run_id", type=int, default=None, help="Scoring run id [default: the latest run].")
@click.option("--scores", "scores_csv", type=click.Path(),
              help="Report a scores CSV instead of a scoring run: columns city (or city_code), cemi, endowment, "
                   "governance, compensation, market; optional rank_<index> and pilot (0/1); or `score --out`'s "
                   "appendix1.csv (or its folder). Domain contributions use the weights that reproduce its composite.")
@click.option("--synthetic", is_flag=True, help="With --scores: mark the report as built from synthetic data.")
@click.option("--published", is_flag=True,
              help="Report the published 2025 ranks (scoring/reference/cemi2025_appendix1.csv) instead of a run: "
                   "the rank-based parts only (rank maps, LISA on ranks, top-N composition, regions, basins), "
                   "labelled RANKS ONLY. Needs no data home.")
@click.option("--against", "against", default=None,
              help="The edition to list top-30 entries and exits against: `published`, a run (run:N, latest) or a "
                   "rank CSV (city, <index>_rank columns). Default for a run: `published`; with --published give the "
                   "previous edition's appendix CSV (it also decides the report's “首次进入” statements).")
@click.option("--classes", "scheme", type=click.Choice(list(SCHEMES)), default="quantiles", show_default=True,
              help="Map classification (mapclassify): quantiles or Fisher–Jenks natural breaks, 5 classes.")
@click.option("--permutations", type=click.IntRange(99, 99999), default=PERMUTATIONS, show_default=True,
              help="Permutations for the Moran's I and LISA pseudo p-values.")
@click.option("--seed", type=int, default=SEED, show_default=True, help="Random seed of the permutations.")
@click.option("--strict", is_flag=True, help="Refuse while a city's outline choice for the run's period needs review "
              "(`textmine documents review`).")
@pass_app
def report_cmd(app, out_dir, run_id, scores_csv, synthetic, published, against, scheme, permutations, seed,
               strict):
    """Write the CEMI report: one self-contained HTML file and one Excel workbook.

    \b
    OUT/cemi_report.html   maps of the composite, the four domains and every level-1 indicator
                           (inline SVG, text drawn by the reader's browser), Moran's I and LISA
                           clusters (queen contiguity, islands linked to their nearest neighbour,
                           row-standardised), regions, zones, river basins, top-N composition,
                           provinces (mean and CV, tiers), pilots vs the rest and their domain
                           structure, yes/no indicator statistics, rank intervals, planning
                           indicators, top-30 tables and the sortable appendix-1 table; the statement
                           ledger (every finding of the published report: ✓ / ✗ / —), province tiers,
                           variance decomposition, domain correlations, tables 1–4 and the cities
                           entering and leaving each top 30 (--against). Opens offline.
    OUT/cemi_report.xlsx   the same tables, a sheet each.
    OUT/audit/<code>.html  per-city audit pages (term hits of the outline counted, news items counted),
                           linked from the tables.

    Data marked synthetic says so on the first screen and on every sheet. With --published the
    report is built from the published 2025 ranks alone (no data home needed): only the parts that
    ranks decide, labelled RANKS ONLY.
    """
    if out_dir is None:
        out_dir = resolve_home(app.home) / "report"
    if published and (run_id is not None or scores_csv or synthetic):
        raise click.UsageError(_("--published reports the published ranks: it takes no --run, --scores or --synthetic"))
    with rich_progress() as progress:
        if published:
            from ..report.published import build_published  # start-up: pandas, numpy, scipy

            files = build_published(out_dir, previous=against, progress=progress, permutations=permutations,
                                    seed=seed, scheme=scheme)
        else:
            from ..report.build import build_report  # start-up: pandas, numpy, scipy

            files = build_report(app.reader, out_dir, run_id=run_id, scores_csv=scores_csv, synthetic=synthetic,
                                 against=against or "published", strict=strict, progress=progress,
                                 permutations=permutations, seed=seed, scheme=scheme)
    for w in getattr(files, "warnings", []):
        click.secho(_("note: {message}").format(message=w), fg="yellow", err=True)
    click.echo(_("wrote {path} ({mb:.2f} MB)").format(path=files.html, mb=files.html_bytes / 1e6))
    click.echo(_("wrote {path}").format(path=files.xlsx))
    if files.audit_pages:
        click.echo(_("wrote {n} audit pages under {path}").format(n=files.audit_pages, path=files.html.parent / "audit"))
    if files.moran_i is not None:
        click.echo(_("composite Moran's I = {i:.4f} ({permutations} permutations, seed {seed})").format(
            i=files.moran_i, permutations=permutations, seed=seed))
    for key, label in (("published", _("on the published ranks")), ("run", _("on this run"))):
        c = (files.ledger or {}).get(key)
        if c:
            click.echo(_("findings of the published report, {label}: ✓ {ok} reproduced, ✗ {no} not, — {na} not "
                         "computable (the ledger section of the report)").format(label=label, ok=c["✓"], no=c["✗"],
                                                                                 na=c["—"]))
    if getattr(files, "review_warning", None):
        click.secho(_("warning: {message}").format(message=files.review_warning), fg="yellow", err=True)
    if files.synthetic:
        click.secho(_("note: the data are marked SYNTHETIC; the report says so on its first screen"), fg="yellow")
    if published:
        click.secho(_("note: built from the published ranks only (RANKS ONLY); the report says so on its first "
                      "screen"), fg="yellow")


@main.command(name="findings")
@click.option("--run", "run_id", type=int, default=None,
              help="Scoring run to check as well [default: the latest run of the data home, if any].")
@click.option("--published-only", is_flag=True, help="Only the published ranks (no data home needed).")
@click.option("--against", default=None,
              help="The previous edition's ranks (a rank CSV, `published` or a run) for the “首次进入/进一步” statements.")
@click.option("--ledger", "ledger", type=click.Path(dir_okay=False), default=None,
              help="Another ledger file [default: scoring/reference/cemi2025_statements.csv of the data root].")
@click.option("--permutations", type=click.IntRange(99, 99999), default=PERMUTATIONS, show_default=True,
              help="Permutations for the spatial statements (Moran's I, LISA).")
@click.option("--seed", type=int, default=SEED, show_default=True, help="Random seed of the permutations.")
@format_option()
@pass_app
def findings_cmd(app, run_id, published_only, against, ledger, permutations, seed, fmt):
    """Check every finding of the published report (scoring/reference/cemi2025_statements.csv).

    \b
    For each statement: the figure textmine computes on the published ranks (appendix 1, "按排名") and on
    a scoring run, with ✓ reproduced / ✗ not reproduced / — not computable from that data (and what data
    would decide it). The same table is a section of `textmine report` and a sheet of its workbook.
    """
    if published_only and run_id is not None:
        raise click.UsageError(_("--published-only checks the published ranks alone: it takes no --run"))
    from ..report.claims import check_findings  # start-up: pandas, numpy, scipy
    from ..report.ledger import ledger_headers  # start-up: as check_findings

    store = None
    if not published_only and (run_id is not None or (resolve_home(app.home) / DB_NAME).exists()):
        store = app.reader
    frame, counts = check_findings(store, run_id, against, permutations, seed, ledger)
    if fmt != "table":
        emit(frame.to_dict("records"), fmt, columns=list(frame.columns))
        return
    run_label = ""
    if "run" in counts:
        run_label = _("scoring run #{run}").format(run=counts["run_id"]) + (_(" (SYNTHETIC data)")
                                                                           if counts["synthetic"] else "")
    cols = [c for c in ("id", "test", "published_status", "run_status") if c in frame.columns]
    rows = [{c: _(STATUS_WORDS[r[c]]) if c.endswith("_status") else r[c] for c in cols}
            for r in frame[cols].to_dict("records")]
    emit(rows, "table", columns=cols, headers=ledger_headers(run_label),
         title=_("Findings of the published report checked (--format csv gives every column)"))
    for key, label in (("published", _("the published ranks (on ranks)")), ("run", run_label)):
        c = counts.get(key)
        if c:
            click.echo(_("{label}: ✓ {ok} reproduced, ✗ {no} not reproduced, — {na} not computable").format(
                label=label, ok=c["✓"], no=c["✗"], na=c["—"]))
