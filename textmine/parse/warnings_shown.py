"""A parse warning or failure reason as a person reads it: in the user's language, at display time.

The parsers write their warnings and failure reasons in English, and they are stored so (`parses.warnings_json`,
the failures table) because code reads them back by their words (`editions.quality` finds the pages without a
text layer, `select._names_a_scan` and `cli.output.with_hint` the scans, the memory cap, the time limit). A command
that shows one passes it through `textmine.stored_messages.shown_message`: in Chinese the known messages below are translated with their figures
kept; an unknown message (a library's own words, ofdkit's warnings) is shown as it is, and in English every
message is shown as it is, byte for byte.

Each template is the English message of the parser that makes it, with its figures as {fields}: the pattern that
recognises a stored message is made from the template itself (textmine.stored_messages), so the two cannot drift
apart (tests/test_i18n_reasons.py checks each against a message the parser really makes).
"""
from __future__ import annotations

from ..i18n import N_

#: every known parse warning and failure reason, as the parsers write them (textmine/parse/*.py)
TEMPLATES = (
    # warnings (the document is stored; pdf.py, ofd.py, txt.py, html.py, word.py, docx.py)
    N_("{n} page(s) without a text layer (scanned images): {pages}"),
    N_("{n} page(s) without a text layer read by OCR (tesseract): {pages}"),
    N_("{n} page(s) of unmapped glyphs dropped: {pages}"),
    N_("{n} page(s) without text: {pages}"),
    N_("page {n} cannot be read: {why}"),
    N_("no text after normalisation (only whitespace)"),
    N_("undecodable bytes replaced (read as {encoding}, {how})"),
    N_("no text in the page body"),
    N_("document has no text"),
    N_("a DOCX file named .{ext}: read as DOCX"),
    N_("an HTML page named .{ext}: read as HTML"),
    N_("a Word 97-2003 file named .docx: read as Word 97-2003"),
    # failure reasons (the document is not parsed; pdf.py, extract.py, runner.py)
    N_("no text layer: all {n} page(s) are images (a scan); the document needs OCR"),
    N_("no text on any of the {n} page(s)"),
    N_("text layer is mostly unmapped glyphs ({share} of characters): a font without a Unicode map; the document "
       "needs OCR"),
    N_("PDF is encrypted (a password is required to open it)"),
    N_("PDF is truncated: no %%EOF marker at the end of the file (incomplete download?)"),
    N_("file is empty (0 bytes)"),
    N_("file not found"),
    N_("timed out after {seconds} s (time limit per document)"),
    N_("exceeded the memory cap of {mb} MB"),
)


N_("part {number}: {warning}")      # a warning of one part of a document in several files
