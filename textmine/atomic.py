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
from .errors import TextmineError

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


# -- folders of several files (a report, `score --out`) ---------------------------------------------------

OLD_PREFIX = ".old-"          # the previous folder, kept until the new one is in place


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while a folder of outputs was being written: ``message`` says what was left, for the CLI."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) until the block is done (the main thread only; elsewhere nothing to defer)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    old = signal.signal(signal.SIGINT, lambda sig, frame: caught.append(sig))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if caught:
        raise KeyboardInterrupt


def _unlocked_leftovers(parent: Path, name: str) -> None:
    """Folders a killed writer of `name` left beside it: its temporary folders (no live writer holds their lock),
    and a previous folder kept for a swap that did not finish (put back when the target is missing)."""
    import shutil

    target = parent / name
    for old in sorted(parent.glob(f"{OLD_PREFIX}{name}.*")):
        if not target.exists():
            os.rename(old, target)          # the swap was cut between its two renames: the old folder comes back
        else:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in parent.glob(f"{TMP_PREFIX}{name}.*"):
        lock = tmp / ".writer.lock"
        if not tmp.is_dir():
            continue
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            fd = None
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            elif tmp.stat().st_mtime >= _STARTED:
                continue
        except BlockingIOError:            # a live writer
            continue
        finally:
            if fd is not None:
                os.close(fd)
        shutil.rmtree(tmp, ignore_errors=True)


def _as_written(message: str) -> str:
    return message


def check_replaceable(target: str | os.PathLike, known, what: str, gettext=_as_written) -> None:
    """Refuse to replace a folder holding entries a writer of `what` did not make (a user's own files would be
    lost with the old folder). `known`: a callable telling the entry names the writer makes. `gettext`: the
    caller's translation of the messages and of `what` (textmine.i18n.gettext; this module sits in its layer and
    cannot import it), by default English."""
    _ = gettext
    target = Path(target)
    if not target.exists():
        return
    if not target.is_dir():
        raise TextmineError(_("{target} is a file, not a folder: give a folder for the {what}").format(
            target=target, what=_(what)))
    foreign = sorted(p.name for p in target.iterdir() if not p.name.startswith(".") and not known(p.name))
    if foreign:
        shown = ", ".join(foreign[:6]) + (" …" if len(foreign) > 6 else "")
        raise TextmineError(_("{target} holds files that are not part of a {what} ({shown}): the {what} replaces the "
                              "whole folder, so give an empty or new folder (or move those files out)").format(
            target=target, what=_(what), shown=shown))


@contextlib.contextmanager
def atomic_dir(target: str | os.PathLike, what: str = "output", gettext=_as_written) -> Iterator[Path]:
    """Yield a new temporary folder beside `target` to write every file into; on success it replaces `target`
    in one step (the old folder is renamed aside, the new one renamed in, then the old one removed; Ctrl-C is
    held during the swap, and a kill between the two renames is repaired by the next writer). On any error or
    Ctrl-C the temporary folder is removed and `target` is as it was; Ctrl-C becomes `Interrupted` saying so, in
    the language of `gettext` (as `check_replaceable`)."""
    import shutil

    _ = gettext

    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    _unlocked_leftovers(parent, target.name)
    existed = target.exists()
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f"{TMP_PREFIX}{target.name}."))
    fd = os.open(tmp / ".writer.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield tmp
        except BaseException as exc:
            left = (_("the {what} was not finished, and nothing of it was kept — ").format(what=_(what))
                    + (_("{target} is the previous {what}, whole and unchanged").format(target=target, what=_(what))
                       if existed else _("{target} was not created").format(target=target))
                    + _("; run the command again to write it"))
            if isinstance(exc, KeyboardInterrupt):
                raise Interrupted(_("interrupted: ") + left) from exc
            exc.textmine_left = left     # what an error left (the CLI says it when a Ctrl-C turned into that error)
            raise
        with _sigint_deferred():
            (tmp / ".writer.lock").unlink(missing_ok=True)
            os.chmod(tmp, 0o777 & ~_umask())
            if existed:
                backup = Path(tempfile.mkdtemp(dir=parent, prefix=f"{OLD_PREFIX}{target.name}."))
                backup.rmdir()                 # a free name of the right form, for the old folder itself
                os.rename(target, backup)
                try:
                    os.rename(tmp, target)
                except BaseException:
                    os.rename(backup, target)
                    raise
                shutil.rmtree(backup, ignore_errors=True)
            else:
                os.rename(tmp, target)
    finally:
        os.close(fd)
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
