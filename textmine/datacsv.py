"""The one reader of the CSV files researchers edit: corpora/cities.csv, provinces.csv, counties.csv,
city_areas.csv, scoring/indicators.csv, nodes.csv, weights.csv, synthetic.csv, random_index.csv,
ahp/*.csv, reference rankings, the sample manifest and scores tables given to `report --scores`.

Every one of them is read the same way, so a file that works in one place works in all:
- a byte-order mark is allowed; the text is UTF-8, or GB18030/GBK as Excel saves it on Chinese Windows;
  anything else is an error naming the file and line;
- a line whose first non-blank character is `#` is a comment wherever it stands (above the header, as
  the shipped files have, or between rows), and so is an empty line or one of only commas;
- the first other row is the header (cells stripped); a row with fewer cells than the header is padded
  with empty cells (a hand-edited file often drops trailing commas), one with more is an error (a comma
  inside a value needs quotes);
- line numbers in every message are those of the file, comments included.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .errors import TextmineError


@dataclass
class DataTable:
    """A data CSV as read: header, and every row with its line number in the file."""

    path: Path
    header: list[str]
    header_line: int
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    encoding: str = "utf-8"
    comments: list[str] = field(default_factory=list)     # the `#` lines, as written (a banner, a guide)

    def where(self, line: int) -> str:
        return f"{self.path}:{line}"

    def need(self, columns) -> None:
        """An error naming the file, the header line and what it has, if any of `columns` is absent."""
        missing = [c for c in columns if c not in self.header]
        if missing:
            raise TextmineError(f"{self.path}:{self.header_line}: missing column(s) {', '.join(missing)}; the header "
                                f"has {', '.join(self.header) or 'nothing'} (lines starting with # are comments)")

    def dicts(self) -> list[dict[str, str]]:
        return [row for _, row in self.rows]

    def frame(self):
        """The rows as a pandas DataFrame of strings (cells stripped); ``attrs["lines"][i]`` is row i's line."""
        import pandas as pd

        df = pd.DataFrame([[row[h].strip() for h in self.header] for _, row in self.rows], columns=self.header,
                          dtype=object)
        df = df.astype(str) if len(df) else pd.DataFrame(columns=self.header, dtype=str)
        df.attrs["lines"] = [n for n, _ in self.rows]
        df.attrs["path"] = str(self.path)
        return df


def decode(path: str | Path, data: bytes | None = None, kind: str = "CSV") -> tuple[str, str]:
    """(text, encoding) of a data file (a `kind` file: CSV, TOML): UTF-8 (a BOM allowed), else GB18030; else an
    error naming the line."""
    path = Path(path)
    if data is None:
        if path.is_dir():
            raise TextmineError(f"{path}: a folder, not a {kind} file")
        data = path.read_bytes()     # a missing file: FileNotFoundError, which every command names as missing
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first = exc
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        line = data[:first.start].count(b"\n") + 1
        raise TextmineError(f"{path}:{line}: not UTF-8 text (nor GBK/GB18030): save the file as {'“CSV UTF-8”' if kind == 'CSV' else 'UTF-8'}") from None


def leading_comments(path: str | Path) -> int:
    """How many lines at the top of the file are comments (`#`, a BOM before the first allowed): what a writer
    keeps when it rewrites a file under its header."""
    text, _ = decode(path)
    n = 0
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            break
        n += 1
    return n


def _is_skipped(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#") or not s.strip(",;\t ")


def rows_of_text(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every record of CSV `text`, comments and empty lines left out. A record may
    span lines (a quoted value with a line break); it is numbered by its first line."""
    lines = text.splitlines(keepends=True)
    state = {"boundary": True, "start": 0}

    def source():
        for n, line in enumerate(lines, start=1):
            if state["boundary"]:
                if _is_skipped(line):
                    continue
                state["start"], state["boundary"] = n, False
            yield line

    out = []
    for cells in csv.reader(source()):
        state["boundary"] = True
        if any(c.strip() for c in cells):
            out.append((state["start"], cells))
    return out


def read_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    """(line number in the file, cells) of every non-empty, non-comment row, the header included."""
    text, _ = decode(path)
    return rows_of_text(text)


def table_of_text(path: str | Path, text: str, required=(), encoding: str = "utf-8") -> DataTable:
    """A DataTable from CSV text read elsewhere (`path` only names it in messages)."""
    path = Path(path)
    records = rows_of_text(text)
    if not records:
        raise TextmineError(f"{path}: no header row (the file is empty or holds only comments)")
    header_line, header = records[0]
    header = [h.strip() for h in header]
    dup = sorted({h for h in header if h and header.count(h) > 1})
    if dup:
        raise TextmineError(f"{path}:{header_line}: column(s) {', '.join(dup)} appear twice in the header")
    table = DataTable(path, header, header_line, encoding=encoding,
                      comments=[line.strip() for line in text.splitlines() if line.lstrip().startswith("#")])
    table.need(required)
    width = len(header)
    for line, cells in records[1:]:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            raise TextmineError(f"{path}:{line}: {len(cells)} cells, but the header (line {header_line}) names "
                                f"{width} columns; a value holding a comma must be in double quotes")
        cells = (cells + [""] * width)[:width]
        table.rows.append((line, dict(zip(header, cells))))
    return table


def read_table(path: str | Path, required=()) -> DataTable:
    """Read a data CSV (see the module docstring); `required` columns must be in its header."""
    text, encoding = decode(path)
    return table_of_text(path, text, required, encoding)


def read_dicts(path: str | Path) -> list[dict[str, str]]:
    """The rows after the header as dicts (keys: the stripped header cells)."""
    return read_table(path).dicts()


def read_frame(path: str | Path, required=()):
    """The rows as a DataFrame of stripped strings; ``attrs["lines"][i]`` is row i's line in the file."""
    return read_table(path, required).frame()


def stamp(path: str | Path) -> tuple[str, int, int]:
    """(path, mtime, size): a cache key that changes when the file does (or another data root is used)."""
    return file_stamp(path) or (str(path), 0, -1)


def file_stamp(path: str | Path) -> tuple[str, int, int] | None:
    """(path, mtime, size) of an existing file, None when it cannot be read: the key of a cached reader."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return str(path), st.st_mtime_ns, st.st_size
