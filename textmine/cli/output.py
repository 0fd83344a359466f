"""Printing rows as a table, CSV or JSON: the one place that knows output formats and where they go.

One rule for every command (Excel on Chinese Windows reads a CSV file without a byte-order mark as GBK and
garbles it):
- `--out FILE` works with every `--format` of a command (`format_option` adds it); the file is written
  atomically, CSV with a BOM;
- CSV on standard output gets a BOM when standard output is a file (`textmine … --format csv > x.csv`), and
  none into a pipe or a terminal (`| head`, `| python …` read it as plain UTF-8).
"""
from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any, Iterable

import click

FORMATS = ("table", "csv", "json")
BOM = "\ufeff"
_OUT = "textmine.out"           # click context meta: the --out file of a command
_BUFFER = "textmine.out.buffer"


def _remember_out(ctx: click.Context, param, value):
    if value:
        ctx.meta[_OUT] = value
    return value


def out_option():
    """--out FILE: the command's output (any --format) to a file instead of the terminal (`out_file`)."""
    return click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False), expose_value=False,
                        callback=_remember_out, is_eager=False,
                        help="Write the output to this file instead of the terminal (any --format; CSV gets a "
                             "byte-order mark so Excel reads the Chinese).")


def format_option(default: str = "table", choices: tuple[str, ...] = FORMATS, out: bool = True):
    """--format, and (unless the command has an --out of its own) --out FILE for any of its formats."""
    fmt = click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                       help="Output format.")
    if not out:
        return fmt
    dest = out_option()

    def both(f):
        return fmt(dest(f))
    return both


def out_file() -> str | None:
    """The --out file of the command being run (format_option), or None."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if _OUT in ctx.meta:
            return ctx.meta[_OUT]
        ctx = ctx.parent
    return None


def stdout_is_file() -> bool:
    """Standard output redirected to a regular file (`> x.csv`), not a pipe or a terminal."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False


def write_output(path: str | os.PathLike, text: str, fmt: str) -> None:
    """A command's output to a file, atomically: CSV with a byte-order mark."""
    from ..atomic import write_text

    write_text(Path(path), (BOM + text.lstrip(BOM)) if fmt == "csv" else text)


def echo_csv(text: str) -> None:
    """CSV to standard output: with a BOM when standard output is a file (the rule above)."""
    click.echo((BOM if stdout_is_file() and not _printed() else "") + text, nl=False)


def _printed() -> bool:
    """Whether this command already wrote to standard output (only the file's start gets a BOM)."""
    try:
        return sys.stdout.tell() > 0
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return True


def emit(rows: Iterable[dict[str, Any]], fmt: str = "table", columns: list[str] | None = None,
         title: str | None = None) -> None:
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else []
    path = out_file()
    if path:
        _buffer(path, rows_text(rows, fmt, columns, title), fmt, len(rows))
    elif fmt == "csv":
        echo_csv(rows_text(rows, fmt, columns))
    elif fmt == "json":
        click.echo(rows_text(rows, fmt, columns), nl=False)
    else:
        from rich.console import Console

        Console(file=sys.stdout, width=max(100, Console().width)).print(_table(rows, columns, title))


def _buffer(path: str, text: str, fmt: str, n: int) -> None:
    """Outputs of one command to its --out file: collected, written once when the command ends."""
    ctx = click.get_current_context()
    buf = ctx.meta.get(_BUFFER)
    if buf is None:
        buf = ctx.meta[_BUFFER] = {"parts": [], "rows": 0}

        def flush():
            if buf["parts"]:
                write_output(path, "".join(buf["parts"]), fmt)
                click.echo(f"wrote {path}: {buf['rows']} row(s), {fmt}", err=True)
        ctx.call_on_close(flush)
    buf["parts"].append(text)
    buf["rows"] += n


def _table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None):
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    return table


def rows_text(rows: list[dict[str, Any]], fmt: str, columns: list[str], title: str | None = None) -> str:
    """Rows as text in a format (ending in a line break): for a file, or for `emit` (CSV, JSON)."""
    if fmt == "table":
        from rich.console import Console

        buf = io.StringIO()
        Console(file=buf, width=160).print(_table(rows, columns, title))
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2,
                          default=str) + "\n"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def emit_document(text: str, out: str | None, what: str = "", fmt: str | None = None) -> None:
    """A whole document (an HTML page, a Markdown report, rows as text): written to `out` (atomically; CSV with
    a BOM), saying so with `what` after the path, or printed when no file is given. `out` defaults to the
    command's --out."""
    out = out or out_file()
    fmt = fmt or ("csv" if out and str(out).lower().endswith(".csv") else None)
    if out:
        write_output(out, text, fmt or "")
        click.echo(f"wrote {out}" + (f": {what}" if what else ""))
    elif fmt == "csv":
        echo_csv(text)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def with_hint(reason: str) -> str:
    """A stored failure reason with what to do about it on the command line (the library does not
    name command-line options)."""
    if "memory cap" in reason:
        return reason + " — raise the cap with `textmine parse --memory-mb N` (0 = no cap) and parse again"
    if "timed out" in reason:
        return reason + " — allow more time with `textmine parse --timeout SECONDS`"
    if ("without a text layer" in reason or "needs OCR" in reason) and "--ocr" not in reason:
        return reason + " — read the scanned pages with `textmine parse --ocr`"
    return reason
