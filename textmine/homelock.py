"""One writer per data home: an advisory lock (flock) on <home>/textmine.lock.

Commands that write take it for their whole run; a second writer waits for it and is told who holds
it (pid, command, since when). Readers do not take it: SQLite lets them read while a writer works.
"""
from __future__ import annotations

import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .errors import EnvironmentProblem, TextmineError

LOCK_NAME = "textmine.lock"


class HomeLock:
    def __init__(self, home: Path, what: str):
        self.path = Path(home) / LOCK_NAME
        self.what = what
        self._fh = None

    def holder(self) -> str:
        try:
            return self.path.read_text("utf-8").strip() or "another textmine process"
        except OSError:
            return "another textmine process"

    def acquire(self, *, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> "HomeLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "a+", encoding="utf-8")
        except OSError as exc:
            raise EnvironmentProblem(f"the data home {self.path.parent} cannot be created or opened: {exc.strerror}") from exc
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self.holder()
            if not wait:
                fh.close()
                raise TextmineError(f"the data home {self.path.parent} is in use by {holder}; wait for it to finish")
            if on_wait:
                on_wait(holder)
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} ({self.what}, since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC)\n")
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.seek(0)
            self._fh.truncate()
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
