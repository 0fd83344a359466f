"""The `textmine` command group: global options and error handling.

Each command lives in a module of this package (auto-discovered) and is a thin
shell over a public library function.
"""
from __future__ import annotations

import errno
import os
import re
import sqlite3
import signal
import sys
import threading
from pathlib import Path

import click

from .. import __version__
from ..atomic import Interrupted
from ..errors import EXIT_ENVIRONMENT, CorruptStoreError, EnvironmentProblem, TextmineError
from ..homelock import HomeLock
from ..i18n import _, install_click
from ..reference import set_model
from ..resources import data_root, set_root
from ..store import Store, is_corruption, resolve_home
from .help import TranslatedGroup

install_click()


class AppContext:
    """What every command gets: the data home, opened on first use.

    `store` is for commands that write: it takes the data home's lock (a second writer waits, told who
    holds it) and migrates an older database. `reader` is for commands that only read: no lock, and on a
    data home that cannot be written (a read-only disk or folder) the database is opened read-only.
    """

    def __init__(self, home: str | None):
        self.home = home
        self._store: Store | None = None
        self._lock: HomeLock | None = None
        self.command = "textmine"

    @property
    def store(self) -> Store:
        if self._store is not None and self._store.readonly:
            raise EnvironmentProblem(f"the data home {self._store.home} cannot be written to, and this command must write")
        if self._lock is None:
            home = resolve_home(self.home)
            if home.exists() and not os.access(home, os.W_OK | os.X_OK):
                raise EnvironmentProblem(f"data home {home} is not writable, and this command writes to it; reading "
                                         "commands (status, audit, explain, compare, count) still work")
            self._lock = HomeLock(home, self.command).acquire(on_wait=lambda who: click.secho(
                _("waiting: the data home {home} is in use by {who}").format(home=home, who=who), fg="yellow",
                err=True))
        if self._store is None:
            self._store = Store(self.home)
        return self._store

    @property
    def reader(self) -> Store:
        if self._store is None:
            home = resolve_home(self.home)
            writable = os.access(home, os.W_OK | os.X_OK) if home.exists() else os.access(home.parent, os.W_OK)
            self._store = Store(home) if writable else Store(home, readonly=True)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def environment_error(exc: BaseException, home: str | None) -> str | None:
    """The message for a full disk, or a damaged database met mid-command; None for anything else."""
    where = resolve_home(home)
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower() or \
            isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        what = getattr(exc, "filename", None) or where / "textmine.sqlite3"
        return _("no space left on the disk ({problem}) while writing {what}. Nothing stored before was lost: every "
                 "stage writes in transactions and files atomically, so the data home holds the work done up to the "
                 "last completed step. Free some space on the disk holding {where} and run the same command again to "
                 "continue from there.").format(problem=exc, what=what, where=where)
    if is_corruption(exc):
        return str(CorruptStoreError(where / "textmine.sqlite3", exc))
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return missing_data_file(Path(exc.filename))
    return None


GLOBAL_OPTIONS = ("--home", "--root", "--model")


def missing_data_file(path: Path) -> str | None:
    """The message for a data file missing from the data root (deleted from a workspace, say)."""
    try:
        root = data_root()
    except TextmineError:
        return None
    if not path.resolve().is_relative_to(root.path):
        return None
    hint = (_("`textmine init --force` in the workspace puts back the default files that are missing")
            if root.is_workspace else _("restore it (from git, say)"))
    return _("{path} is missing from the data root {root}: {hint}").format(path=path, root=root, hint=hint)


class TextmineGroup(TranslatedGroup):
    """Prints TextmineError (and a full disk or a damaged database) as a message instead of a traceback,
    and accepts the global options (--home, --root) before or after the command. Help and messages are in the
    user's language (textmine.i18n, cli/help.py)."""

    group_class = TranslatedGroup

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _globals_first(args))

    def invoke(self, ctx: click.Context):
        previous = _catch_sigint()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            _interrupted(ctx, exc)
        except Exception as exc:
            # a Ctrl-C that ended as another error (a library turned it into one: opencc's import raises ImportError;
            # or a write it cut short): an interrupt, saying what a folder writer left (exc.textmine_left)
            if _SIGINT["seen"]:
                _interrupted(ctx, exc)
            if isinstance(exc, TextmineError):
                click.secho(_("error: {message}").format(message=cli_words(str(exc), self)), fg="red", err=True)
                sys.exit(exc.exit_code)
            msg = environment_error(exc, ctx.params.get("home")) \
                if isinstance(exc, (sqlite3.DatabaseError, OSError)) else None
            if msg is None:
                raise
            click.secho(_("error: {message}").format(message=msg), fg="red", err=True)
            sys.exit(EXIT_ENVIRONMENT)
        finally:
            _restore_sigint(previous)


#: whether Ctrl-C was pressed during this command (set by the handler below, read when the command ends in an error)
_SIGINT = {"seen": False}


