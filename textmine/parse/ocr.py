"""OCR of scanned PDF pages with Debian's tesseract (packages tesseract-ocr, tesseract-ocr-chi-sim).

Only used when asked for (`textmine parse --ocr`, `textmine extract --ocr`): pages without a
text layer are rendered at 300 dpi with PDFium and read by `tesseract -l chi_sim+eng`. The
result is normalised like any other text (tesseract puts spaces between CJK characters;
`normalise` removes them) and each OCR'd page is named in the document's warnings, because
OCR text is less reliable than a text layer.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .model import ParseError

LANGS = "chi_sim+eng"
DPI = 300


def ocr_unavailable() -> str | None:
    """Why OCR cannot run here, or None."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract cannot run: {exc}"
    missing = [lang for lang in LANGS.split("+") if lang not in langs]
    if missing:
        return f"tesseract lacks the language data {', '.join(missing)} (Debian: tesseract-ocr-chi-sim)"
    return None


def _join_lines(text: str) -> str:
    """Tesseract prints a paragraph's lines separately and paragraphs apart by blank lines."""
    paragraphs = []
    for block in text.replace("\f", "").split("\n\n"):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if lines:
            paragraphs.append("".join(lines) if _cjk_share("".join(lines)) > 0.5 else " ".join(lines))
    return "\n".join(paragraphs)


def _cjk_share(s: str) -> float:
    chars = [c for c in s if not c.isspace()]
    return sum("\u4e00" <= c <= "\u9fff" for c in chars) / len(chars) if chars else 0.0


def ocr_pdf_pages(path: str | Path, pages: list[int], *, timeout: float = 120.0) -> dict[int, str]:
    """{page number (1-based): recognised text} for the given pages of a PDF."""
    reason = ocr_unavailable()
    if reason:
        raise ParseError(f"OCR requested but {reason}")
    import pypdfium2 as pdfium

    out: dict[int, str] = {}
    doc = pdfium.PdfDocument(str(path))
    try:
        with tempfile.TemporaryDirectory(prefix="textmine-ocr-") as tmp:
            for number in pages:
                page = doc[number - 1]
                try:
                    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
                finally:
                    page.close()
                png = Path(tmp) / f"p{number}.png"
                image.save(png)
                try:
                    res = subprocess.run(["tesseract", str(png), "stdout", "-l", LANGS, "--psm", "3"],
                                         capture_output=True, text=True, timeout=timeout)
                except subprocess.TimeoutExpired as exc:
                    raise ParseError(f"OCR of page {number} took longer than {timeout:.0f} s") from exc
                if res.returncode != 0:
                    raise ParseError(f"OCR of page {number} failed: {res.stderr.strip()[:200]}")
                out[number] = _join_lines(res.stdout)
    finally:
        doc.close()
    return out
