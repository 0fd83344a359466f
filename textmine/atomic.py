"""Write files so that a reader (or a crash) sees the old file or the new one, never half of one.

Every writer of the project goes through `atomic_path`: the content goes to a temporary file
beside the target (same filesystem), which then replaces the target with `os.replace`; on any
error the temporary file is removed and the target is untouched.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator


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
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{path.name}.", suffix=path.suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if fsync:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: str | os.PathLike, text: str, **kw) -> None:
    """UTF-8 text with "\\n" line ends, atomically."""
    with atomic_path(path, **kw) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def write_bytes(path: str | os.PathLike, data: bytes, **kw) -> None:
    with atomic_path(path, **kw) as tmp:
        tmp.write_bytes(data)
