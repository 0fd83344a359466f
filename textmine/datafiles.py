"""Which data files textmine reads at run time: what a wheel ships and what `textmine init` copies.

Standard library only and no relative import: setup.py runs this file at build time without
importing textmine (whose dependencies the build environment need not have).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

#: The researcher-edited data folders, at the top of a repository checkout and of a workspace.
DATA_FOLDERS = ("lexicons", "corpora", "scoring")

#: Parts of those folders that textmine never reads at run time: sources of the sample documents
#: (tools/build_sample.py), the policy-evidence, facts and labelled-precision examples of the README, and the
#: research notes on the lexicons' precision. They stay in the repository, not in a wheel.
NOT_READ_AT_RUN_TIME = ("lexicons/precision", "corpora/sample/text", "corpora/sample/policy",
                        "corpora/sample/labels", "corpora/sample/facts")

#: The bundled sample corpus (`textmine run --sample`): read-only demonstration data, so a workspace
#: does not copy it and reads it from the installed textmine (resources.sample_path).
SAMPLE = "corpora/sample"

#: Files a workspace holds besides the data folders; MARKER tells textmine that a folder is one.
MARKER = "textmine-workspace.toml"
DATA_HOME = "textmine-data"


def _skipped(rel: str, leave_out: tuple[str, ...]) -> bool:
    return any(rel == p or rel.startswith(p + "/") for p in leave_out) or "__pycache__" in rel.split("/") \
        or rel.rsplit("/", 1)[-1].startswith(".")


def run_time_files(root: Path, *, leave_out: tuple[str, ...] = ()) -> Iterator[str]:
    """The relative paths (posix) of every data file under `root` that textmine reads at run time."""
    root = Path(root)
    for folder in DATA_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and not _skipped(rel, NOT_READ_AT_RUN_TIME + leave_out):
                yield rel


#: The Chinese guides to the files researchers edit (each data file's header names its guide): a wheel carries
#: them in textmine/defaults/ and `textmine init` copies them into the workspace, so the guide a header names is
#: beside it without the repository.
GUIDES = "docs/zh"
#: docs/zh pages for developers (the layers of the code), not guides to a data file: not copied into workspaces
NOT_GUIDES = ("architecture.md",)


def guide_files(root: Path) -> Iterator[str]:
    """The relative paths of the Chinese guides under `root` (docs/zh/*.md but NOT_GUIDES)."""
    folder = Path(root) / GUIDES
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name not in NOT_GUIDES:
            yield path.relative_to(root).as_posix()


def workspace_files(root: Path) -> Iterator[str]:
    """The data files `textmine init` copies from `root`: all run-time files but the sample corpus."""
    return run_time_files(root, leave_out=(SAMPLE,))
