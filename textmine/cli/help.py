"""Help in the user's language, wrapped by display width.

Every command's help, each option's help and click's own words ("Usage:", "Options:", "Show this message and
exit.") go through the catalogue (textmine.i18n) when help is shown: the message ids are the English texts as
written in the commands, so nothing is translated twice and a new English text without its translation is
found by tests/test_i18n.py. Lines are wrapped by terminal cells (a Chinese character is two), and never start
with a closing punctuation mark (避头点: 。，、；：）」).
"""
from __future__ import annotations

import contextlib
import inspect
import re
import textwrap

import click
from click.formatting import HelpFormatter, iter_rows, measure_table

from ..i18n import _, language

_CJK_CHUNK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][。，、；：！？）」』”’》〉％]*")
_NO_LINE_START = "。，、；：！？）」』”’》〉％])"
_NO_LINE_END = "（「『“‘《〈[("


def cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(click.unstyle(text))


class CellWrapper(textwrap.TextWrapper):
    """textwrap measuring terminal cells, breaking between Chinese characters (a closing mark stays with the
    character before it) and between words elsewhere."""

    def _split(self, text):
        out = []
        for chunk in super()._split(text):
            if not _CJK_CHUNK.search(chunk):
                out.append(chunk)
                continue
            pos = 0
            for m in _CJK_CHUNK.finditer(chunk):
                if m.start() > pos:
                    out.append(chunk[pos:m.start()])
                out.append(m.group(0))
                pos = m.end()
            if pos < len(chunk):
                out.append(chunk[pos:])
        # a closing mark stays with what it closes, an opening mark with what it opens
        merged: list[str] = []
        for c in out:
            if merged and c and c[0] in _NO_LINE_START and merged[-1].strip():
                merged[-1] += c
            elif merged and c.strip() and merged[-1] and merged[-1][-1] in _NO_LINE_END:
                merged[-1] += c
            else:
                merged.append(c)
        return merged

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        space_left = max(width - cur_len, 1)
        if self.break_long_words:
            last, used, cut = reversed_chunks[-1], 0, 0
            for i, ch in enumerate(last):
                if used + cells(ch) > space_left:
                    break
                used += cells(ch)
                cut = i + 1
            cut = max(cut, 1)
            cur_line.append(last[:cut])
            reversed_chunks[-1] = last[cut:]
        elif not cur_line:
            cur_line.append(reversed_chunks.pop())

    def _wrap_chunks(self, chunks):
        lines = []
        chunks.reverse()
        while chunks:
            cur_line, cur_len = [], 0
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - cells(indent)
            if self.drop_whitespace and chunks[-1].strip() == "" and lines:
                del chunks[-1]
            while chunks:
                n = cells(chunks[-1])
                if cur_len + n <= width:
                    cur_line.append(chunks.pop())
                    cur_len += n
                else:
                    break
            if chunks and cells(chunks[-1]) > width:
                self._handle_long_word(chunks, cur_line, cur_len, width)
                cur_len = sum(map(cells, cur_line))
            if self.drop_whitespace and cur_line and cur_line[-1].strip() == "":
                cur_len -= cells(cur_line[-1])
                del cur_line[-1]
            if cur_line:
                lines.append(indent + "".join(cur_line))
        return lines


def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """click.formatting.wrap_text, measured in terminal cells (paragraphs, and `\\b` blocks left as written)."""
    text = text.expandtabs()
    wrapper = CellWrapper(width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                          replace_whitespace=False)
    if not preserve_paragraphs:
        return wrapper.fill(text)
    paragraphs: list[tuple[int, bool, str]] = []
    buf: list[str] = []
    indent = None

    def flush():
        if buf:
            raw = buf[0].strip() == "\b"
            paragraphs.append((indent or 0, raw, "\n".join(buf[1:]) if raw else " ".join(buf)))
            buf.clear()

    for line in text.splitlines():
        if not line:
            flush()
            indent = None
        else:
            if indent is None:
                indent = len(line) - len(line.lstrip())
                line = line.lstrip()
            buf.append(line)
    flush()
    out = []
    for ind, raw, para in paragraphs:
        pad = " " * ind
        if raw:
            out.append("\n".join(initial_indent + pad + line for line in para.splitlines()))
        else:
            w = CellWrapper(width, initial_indent=initial_indent + pad, subsequent_indent=subsequent_indent + pad,
                            replace_whitespace=False)
            out.append(w.fill(para))
    return "\n\n".join(out)


