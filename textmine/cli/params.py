"""Option types shared by the commands."""
from __future__ import annotations

import click

from ..dates import parse_date
from ..i18n import _
from ..lexicon import LexiconError
from ..lexicon.categories import categories
from ..nametable import UnknownName, entries, resolve


class DateParam(click.ParamType):
    """A calendar date (textmine.dates: 2024-01-01, 2024年1月1日, 二〇二四年一月一日) as YYYY-MM-DD; anything
    else, 2024-02-30 included, is a usage error naming the option."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, str) and value.strip() == "":
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateParam()


class NameChoice(click.ParamType):
    """A key of a group of the names table (textmine.nametable): the key, its Chinese name, or a short form only
    one name has (`--kind 统计公报`, `--plan-type 草案`, `--leaf 耕地总面积`, `--node 政府管理`). The value
    the command gets is the key. A wrong one is a usage error with the closest names, `key（中文名）`.
    `choices`: only these keys (default: the whole group)."""

    def __init__(self, group: str, choices: tuple[str, ...] | None = None):
        self.group, self.fixed = group, tuple(choices) if choices is not None else None
        self.name = group

    def choices(self, ctx=None) -> tuple[str, ...]:
        return self.fixed if self.fixed is not None else tuple(n.key for n in entries(self.group))

    def get_metavar(self, param, ctx=None):
        keys = self.choices(ctx)
        return "[" + "|".join(keys) + "]" if len(keys) <= 8 else self.group.upper()

    def convert(self, value, param, ctx):
        if value is None:
            return None
        try:
            return resolve(self.group, value, choices=self.choices(ctx), directory=self._directory(ctx))
        except UnknownName as exc:
            self.fail(str(exc), param, ctx)

    def _directory(self, ctx):
        return None

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(k) for k in self.choices(ctx) if k.startswith(incomplete)]


class CategoryChoice(NameChoice):
    """A lexicon category: a file of the lexicon folder (its `# use:` one of `uses`), found when the option is
    read, so a new lexicon file is a new choice; `extra` adds fixed words (audit's `news`). It is named by its key,
    its Chinese name (the file's `# name:`), the name of the indicator it feeds (市场配置), that leaf's code
    (G08) or a short form only one category has (市场, 主题). A wrong one is a usage error with the closest
    categories and their Chinese names."""

    def __init__(self, uses: tuple[str, ...] = ("plan",), extra: tuple[str, ...] = ()):
        super().__init__("category")
        self.uses, self.extra = tuple(uses), tuple(extra)
        self.name = "category"

    def choices(self, ctx=None) -> tuple[str, ...]:
        try:
            found = tuple(c.key for c in categories(self._directory(ctx)) if c.use in self.uses)
        except LexiconError:
            found = ()
        return found + tuple(x for x in self.extra if x not in found)

    def get_metavar(self, param, ctx=None):
        return "[" + "|".join(self.choices(ctx)) + "]"

    def _directory(self, ctx):
        return ctx.params.get("directory") if ctx is not None else None


def only_with(condition: bool, what: str, **given) -> None:
    """A usage error for options given (not None/False/empty) where they would be ignored.

    `only_with(fmt == "html", "--format html", out=out)` refuses `--out` without `--format html`."""
    used = [name for name, value in given.items() if value not in (None, False, (), [], "")]
    if used and not condition:
        opts = ", ".join("--" + n.replace("_", "-") for n in used)
        msg = _("{options} would be ignored: it is only used with {what}") if len(used) == 1 else \
            _("{options} would be ignored: they are only used with {what}")
        raise click.UsageError(msg.format(options=opts, what=_(what)))
