"""Write files so that a reader (or a crash) sees the old file or the new one, never half of one.

Every writer of the project goes through `atomic_path`: the content goes to a temporary file
beside the target (same filesystem), which then replaces the target with `os.replace`; on any
error the temporary file is removed and the target is untouched.

A writer killed outright (SIGKILL, power loss) leaves its temporary file, named ``.tmp-<name>.…``.
The writer holds an advisory lock (flock) on that file while it lives, and the kernel drops the lock
when the process dies: `remove_leftovers` removes only temporary files nobody holds, so it is safe
while other processes write (textmine's home lock is taken by writing commands, not by every
library caller, so it cannot tell this).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from pathlib import Path
from typing import Iterable, Iterator

TMP_PREFIX = ".tmp-"
#: when this process loaded textmine: a temporary file changed since then may be one another writer has
#: just created and not yet locked, so it is never taken for a leftover
_STARTED = time.time()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, mode: int | None = None, fsync: bool = False) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``.

    ``mode``: permissions of the result (default: what a new file gets under the umask; mkstemp
    alone would give 0600). ``fsync``: flush the bytes to disk before the rename.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # one recognisable name for every temporary file (".tmp-…"): what a SIGKILL leaves behind is easy to spot
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{path.name}.", suffix=path.suffix)
    tmp = Path(name)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)    # held until the file is renamed or removed: it is not a leftover
        yield tmp
        if fsync:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        os.close(fd)


def remove_leftovers(paths: Iterable[Path]) -> list[Path]:
    """Remove the temporary files among ``paths`` that a killed writer left behind; return them.

    A file is a leftover when its name starts with ``.tmp-``, no process holds its lock, and it was last
    changed before this process loaded textmine.
    """
    removed = []
    for path in paths:
        if not path.name.startswith(TMP_PREFIX):
            continue
        try:
            if path.lstat().st_mtime >= _STARTED:
                continue
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:          # gone meanwhile (its writer finished), or not a plain file
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a live writer holds it
            os.close(fd)
            continue
        try:
            path.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


def write_text(path: str | os.PathLike, text: str, **kw) -> None:
    """UTF-8 text with "\\n" line ends, atomically."""
    with atomic_path(path, **kw) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def write_bytes(path: str | os.PathLike, data: bytes, **kw) -> None:
    with atomic_path(path, **kw) as tmp:
        tmp.write_bytes(data)
