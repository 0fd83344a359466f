"""Where the project's data folders (lexicons/, corpora/, scoring/) are.

They are researcher-edited files that live beside the package in the repository.
TEXTMINE_ROOT overrides the location (for a copy of the data kept elsewhere).
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import TextmineError

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    env = os.environ.get("TEXTMINE_ROOT")
    candidates = [Path(env)] if env else []
    candidates += [_PACKAGE_PARENT, Path.cwd()]
    for c in candidates:
        if (c / "corpora" / "cities.csv").is_file():
            return c
    raise TextmineError(
        "cannot find the textmine data folders (corpora/cities.csv); install with `pip install -e .` "
        "from the repository or set TEXTMINE_ROOT to the folder holding lexicons/, corpora/ and scoring/"
    )


def data_path(*parts: str) -> Path:
    return project_root().joinpath(*parts)
