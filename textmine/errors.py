"""Errors a user can act on. The CLI prints their message and exits with their code; anything else
is a bug and keeps its traceback.

Exit codes of the `textmine` command (also in `textmine --help`):
    0  done
    1  done, but something failed that needs a look (a document not parsed, a crawl failure; listed)
    2  usage error: an unknown option, a missing argument, a value of the wrong form (click)
    3  input refused: a workbook, lexicon, sources file, city name or document that is not acceptable
    4  environment: the data home cannot be written, is damaged, was written by a newer textmine; a full disk
"""
from __future__ import annotations

EXIT_PARTIAL, EXIT_USAGE, EXIT_INPUT, EXIT_ENVIRONMENT = 1, 2, 3, 4


class TextmineError(Exception):
    """A problem with the user's input, stated so they can fix it."""

    exit_code = EXIT_INPUT


class EnvironmentProblem(TextmineError):
    """A problem with the data home or the machine (not with what the user gave)."""

    exit_code = EXIT_ENVIRONMENT


class UnknownCityError(TextmineError):
    """`candidates`: the names of the cities meant, perhaps; `shown`: how the message lists them (with their
    codes: '丽水市 (331100)', textmine.names.city_label), default the names."""

    def __init__(self, query: str, candidates: list[str], ambiguous: bool = False, reason: str | None = None,
                 shown: list[str] | None = None):
        self.query = query
        self.candidates = candidates
        self.ambiguous = ambiguous
        listed = ", ".join(shown or candidates)
        if reason:
            msg = reason
        elif ambiguous:
            msg = f"city name {query!r} is ambiguous: it matches {listed}; give the full name or the 6-digit code"
        elif candidates:
            msg = f"unknown city {query!r}; closest: {listed}"
        else:
            msg = f"unknown city {query!r}; see `textmine cities` for the 339 names, aliases and codes"
        super().__init__(msg)


class SchemaTooNewError(EnvironmentProblem):
    pass


class CorruptStoreError(EnvironmentProblem):
    """The database file is damaged or not a textmine database."""

    def __init__(self, path, exc: BaseException):
        self.path = path
        super().__init__(
            f"the database {path} is damaged ({exc}); nothing was changed. Restore it from a backup, or rebuild "
            f"it from the raw files with `textmine recover` (the damaged file is kept beside it; documents and news "
            f"items come back from journal.jsonl, then `textmine run` parses, counts and scores again)")
