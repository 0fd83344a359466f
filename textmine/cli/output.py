"""Printing rows as a table, CSV or JSON: the one place that knows output formats."""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, Iterable

import click

FORMATS = ("table", "csv", "json")


def format_option(default: str = "table", choices: tuple[str, ...] = FORMATS):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


def emit(rows: Iterable[dict[str, Any]], fmt: str = "table", columns: list[str] | None = None,
         title: str | None = None) -> None:
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else []
    if fmt in ("json", "csv"):
        click.echo(rows_text(rows, fmt, columns), nl=False)
    else:
        from rich.console import Console

        Console(file=sys.stdout, width=max(100, Console().width)).print(_table(rows, columns, title))


def _table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None):
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    return table


def rows_text(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> str:
    """Rows as text in a format (ending in a line break): for a file, or for `emit` (CSV, JSON)."""
    if fmt == "table":
        from rich.console import Console

        buf = io.StringIO()
        Console(file=buf, width=160).print(_table(rows, columns))
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2,
                          default=str) + "\n"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def emit_document(text: str, out: str | None, what: str = "") -> None:
    """A whole document (an HTML page, a Markdown report): written to `out` (atomically), saying so with
    `what` after the path, or printed when no file is given."""
    if out:
        from pathlib import Path

        from ..atomic import write_text

        write_text(Path(out), text)
        click.echo(f"wrote {out}" + (f": {what}" if what else ""))
    else:
        click.echo(text, nl=not text.endswith("\n"))


def with_hint(reason: str) -> str:
    """A stored failure reason with what to do about it on the command line (the library does not
    name command-line options)."""
    if "memory cap" in reason:
        return reason + " — raise the cap with `textmine parse --memory-mb N` (0 = no cap) and parse again"
    if "timed out" in reason:
        return reason + " — allow more time with `textmine parse --timeout SECONDS`"
    if "without a text layer" in reason or "needs OCR" in reason:
        return reason + " — read the scanned pages with `textmine parse --ocr`"
    return reason
