"""`textmine count` and `textmine audit`: the planning indicators and every hit behind them."""
from __future__ import annotations

import click

from ..count.scope import MODES
from ..count.segment import BACKENDS, COUNT_BACKEND
from ..i18n import _
from ..nametable import shown
from .params import DATE, CategoryChoice, NameChoice, only_with
from .app import main, pass_app
from .output import emit, emit_document, format_option
from .help import TranslatedGroup
from .progress import rich_progress



@main.command()
@click.option("--mode", type=NameChoice("mode", MODES), help="token (jieba tokens equal to a term, the default) or "
              "substring (Aho-Corasick, leftmost-longest).")
@click.option("--period", help="Plan period whose outlines are shown (十四五, 十五五 …) [default: the model's, "
              "scoring/model.toml].")
@click.option("--compare", "compare", nargs=2, metavar="OLD NEW",
              help="Refresh view: per city and category the counts and densities of two periods' outlines, the "
              "change, and the terms gained and lost (e.g. --compare 十四五 十五五).")
@click.option("--backend", type=click.Choice(BACKENDS), default=COUNT_BACKEND, show_default=True,
              help="Segmenter for token mode: jieba (the reference; term tokens found by jieba's own route) or "
                   "rjieba (jieba-rs, faster at segmenting, but its term tokens may differ: docs/lexicon.md).")
@click.option("--full", is_flag=True, help="Match every page again instead of only what the last change touched.")
@click.option("--all-cities", is_flag=True, help="List all 339 cities (missing values for cities without a plan).")
@click.option("--lexicons", "directory", envvar="TEXTMINE_LEXICONS", type=click.Path(file_okay=False),
              help="Lexicon folder [env TEXTMINE_LEXICONS].")
@click.option("--strict", is_flag=True, help="Refuse to show the indicators while a city's outline choice for the "
              "period needs review (`textmine documents review`).")
@format_option()
@pass_app
def count(app, mode, period, compare, backend, full, all_cities, directory, strict, fmt):
    """Count lexicon terms in the plans and show the four planning indicators of one plan period: per
    city, occurrences per category, distinct terms and density per 10,000 characters, read from the one
    outline counted for the city in that period (copies, drafts with a final version, and sectoral plans are
    not counted; see `textmine documents`). Every hit of every plan is stored for `textmine audit`.
    Incremental: after a lexicon edit only pages containing a changed term are matched again."""
    only_with(not compare, "one period (not --compare)", period=period, all_cities=all_cities, strict=strict)
    from ..count import DEFAULT_MODE, count_corpus, indicator_rows

    mode = mode or DEFAULT_MODE
    if app.reader.readonly:     # a read-only data home: show what is stored, count nothing
        rep = None
        click.secho(_("note: the data home {home} is read-only: the counts stored are shown, nothing is counted "
                      "again").format(home=app.reader.home), fg="yellow", err=True)
    else:
        with rich_progress(fmt == "table") as progress:
            rep = count_corpus(app.store, mode, lexicon_dir=directory, backend=backend, full=full, progress=progress)
    store = app.reader
    from ..count.state import stored_categories, version_text

    if compare:
        from ..count.periods import compare_periods

        rows = compare_periods(store, compare[0], compare[1], mode)
        versions = {r["category"]: r["lexicon_version"] for r in rows}
        if fmt == "table":
            click.echo(_("both periods counted with one lexicon version: {versions}").format(
                versions=version_text(versions) or "-"))
            rows = [{k: v for k, v in r.items() if not k.endswith("_document") and k != "lexicon_version"}
                    for r in rows]
        emit(rows, fmt, list(rows[0]) if rows else None,
             title=_("{old} → {new} ({mode} mode, one outline per city and period)").format(
                 old=compare[0], new=compare[1], mode=shown("mode", mode)))
        return
    from ..count.indicators import counted_documents
    from ..editions import missing_summary, require_reviewed, review_warning

    period_shown, sel = counted_documents(store, period)
    if strict:
        require_reviewed(sel)
    rows = indicator_rows(store, mode, only_with_plan=not all_cities, period=period)
    cats = stored_categories(store, mode)
    cols = ["city", "code", "period", "document_id", "draft", *cats, *(f"{c}_distinct" for c in cats),
            *(f"{c}_density" for c in cats), "plan_chars", "has_plan", "document_title"]
    if fmt == "table":
        drafts = sum(r["draft"] for r in rows)
        work = _("{pages} plan and policy pages ({chars:,} characters), {matched} matched, {reused} reused").format(
            pages=rep.pages, chars=rep.chars, matched=rep.matched, reused=rep.reused) if rep else _("stored counts")
        click.echo(_("{mode} mode: {work}; {n} cities with a {period} outline").format(
            mode=shown("mode", mode), work=work, n=sum(r["has_plan"] for r in rows), period=period_shown)
                   + (_(" ({n} of them a DRAFT)").format(n=drafts) if drafts else ""))
        for r in rows:
            r["document"] = (f"#{r['document_id']}" + (_(" DRAFT") if r["draft"] else "")) if r["has_plan"] else ""
        cols = ["city", "code", "document", *cats, *(f"{c}_density" for c in cats)]  # distinct: csv/json
    from ..nametable import category_headers

    emit(rows, fmt, cols, title=_("planning indicators: {period} outlines ({mode} mode)").format(
        period=period_shown, mode=shown("mode", mode)), headers=category_headers(cats))
    why = missing_summary(sel)
    if why and fmt == "table":
        click.echo(_("{period}: {why} (`textmine documents review --all --period {period}` says why per city)")
                   .format(period=period_shown, why=why))
    warning = review_warning(sel)
    if warning:
        click.secho(_("warning: {message}").format(message=warning), fg="yellow", err=True)


