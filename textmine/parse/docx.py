"""Word .docx with python-docx: body paragraphs and tables in document order, as one page."""
from __future__ import annotations

import zipfile
from pathlib import Path

from .model import Extraction, ParseError
from .normalise import normalise


def extract_docx(path: Path) -> Extraction:
    if not zipfile.is_zipfile(path):   # a Word 97-2003 file named .docx went to that reader (parse.readers)
        raise ParseError("not a .docx file (not a ZIP container)")
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on corrupt files
        raise ParseError(f"DOCX cannot be opened: {type(exc).__name__}: {exc}") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and (not cells or cells[-1] != t):   # merged cells repeat their text
                        cells.append(t)
                lines.append(" | ".join(cells))   # a visible cell border: no term spans two cells
    page = normalise("\n".join(lines))
    props = document.core_properties
    title = (props.title or "").strip() or None
    date = props.created.date().isoformat() if props.created else None
    warnings = [] if page else ["document has no text"]
    return Extraction([page], warnings, title=title, date=date, parser="docx", format="docx")
