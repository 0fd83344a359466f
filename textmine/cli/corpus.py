"""Commands over the registry and the corpus: cities, ingest, status."""
from __future__ import annotations

import click

from ..editions import load_rules
from ..editions.decisions import decisions_path
from ..edition_rules import PLAN_TYPES
from ..errors import TextmineError
from ..homelock import HomeLock
from ..i18n import _
from ..ingest import KINDS, ingest
from ..nametable import shown
from ..recover import recover_store
from ..reference import model_line
from ..registry import REQUIRED_COLUMNS, load_registry
from ..status import corpus_status
from ..store import resolve_home
from .app import AppContext, main, pass_app
from .output import emit, format_option, with_hint
from .params import NameChoice
from .progress import rich_progress


@main.command()
@click.option("--province", help="Province name (浙江, 浙江省) or 2-digit code.")
@click.option("--region", help="Geographic region: 华北 东北 华东 华中 华南 西南 西北.")
@click.option("--zone", help="NBS economic zone: 东部 中部 西部 东北.")
@click.option("--basin", help="River basin: 长江经济带 (11 provinces) or 黄河流域 (9 provinces).")
@format_option()
def cities(province, region, zone, basin, fmt):
    """List the 339 cities of the index with codes, provinces, regions, basins and aliases."""
    rows = [c.as_dict() for c in load_registry().filter(province=province, region=region, zone=zone, basin=basin)]
    emit(rows, fmt, list(REQUIRED_COLUMNS), title=_("{n} cities").format(n=len(rows)))


@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--city", required=True, help="City name, alias (南平, 阿坝州) or 6-digit code.")
@click.option("--kind", required=True, type=NameChoice("kind", KINDS), help="Document kind: plan (五年规划纲要), news, "
              "policy (notices for the yes/no leaves), communique (统计公报), budget (预算执行情况和预算草案的报告), "
              "final_accounts (决算报告), water_bulletin (水资源公报); the last four are read by `textmine facts`.")
@click.option("--title", help="Title [default: for a plan, the heading read from the document once parsed; the file "
              "name until then, and for other kinds]. On a file already in the corpus it corrects the title.")
@click.option("--year", type=int, help="Year of the document.")
@click.option("--date", help="Publication date of a news or policy document (YYYY-MM-DD, 2024年5月3日) [default: the "
              "date read from the page]: a news item counts for G02 only inside the window.")
@click.option("--url", help="Where the document came from.")
@click.option("--period", help="Plan period (十一五 … 十五五), kept over what is detected from title and text.")
@click.option("--plan-type", type=NameChoice("plan_type", PLAN_TYPES), help="Plan type, kept over what is detected: outline "
              "(国民经济和社会发展规划纲要, counted), draft (征求意见稿/草案, counted only without a final outline), "
              "sectoral (专项规划), interpretation (解读), other.")
@click.option("--no-parse", is_flag=True, help="Do not parse the files now (no check for near-identical texts until "
              "`textmine parse`).")
