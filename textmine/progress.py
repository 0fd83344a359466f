"""How library code reports progress: one callback, `progress(what, done, total)`.

    what   a short label of the work ("count (token)", "parse", "crawl news: 南平市", "report: maps")
    done   how much is done so far (pages, characters, documents, …; cumulative)
    total  how much there is in all, or None when unknown (a message, a spinner)

Library functions take `progress: Progress | None` and never print; the CLI passes one rich adapter
(`textmine.cli.progress.rich_progress`), tests may pass any function.
"""
from __future__ import annotations

from typing import Callable, Optional

Progress = Callable[[str, float, Optional[float]], None]


def no_progress(what: str, done: float = 0, total: float | None = None) -> None:
    """The callback that reports nothing (the default)."""


def progress_or_none(progress: Progress | None) -> Progress:
    return progress or no_progress
