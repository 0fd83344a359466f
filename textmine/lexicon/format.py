"""The lexicon file format: parse and write `lexicons/<category>.txt`.

    # category: theme                 header lines "# key: value" (category, name, version,
    # version: 2026.1                  definition, source); definition may span several lines
    # definition: …
    # any other comment
    生态产品价值实现 | 生态产品价值转化   # rationale (optional, after " # ")

UTF-8 (a BOM is tolerated). One term per line; variants of the same term on one line
separated by "|" (the first is the canonical name). Blank lines are ignored.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_text
from ..errors import TextmineError

HEADER_KEYS = ("category", "name", "version", "definition", "source")
REQUIRED_HEADERS = ("category", "version", "definition")
_HEADER = re.compile(r"^#\s*(" + "|".join(HEADER_KEYS) + r")\s*:\s*(.*)$")
_RATIONALE = re.compile(r"\s#(?:\s|$)")


class LexiconError(TextmineError):
    """A malformed lexicon file or an unknown category; the message names file and line."""


@dataclass(frozen=True)
class Entry:
    """One lexicon line: a term and its variants (variants[0] is the canonical term)."""

    variants: tuple[str, ...]
    line: int
    rationale: str = ""

    @property
    def term(self) -> str:
        return self.variants[0]


@dataclass
class Lexicon:
    category: str
    version: str
    definition: str
    path: Path
    name: str = ""
    source: str = ""
    entries: list[Entry] = field(default_factory=list)

    @property
    def surfaces(self) -> dict[str, str]:
        """Every variant → its canonical term."""
        return {v: e.term for e in self.entries for v in e.variants}

    @property
    def terms(self) -> list[str]:
        return [e.term for e in self.entries]

    @property
    def content_key(self) -> str:
        """Hash of what counting depends on (category, variants), not of comments or layout."""
        h = hashlib.sha256(self.category.encode())
        for e in self.entries:
            h.update(("\n" + "|".join(e.variants)).encode("utf-8"))
        return h.hexdigest()[:12]

    @property
    def version_label(self) -> str:
        """What is stored with each hit: the declared version plus the content hash."""
        return f"{self.version}+{self.content_key[:8]}"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    severity: str = "error"  # error | warning | info

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def parse_lexicon(text: str, path: Path, category: str | None = None) -> tuple[Lexicon, list[Problem]]:
    """Parse a lexicon, collecting every format problem instead of stopping at the first."""
    problems: list[Problem] = []
    headers: dict[str, str] = {}
    entries: list[Entry] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = _HEADER.match(line)
            if m:
                key, value = m.group(1), m.group(2).strip()
                headers[key] = (headers[key] + " " + value) if key in headers and key in ("definition", "source") else value
            continue
        body, rationale = line, ""
        m = _RATIONALE.search(line)
        if m:
            body, rationale = line[: m.start()], line[m.end():].strip()
        variants = [v.strip() for v in body.split("|")]
        if any(not v for v in variants):
            problems.append(Problem(path, lineno, f"empty term in {raw.strip()!r}: variants are separated by ' | ' "
                                                  "and none may be empty"))
            variants = [v for v in variants if v]
            if not variants:
                continue
        entries.append(Entry(tuple(variants), lineno, rationale))
    for key in REQUIRED_HEADERS:
        if not headers.get(key):
            problems.append(Problem(path, 1, f"missing header line '# {key}: …' (required: "
                                             f"{', '.join(REQUIRED_HEADERS)})"))
    declared = headers.get("category") or category or path.stem
    if category and headers.get("category") and headers["category"] != category:
        problems.append(Problem(path, 1, f"header says category {headers['category']!r} but the file is "
                                         f"{path.name} (category {category!r})"))
    lex = Lexicon(category=category or declared, version=headers.get("version", ""),
                  definition=headers.get("definition", ""), path=path, name=headers.get("name", ""),
                  source=headers.get("source", ""), entries=entries)
    if not entries:
        problems.append(Problem(path, 1, "the lexicon has no terms"))
    return lex, problems


def read_lexicon_file(path: Path, category: str | None = None) -> tuple[Lexicon, list[Problem]]:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicon file {path} does not exist") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise LexiconError(f"{path}:{line}: not UTF-8 ({exc.reason}); save the lexicon as UTF-8") from None
    return parse_lexicon(text, path, category)


def add_terms_to_file(path: Path, lines: list[str]) -> None:
    """Append term lines to a lexicon file atomically (temp file + rename)."""
    text = path.read_text("utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write_text(path, text + "".join(l + "\n" for l in lines))


def atomic_write_text(path: Path, text: str) -> None:
    """Lexicon files are researchers' work: flushed to disk before they replace the old file."""
    write_text(path, text, fsync=True)
