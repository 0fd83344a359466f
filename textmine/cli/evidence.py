"""`textmine evidence` (proposed values of the yes/no leaves with the sentence behind each), `textmine
evidence rules` (the rule files) and `textmine crawl policy` (candidate policy documents from the portals)."""
from __future__ import annotations


import click

from ..errors import TextmineError
from ..i18n import N_, _
from .app import main, pass_app
from .crawl import _config, _print_report, crawl, fetch_options
from .progress import rich_progress
from .output import emit, emit_document, format_option, rows_text
from .params import NameChoice

_rules_option = click.option("--rules", "rules_dir", envvar="TEXTMINE_EVIDENCE_RULES", type=click.Path(file_okay=False),
                             help="Evidence rules folder [env TEXTMINE_EVIDENCE_RULES; default lexicons/evidence/].")


@main.group(invoke_without_command=True)
@click.option("--city", "cities", multiple=True, help="City name, alias or code; repeat for several [default: all 339].")
@click.option("--leaf", "leaves", multiple=True, type=NameChoice("leaf"), help="Yes/no leaf code (G12, M16 …); repeat [default: all 20].")
@click.option("--sentences", is_flag=True, help="List every candidate sentence (accepted or rejected, with the "
              "exclusion that fired) instead of one row per city and leaf.")
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Write to this file (any --format; required for xlsx; CSV gets a byte-order mark so Excel reads the Chinese).")
@_rules_option
@format_option(choices=("table", "csv", "json", "html", "xlsx"), out=False)
@click.pass_context
def evidence(ctx, cities, leaves, sentences, out, rules_dir, fmt):
    """Propose a value for each city and yes/no leaf from the documents in the corpus, with the sentence
    that proves it: 1 (an adoption sentence accepted), 0 (searched, nothing found) or blank (not searchable
    yet), a confidence, and the sentence's document title, date, page, URL and id.

    A sentence is a candidate when it holds one of a leaf's objects and acts (lexicons/evidence/<LEAF>.toml);
    it is rejected when an exclusion fires (future intent, draft, revocation, negation, another city, the
    province or a ministry acting without naming the city) and shown with that exclusion. --format xlsx
    --out review.xlsx writes the review sheet that `textmine score --evidence` reads; nothing reaches the
    index without a reviewer accepting it there.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..evidence import propose_evidence  # start-up: 11 more modules than `textmine --help` needs
    from ..evidence.output import (PROPOSAL_COLUMNS, SENTENCE_COLUMNS, TABLE_COLUMNS, proposal_rows,
                                   render_html, sentence_rows)  # start-up: 12 more modules than `textmine --help` needs

    if fmt == "xlsx" and not out:
        raise TextmineError(_("--format xlsx needs --out FILE.xlsx (the review sheet)"))
    app = ctx.obj
    with rich_progress() as progress:
        report = propose_evidence(app.reader, list(cities), list(leaves), rules=rules_dir, progress=progress)
    s = report.summary()
    line = _("rules {rules}: {proposals} proposals ({yes} yes, {no} no = searched and nothing found, {blank} blank = "
             "not searchable yet)").format(**{k: s[k] for k in ("rules", "proposals", "yes", "no", "blank")})
    if fmt == "xlsx":
        from ..evidence.review import write_review  # start-up: numpy, openpyxl, lxml

        write_review(report, out)
        click.echo(_("wrote {out}: {what}; write 是 in its `accept` column for each proposal you accept, then "
                     "`textmine score --data WORKBOOK --evidence {out}`").format(out=out, what=line))
        return
    if fmt == "html":
        emit_document(render_html(report), out, line)
        return
    rows = sentence_rows(report) if sentences else proposal_rows(report)
    columns = SENTENCE_COLUMNS if sentences else PROPOSAL_COLUMNS
    if fmt == "table" and not sentences:
        shown = [r for r in rows if r["value"] is not None] if not cities else rows
        hidden = len(rows) - len(shown)
        emit(shown, fmt, TABLE_COLUMNS, title=line)
        if hidden:
            click.echo(_("({n} blank rows not shown: cities without documents; --city or --format csv lists them)")
                       .format(n=hidden))
        return
    if out:
        emit_document(rows_text(rows, fmt, columns), out, line, fmt)
        return
    emit(rows, fmt, columns, title=line)


@evidence.command(name="rules")
@_rules_option
@format_option()
def evidence_rules(rules_dir, fmt):
    """Check the evidence rules (lexicons/evidence/*.toml: the leaf files, common.toml's stance rules and
    genres.toml's genres) and list them: per leaf the document kinds read, who must act, whether counties
    count, the portal queries, objects, acts and exclusions.
    Every problem is reported as file:line; exit code 2 when there is one."""
    from ..evidence.rules import RulesError, check_rules  # start-up: 11 more modules than `textmine --help` needs

    rules, problems = check_rules(rules_dir)
    if rules is not None:
        rows = [{"leaf": r.leaf, "name": r.name_zh, "kinds": "/".join(r.kinds), "actor": r.actor,
                 "counties": r.counties, "queries": " | ".join(r.queries),
                 "objects": " | ".join(o for p in r.patterns for o in p.objects),
                 "acts": " | ".join(r.acts), "exclusions": ", ".join(e.name for e in r.exclusions),
                 "file": str(r.path)} for r in rules.leaves.values()]
        rows += [{"leaf": code, "name": "", "kinds": "", "actor": "", "counties": "", "queries": "",
                  "objects": f"not searched: {why}", "acts": "", "exclusions": "", "file": str(rules.common.path)}
                 for code, why in rules.common.not_searched.items()]
        cols = ["leaf", "name", "kinds", "actor", "counties", "queries", "objects", "acts", "exclusions"]
        emit(rows, fmt, cols + ([] if fmt == "table" else ["file"]),
             title=_("evidence rules {version} ({path})").format(version=rules.version, path=rules.directory))
    if problems:
        raise RulesError(problems)
    click.echo(_("ok: {leaves} leaf rule files, {stances} stance rules ({stance_names}), {genres} genres "
                 "({genre_names}), {exclusions} shared exclusions, no problems").format(
        leaves=len(rules.leaves), stances=len(rules.common.stances),
        stance_names=", ".join(r.name for r in rules.common.stances), genres=len(rules.genres.genres),
        genre_names=", ".join(g.name for g in rules.genres.genres), exclusions=len(rules.common.exclusions)), err=True)


@crawl.command(name="policy")
@fetch_options
@click.option("--leaf", "leaves", multiple=True, type=NameChoice("leaf"), help="Yes/no leaf code; repeat [default: every leaf with queries].")
@click.option("--pages", type=click.IntRange(1, 50), default=2, show_default=True,
              help="Result pages read per query (search platforms).")
@_rules_option
@pass_app
def crawl_policy_cmd(app, cities, sources, leaves, pages, rules_dir, delay, workers, per_host, timeout, retries, backoff,
                     max_mb, user_agent):
    """Search each city portal with every leaf's queries (lexicons/evidence/<LEAF>.toml) and store the
    articles and attachments that hold one of the leaf's objects as `policy` documents (then run
    `textmine parse` and `textmine evidence`). Same sources, adapters and politeness as `crawl news`;
    a city entry's `policy` platform (e.g. its policy-document library) is used when given."""
    from ..evidence.collect import crawl_policy  # start-up: requests, lxml, bs4

    with rich_progress() as progress:
            report = crawl_policy(app.store, list(cities), leaves=list(leaves) or None, sources=sources, rules=rules_dir,
                              pages=pages, config=_config(delay, timeout, retries, backoff, max_mb, user_agent, per_host),
                              workers=workers, progress=progress)
    _print_report(report, N_("policy documents"))
    for o in report.outcomes:
        if not o.skipped:
            click.echo(_("  {city}: {found} candidate documents, {added} new").format(city=o.city_name, found=o.found,
                                                                                     added=o.added))
