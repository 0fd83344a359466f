"""`textmine count` and `textmine audit`: the planning indicators and every hit behind them."""
from __future__ import annotations

import click

from ..match.matchers import MODES
from .app import main, pass_app
from .output import emit, format_option

_CATS = ("theme", "resource", "policy", "market")


@main.command()
@click.option("--mode", type=click.Choice(MODES), help="token (jieba tokens equal to a term, the default) or "
              "substring (Aho-Corasick, leftmost-longest).")
@click.option("--backend", type=click.Choice(("jieba", "rjieba")), default="jieba", show_default=True,
              help="Segmenter for token mode: jieba (reference) or rjieba (jieba-rs, same counts, faster).")
@click.option("--full", is_flag=True, help="Match every page again instead of only what the last change touched.")
@click.option("--all-cities", is_flag=True, help="List all 339 cities (missing values for cities without a plan).")
@click.option("--lexicons", "directory", envvar="TEXTMINE_LEXICONS", type=click.Path(file_okay=False),
              help="Lexicon folder [env TEXTMINE_LEXICONS].")
@format_option()
@pass_app
def count(app, mode, backend, full, all_cities, directory, fmt):
    """Count lexicon terms in every city's plan and show the four planning indicators: occurrences per
    category, distinct terms and density per 10,000 characters. Every hit is stored for `textmine audit`.
    Incremental: after a lexicon edit only pages containing a changed term are matched again."""
    from ..match import DEFAULT_MODE, count_corpus, indicator_rows

    mode = mode or DEFAULT_MODE
    rep = count_corpus(app.store, mode, lexicon_dir=directory, backend=backend, full=full,
                       progress=fmt == "table")
    rows = indicator_rows(app.store, mode, only_with_plan=not all_cities)
    cols = ["city", "code", *_CATS, *(f"{c}_distinct" for c in _CATS), *(f"{c}_density" for c in _CATS),
            "plan_chars", "has_plan"]
    if fmt == "table":
        click.echo(f"{mode} mode: {rep.pages} plan pages ({rep.chars:,} characters), {rep.matched} matched, "
                   f"{rep.reused} reused; {len(rows)} cities with a plan" if not all_cities else
                   f"{mode} mode: {rep.pages} plan pages, {rep.matched} matched, {rep.reused} reused")
        cols = ["city", "code", *_CATS, *(f"{c}_density" for c in _CATS)]  # distinct: csv/json
    emit(rows, fmt, cols, title=f"planning indicators ({mode})")


@main.command()
@click.argument("city")
@click.option("--category", type=click.Choice(_CATS), help="Only this category.")
@click.option("--term", help="Only this term (canonical or variant).")
@click.option("--mode", type=click.Choice(MODES), help="Mode of the hits listed [default: token].")
@click.option("--compare", "other", metavar="CITY2", help="Put a second city side by side, term by term.")
@click.option("--width", default=30, show_default=True, help="Characters of context on each side.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="With --format html: write to this file.")
@format_option(choices=("table", "csv", "json", "html"))
@pass_app
def audit(app, city, category, term, mode, other, width, output, fmt):
    """Why does CITY score what it scores: the per-term table (counts in both modes), then every hit with
    its context, page, document title and source. --format html highlights the hits and links sources."""
    from ..match import audit as A

    if fmt == "html":
        from ..registry import resolve_city

        page = A.render_audit_html(app.store, resolve_city(city).code, mode)
        if output:
            from ..lexicon.format import atomic_write_text
            from pathlib import Path

            atomic_write_text(Path(output), page)
            click.echo(f"wrote {output}")
        else:
            click.echo(page)
        return
    if other:
        rows = A.compare_cities(app.store, city, other, mode, category)
        cols = list(rows[0]) if rows else ["category", "term", "difference"]
        emit(rows, fmt, cols, title="comparison")
        return
    terms = A.term_table(app.store, city, category, term)
    hits = A.audit_hits(app.store, city, category, term, mode, width)
    if fmt == "table":
        emit(terms, fmt, ["category", "term", "token", "substring", "difference"], title="terms")
        emit(hits, fmt, ["term", "left", "hit", "right", "page", "title", "source"], title=f"{len(hits)} hits")
    else:
        emit(hits, fmt, ["category", "term", "surface", "page", "offset", "left", "hit", "right", "title",
                         "source", "url", "document_id", "lexicon_version", "mode"])
