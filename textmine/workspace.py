"""`textmine init`: a research workspace holding editable copies of textmine's default data.

A workspace is a folder with lexicons/, corpora/ (the city registry and the crawl sources; not the
sample documents) and scoring/, a README saying what each file is, a .gitignore for the data home
and the marker file by which textmine recognises it (resources.find_workspace). The copies come
from textmine's defaults (resources.default_root): the repository checkout, or the installed package.
A file already in the folder is never replaced: `init` fills only what is missing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources as pkg_resources
from pathlib import Path

from . import __version__, resources
from .atomic import write_bytes, write_text
from .datafiles import DATA_HOME, MARKER, guide_files, workspace_files
from .errors import TextmineError
from .reference import model_editions
from .resources import DataRoot, default_root

GITIGNORE_LINE = f"{DATA_HOME}/"


class FolderNotEmptyError(TextmineError):
    """The target folder holds files and the caller did not ask to fill in the missing ones."""


@dataclass
class InitReport:
    path: Path
    source: DataRoot                                  # where the default files were copied from
    written: list[str] = field(default_factory=list)  # files created
    same: list[str] = field(default_factory=list)     # already there, identical to the default
    kept: list[str] = field(default_factory=list)     # already there and different: left as they are
    gitignore_added: bool = False                     # the data home line was appended to an existing .gitignore


def _marker_text(model: str | None = None) -> str:
    return (f"# This folder is a textmine research workspace (made by `textmine init`, textmine {__version__}).\n"
            "# textmine run in it, or in a folder below it, reads lexicons/, corpora/ and scoring/ from here\n"
            f"# and keeps its data home in {DATA_HOME}/. See README.md.\n"
            "# model: the edition of the scoring model this workspace scores (scoring/model.toml's own, or a\n"
            "# preset of scoring/models/); `textmine --model NAME` chooses another for one command.\n"
            + (f'model = "{model}"\n' if model else ""))


def _readme_text() -> str:
    text = pkg_resources.files("textmine").joinpath("workspace_readme.md").read_text("utf-8")
    return text.replace("{version}", __version__)


def _place(report: InitReport, rel: str, data: bytes) -> None:
    """Write `rel` unless a file is there; a file already there is recorded as same or kept."""
    dst = report.path / rel
    if dst.exists():
        (report.same if dst.is_file() and dst.read_bytes() == data else report.kept).append(rel)
        return
    write_bytes(dst, data)
    report.written.append(rel)


def _gitignore(report: InitReport) -> None:
    path = report.path / ".gitignore"
    if not path.exists():
        write_text(path, f"# the data home: the SQLite store, raw downloads and reports (rebuilt by textmine run)\n"
                         f"{GITIGNORE_LINE}\n")
        report.written.append(".gitignore")
        return
    text = path.read_text("utf-8")
    if {GITIGNORE_LINE, "/" + GITIGNORE_LINE, DATA_HOME, "/" + DATA_HOME} & {ln.strip() for ln in text.splitlines()}:
        report.same.append(".gitignore")
        return
    write_text(path, text + ("" if text.endswith("\n") or not text else "\n") + GITIGNORE_LINE + "\n")
    report.gitignore_added = True


def _guides_root(source: DataRoot) -> Path:
    """Where the Chinese guides are: the checkout's docs/zh, or the copy a wheel carries in its defaults."""
    checkout = resources.CHECKOUT         # read when called: an installed wheel (and its tests) set them
    return checkout if (checkout / "docs" / "zh").is_dir() and source.how == "checkout" else resources.PACKAGED


def init_workspace(target: str | os.PathLike, *, fill: bool = False, model: str | None = None) -> InitReport:
    """Make a workspace in `target` (created if needed). A folder that holds anything is refused unless
    `fill`: then only the missing files are added, and every file already there is kept as it is.
    `model`: the edition of the scoring model the workspace scores (cemi-2026 …), written into its marker."""
    path = Path(target).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise TextmineError(f"{path} is a file, not a folder: give a new or empty folder for the workspace")
    if path.is_dir() and any(path.iterdir()) and not fill:
        raise FolderNotEmptyError(f"{path} is not empty: a workspace is made in a new or empty folder")
    source = default_root()
    if model:
        editions = model_editions(source.path / "scoring")
        if model not in editions:
            raise TextmineError(f"unknown model edition {model!r}; editions: {', '.join(editions)}")
    report = InitReport(path, source)
    for rel in workspace_files(source.path):
        _place(report, rel, (source.path / rel).read_bytes())
    for rel in guide_files(_guides_root(source)):      # the Chinese guides the files' headers name
        _place(report, rel, (_guides_root(source) / rel).read_bytes())
    _place(report, "README.md", _readme_text().encode("utf-8"))
    _gitignore(report)
    _place(report, MARKER, _marker_text(model).encode("utf-8"))   # last: a half-made workspace is not one yet
    return report
