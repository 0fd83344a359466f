"""A review reason: the text a person reads (in the user's language) and its kind (an English key, never
translated), so a summary can group reasons by kind without reading their words.

A `Reason` is a str, so every place that joins or prints review reasons keeps working; `kind_of` gives the kind
of any reason (a plain str is "to review"). The kinds are listed once, in `KINDS`, in the order a summary names
them; their Chinese labels are in the message catalogue (`_(kind)`).
"""
from __future__ import annotations

from ..i18n import N_

#: every kind of review reason, as the summary line and `textmine check` name them (translated where shown)
KINDS = (N_("partly scanned"), N_("too short"), N_("outlier density"), N_("not parsed"), N_("not counted yet"),
         N_("workbook cell refused"), N_("draft"), N_("two outline texts"), N_("uncertain outline"),
         N_("no outline counted"), N_("review choice missing"), N_("new since review"), N_("to review"))
OTHER = "to review"


class Reason(str):
    """A review reason's text, with its kind (one of KINDS)."""

    kind: str

    def __new__(cls, text: str, kind: str) -> "Reason":
        if kind not in KINDS:
            raise ValueError(f"review reason kind {kind!r}: one of {', '.join(KINDS)}")
        obj = super().__new__(cls, text)
        obj.kind = kind
        return obj

    def __reduce__(self):        # pickled (multiprocessing) with its kind
        return (Reason, (str(self), self.kind))


def kind_of(reason: str) -> str:
    """The kind of a review reason; a reason made without one is 'to review'."""
    return getattr(reason, "kind", OTHER)