def _on_sigint(signum, frame):
    _SIGINT["seen"] = True
    raise KeyboardInterrupt


def _catch_sigint():
    """Note a Ctrl-C as well as raising KeyboardInterrupt (what Python's own handler does); main thread only."""
    _SIGINT["seen"] = False
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return None
    return signal.signal(signal.SIGINT, _on_sigint)


def _restore_sigint(previous) -> None:
    if previous is not None:
        signal.signal(signal.SIGINT, previous)


def _interrupted(ctx: click.Context, exc: BaseException | None):
    app = ctx.obj
    # what a folder writer left (or did not): atomic.Interrupted says it, or an error a Ctrl-C turned into carries it
    said = exc.message if isinstance(exc, Interrupted) else \
        (_("interrupted: ") + exc.textmine_left if getattr(exc, "textmine_left", None) else None)
    if said:
        click.secho(said, fg="yellow", err=True)
    if isinstance(app, AppContext) and app._lock is not None:     # the command was writing to the store
        click.secho(_("interrupted: work committed so far is kept; run the command again to continue."),
                    fg="yellow", err=True)
    elif not said:
        click.secho(_("interrupted (this command writes nothing)."), fg="yellow", err=True)
    sys.exit(130)


@click.group(cls=TextmineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", envvar="TEXTMINE_HOME", type=click.Path(file_okay=False), default=None,
              help="Data home holding the SQLite store and raw files [env TEXTMINE_HOME; default textmine-data/ "
                   "of the workspace in use, else ./textmine-data].")
@click.option("--root", type=click.Path(file_okay=False, exists=True), default=None,
              help="Data root: a workspace (`textmine init`) or a folder holding lexicons/, corpora/ and scoring/ "
                   "[env TEXTMINE_ROOT; default the workspace holding the current folder, else the repository "
                   "checkout of an editable install, else the defaults installed with textmine].")
@click.option("--model", "model", metavar="EDITION", default=None,
              help="Edition of the scoring model: cemi-2025 (scoring/model.toml) or a preset in scoring/models/, "
                   "e.g. cemi-2026 (十五五 outlines, news of 2025) [env TEXTMINE_MODEL; default the workspace's "
                   "choice (textmine-workspace.toml), else scoring/model.toml].")
@click.version_option(__version__, prog_name="textmine")
@click.pass_context
def main(ctx: click.Context, home: str | None, root: str | None, model: str | None) -> None:
    """textmine: text mining and the CEMI composite index for China's 339 prefecture-level cities.

    Documents flow through stages, each a command: ingest/crawl -> parse -> count -> score ->
    report. Every number can be traced back to the term hits, pages and documents it came from.

    In Chinese (中文说明): README.zh-CN.md, and docs/zh/ for the files researchers edit (lexicons,
    scoring model, crawl sources), in the textmine repository.

    \b
    Exit codes: 0 done; 1 done, but something failed that needs a look (listed);
    2 usage error (an unknown option, a value of the wrong form); 3 input refused (a workbook,
    lexicon, sources file, city or document that is not acceptable); 4 environment (the data home
    cannot be written, is damaged or newer; a full disk).

    Language: TEXTMINE_LANG=zh (中文) or TEXTMINE_LANG=en; without it the locale's (LANG), and Chinese when the
    locale names no language. Keys in CSV and JSON output are English in both.
    """
    if root:
        set_root(root, "--root")
        ctx.call_on_close(lambda: set_root(None))
    if model:
        set_model(model, "--model")
        ctx.call_on_close(lambda: set_model(None))
    app = AppContext(home)
    app.command = f"textmine {ctx.invoked_subcommand or ''}".strip()
    ctx.obj = app
    ctx.call_on_close(app.close)


pass_app = click.make_pass_decorator(AppContext)


_PARAM = re.compile(r"`([a-z][a-z0-9_]*)`")


def cli_words(message: str, group: click.Group) -> str:
    """A library message names the parameters of a call in backquotes (`allow_missing`); on the command
    line they are options (--allow-missing). Names no command has are left as they are."""
    options: dict[str, str] = {}

    def collect(cmd: click.Command) -> None:
        for p in cmd.params:
            if isinstance(p, click.Option) and p.name not in options:
                long = [o for o in p.opts if o.startswith("--")]
                options[p.name] = long[0] if long else p.opts[0]
        for sub in getattr(cmd, "commands", {}).values():
            collect(sub)

    collect(group)
    return _PARAM.sub(lambda m: options.get(m.group(1), m.group(0)), message)


def _globals_first(args: list[str]) -> list[str]:
    """`textmine status --home H` is `textmine --home H status` (global options are the group's)."""
    front, rest, i = [], [], 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest += args[i:]
            break
        name = a.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and i > 0:
            if "=" in a:
                front.append(a)
            elif i + 1 < len(args):
                front += [a, args[i + 1]]
                i += 1
            else:
                rest.append(a)
            i += 1
            continue
        rest.append(a)
        i += 1
    return front + rest
