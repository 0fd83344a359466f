"""Text fidelity of the .doc / .wps / .ofd readers against the DOCX twin of the same document.

The fixtures in tests/data/formats/ (plan.docx; plan.doc and plan.wps that LibreOffice wrote
from it; plan.ofd typeset from the same text; see the README there). Each reader's output is
normalised like every parsed text (textmine.parse.normalise) and compared with the DOCX text
as textmine reads it:
- similarity: difflib ratio of the two texts with all white space removed (characters only);
- lines: share of the DOCX's lines (paragraphs, table rows) found as a line of the reader's text
  (for the OFD also as two lines a page break cut apart);
- seconds: median wall time of 5 runs.

usage: python benchmarks/format_readers.py
"""
from __future__ import annotations

import difflib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "data" / "formats"

from textmine.parse import extract, normalise  # noqa: E402


def _run(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, timeout=120).stdout.decode("utf-8", "replace")


def antiword(path: Path) -> str:
    return _run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)])


def catdoc(path: Path) -> str:
    return _run(["catdoc", "-d", "utf-8", "-w", str(path)])


def wvtext(path: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.txt"
        subprocess.run(["wvText", str(path), str(out)], check=True, capture_output=True, timeout=120)
        return out.read_text("utf-8", "replace")


def soffice(path: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / ("in" + path.suffix)
        src.write_bytes(path.read_bytes())
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to",
                        "txt:Text (encoded):UTF8", "--outdir", tmp, str(src)], check=True, capture_output=True,
                       timeout=300)
        return (Path(tmp) / "in.txt").read_text("utf-8-sig", "replace")


def textmine_reader(path: Path) -> str:
    return extract(path).text


def ofdkit_text(path: Path) -> str:
    import ofdkit

    return ofdkit.extract_text(str(path), page_separator="\n")


WORD = {"antiword 0.37 (Debian)": ("antiword", antiword), "catdoc 0.95 (Debian)": ("catdoc", catdoc),
        "wvText 1.2.9 (Debian wv)": ("wvText", wvtext), "LibreOffice 7.4 headless": ("soffice", soffice),
        "textmine extract (antiword)": (None, textmine_reader)}
OFD = {"ofdkit 0.2 extract_text": (None, ofdkit_text), "textmine extract (ofdkit + layout)": (None, textmine_reader)}


def similarity(a: str, b: str) -> float:
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def lines_found(reference: str, text: str) -> float:
    ref = [l for l in reference.split("\n") if l]
    lines = text.split("\n")
    got = set(lines) | {a + b for a, b in zip(lines, lines[1:])}
    return sum(l in got for l in ref) / len(ref)


def main() -> None:
    reference = extract(FIXTURES / "plan.docx").text
    print(f"reference: plan.docx read by textmine (python-docx): {len(reference):,} characters, "
          f"{reference.count(chr(10)) + 1} lines")
    print(f"{'reader':36} {'file':9} {'similarity':>10} {'lines':>7} {'seconds':>8}")
    for readers, fixtures in ((WORD, ("plan.doc", "plan.wps")), (OFD, ("plan.ofd",))):
        for name, (program, fn) in readers.items():
            if program and not shutil.which(program):
                print(f"{name:36} (not installed)")
                continue
            for fixture in fixtures:
                path = FIXTURES / fixture
                times, text = [], ""
                for _ in range(5):
                    t0 = time.perf_counter()
                    text = normalise(fn(path))
                    times.append(time.perf_counter() - t0)
                print(f"{name:36} {fixture:9} {similarity(reference, text):10.4f} "
                      f"{lines_found(reference, text):7.3f} {statistics.median(times):8.3f}")


if __name__ == "__main__":
    main()