@pass_app
def ingest_cmd(app, paths, city, kind, title, year, url, date, period, plan_type, no_parse):
    """Add local PDF, HTML, DOCX, DOC, WPS, OFD or TXT files (folders are walked) to the corpus.

    Files are deduplicated by content hash; a failure leaves the store unchanged. The files added are
    parsed at once (as `textmine parse`; --no-parse leaves that for later) and compared with every
    document of the store: a text near-identical to one already there (under another city or kind, or a
    copy) is reported. Each document's plan period and plan type are detected from its title and text
    unless given; `--period`/`--plan-type` on a file already in the corpus set them for it.

    A news page (--kind news) joins the city's news items for 政府关注 (G02), dated by --date or the page: it
    counts, with the news lexicon and matcher, when it is inside the window and the city's news are measured
    (a news crawl covers the window: `textmine crawl news`); each one says which. Policy and news documents are
    also read by `textmine evidence`.
    """
    from ..editions import document_listing  # start-up: 15 more modules than `textmine --help` needs


    with rich_progress() as progress:
        report = ingest(app.store, list(paths), city=city, kind=kind, title=title, year=year, url=url,
                        period=period, plan_type=plan_type, parse=not no_parse, progress=progress, date=date)
    editions = {r["id"]: r for r in document_listing(app.store, city=city)}
    labels = {t.name: t.label for t in load_rules().doc_types}
    for doc_id, path in report.added:
        e = editions.get(doc_id, {})
        known = e.get("period") or e.get("plan_type") not in (None, "", "other")
        doc_type = e.get("doc_type") or ""
        edition = f"{e.get('period') or _('no period')} {shown('plan_type', e.get('plan_type'))}" + (
            f": {labels.get(doc_type, doc_type)}" if doc_type and doc_type != e.get("plan_type") else "") \
            if known else _("period and type not in the title: detected from the text when parsed")
        if e.get("kind", kind) != "plan":   # periods and plan types are about outlines; facts read the data year
            edition = shown("kind", e.get("kind", kind))
        click.echo(_("added     #{id}  {path}  [{edition}]").format(id=doc_id, path=path, edition=edition))
    for doc_id, path in report.duplicates:
        note = "".join(x for x, ids in ((_(" (edition set)"), report.reclassified), (_(" (title set)"), report.retitled))
                       if doc_id in ids)
        click.echo(_("duplicate #{id}  {path} (same content already recorded){note}").format(id=doc_id, path=path,
                                                                                          note=note))
    for doc_id, gone in report.removed_before:
        click.secho(_("note: #{id} is a file removed before as #{old} ({date}, {by}: {why}); it is in the corpus "
                      "again").format(id=doc_id, old=gone["id"], date=gone["removed_at"][:10], by=gone["by"],
                                      why=gone["why"]), fg="yellow", err=True)
    for path, reason in report.skipped:
        click.echo(_("skipped   {path}: {reason}").format(path=path, reason=reason), err=True)
    if report.parse is not None:
        for doc_id, reason in report.parse.failed:
            click.secho(_("not parsed #{id}: {reason}").format(id=doc_id, reason=with_hint(reason)), fg="yellow",
                        err=True)
    from ..editions.duplicates import duplicate_groups  # start-up: 12 more modules than `textmine --help` needs

    for group in duplicate_groups(app.store, report.near_duplicates):     # one warning per group, not per pair
        click.secho(_("warning: {message}").format(message=group.message), fg="yellow", err=True)
    for n in report.news:        # what G02 does with each news document added
        click.echo(_("news      #{id}  published {date}: {why}").format(
            id=n["id"], date=n["published"] or _("(no date: give --date)"), why=n["why"]))
    near = {i for d in report.near_duplicates for i in (d.document_id, d.other_id)} & {d for d, _x in report.added}
    click.echo(_("{added} added, {duplicates} duplicate, {skipped} skipped").format(
        added=len(report.added), duplicates=len(report.duplicates), skipped=len(report.skipped))
               + (_("; {n} near-identical to another document").format(n=len(near)) if near else ""))


