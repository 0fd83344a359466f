"""Errors a user can act on. The CLI prints their message and exits with code 2;
anything else is a bug and keeps its traceback."""
from __future__ import annotations


class TextmineError(Exception):
    """A problem with the user's input or environment, stated so they can fix it."""

    exit_code = 2


class UnknownCityError(TextmineError):
    def __init__(self, query: str, candidates: list[str], ambiguous: bool = False, reason: str | None = None):
        self.query = query
        self.candidates = candidates
        self.ambiguous = ambiguous
        if reason:
            msg = reason
        elif ambiguous:
            msg = f"city name {query!r} is ambiguous: it matches {', '.join(candidates)}; give the full name or the 6-digit code"
        elif candidates:
            msg = f"unknown city {query!r}; closest: {', '.join(candidates)}"
        else:
            msg = f"unknown city {query!r}; see `textmine cities` for the 339 names, aliases and codes"
        super().__init__(msg)


class SchemaTooNewError(TextmineError):
    pass


class CorruptStoreError(TextmineError):
    """The database file is damaged or not a textmine database."""

    def __init__(self, path, exc: BaseException):
        self.path = path
        super().__init__(
            f"the database {path} is damaged ({exc}); nothing was changed. Restore it from a backup, or rebuild "
            f"it from the raw files with `textmine recover` (the damaged file is kept beside it; documents and news "
            f"items come back from journal.jsonl, then `textmine run` parses, counts and scores again)")
