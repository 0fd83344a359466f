"""`textmine check`: the readiness view before scoring (textmine.scoring.readiness)."""
from __future__ import annotations

import sys

import click

from ..i18n import _
from ..nametable import shown
from .app import main, pass_app
from .output import emit, emit_document, format_option
from .params import DATE

TABLE_COLUMNS = ["status", "city", "outline", "title", "chars", "pages", "no_text", "density", "news", "workbook",
                 "flags"]


def _table_row(row: dict) -> dict:
    """A short row for the terminal (csv/json carry every column; the red lines below the table say it all)."""
    title = str(row["title"])
    return {"status": row["status"], "city": row["city"], "outline": row["outline"],
            "title": title if len(title) <= 18 else title[:17] + "…", "chars": row["chars"], "pages": row["pages"],
            "no_text": row["pages_without_text"],
            "density": _("{density} ({vs_others})").format(density=row["density"], vs_others=row["density_vs_others"])
            if row["density"] != "" else "", "news": row["news_items"],
            "workbook": " ".join(str(x) for x in (row["workbook_cells"], row["text_cells_in_workbook"] and
                                                  _("+{n} text-mined").format(
                                                      n=row['text_cells_in_workbook'].split()[0])) if x),
            "flags": _("; ").join(_(k) for k in row["flag_kinds"].split("; ") if k) or (shown("status", "note")
                                                                                          if row["notes"] else "")}


def workbook_overrides_option(f):
    return click.option("--workbook-overrides", "workbook_overrides", is_flag=True, default=None,
                        help="Let workbook values of the text-mined leaves (G02, G05–G08) replace the corpus values "
                             "(origin override; every cell listed) [default: the model's [text] workbook_overrides, "
                             "false: the corpus value is used and the workbook's is listed as set aside].")(f)


@main.command(name="check")
@click.option("--period", help="Plan period whose outlines are checked (十四五, 十五五 …) [default: the model's].")
@click.option("--data", "data", type=click.Path(dir_okay=False), help="The indicator workbook to check with the "
              "corpus: its coverage per city, refused cells, and every text-mined cell it also fills.")
@click.option("--news-lexicon", "news_lexicon", metavar="NAME|FILE", help="News lexicon of G02 [default: the model's].")
@click.option("--since", type=DATE, help="News window start [default: the model's].")
@click.option("--until", type=DATE, help="News window end [default: the model's].")
@click.option("--mode", type=click.Choice(["token", "substring"]), default=None, help="Counting mode [default: token].")
@workbook_overrides_option
@click.option("--all", "everything", is_flag=True, help="A row for every city of the registry (default: the cities "
              "with an outline, news, a flag or a workbook value of a text-mined leaf).")
@format_option()
@pass_app
def check(app, period, data, news_lexicon, since, until, mode, workbook_overrides, everything, fmt):
    """Readiness before scoring: per city and plan period, the outline counted (id, title from its heading,
    characters, pages, pages without a text layer, term density against the other cities' outlines), the news
    items in the window, the workbook's coverage, every workbook value of a text-mined leaf (used with
    --workbook-overrides, else set aside) and every open review flag.

    \b
    status red:  must be looked at before the numbers are defended: an outline choice that needs review —
                 two texts, a draft, an uncertain outline, a partly scanned PDF (`textmine parse --ocr`),
                 an outline too short or of outlier density, a document that could not be parsed — a
                 counted outline not counted yet, a workbook cell refused. `run --strict` and
                 `score --strict` refuse while anything is red.
    status note: said, not blocking (pages read by OCR, workbook values of text-mined leaves, news not
                 measured, a choice reviewed despite a flag).
    Exit code 1 while anything is red. `run` and `score` print the summary line.
    """
    from ..scoring.readiness import COLUMNS, OVERRIDE_COLUMNS, readiness  # start-up: pandas, numpy, scipy

    r = readiness(app.store, period, workbook=data, news_lexicon=news_lexicon, since=since, until=until, mode=mode,
                  workbook_overrides=workbook_overrides, everything=everything)
    if fmt == "json":
        import json

        emit_document(json.dumps({"period": r.period, "mode": r.mode, "summary": r.summary, "red": r.red,
                                  "cities": r.rows, "text_cells_in_workbook": r.overrides}, ensure_ascii=False,
                                 indent=2) + "\n", None)
    else:
        emit([_table_row(x) for x in r.rows] if fmt == "table" else r.rows, fmt,
             TABLE_COLUMNS if fmt == "table" else list(COLUMNS),
             title=_("readiness: {period} outlines ({mode} mode)").format(period=r.period, mode=r.mode)
             + (_(", workbook {path}").format(path=r.workbook) if r.workbook else ""))
        if r.overrides and fmt == "table":
            emit(r.overrides, fmt, list(OVERRIDE_COLUMNS),
                 title=_("text-mined cells the workbook also fills (used: the value the score takes)"))
        if fmt == "table":
            for line in r.red:
                click.secho(_("red: {line}").format(line=line), fg="red")
            for row in r.rows:
                if row["notes"]:
                    click.echo(_("note: {city} {period}: {notes}").format(city=row["city"], period=r.period, notes=row["notes"]))
    if fmt != "json":       # (the JSON holds it)
        click.echo(r.summary, err=fmt != "table")
    if not r.ready:
        sys.exit(1)