class CellFormatter(HelpFormatter):
    """click's help formatter, measuring terminal cells."""

    def write_usage(self, prog, args="", prefix=None):
        if prefix is None:
            word = _("Usage:")
            prefix = word if word.endswith("：") else f"{word} "
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        text_width = self.width - self.current_indent
        if not args:
            self.write(usage_prefix.rstrip(" ") + "\n")
            return
        if text_width >= cells(usage_prefix) + 20:
            self.write(wrap_text(args, text_width, initial_indent=usage_prefix,
                                 subsequent_indent=" " * cells(usage_prefix)))
        else:
            self.write(usage_prefix + "\n")
            indent = " " * (max(self.current_indent, cells(prefix)) + 4)
            self.write(wrap_text(args, text_width, initial_indent=indent, subsequent_indent=indent))
        self.write("\n")

    def write_heading(self, heading):
        colon = "" if heading.endswith("：") else ":"        # a translation may bring its own full-width colon
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_text(self, text):
        indent = " " * self.current_indent
        self.write(wrap_text(text, self.width, initial_indent=indent, subsequent_indent=indent,
                             preserve_paragraphs=True))
        self.write("\n")

    def write_dl(self, rows, col_max=30, col_spacing=2):
        rows = list(rows)
        widths = measure_table(rows)
        if len(widths) != 2:
            raise TypeError("Expected two columns for definition list")
        first_col = min(max(cells(r[0]) for r in rows), col_max) + col_spacing
        for first, second in iter_rows(rows, len(widths)):
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10), preserve_paragraphs=True).splitlines()
            if lines:
                self.write(f"{lines[0]}\n")
                for line in lines[1:]:
                    self.write(f"{'':>{first_col + self.current_indent}}{line}\n")
            else:
                self.write("\n")


class CellContext(click.Context):
    formatter_class = CellFormatter


def translate_help(text: str | None) -> str | None:
    """A help text (a command's docstring or an option's help=) in the user's language."""
    if not text:
        return text
    return _(inspect.cleandoc(text))


def short_help(text: str, limit: int) -> str:
    """The first sentence of a Chinese help text, cut to `limit` terminal cells (ends in 。 or ；, not '.')."""
    first = text.partition("\n\n")[0].replace("\b", "").strip()
    first = re.split(r"(?<=[。；])", " ".join(first.split()))[0].rstrip("。；")
    if cells(first) <= limit:
        return first
    out, used = "", 0
    for ch in first:
        if used + cells(ch) > limit - 1:
            break
        out, used = out + ch, used + cells(ch)
    return out + "…"


@contextlib.contextmanager
def translated(params):
    """The options' help texts in the user's language while help is formatted."""
    saved = [(p, getattr(p, "help", None)) for p in params]
    try:
        for p, h in saved:
            if h:
                p.help = translate_help(h)
        yield
    finally:
        for p, h in saved:
            if h is not None:
                p.help = h


@contextlib.contextmanager
def _translated_text(command, attr: str):
    """A command's help text or epilog in the user's language while it is formatted."""
    saved = getattr(command, attr)
    setattr(command, attr, translate_help(saved))
    try:
        yield
    finally:
        setattr(command, attr, saved)


class TranslatedMixin:
    """A click command whose help is shown in the user's language, wrapped by display width."""

    context_class = CellContext

    def format_help_text(self, ctx, formatter):
        with _translated_text(self, "help"):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        if language() != "zh":
            # click's own rule, through its public method (its helper is private and was renamed in 8.5)
            return super().get_short_help_str(limit)
        if self.short_help:
            return translate_help(self.short_help)
        return short_help(translate_help(self.help) or "", limit) if self.help else ""

    def format_options(self, ctx, formatter):
        with translated(self.get_params(ctx)):
            super().format_options(ctx, formatter)

    def format_epilog(self, ctx, formatter):
        with _translated_text(self, "epilog"):
            super().format_epilog(ctx, formatter)


class TranslatedCommand(TranslatedMixin, click.Command):
    pass


class TranslatedGroup(TranslatedMixin, click.Group):
    command_class = TranslatedCommand
    group_class = type          # subgroups are of the same class


def walk(cmd: click.Command, path: tuple[str, ...] = ()):
    """(path, command) of `cmd` and of every command under it."""
    yield path, cmd
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        yield from walk(sub, path + (name,))


def help_ids(root: click.Command) -> list[str]:
    """Every help text of the command tree as a message id (what the catalogue must translate)."""
    out = []
    for _path, cmd in walk(root):
        for text in (cmd.help, cmd.short_help, cmd.epilog):
            if text:
                out.append(inspect.cleandoc(text))
        for p in cmd.params:
            if getattr(p, "help", None):
                out.append(inspect.cleandoc(p.help))
    return list(dict.fromkeys(out))
