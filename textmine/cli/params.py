"""Option types shared by the commands."""
from __future__ import annotations

import click

from ..dates import parse_date


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


class CategoryChoice(click.ParamType):
    """A lexicon category: a file of the lexicon folder (its `# use:` one of `uses`), found when the option is
    read, so a new lexicon file is a new choice; `extra` adds fixed words (audit's `news`). A wrong one is a
    usage error listing the categories with their Chinese names (the files' `# name:`, textmine.names)."""

    name = "category"

    def __init__(self, uses: tuple[str, ...] = ("plan",), extra: tuple[str, ...] = ()):
        self.uses, self.extra = tuple(uses), tuple(extra)

    def choices(self, ctx=None) -> tuple[str, ...]:
        from ..lexicon import LexiconError
        from ..lexicon.categories import categories

        directory = ctx.params.get("directory") if ctx is not None else None
        try:
            found = tuple(c.key for c in categories(directory) if c.use in self.uses)
        except LexiconError:
            found = ()
        return found + tuple(x for x in self.extra if x not in found)

    def get_metavar(self, param, ctx=None):
        return "[" + "|".join(self.choices(ctx)) + "]"

    def convert(self, value, param, ctx):
        choices = self.choices(ctx)
        if value in choices:
            return value
        from ..names import category_list

        self.fail(f"{value!r} is not a lexicon category; choose one of {category_list(choices)}", param, ctx)


def only_with(condition: bool, what: str, **given) -> None:
    """A usage error for options given (not None/False/empty) where they would be ignored.

    `only_with(fmt == "html", "--format html", out=out)` refuses `--out` without `--format html`."""
    used = [name for name, value in given.items() if value not in (None, False, (), [], "")]
    if used and not condition:
        opts = ", ".join("--" + n.replace("_", "-") for n in used)
        raise click.UsageError(f"{opts} would be ignored: {'it is' if len(used) == 1 else 'they are'} only used "
                               f"with {what}")
