"""`textmine facts` (yearbook leaves proposed from communiqués, budget and 决算 reports, water bulletins, with the
sentence or table cell behind each), `textmine facts rules` (scoring/facts.toml) and `textmine crawl facts`."""
from __future__ import annotations

import click

from ..errors import TextmineError
from ..i18n import N_, _
from ..nametable import shown
from .app import main, pass_app
from .crawl import _config, _print_report, crawl, fetch_options
from .output import emit, emit_document, format_option, rows_text
from .params import NameChoice
from .progress import rich_progress

_rules_option = click.option("--rules", "rules_path", envvar="TEXTMINE_FACTS_RULES", type=click.Path(dir_okay=False),
                             help="Facts rules file [env TEXTMINE_FACTS_RULES; default scoring/facts.toml].")


@main.group(invoke_without_command=True)
@click.option("--city", "cities", multiple=True, help="City name, alias or code; repeat for several [default: every "
              "city with communiqués, budget or 决算 reports, water bulletins in the corpus].")
@click.option("--leaf", "leaves", multiple=True, type=NameChoice("leaf"), help="Leaf code (M01, G09, C03 …); repeat [default: every leaf "
              "scoring/facts.toml declares].")
@click.option("--year", "years", multiple=True, type=int, help="Data year; repeat [default: every year found].")
@click.option("--figures", is_flag=True, help="List every figure read (accepted, or refused with the reason: a "
              "province's or county's figure, a growth rate, a budget plan, another year, a unit that cannot be "
              "read …) instead of one row per city, leaf and year.")
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Write to this file (any --format; required for xlsx; CSV gets a byte-order mark so Excel reads the Chinese).")
@_rules_option
@format_option(choices=("table", "csv", "json", "xlsx"), out=False)
@click.pass_context
def facts(ctx, cities, leaves, years, figures, out, rules_path, fmt):
    """Propose yearbook leaves (农林牧渔业总产值, 科学技术支出占比, 人均财政收入, 水资源总量 …) from the statistical
    communiqués (kind communique), budget reports (budget), 决算 reports (final_accounts) and water bulletins
    (water_bulletin) of the corpus, each with its data year, the value as stated and in the leaf's unit, the
    sentence or table cell (PDF tables read with pdfplumber, with their row and column headers), the document and
    page. A leaf computed from several figures (per person, share of spending) shows the formula and every source.

    How each leaf is stated is scoring/facts.toml (`textmine facts rules`). A figure is accepted only when it is
    the whole city's (not 市本级, a county, a park or the province), of the document's data year (read from its
    title, not its publication date), for the whole year, an outcome (执行/决算, or 预计完成, said so) and a level
    in a readable unit; --figures lists the refused ones with the reason. --format xlsx --out review.xlsx writes
    the review sheet that `textmine score --facts` reads: nothing reaches the index without a reviewer.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..facts import propose_facts  # start-up: 22 more modules than `textmine --help` needs
    # start-up: 23 more modules than `textmine --help` needs
    from ..facts.output import (FIGURE_COLUMNS, FIGURE_TABLE_COLUMNS, PROPOSAL_COLUMNS, TABLE_COLUMNS, figure_rows,
                                proposal_rows, summary_line, table_row)

    if fmt == "xlsx" and not out:
        raise TextmineError(_("--format xlsx needs --out FILE.xlsx (the review sheet)"))
    app = ctx.obj
    with rich_progress() as progress:
        report = propose_facts(app.store, list(cities), list(leaves), years=list(years) or None, rules=rules_path,
                               progress=progress)
    line = summary_line(report)
    for u in report.unread:
        click.secho(_("warning: not read: #{id} {city} {kind} “{title}”: {why}").format(
            id=u["document_id"], city=u.get("city", ""), kind=shown("kind", u["kind"]), title=u["title"], why=u["why"]),
            fg="yellow", err=True)
    if fmt == "xlsx":
        from ..facts.review import write_review  # start-up: numpy, openpyxl, lxml

        write_review(report, out)
        click.echo(_("wrote {out}: {what}; write 是 in its `accept` column for each value you accept after reading "
                     "its sentence, then `textmine score --data WORKBOOK --facts {out}`").format(out=out, what=line))
        return
    if figures:
        rows, columns = figure_rows(report), (FIGURE_TABLE_COLUMNS if fmt == "table" else FIGURE_COLUMNS)
    elif fmt == "table":
        rows, columns = [table_row(p) for p in report.proposals], TABLE_COLUMNS
    else:
        rows, columns = proposal_rows(report), PROPOSAL_COLUMNS
    if not rows and not any(report.documents.values()):
        click.echo(_("no communiqué, budget or 决算 report, or water bulletin of these cities in the corpus: ingest "
                     "them with `textmine ingest FILE --city CITY --kind communique|budget|final_accounts|"
                     "water_bulletin`"), err=True)
    if out:
        emit_document(rows_text(rows, fmt, columns), out, line, fmt)
        return
    emit(rows, fmt, columns, title=line)
    if fmt == "table" and any(p.conflicts for p in report.proposals):
        click.echo(_("⚠ another document states a different value: --format csv shows the conflicts"), err=True)


@facts.command(name="rules")
@_rules_option
@format_option()
def facts_rules(rules_path, fmt):
    """Check the facts rules (scoring/facts.toml) and list them: per leaf the figure(s) it takes, its unit, the
    phrases, near phrases and confusables of each figure and the documents read. Every problem is reported as
    file:line; exit code 2 when there is one."""
    from ..facts.rules import FactRulesError, check_rules  # start-up: 22 more modules than `textmine --help` needs

    rules, problems = check_rules(rules_path)
    if rules is not None:
        rows = []
        for leaf in rules.leaves.values():
            figs = [rules.figures[k] for k in leaf.inputs]
            formula = leaf.figure or f"({' '.join(leaf.numerator)}) / {leaf.denominator}"
            rows.append({"leaf": leaf.code, "unit": leaf.unit, "from": formula,
                         "phrases": " | ".join(p for f in figs for p in f.phrases),
                         "near": " | ".join(p for f in figs for p in f.near),
                         "confusables": " | ".join(c for f in figs for c in f.confusables),
                         "documents": " | ".join(dict.fromkeys(k for f in figs for k in f.kinds)), "note": leaf.note})
        rows += [{"leaf": code, "unit": "", "from": f"not read from documents: {why}", "phrases": "", "near": "",
                  "confusables": "", "documents": "", "note": ""} for code, why in rules.not_stated.items()]
        cols = ["leaf", "unit", "from", "phrases", "near", "documents", "note"]
        emit(rows, fmt, cols + ([] if fmt == "table" else ["confusables"]),
             title=_("facts rules {version} ({path})").format(version=rules.version, path=rules.path))
    if problems:
        raise FactRulesError(problems)
    click.echo(_("ok: {leaves} leaves from {figures} figures, {not_stated} yearbook leaves not read from documents "
                 "(said why), no problems").format(leaves=len(rules.leaves), figures=len(rules.figures),
                                                   not_stated=len(rules.not_stated)), err=True)


@crawl.command(name="facts")
@fetch_options
@click.option("--kind", "kinds", multiple=True, type=NameChoice("kind", ("communique", "budget", "final_accounts",
                                                                   "water_bulletin")),
              help="Document kind to search for; repeat [default: all four].")
@click.option("--pages", type=click.IntRange(1, 50), default=2, show_default=True,
              help="Result pages read per query (search platforms).")
@_rules_option
@pass_app
def crawl_facts_cmd(app, cities, sources, kinds, pages, rules_path, delay, workers, timeout, retries, backoff, max_mb,
                    user_agent):
    """Search each city portal with the queries of each document kind (scoring/facts.toml [kinds.*] queries) and
    store the articles and attachments whose title names that kind (统计公报, 预算执行情况…报告, 决算, 水资源公报)
    as documents of that kind (then run `textmine parse` and `textmine facts`). Same sources, adapters and
    politeness as `crawl news`; a city entry's `policy` platform is used when given."""
    from ..facts.collect import crawl_facts  # start-up: requests, lxml, bs4

    with rich_progress() as progress:
        report = crawl_facts(app.store, list(cities), kinds=list(kinds) or None, sources=sources, rules=rules_path,
                             pages=pages, config=_config(delay, timeout, retries, backoff, max_mb, user_agent),
                             workers=workers, progress=progress)
    _print_report(report, N_("facts documents"))
    for o in report.outcomes:
        if not o.skipped:
            click.echo(_("  {city}: {found} documents found, {added} new").format(city=o.city_name, found=o.found,
                                                                                 added=o.added))
