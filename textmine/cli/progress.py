"""The one terminal adapter of the progress callback (`textmine.progress`): a rich bar per label."""
from __future__ import annotations

import contextlib
from typing import Iterator

from ..i18n import N_, _
from ..progress import Progress

#: the fixed words of the library's progress labels ("report: map: 生态资源禀赋", "ingest: running"), shown in
#: the user's language; a label's other parts (city names, counts) are shown as they are
LABEL_WORDS = (N_("ingest"), N_("crawl"), N_("parse"), N_("count"), N_("score"), N_("report"), N_("running"),
               N_("done"), N_("skip"), N_("map"), N_("map: LISA clusters"), N_("audit pages"), N_("HTML"),
               N_("Excel workbook"), N_("spatial weights (queen contiguity)"), N_("charts"), N_("Monte-Carlo"),
               N_("statement ledger, tiers, variance, correlations, tables 1–4"), N_("facts"), N_("evidence"),
               N_("crawl plans"), N_("crawl news"), N_("crawl policy"), N_("crawl facts"), N_("count (token)"),
               N_("count (substring)"), N_("count (token, substring)"), N_("Moran's I and LISA"))


def label(what: str) -> str:
    """A progress label in the user's language, part by part ("report: map" → "报告：地图")."""
    parts = what.split(": ")
    shown = [_(p) for p in parts]
    if shown == parts:
        return what
    return "：".join(shown)


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

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=console, transient=transient)
    tasks: dict[str, int] = {}

    def update(what: str, done: float = 0, total: float | None = None) -> None:
        key = what.split(":", 1)[0]
        if key not in tasks:
            tasks[key] = bar.add_task(label(what), total=total)
        bar.update(tasks[key], completed=done, total=total, description=label(what))

    with bar:
        yield update
