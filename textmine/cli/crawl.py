"""Commands of the crawl stage: crawl plans, crawl news, crawl items, sources check/list/status/probe."""
from __future__ import annotations

import contextlib

import click

from ..crawl.config import FetchConfig
from ..store.crawl import last_task
from ..i18n import N_, _
from .params import DATE
from .app import cli_words, main, pass_app
from .output import emit, emit_document, format_option, out_option
from .progress import rich_progress
from ..reference import reference


def fetch_options(f):
    """Politeness and robustness options shared by the crawl commands."""
    d = FetchConfig()
    opts = [
        click.option("--delay", type=click.FloatRange(0), default=d.delay, show_default=True,
                     help="Seconds between two requests to one host (robots.txt Crawl-delay can raise it)."),
        click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
                     help="Cities crawled at once, on different hosts first (16–32 for all 339 portals; each host "
                          "still gets --per-host requests at a time)."),
        click.option("--per-host", "per_host", type=click.IntRange(1, 8), default=d.host_concurrency,
                     show_default=True, help="Requests in flight to one host at a time."),
        click.option("--timeout", type=click.FloatRange(0.1), default=d.timeout, show_default=True,
                     help="Connect/read timeout per request, seconds."),
        click.option("--retries", type=click.IntRange(0, 20), default=d.retries, show_default=True,
                     help="Retries on timeouts, connection errors, truncated bodies, 408, 429 and 5xx."),
        click.option("--backoff", type=click.FloatRange(0), default=d.backoff, show_default=True,
                     help="First back-off before a retry, seconds; doubled per attempt (Retry-After wins)."),
        click.option("--max-mb", type=click.FloatRange(0.01), default=d.max_bytes / 2**20, show_default=True,
                     help="Largest download, MiB."),
        click.option("--user-agent", default=d.user_agent, show_default=False,
                     help="User-Agent header (default names textmine and its purpose)."),
        click.option("--sources", type=click.Path(dir_okay=False), default=None,
                     help="Sources file [default corpora/sources/cities.toml]."),
        click.option("--city", "cities", multiple=True, help="City name, alias or code; repeat for several [default: all]."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _config(delay, timeout, retries, backoff, max_mb, user_agent, per_host=1) -> FetchConfig:
    return FetchConfig(user_agent=user_agent, delay=delay, timeout=timeout, retries=retries, backoff=backoff,
                       max_bytes=int(max_mb * 2**20), host_concurrency=per_host)


@contextlib.contextmanager
def city_progress():
    """The progress bar on a terminal; elsewhere (a crawl of hours under nohup, a log file) one line per city
    done on stderr: [37/339] 南平市 52 found on 4 page(s)."""
    import sys

    with rich_progress() as bar:
        if sys.stderr.isatty():
            yield bar
            return

        def line(what: str, done: float = 0, total: float | None = None) -> None:
            if ": " in what and total:
                click.echo(f"[{int(done)}/{int(total)}] {what.split(': ', 1)[1]}", err=True)   # no words

        yield line


def _print_report(report, what: str) -> None:
    s = report.summary()
    head = _("resumed crawl job #{job}") if report.resumed else _("ran crawl job #{job}")
    click.echo(head.format(job=report.job_id) + ": " + _(
        "{cities} cities ({skipped} already done), {found} {what} found, {added} new; {requests} requests, {downloaded} "
        "downloaded ({bytes:,} bytes), {not_modified} unchanged (304), {read_back} read back from the interrupted run, "
        "{retries} retries, {robots} refused by robots.txt, {offsite} off-site links not followed; redirects followed: "
        "{http} HTTP, {meta} meta refresh, {script} script").format(
        cities=s["cities"], skipped=s["cities_skipped"], found=s["found"], what=_(what), added=s["added"],
        requests=s.get("requests", 0), downloaded=s.get("downloaded", 0), bytes=s.get("bytes", 0),
        not_modified=s.get("not_modified", 0), read_back=s.get("read_back", 0), retries=s.get("retries", 0),
        robots=s.get("robots_refused", 0), offsite=s.get("offsite_refused", 0) + s.get("offsite_links_skipped", 0),
        http=s.get("redirects_followed", 0), meta=s.get("meta_refresh_followed", 0),
        script=s.get("script_redirect_followed", 0)))
    if report.failures:
        click.secho(_("{n} failure(s):").format(n=len(report.failures)), fg="yellow", err=True)
        for city, source, reason in report.failures:
            click.echo(f"  {city}  {source}: {reason}", err=True)


@main.group()
def crawl():
    """Download plan outlines and count government-website news (polite, resumable).

    Where to look comes from the sources files in corpora/sources/ (see `textmine sources check`).
    An interrupted crawl resumes when the same command is run again; a repeated crawl only
    asks the servers whether pages changed (conditional GETs).
    """


@crawl.command(name="plans")
@fetch_options
@click.option("--period", "periods", multiple=True,
              help="Plan period(s) to fetch (十四五, 十五五 …; repeatable) [default: all in the sources].")
@pass_app
def crawl_plans_cmd(app, cities, sources, periods, delay, workers, per_host, timeout, retries, backoff, max_mb,
                    user_agent):
    """Find and download each city's five-year plan outline (article page -> PDF/DOC/WPS/OFD/DOCX
    attachment, or the article itself, all its pages) and record it as a `plan` document; an
    outline published in parts (上/下, 第一篇…) becomes one document of parts in their order."""
    from ..crawl import crawl_plans  # start-up: requests, bs4, lxml


    with city_progress() as progress:
        report = crawl_plans(app.store, list(cities), sources=sources, periods=list(periods) or None,
                             config=_config(delay, timeout, retries, backoff, max_mb, user_agent, per_host),
                             workers=workers, progress=progress)
    _print_report(report, N_("plan documents"))


_news_lexicon_option = click.option(
    "--news-lexicon", "news_lexicon", default=None, metavar="NAME|FILE",
    help="News query lexicon: news (lexicons/news.txt, the report's phrase 生态产品价值实现), broad "
         "(lexicons/news-broad.txt) or a file [default: the model's, scoring/model.toml [news]].")


@crawl.command(name="news")
@fetch_options
@click.option("--since", type=DATE, help="First publication date, YYYY-MM-DD [default: the model's reference window].")
@click.option("--until", type=DATE, help="Last publication date, YYYY-MM-DD [default: the model's reference window].")
@_news_lexicon_option
@pass_app
def crawl_news_cmd(app, cities, sources, since, until, news_lexicon, delay, workers, per_host, timeout, retries,
                   backoff, max_mb, user_agent):
    """Collect the news items about 生态产品价值实现 on each city's government website in a window.

    Every candidate item the portal shows for the lexicon's queries (title, date, URL; the article when
    it must be read) is stored; which ones count is decided by the matcher, as for plans. See
    `textmine crawl items`.
    """
    from ..crawl import crawl_news  # start-up: requests, bs4, lxml


    from ..count.news import count_news  # start-up: 18 more modules than `textmine --help` needs

    ref = reference()
    if since is None and until is None:
        since, until = ref.since, ref.until
    with city_progress() as progress:
        report = crawl_news(app.store, list(cities), since=since, until=until, sources=sources, lexicon=news_lexicon,
                            config=_config(delay, timeout, retries, backoff, max_mb, user_agent, per_host),
                            workers=workers, progress=progress)
    _print_report(report, N_("candidate news items"))
    counts = count_news(app.store, news_lexicon, since, until)
    click.echo(_("counted: {what}").format(what=counts.describe()))
    for o in report.outcomes:
        n = counts.counts.get(o.city_code)
        click.echo(_("  {city}: {found} candidates, ").format(city=o.city_name, found=o.found)
                   + (_("not covered: {why}").format(why=counts.not_covered.get(o.city_code, "")) if n != n else
                      _("{n} counted").format(n=int(n))))


@crawl.command(name="items")
@click.option("--city", help="City name, alias or code [default: all].")
@click.option("--since", type=DATE, help="First publication date, YYYY-MM-DD [default: the model's reference window].")
@click.option("--until", type=DATE, help="Last publication date, YYYY-MM-DD [default: the model's reference window].")
@_news_lexicon_option
@click.option("--all", "include_all", is_flag=True,
              help="Every stored candidate with why it counts or not (undated, outside the window, no match).")
@format_option()
@pass_app
def crawl_items_cmd(app, city, since, until, news_lexicon, include_all, fmt):
    """List the news items behind the news count: title, date, URL, matched term and the sentence."""
    from ..crawl import list_news_items  # start-up: requests, bs4, lxml


    ref = reference()
    if since is None and until is None:
        since, until = ref.since, ref.until
    rows = list_news_items(app.reader, city, since, until, lexicon=news_lexicon, include_all=include_all)
    emit(rows, fmt, ["city", "published", "title", "status", "matched", "matched_in", "sentence", "url"],
         title=_("{n} news items ({since} – {until})").format(n=len(rows), since=since or "…", until=until or "…"))


@main.group()
def sources():
    """The crawl sources: where each city's plan and news are (corpora/sources/)."""


@sources.command(name="check")
@click.option("--sources", "path", type=click.Path(dir_okay=False), default=None,
              help="Sources file [default corpora/sources/cities.toml].")
@format_option()
@pass_app
def sources_check_cmd(app, path, fmt):
    """Validate a sources file (keys, cities, URLs, allowed hosts, selectors, templates) and list
    its entries with their verification state and last crawl. Exit code 2 when anything is wrong."""
    from ..crawl.sources import SourcesError, check_sources  # start-up: bs4, lxml, charset_normalizer


    srcs, problems = check_sources(path)
    store = app.reader
    rows = []
    for cs in srcs.cities.values():
        last = {}
        for kind in ("plans", "news"):
            r = last_task(store.conn, kind, cs.city.code)
            last[kind] = f"{r['status']} {r['at'][:10]}" if r else ""
        rows.append({"city": cs.city.name, "code": cs.city.code, "portal": cs.portal,
                     "news": cs.news.name if cs.news else "", "plans": ", ".join(p.period for p in cs.plans),
                     "verified": "yes" if cs.verified else "no", "last_plans_crawl": last["plans"],
                     "last_news_crawl": last["news"]})
    emit(rows, fmt, ["city", "code", "portal", "news", "plans", "verified", "last_plans_crawl", "last_news_crawl"],
         title=_("{n} city entries in {path}").format(n=len(rows), path=srcs.files[-1]))
    if problems:
        raise SourcesError(problems)
    click.echo(_("ok: {n} city entries, {platforms} platforms, no problems").format(n=len(rows),
                                                                                  platforms=len(srcs.platforms)),
               err=True)


@sources.command(name="list")
@click.option("--sources", "path", type=click.Path(dir_okay=False), default=None,
              help="Sources file [default corpora/sources/cities.toml].")
@click.option("--city", "cities", multiple=True, help="City name, alias or code; repeat for several [default: all].")
@format_option()
def sources_list_cmd(path, cities, fmt):
    """Per city: the portal, the news source (column, home column — found on the home page at crawl time —,
    adapter, or none), the policy library, the plan entries, verified, and where the values came from."""
    from ..crawl.overview import LIST_COLUMNS, source_rows  # start-up: bs4, lxml, charset_normalizer
    from ..crawl.sources import load_sources  # start-up: bs4, lxml, charset_normalizer

    srcs = load_sources(path)
    rows = _only(source_rows(srcs), srcs, cities)
    emit(rows, fmt, LIST_COLUMNS, title=_("{n} city entries in {path}").format(n=len(rows), path=srcs.files[-1]))


def _only(rows, srcs, cities):
    if not cities:
        return rows
    codes = {cs.city.code for cs in srcs.select(list(cities))}
    return [r for r in rows if r["code"] in codes]


@sources.command(name="status")
@click.option("--sources", "path", type=click.Path(dir_okay=False), default=None,
              help="Sources file [default corpora/sources/cities.toml].")
@click.option("--city", "cities", multiple=True, help="City name, alias or code; repeat for several [default: all].")
@click.option("--not-found", "not_found", is_flag=True, help="Only the cities whose 十五五 outline was searched and not found.")
@format_option()
@pass_app
def sources_status_cmd(app, path, cities, not_found, fmt):
    """Per city: the news source and the last news crawl (items found, the column read, complete or not), each
    period's outline (counted, found, or NOT FOUND with what was listed and what was rejected), open errors.
    Ends with how many cities' G02 and G05–G08 rest on verified source entries."""
    from ..crawl.overview import STATUS_COLUMNS, provenance, status_rows  # start-up: bs4, lxml, charset_normalizer
    from ..crawl.sources import load_sources  # start-up: bs4, lxml, charset_normalizer

    srcs = load_sources(path)
    all_rows = status_rows(app.reader, srcs)
    rows = _only(all_rows, srcs, cities)
    if not_found:
        rows = [r for r in rows if r["outline_十五五"].startswith("NOT FOUND")]
    emit(rows, fmt, STATUS_COLUMNS, title=_("{n} cities: sources and last crawls").format(n=len(rows)))
    for line in provenance(app.reader, srcs, all_rows).lines():
        click.echo(line, err=fmt != "table")


@sources.command(name="probe")
@click.argument("url", metavar="URL|FILE")
@click.option("--url", "page_url", default=None,
              help="For a saved page (FILE): the address it was saved from [default: from the page].")
@click.option("--city", help="The city the portal belongs to (name, alias or code) [default: from the site's name].")
@click.option("--query", default="生态产品价值实现", show_default=True, help="What the site search is asked.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Another host the probe may request (a search engine on another site); repeatable.")
@click.option("--delay", type=click.FloatRange(0), default=FetchConfig().delay, show_default=True,
              help="Seconds between two requests to one host.")
@click.option("--timeout", type=click.FloatRange(0.1), default=FetchConfig().timeout, show_default=True,
              help="Connect/read timeout per request, seconds.")
@click.option("--retries", type=click.IntRange(0, 20), default=2, show_default=True, help="Retries per request.")
@click.option("--user-agent", default=FetchConfig().user_agent, help="User-Agent header.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: what was found, then the [[city]] entry; json: all of it as one object.")
@out_option()
@pass_app
def sources_probe_cmd(app, url, page_url, city, query, allow_hosts, delay, timeout, retries, user_agent, fmt):
    """Look at a portal's home page: recognise its CMS (corpora/sources/cms.toml), try the matching
    platform adapters with the query on its site search, and print a ready [[city]] entry for
    cities.toml with what worked (items on the first result page, sample titles) and what did not.

    Given a saved page (a FILE instead of a URL) it works offline: the CMS from the page's generator meta,
    script paths and link shapes, and a proposed news source (the news column the page links, else the
    CMS's site-search adapter, else home_column). Nothing is requested."""
    import json
    from pathlib import Path

    if Path(url).is_file():
        from ..crawl.saved import probe_saved  # start-up: bs4, lxml, charset_normalizer

        saved = probe_saved(url, url=page_url, city=city)
        if fmt == "json":
            emit_document(json.dumps(saved.as_dict(), ensure_ascii=False, indent=2) + "\n", None)
            return
        for d in saved.detected:
            state = _("recognised") if d.score >= 3 else _("hint only")
            click.echo(_("cms: {cms}, score {score} ({state}): {evidence}").format(
                cms=d.cms.label, score=d.score, state=state, evidence=", ".join(d.evidence)), err=True)
        emit_document(saved.entry(), None)
        return
    from ..crawl.probe import probe_portal  # start-up: requests, bs4, lxml

    config = FetchConfig(user_agent=user_agent, delay=delay, timeout=timeout, retries=retries, backoff=1.0)
    report = probe_portal(app.store, url, city=city, query=query, allow_hosts=allow_hosts, config=config)
    if fmt == "json":
        emit_document(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", None)
        return
    click.echo(_("site: {site}; charset {charset}; portal {portal}").format(
        site=report.site or _("(no name)"), charset=report.charset, portal=report.portal), err=True)
    for d in report.detected:
        state = _("recognised") if d.score >= 3 else _("hint only")
        click.echo(_("cms: {cms}, score {score} ({state}): {evidence}").format(
            cms=d.cms.label, score=d.score, state=state, evidence=", ".join(d.evidence)), err=True)
    for f in report.forms:
        click.echo(_("search form: {method} {action} (query field {field})").format(
            method=f.method.upper(), action=f.action, field=f.query_name), err=True)
    emit_document(cli_words(report.entry(), main), None)
    best = report.best
    click.echo((_("ok: {worked} of {tries} tries read results for {query!r}") if best else
                _("no working search: {worked} of {tries} tries read results for {query!r}")).format(
        worked=sum(a.worked for a in report.attempts), tries=len(report.attempts), query=query), err=True)
