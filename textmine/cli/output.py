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
import re
import stat
import sys
from pathlib import Path
from typing import Any, Iterable

import click

from ..atomic import write_text
from ..i18n import _, language
from ..stored_messages import shown_message
from ..nametable import header, value_namer

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


#: a column whose widest cell is at most this many terminal cells is never wrapped (names, codes, numbers)
SHORT = 24
#: the narrowest a long text column is folded to before the table turns into one block per row
FOLD_MIN = 10
LONG_WORD = 30
_NUMBER = re.compile(r"^[-−+]?[\d,]*\.?\d+%?$")


def emit(rows: Iterable[dict[str, Any]], fmt: str = "table", columns: list[str] | None = None,
         title: str | None = None, headers: dict[str, str] | None = None) -> None:
    """Rows as a table (headers in the user's language; `headers`: Chinese headers of columns whose key means
    something else here than in the names table), or as CSV or JSON with the English keys."""
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else []
    path = out_file()
    if path:
        _buffer(path, rows_text(rows, fmt, columns, title, headers), fmt, len(rows))
    elif fmt == "csv":
        echo_csv(rows_text(rows, fmt, columns))
    elif fmt == "json":
        click.echo(rows_text(rows, fmt, columns), nl=False)
    else:
        from rich.console import Console

        console = Console(file=sys.stdout)
        width = console.width if console.is_terminal else max(100, console.width)
        print_table(Console(file=sys.stdout, width=width), rows, columns, title, headers)


def _buffer(path: str, text: str, fmt: str, n: int) -> None:
    """Outputs of one command to its --out file: collected, written once when the command ends."""
    ctx = click.get_current_context()
    buf = ctx.meta.get(_BUFFER)
    if buf is None:
        buf = ctx.meta[_BUFFER] = {"parts": [], "rows": 0}

        def flush():
            if buf["parts"]:
                write_output(path, "".join(buf["parts"]), fmt)
                click.echo(_("wrote {path}: {n} row(s), {fmt}").format(path=path, n=buf["rows"], fmt=fmt), err=True)
        ctx.call_on_close(flush)
    buf["parts"].append(text)
    buf["rows"] += n


def print_table(console, rows: list[dict[str, Any]], columns: list[str], title: str | None = None,
                headers: dict[str, str] | None = None) -> None:
    """Rows as a table fitted to the console's width, measured in terminal cells (a Chinese character is two):
    names, codes, numbers and status words are never broken; long texts (titles, reasons, contexts) are folded;
    when even that does not fit, each row is printed as a block of `header: value` lines."""
    from rich.cells import cell_len

    headers = [header_text(c, headers) for c in columns]
    namer = value_namer()           # a status word is looked up once per table, not once per cell
    cells = [[cell_text(c, r.get(c), namer) for c in columns] for r in rows]
    content = [max([_widest_line(row[i]) for row in cells] or [0]) for i in range(len(columns))]
    short = [content[i] <= SHORT for i in range(len(columns))]
    # a long column is folded, but not narrower than its longest word (a path, a URL: up to LONG_WORD cells)
    widest = [max(cell_len(headers[i]), content[i]) if short[i] else
              max(FOLD_MIN, min(LONG_WORD, max((_longest_word(row[i]) for row in cells), default=0)))
              for i in range(len(columns))]
    need = sum(w + 3 for w in widest) + 1        # a space each side and a rule between columns
    if columns and need > console.width:         # headers wider than their values go on two lines, between words
        heads = [_wrap_header(h, content[i]) if short[i] else h for i, h in enumerate(headers)]
        narrow = [max(_widest_line(heads[i]), content[i]) if short[i] else widest[i] for i in range(len(columns))]
        if sum(w + 3 for w in narrow) + 1 <= console.width:
            headers, widest = heads, narrow
        else:
            _print_blocks(console, headers, cells, title)
            return
    console.print(_table(headers, cells, title, short, widest))


def _wrap_header(header: str, width: int) -> str:
    """A header on as many lines as it takes to be no wider than `width` (or its longest word), broken after a
    space or an underscore (estimated_correct → estimated_ / correct), never inside a word."""
    from rich.cells import cell_len

    parts = re.findall(r"[^ _]+_?|[ ]", header)
    width = max([width] + [cell_len(p) for p in parts])
    lines, line = [], ""
    for p in parts:
        if line and cell_len(line + p) > width:
            lines.append(line.rstrip())
            line = p.lstrip()
        else:
            line += p
    return "\n".join(lines + [line.rstrip()])


def _longest_word(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(w) for w in text.split() if w.isascii()), default=0)