@main.command()
@format_option()
@pass_app
def status(app, fmt):
    """Show what the corpus holds per city and kind, and what failed and why."""


    st = corpus_status(app.reader)
    if fmt == "json":
        import json

        click.echo(json.dumps({"home": st.home, "data_root": st.data_root, "schema_version": st.schema_version, "totals": st.totals,
                               "per_city": st.per_city, "editions": st.editions,
                               "near_duplicates": st.near_duplicates, "duplicate_groups": st.duplicate_groups,
                               "failures": st.failures},
                              ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        t = st.totals
        click.echo(_("data home {home} (schema v{schema}): {documents} documents for {cities} cities, {bytes:,} "
                     "bytes; {failures} open failures").format(
            home=st.home, schema=st.schema_version, documents=t["documents"], cities=t["cities"], bytes=t["bytes"],
            failures=t["open_failures"]))
        click.echo(_("data root {root}: lexicons/, corpora/, scoring/").format(root=st.data_root))

        click.echo(_("model {model}").format(model=model_line()))
    emit(st.per_city, fmt, ["city", "code", "kind", "documents", "bytes"], title=_("corpus"))
    if st.editions and fmt == "table":
        emit(st.editions, fmt, ["period", "cities_counted", "drafts_counted", "copies", "conflicts",
                                "superseded_drafts", "not_outlines", "not_the_citys", "not_parsed", "to_review"],
             title=_("plan outlines counted per period (details: textmine documents list; the review queue: "
                     "textmine documents review)"))
    if st.duplicate_groups and fmt == "table":
        emit(st.duplicate_groups, fmt, ["documents", "jaccard", "message"], title=_("near-identical texts"))
    if st.failures and fmt == "table":
        for f in st.failures:
            f["reason"] = with_hint(f["reason"])
        emit(st.failures, fmt, ["stage", "city", "source", "reason", "at"], title=_("failures"))


@main.group()
def documents():
    """The documents of the corpus: their plan period and type, and which one is counted.

    For each city and plan period one outline is counted (the most complete copy; a draft only when no
    final outline exists); every other plan document says why it is not counted.
    """


@documents.command(name="list")
@click.option("--city", help="Only this city (name, alias or code).")
@click.option("--kind", type=NameChoice("kind", KINDS), help="Only documents of this kind.")
@click.option("--period", help="Only documents of this plan period (十四五, 十五五 …).")
@click.option("--removed", is_flag=True, help="The records of the documents removed (`documents remove`) instead.")
@format_option()
@pass_app
def documents_list(app, city, kind, period, removed, fmt):
    """List documents with period, plan type, what decided them, and the counting decision."""
    from ..editions import LISTING_COLUMNS, document_listing  # start-up: 15 more modules than `textmine --help` needs

    if removed:
        from ..documents import removed_documents  # start-up: 12 more modules than `textmine --help` needs

        rows = removed_documents(app.reader, city)
        emit(rows, fmt, ["id", "city", "kind", "period", "plan_type", "title", "source", "sha256", "removed_at", "why",
                         "by"], title=f"{len(rows)} document(s) removed (raw files kept)")
        return

    rows = document_listing(app.reader, city=city, kind=kind, period=period)
    cols = LISTING_COLUMNS if fmt != "table" else ["id", "city", "format", "period", "doc_type", "plan_type",
                                                   "confidence", "status", "review", "body_chars", "title", "reason"]
    emit(rows, fmt, cols, title=_("{n} documents").format(n=len(rows)))


@documents.command(name="review")
@click.option("--period", help="Only this plan period [default: every period the corpus holds plan documents of].")
@click.option("--city", help="Only this city (name, alias or code).")
@click.option("--all", "everything", is_flag=True, help="Every city holding a plan document of the period, not only "
              "those whose choice needs review.")
@format_option()
@pass_app
def documents_review(app, period, city, everything, fmt):
    """The review queue: each city and period whose outline choice is uncertain and not reviewed yet.

    A choice needs review when two different outline texts compete, the counted outline is uncertain (its
    title and cover disagree, only the text names its period …), only a draft is counted, or nothing is
    counted but look-alikes are there (only a 建议, only a county's outline). Decide with `textmine documents
    accept`; the decision is kept in the workspace (corpora/editions-decisions.csv).
    """
    from ..editions import review_rows  # start-up: 15 more modules than `textmine --help` needs


    rows = review_rows(app.reader, period, city=city, everything=everything)
    cols = ["city", "code", "period", "review", "counted", "confidence", "why", "candidates", "decided", "title"]
    if fmt == "table":
        cols = ["city", "period", "review", "counted", "confidence", "why", "candidates"]
    emit(rows, fmt, cols, title=(_("{n} outline choice(s)") if everything else _("{n} outline choice(s) to review"))
         .format(n=len(rows)))
    if fmt == "table" and rows and not everything:
        click.echo(_("decide: textmine documents accept CITY --period P [--document ID | --none] [--note TEXT]"))


@documents.command(name="accept")
@click.argument("city")
@click.option("--period", help="Plan period [default: the model's, scoring/model.toml].")
@click.option("--document", "document_id", type=int, metavar="ID", help="Count this document (default: the one "
              "counted now).")
@click.option("--none", "none", is_flag=True, help="The city has no outline for the period among these documents.")
@click.option("--note", default="", help="Why (kept with the decision).")
@click.option("--by", help="Who decided [default: the login name].")
@pass_app
def documents_accept(app, city, period, document_id, none, note, by):
    """Record the outline choice of CITY for a period, after review: count the document counted now, another
    one (--document ID), or none (--none).

    The decision goes to corpora/editions-decisions.csv of the workspace (commit it with the workspace), keyed
    by the document's content hash, so the next refresh and a colleague's data home make the same choice.
    A candidate added later puts the city back in the review queue.
    """
    from ..editions import accept_choice  # start-up: 15 more modules than `textmine --help` needs


    d = accept_choice(app.store, city, period, document_id=document_id, none=none, note=note, by=by)
    what = _("count “{title}” (sha256 {sha}…)").format(title=d.title, sha=d.sha256[:12]) if d.decision == "count" \
        else _("no outline")
    click.echo(_("{city} {period}: {what} — recorded in {path}").format(city=d.city, period=d.period, what=what,
                                                                       path=decisions_path()))


@documents.command(name="set")
@click.argument("ids", nargs=-1, required=True, type=int)
@click.option("--period", help="Plan period (十一五 … 十五五).")
@click.option("--plan-type", type=NameChoice("plan_type", PLAN_TYPES), help="Plan type.")
@click.option("--city", help="The document's city (name, alias or code): for a document ingested under the wrong "
              "city; its hits and outline choice move with it.")
@click.option("--title", help="The document's title, kept over the heading read from it.")
@pass_app
def documents_set(app, ids, period, plan_type, city, title):
    """Correct documents IDS by hand: plan period and/or type (kept over detection), city, title.

    Each correction is kept in the data home's journal (`textmine recover` makes it again); the next
    `textmine count`/`run` counts the documents under their new city and edition.
    """
    from ..documents import set_document  # start-up: 12 more modules than `textmine --help` needs
    from ..editions import document_listing, set_edition  # start-up: 15 more modules than `textmine --help` needs

    if not (period or plan_type or city or title is not None):
        raise TextmineError(_("give --period, --plan-type, --city and/or --title"))
    changed = set_document(app.store, list(ids), city=city, title=title) if city or title is not None else []
    n = set_edition(app.store, list(ids), period=period, plan_type=plan_type) if period or plan_type else 0
    for c in changed:
        for what in ("city", "title"):
            if what in c:
                label = _("city") if what == "city" else _("title")
                click.echo(f"#{c['id']} {label}: {c[what]}")
    for row in document_listing(app.store):
        if row["id"] in ids:
            click.echo(f"#{row['id']} {row['city']}: {row['period'] or _('no period')} "
                       f"{shown('plan_type', row['plan_type'])} — "
                       f"{shown('status', row['status']) if row['status'] else shown('kind', row['kind'])}: "
                       f"{row['reason']}")
    done = max(n, sum(1 for c in changed if len(c) > 1))
    click.echo(_("{n} document(s) updated; the next `textmine count`/`run` uses them").format(n=done))


@documents.command(name="remove")
@click.argument("ids", nargs=-1, required=True, type=int)
@click.option("--why", required=True, help="Why it is removed (kept with the record).")
@click.option("--by", help="Who removed it [default: the login name].")
@pass_app
def documents_remove(app, ids, why, by):
    """Take documents IDS out of the corpus (a copy under the wrong city, a placeholder, a page that is not a
    document). Their pages, hits and parse go; the raw file stays in the data home and a record says what was
    removed, when, why and by whom (`textmine documents list --removed`). Ingesting the file again brings it back.
    """
    from ..documents import remove_documents  # start-up: 12 more modules than `textmine --help` needs

    for r in remove_documents(app.store, list(ids), why, by):
        click.echo(_("removed #{id} ({kind}, {title}): {why} — raw file {sha}… kept").format(
            id=r["id"], kind=shown("kind", r["kind"]), title=r["title"] or r["source"], why=r["why"],
            sha=r["sha256"][:12]))
    click.echo(_("the next `textmine count`/`run` no longer counts them; `textmine documents list --removed` lists "
                 "the records"))


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even when the database passes its integrity check.")
@click.pass_context
def recover(ctx, force):
    """Rebuild a damaged database from the raw files and journal.jsonl.

    The damaged file is kept beside the new one (textmine.sqlite3.damaged-<time>). Documents (with the
    editions set by hand), document parts, news items and news crawls come back from the journal; then
    `textmine run` (or parse, count, score) makes pages, hits and scores again.
    """

    app = ctx.find_object(AppContext)
    home = resolve_home(app.home)
    lock = HomeLock(home, "textmine recover").acquire(
        on_wait=lambda who: click.secho(_("waiting: the data home is in use by {who}").format(who=who), fg="yellow",
                                        err=True))
    try:
        rep = recover_store(home, force=force)
    finally:
        lock.release()
    if rep.moved_to:
        click.echo(_("kept the old database as {path}").format(path=rep.moved_to))
    click.echo(_("restored {documents} document(s), {parts} document part(s), {editions} edition(s) set by hand, "
                 "{edits} document(s) corrected or removed by hand, {news_items} news item(s), {news_crawls} news "
                 "crawl(s)").format(documents=rep.documents, parts=rep.parts, editions=rep.editions, edits=rep.edits,
                                    news_items=rep.news_items, news_crawls=rep.news_crawls))
    for what in rep.missing_raw:
        click.secho(_("  not restored (raw file missing): {what}").format(what=what), fg="yellow", err=True)
    if rep.bad_lines:
        click.secho(_("  {n} unreadable journal line(s) skipped: {lines}").format(n=len(rep.bad_lines),
                                                                                lines=rep.bad_lines[:10]),
                    fg="yellow", err=True)
    click.echo(_("next: `textmine run` (or parse, count, score) to parse, count and score again"))
