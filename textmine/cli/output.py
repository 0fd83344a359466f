"""Printing rows as a table, CSV or JSON: the one place that knows output formats."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from typing import Any, Iterable

import click

from ..i18n import _
import click

FORMATS = ("table", "csv", "json")


def format_option(default: str = "table", choices: tuple[str, ...] = FORMATS):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


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
    if fmt in ("json", "csv"):
        click.echo(rows_text(rows, fmt, columns), nl=False)
    else:
        from rich.console import Console

        console = Console(file=sys.stdout)
        width = console.width if console.is_terminal else max(100, console.width)
        print_table(Console(file=sys.stdout, width=width), rows, columns, title, headers)


def print_table(console, rows: list[dict[str, Any]], columns: list[str], title: str | None = None,
                headers: dict[str, str] | None = None) -> None:
    """Rows as a table fitted to the console's width, measured in terminal cells (a Chinese character is two):
    names, codes, numbers and status words are never broken; long texts (titles, reasons, contexts) are folded;
    when even that does not fit, each row is printed as a block of `header: value` lines."""
    from rich.cells import cell_len

    headers = [header_text(c, headers) for c in columns]
    cells = [[cell_text(c, r.get(c)) for c in columns] for r in rows]
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

    table = Table(title=title, show_lines=False)
    for i, (h, is_short, w) in enumerate(zip(headers, short, widest)):
        if is_short:
            numbers = [row[i] for row in cells if row[i]]
            right = bool(numbers) and all(_NUMBER.match(v) for v in numbers)      # numbers line up on the right
            table.add_column(h, no_wrap=True, min_width=w, justify="right" if right else "left")
        else:
            table.add_column(h, overflow="fold", min_width=w, ratio=1)
    for row in cells:
        table.add_row(*row)
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
    from ..i18n import language

    if language() != "zh":
        return str(column)
    if given and column in given:
        return given[column]
    from ..nametable import header

    return header(column)


def cell_text(column: str, value) -> str:
    """A value as a table shows it: status words and other keys by their Chinese names in Chinese."""
    if value is None:
        return ""
    from ..i18n import language

    if language() == "zh":
        from ..nametable import value_zh

        return str(value_zh(column, value))
    return str(value)


def rows_text(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> str:
    """Rows as text in a format (ending in a line break): for a file, or for `emit` (CSV, JSON)."""
    if fmt == "table":
        from rich.console import Console

        buf = io.StringIO()
        print_table(Console(file=buf, width=160), rows, columns)
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
        click.echo(_("wrote {path}: {what}").format(path=out, what=what) if what else
                   _("wrote {path}").format(path=out))
    else:
        click.echo(text, nl=not text.endswith("\n"))


def with_hint(reason: str) -> str:
    """A stored failure reason with what to do about it on the command line (the library does not
    name command-line options)."""
    if "memory cap" in reason:
        return reason + _(" — raise the cap with `textmine parse --memory-mb N` (0 = no cap) and parse again")
    if "timed out" in reason:
        return reason + _(" — allow more time with `textmine parse --timeout SECONDS`")
    if "without a text layer" in reason or "needs OCR" in reason:
        return reason + _(" — read the scanned pages with `textmine parse --ocr`")
    return reason
