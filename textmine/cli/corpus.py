"""Commands over the registry and the corpus: cities, ingest, status."""
from __future__ import annotations

import click

from ..ingest import KINDS, ingest
from ..registry import REQUIRED_COLUMNS, load_registry
from ..status import corpus_status
from .app import main, pass_app
from .output import emit, format_option


@main.command()
@click.option("--province", help="Province name (浙江, 浙江省) or 2-digit code.")
@click.option("--region", help="Geographic region: 华北 东北 华东 华中 华南 西南 西北.")
@click.option("--zone", help="NBS economic zone: 东部 中部 西部 东北.")
@click.option("--basin", help="River basin: 长江经济带 (11 provinces) or 黄河流域 (9 provinces).")
@format_option()
def cities(province, region, zone, basin, fmt):
    """List the 339 cities of the index with codes, provinces, regions, basins and aliases."""
    rows = [c.as_dict() for c in load_registry().filter(province=province, region=region, zone=zone, basin=basin)]
    emit(rows, fmt, list(REQUIRED_COLUMNS), title=f"{len(rows)} cities")


@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--city", required=True, help="City name, alias (南平, 阿坝州) or 6-digit code.")
@click.option("--kind", required=True, type=click.Choice(KINDS), help="Document kind.")
@click.option("--title", help="Title (default: the file name).")
@click.option("--year", type=int, help="Year of the document.")
@click.option("--url", help="Where the document came from.")
@pass_app
def ingest_cmd(app, paths, city, kind, title, year, url):
    """Add local PDF, HTML, DOCX or TXT files (folders are walked) to the corpus.

    Files are deduplicated by content hash; a failure leaves the store unchanged.
    """
    report = ingest(app.store, list(paths), city=city, kind=kind, title=title, year=year, url=url)
    for doc_id, path in report.added:
        click.echo(f"added     #{doc_id}  {path}")
    for doc_id, path in report.duplicates:
        click.echo(f"duplicate #{doc_id}  {path} (same content already recorded)")
    for path, reason in report.skipped:
        click.echo(f"skipped   {path}: {reason}", err=True)
    click.echo(f"{len(report.added)} added, {len(report.duplicates)} duplicate, {len(report.skipped)} skipped")


@main.command()
@format_option()
@pass_app
def status(app, fmt):
    """Show what the corpus holds per city and kind, and what failed and why."""
    st = corpus_status(app.store)
    if fmt == "json":
        import json

        click.echo(json.dumps({"home": st.home, "schema_version": st.schema_version, "totals": st.totals,
                               "per_city": st.per_city, "failures": st.failures}, ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        t = st.totals
        click.echo(f"data home {st.home} (schema v{st.schema_version}): {t['documents']} documents for "
                   f"{t['cities']} cities, {t['bytes']:,} bytes; {t['open_failures']} open failures")
    emit(st.per_city, fmt, ["city", "code", "kind", "documents", "bytes"], title="corpus")
    if st.failures and fmt == "table":
        emit(st.failures, fmt, ["stage", "city", "source", "reason", "at"], title="failures")
