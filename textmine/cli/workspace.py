"""`textmine init`: make a research workspace."""
from __future__ import annotations

import click

from ..datafiles import DATA_HOME
from ..errors import TextmineError
from ..i18n import _
from ..reference import model_choice
from ..workspace import FolderNotEmptyError, init_workspace
from .app import main


@main.command(name="init")
@click.argument("directory", type=click.Path(), default=".")
@click.option("--force", is_flag=True, help="Add the missing files to a folder that is not empty; files already "
              "there are kept as they are, never overwritten.")
def init_cmd(directory, force):
    """Make a research workspace in DIRECTORY (default: the current folder): editable copies of the
    lexicons, the scoring model, the city registry and the crawl sources, a README saying what each
    file is, and a .gitignore for the data home.

    textmine commands run inside the workspace (or below it) read its files and keep their data home
    in its textmine-data/. The data root is, in this order: --root or TEXTMINE_ROOT; the workspace
    holding the current folder; the repository checkout of an editable install; the defaults
    installed with textmine. `textmine status` says which one is in use.

    With --model (`textmine init cemi-2026 --model cemi-2026`), the workspace scores that edition of the
    model (written into its textmine-workspace.toml): cemi-2026 counts the 十五五 outlines and the news of 2025.
    """
    name, how = model_choice()
    edition = name if how == "--model" else None
    try:
        rep = init_workspace(directory, fill=force, model=edition)
    except FolderNotEmptyError as exc:
        raise TextmineError(_("{problem}; pass --force to add only the missing files (files already there are kept, "
                              "never overwritten)").format(problem=exc)) from None
    click.echo(_("workspace {path}: {n} file(s) written, copied from {source}").format(
        path=rep.path, n=len(rep.written), source=rep.source)
               + (_("; model edition {edition}").format(edition=edition) if edition else ""))
    if rep.same:
        click.echo(_("{n} file(s) already there and identical to the default").format(n=len(rep.same)))
    if rep.kept:
        click.echo(_("{n} file(s) already there and different from the default, kept as they are: {files}").format(
            n=len(rep.kept), files=", ".join(rep.kept)))
    if rep.gitignore_added:
        click.echo(_("added {home}/ to the existing .gitignore").format(home=DATA_HOME))
    click.echo(_("textmine run inside {path} uses it, with the data home {home} (try: textmine run --sample)").format(
        path=rep.path, home=rep.path / DATA_HOME))