def _widest_line(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


def _table(headers: list[str], cells: list[list[str]], title: str | None, short: list[bool], widest: list[int]):
    from rich.table import Table
    from rich.text import Text       # plain text, never markup: "[quality]" in a reason is not a style tag

    table = Table(title=Text(title) if title else None, show_lines=False)
    for i, (h, is_short, w) in enumerate(zip(headers, short, widest)):
        if is_short:
            numbers = [row[i] for row in cells if row[i]]
            right = bool(numbers) and all(_NUMBER.match(v) for v in numbers)      # numbers line up on the right
            table.add_column(Text(h), no_wrap=True, min_width=w, justify="right" if right else "left")
        else:
            table.add_column(Text(h), overflow="fold", min_width=w, ratio=1)
    for row in cells:
        table.add_row(*(Text(v) for v in row))
    return table


def _print_blocks(console, headers: list[str], cells: list[list[str]], title: str | None) -> None:
    """One block per row, for a table wider than the terminal: the first two values as its heading, then the
    short values as `header value` pairs, as many to a line as fit, each long value on a line of its own."""
    from rich.cells import cell_len
    from rich.text import Text

    if title:
        console.print(Text(title, style="italic"))
    # the heading: the first value, and the second when it is short too (a city and its code, a code and a name)
    lead = 2 if len(headers) > 2 and all(_widest_line(row[1]) <= SHORT for row in cells) else 1
    for row in cells:
        console.print(Text(" ".join(v for v in row[:lead] if v), style="bold"), overflow="fold")
        line, used = Text("  "), 2
        for h, v in zip(headers[lead:], row[lead:]):
            if not v:
                continue
            pair = f"{h} {v}"
            if _widest_line(v) > SHORT or "\n" in v:
                if used > 2:
                    console.print(line)
                    line, used = Text("  "), 2
                from .help import wrap_text      # folds Chinese between characters, other text between words

                for i, part in enumerate(wrap_text(v, console.width, initial_indent=f"  {h} ",
                                                   subsequent_indent="    ").split("\n")):
                    if i == 0:
                        console.print(Text(f"  {h} ", style="dim") + Text(part[len(h) + 3:]), overflow="fold")
                    else:
                        console.print(Text(part), overflow="fold")
                continue
            if used > 2 and used + 3 + cell_len(pair) > console.width:
                console.print(line)
                line, used = Text("  "), 2
            if used > 2:
                line.append(" · ")
                used += 3
            line.append(h + " ", style="dim")
            line.append(v)
            used += cell_len(pair)
        if used > 2:
            console.print(line)


def header_text(column: str, given: dict[str, str] | None = None) -> str:
    """The header of a column in the user's language: its Chinese name (`given`, else textmine.nametable) in
    Chinese, the key in English (CSV and JSON always have the key)."""

    if language() != "zh":
        return str(column)
    if given and column in given:
        return given[column]
    return header(column)


def cell_text(column: str, value, namer=None) -> str:
    """A value as a table shows it: status words and other keys by their Chinese names in Chinese (`namer`: a
    `nametable.value_namer` shared by the cells of one table)."""
    if value is None:
        return ""
    if language() == "zh":
        return str((namer or value_namer())(column, value))
    return str(value)


def rows_text(rows: list[dict[str, Any]], fmt: str, columns: list[str], title: str | None = None,
              headers: dict[str, str] | None = None) -> str:
    """Rows as text in a format (ending in a line break): for a file, or for `emit` (CSV, JSON)."""
    if fmt == "table":
        from rich.console import Console

        buf = io.StringIO()
        print_table(Console(file=buf, width=160), rows, columns, title, headers)
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
        click.echo(_("wrote {path}: {what}").format(path=out, what=what) if what else
                   _("wrote {path}").format(path=out))
    elif fmt == "csv":
        echo_csv(text)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def with_hint(reason: str) -> str:
    """A stored failure reason or parse warning in the user's language (textmine.stored_messages; the parsers' messages: textmine.parse.warnings_shown), with what
    to do about it on the command line (the library does not name command-line options); the hint is chosen from
    the stored English words."""
    said = shown_message(reason)
    if "memory cap" in reason:
        return said + _(" — raise the cap with `textmine parse --memory-mb N` (0 = no cap) and parse again")
    if "timed out" in reason:
        return said + _(" — allow more time with `textmine parse --timeout SECONDS`")
    if ("without a text layer" in reason or "needs OCR" in reason) and "--ocr" not in reason:
        return said + _(" — read the scanned pages with `textmine parse --ocr`")
    return said
