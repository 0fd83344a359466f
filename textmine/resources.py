"""Where textmine reads its data folders (lexicons/, corpora/, scoring/): the data root.

The data root is the first of these that applies:

1. a root given explicitly: `set_root()` (the CLI's --root), else the TEXTMINE_ROOT variable: a
   workspace, or any folder holding lexicons/, corpora/ and scoring/;
2. the research workspace holding the current folder: the nearest folder, walking up, with a
   `textmine-workspace.toml` (made by `textmine init`);
3. the repository checkout textmine is installed from in editable mode (`pip install -e .`);
4. the defaults shipped inside the package (textmine/defaults/, put there when a wheel is built).

Every data file is read from that one root: a file missing there is missing, never taken from the
defaults instead (a workspace whose lexicon was deleted must not count with the shipped one). The one
exception is the bundled sample corpus, which a workspace does not copy (`sample_path`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .i18n import N_, _
from .datafiles import DATA_FOLDERS, DATA_HOME, MARKER, SAMPLE
from .errors import TextmineError

_PACKAGE = Path(__file__).resolve().parent
CHECKOUT = _PACKAGE.parent      # holds the data folders only in a repository checkout (editable install)
PACKAGED = _PACKAGE / "defaults"

_HOW = {"workspace": N_("the workspace holding the current folder"),
        "checkout": N_("the repository checkout textmine is installed from"),
        "package": N_("the defaults installed with textmine")}

_given: tuple[Path, str] | None = None


@dataclass(frozen=True)
class DataRoot:
    path: Path
    how: str        # what chose it: the option or variable that gave it, "workspace", "checkout" or "package"

    @property
    def is_workspace(self) -> bool:
        return (self.path / MARKER).is_file()

    def __str__(self) -> str:
        how = _(_HOW[self.how]) if self.how in _HOW else _("given by {how}").format(how=self.how)
        return f"{self.path} ({how})"


def set_root(path: str | os.PathLike | None, how: str = "the caller") -> None:
    """Use `path` as the data root from now on (None: back to the rules above); `how` says who gave it."""
    global _given
    _given = (Path(path).expanduser().resolve(), how) if path else None


def is_data_root(path: Path) -> bool:
    return all((path / folder).is_dir() for folder in DATA_FOLDERS)


def find_workspace(start: str | os.PathLike | None = None) -> Path | None:
    """The nearest folder at or above `start` (default: the current folder) holding a workspace marker."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    return None


def default_root() -> DataRoot:
    """Where the default data is: the repository checkout (editable install), else the package's copy."""
    if is_data_root(CHECKOUT):
        return DataRoot(CHECKOUT, "checkout")
    if is_data_root(PACKAGED):
        return DataRoot(PACKAGED, "package")
    raise TextmineError(f"textmine's default data is missing: neither {CHECKOUT} (a repository checkout) nor "
                        f"{PACKAGED} (an installed wheel) holds {', '.join(f + '/' for f in DATA_FOLDERS)}; "
                        "reinstall textmine, or give a data root (TEXTMINE_ROOT)")


def _given_root() -> tuple[Path, str] | None:
    if _given:
        return _given
    env = os.environ.get("TEXTMINE_ROOT")
    return (Path(env).expanduser().resolve(), "TEXTMINE_ROOT") if env else None


def data_root() -> DataRoot:
    given = _given_root()
    if given:
        path, how = given
        if not is_data_root(path):
            raise TextmineError(f"the data root {path} (given by {how}) does not hold "
                                f"{', '.join(f + '/' for f in DATA_FOLDERS)}: give a workspace made by "
                                "`textmine init`, or a folder with those three folders")
        return DataRoot(path, how)
    workspace = find_workspace()
    if workspace:
        return DataRoot(workspace, "workspace")
    return default_root()


def editable(path: str | os.PathLike) -> Path:
    """`path`, if a command may change it; an error for a file of the defaults installed with textmine (a
    wheel's site-packages copy): an edit there would be lost at the next install, shared by every project on
    the machine, and in no workspace's git history. Editing the repository checkout (an editable install)
    or a workspace is fine."""
    path = Path(path)
    if path.resolve().is_relative_to(PACKAGED.resolve()):
        raise TextmineError(f"{path} is one of the defaults installed with textmine, not a research team's copy: an "
                            f"edit there would be lost at the next install and shared by every project on this "
                            f"machine. Make a workspace for your edits (`textmine init DIR`, then run the command "
                            f"inside DIR), or give the folder to edit (`--root DIR`)")
    return path


def data_path(*parts: str) -> Path:
    """A path inside the data root, e.g. data_path("corpora", "cities.csv")."""
    return data_root().path.joinpath(*parts)


def sample_path(*parts: str) -> Path:
    """A path inside the sample corpus: the data root's corpora/sample when it has one, else the defaults'
    (a workspace leaves the sample documents to the installed textmine)."""
    root = data_root().path
    if not (root / SAMPLE).is_dir():
        root = default_root().path
    return root.joinpath(SAMPLE, *parts)


def default_home() -> Path:
    """The data home when none is given: textmine-data/ of the workspace in use, else ./textmine-data."""
    given = _given_root()
    if given:
        workspace = given[0] if (given[0] / MARKER).is_file() else None
    else:
        workspace = find_workspace()
    return workspace / DATA_HOME if workspace else Path(DATA_HOME)
