"""The one terminal adapter of the progress callback (`textmine.progress`): a rich bar per label."""
from __future__ import annotations

import contextlib
from typing import Iterator

from ..progress import Progress


@contextlib.contextmanager
def rich_progress(enabled: bool = True, transient: bool = True) -> Iterator[Progress]:
    """A progress callback drawing one rich bar (or spinner, when the total is unknown) per label on
    stderr; a no-op when not enabled (machine-readable output) or when stderr is not a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda what, done=0, total=None: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=console, transient=transient)
    tasks: dict[str, int] = {}

    def update(what: str, done: float = 0, total: float | None = None) -> None:
        label = what.split(":", 1)[0]
        if label not in tasks:
            tasks[label] = bar.add_task(what, total=total)
        bar.update(tasks[label], completed=done, total=total, description=what)

    with bar:
        yield update