def _count_modes_on_demand(app, city, period, document, mode) -> None:
    """The audit shows both counting modes: a mode the audited document is not counted in yet (`textmine count`
    counts one) is counted now, saying so; in a read-only data home the audit refuses instead of showing 0."""
    from ..count import MODES, count_corpus
    from ..count import audit as A

    docs = A.audit_documents(app.reader, city, period=period, document=document)
    missing = A.modes_missing(app.reader, docs, MODES)
    if not missing:
        return
    if app.reader.readonly:
        if (mode or "token") in missing:
            raise A.ModeNotCounted(f"the audited document is not counted in {mode or 'token'} mode, and the data home "
                                   "is read-only: count it where it can be written (`textmine count --mode "
                                   f"{mode or 'token'}`)", mode or "token", docs)
        return
    for m in missing:
        rep = count_corpus(app.store, m)
        click.secho(_("note: {mode} mode was not counted yet: counted now ({pages} page(s) matched, {hits} hit(s)), "
                      "so both modes are shown").format(mode=m, pages=rep.matched, hits=rep.hits), fg="yellow", err=True)


class _CityByDefault(TranslatedGroup):
    """`textmine audit CITY …` stands for `textmine audit city CITY …`: a first word that is not a subcommand
    (sample, precision) is the city."""

    default_command = "city"

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@main.group(cls=_CityByDefault)
def audit():
    """Audit the counts: every hit of a city in context (`textmine audit CITY`, short for `audit city
    CITY`), and the lexicons' measured precision: `audit sample` draws hits for a person to label,
    `audit precision` measures each term and category from the labels."""


@audit.command("city")
@click.argument("city")
@click.option("--category", type=CategoryChoice(extra=("news",)), help="Only this category; news lists the news "
              "items counted for 政府关注 (G02) with the matching sentence.")
@click.option("--term", help="Only this term (canonical or variant).")
@click.option("--mode", type=NameChoice("mode", MODES), help="Mode of the hits listed [default: token].")
@click.option("--period", help="Plan period whose counted outline is audited [default: the model's].")
@click.option("--document", "document", type=int, metavar="ID", help="Audit this plan document instead (a sectoral "
              "plan, a copy, a draft: `textmine documents list --city CITY`).")
@click.option("--news-lexicon", "news_lexicon", metavar="NAME|FILE", help="With --category news: the news lexicon "
              "[default: the model's].")
@click.option("--since", type=DATE, help="With --category news: window start [default: the model's reference window].")
@click.option("--until", type=DATE, help="With --category news: window end [default: the model's reference window].")
@click.option("--compare", "other", metavar="CITY2", help="Put a second city side by side, term by term.")
@click.option("--width", default=30, show_default=True, help="Characters of context on each side.")
@format_option(choices=("table", "csv", "json", "html"))
@pass_app
def audit_city(app, city, category, term, mode, period, document, news_lexicon, since, until, other, width, fmt):
    """Why does CITY score what it scores: the per-term table (counts in both modes), then every hit with
    its context, page, document title and source, in the one outline counted for the city and period
    (or the document given). --format html highlights the hits and links sources."""
    only_with(category == "news", "--category news", news_lexicon=news_lexicon, since=since, until=until)
    only_with(category != "news", "a lexicon category (not --category news)", term=term, document=document,
              compare=other)
    only_with(other is None, "one city (not --compare)", document=document)
    from ..count import audit as A

    if category == "news":
        from ..count.news import MODEL, count_news

        if since is None and until is None:
            since, until = MODEL, MODEL
        counts = count_news(app.reader, news_lexicon, since, until, mode)
        rows = A.news_audit(app.reader, city, lexicon=news_lexicon, since=since, until=until, mode=mode)
        if fmt == "table":
            from ..registry import resolve_city

            code = resolve_city(city).code
            n = counts.counts.get(code)
            measured = _("{n} counted").format(n=int(n)) if n == n else _("not measured ({why})").format(
                why=counts.not_covered.get(code) or _("no news crawl for this city"))
            click.echo(f"{counts.describe()}: {measured}" + _(
                ": G02 counts a portal's whole news column over the window (`textmine crawl news --city {city}`); "
                "the items below (crawled or ingested by hand) are what it would count").format(
                city=resolve_city(city).name))
        emit(rows, fmt if fmt != "html" else "table", ["status", "published", "title", "term", "where", "sentence",
                                                       "url", "document_id"],
             title=_("{n} news items").format(n=len(rows)))
        return
    if fmt == "html":
        from ..registry import resolve_city

        emit_document(A.render_audit_html(app.reader, resolve_city(city).code, mode, period=period), None)
        return
    if other:
        for c in (city, other):
            _count_modes_on_demand(app, c, period, None, mode)
        rows = A.compare_cities(app.reader, city, other, mode, category, period=period)
        cols = list(rows[0]) if rows else ["category", "term", "difference"]
        emit(rows, fmt, cols, title=_("comparison"))
        return
    _count_modes_on_demand(app, city, period, document, mode)
    terms = A.term_table(app.reader, city, category, term, period=period, document=document)
    hits = A.audit_hits(app.reader, city, category, term, mode, width, period=period, document=document)
    if fmt == "table":
        emit(terms, fmt, ["category", "term", "token", "substring", "difference", "excluded"], title=_("terms"))
        emit(hits, fmt, ["term", "left", "hit", "right", "page", "period", "title", "source"],
             title=_("{n} hits").format(n=len(hits)))
    else:
        emit(hits, fmt, ["category", "term", "surface", "page", "offset", "left", "hit", "right", "title",
                         "source", "url", "document_id", "period", "plan_type", "lexicon_version", "mode"])
