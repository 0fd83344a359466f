"""The record every format's extractor returns, the error for a document that cannot be read, and the parser's
version (bump it when output changes: documents parsed by another version are parsed again)."""
from __future__ import annotations

from dataclasses import dataclass, field

PARSER_VERSION = "1.2"   # 1.2: the parse record keeps the title and date the document gives


class ParseError(Exception):
    """The document cannot be turned into text; the message is the reason recorded in `failures`."""


@dataclass
class Extraction:
    """Normalised text of one document, page by page (HTML/TXT/DOCX: one page).

    ``char_starts[i]`` is the offset of page i+1 in ``text`` (pages joined with "\\n").
    """

    pages: list[str]
    warnings: list[str] = field(default_factory=list)
    title: str | None = None
    date: str | None = None          # ISO date (YYYY-MM-DD) when the document states one
    parser: str = ""                 # backend: pdfium, html, docx, txt, antiword, ofdkit ("+"-joined for parts)
    format: str = ""                 # pdf, html, docx, txt, doc, wps, ofd
    encoding: str | None = None      # HTML/TXT: the charset used and which rule chose it
    peak_rss_mb: float | None = None  # filled by the isolated runner
    roles: list[str] | None = None   # per page: body | toc | cover (None: all body)
    parts: list[int] | None = None   # per page: which part of a document of several files (None: one file)

    @property
    def page_roles(self) -> list[str]:
        """The role of every page (``textmine.parse.roles``); only body pages are counted."""
        return list(self.roles) if self.roles else ["body"] * len(self.pages)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def char_starts(self) -> list[int]:
        out, pos = [], 0
        for p in self.pages:
            out.append(pos)
            pos += len(p) + 1
        return out

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.pages)

    @property
    def status(self) -> str:
        return "warning" if self.warnings else "ok"

    def as_dict(self) -> dict:
        return {"parser": self.parser, "format": self.format, "title": self.title, "date": self.date,
                "encoding": self.encoding, "warnings": self.warnings,
                "pages": [{"page": i + 1, "role": r, "text": t, **({"part": self.parts[i]} if self.parts else {})}
                          for i, (t, r) in enumerate(zip(self.pages, self.page_roles))]}
