"""The `textmine` command group: global options and error handling.

Each command lives in a module of this package (auto-discovered) and is a thin
shell over a public library function.
"""
from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import TextmineError
from ..store import Store


class AppContext:
    """What every command gets: the data home, opened on first use."""

    def __init__(self, home: str | None):
        self.home = home
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.home)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class TextmineGroup(click.Group):
    """Prints TextmineError as a one-line message (exit 2) instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TextmineError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.secho("interrupted: work committed so far is kept; run the command again to continue.",
                        fg="yellow", err=True)
            sys.exit(130)


@click.group(cls=TextmineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", envvar="TEXTMINE_HOME", type=click.Path(file_okay=False), default=None,
              help="Data home holding the SQLite store and raw files [env TEXTMINE_HOME; default ./textmine-data].")
@click.version_option(__version__, prog_name="textmine")
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """textmine: text mining and the CEMI composite index for China's 339 prefecture-level cities.

    Documents flow through stages, each a command: ingest/crawl -> parse -> count -> score ->
    report. Every number can be traced back to the term hits, pages and documents it came from.
    """
    app = AppContext(home)
    ctx.obj = app
    ctx.call_on_close(app.close)


pass_app = click.make_pass_decorator(AppContext)
