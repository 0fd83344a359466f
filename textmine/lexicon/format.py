"""The lexicon file format: parse and write `lexicons/<category>.txt`.

    # category: theme                 header lines "# key: value" (category, name, leaf, use, version,
    # version: 2026.1                  definition, source); definition may span several lines; category,
    # definition: …                    name, leaf and use say what the file is (categories.py)
    # any other comment
    生态产品价值实现 | 生态产品价值转化   # rationale (optional, after " # ")
    两山理念 | “两山”                  # a variant in “…” counts only where the text quotes it
    市场化                           # a term …
        except: 要素市场化 | 电价市场化   # … with contexts that must not count, and why (required)
    林                               # a one-character term …
        allow: single character      # … must be allowed explicitly, and why (required)

UTF-8 (a BOM is tolerated). One term per line; variants of the same term on one line
separated by "|" (the first is the canonical name). A variant written between “ and ” is *quoted*: it
counts only where the text has it between quotation marks (“两山”, not 东西两山); every variant is matched on the
text with its quotation marks taken out (count/matchers.py), so “两山”理念 reads 两山理念. Blank lines are ignored. Lines starting with
`except:` or `allow:` (indented by convention) belong to the term line above them:
- `except: CONTEXT | CONTEXT …   # reason` — a hit of the term is not counted where the text around it
  reads CONTEXT (each context contains a variant of the term; where it contains it more than once, every
  position counts). Applied after matching, in both modes.
- `allow: single character   # reason` — the term has one-character variants (林, 水); without this line
  they are an error, since one character matches inside many unrelated words.

Every command reads lexicons through `parse_lexicon`, so a file that fails here fails everywhere
(`lexicon check`, `count`, `run`, `audit`, …) with the same message.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_text
from ..errors import TextmineError
from ..resources import editable

HEADER_KEYS = ("category", "name", "leaf", "use", "version", "definition", "source")
REQUIRED_HEADERS = ("category", "version", "definition")
_HEADER = re.compile(r"^#\s*(" + "|".join(HEADER_KEYS) + r")\s*:\s*(.*)$")
_RATIONALE = re.compile(r"\s#(?:\s|$)")
_OPTION = re.compile(r"^(except|allow)\s*:\s*(.*)$")
#: What jieba keeps inside one block (jieba.re_han_default): any other character splits a token, so a
#: variant holding one can never be counted in token mode.
# characters that look like the variant separator but are not it: a term holding one never matches
BAR_LOOKALIKES = {"｜": "a full-width bar", "丨": "the character 丨, which looks like a bar", "│": "a box-drawing bar",
                  "¦": "a broken bar", "∣": "a divides sign"}
KEEPABLE = re.compile("^[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+$")
ALLOW_SINGLE = "single character"


class LexiconError(TextmineError):
    """A malformed lexicon file or an unknown category; the message names file and line."""


@dataclass(frozen=True)
class Exclusion:
    """A context in which a term's hits do not count (an `except:` line), with its reason."""

    context: str
    line: int
    reason: str


@dataclass(frozen=True)
class Entry:
    """One lexicon line: a term and its variants (variants[0] is the canonical term), the contexts
    excluded for it and whether one-character variants are allowed."""

    variants: tuple[str, ...]
    line: int
    rationale: str = ""
    exclusions: tuple[Exclusion, ...] = ()
    allow_single: bool = False
    option_lines: tuple[int, ...] = ()     # its except:/allow: lines
    quoted: tuple[str, ...] = ()           # variants written “…”: counted only between quotation marks

    @property
    def term(self) -> str:
        return self.variants[0]

    def excluded_contexts(self) -> dict[str, tuple[str, ...]]:
        """variant → the contexts (of this entry) that contain it."""
        out: dict[str, tuple[str, ...]] = {}
        for v in self.variants:
            ctx = tuple(x.context for x in self.exclusions if v in x.context)
            if ctx:
                out[v] = ctx
        return out


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
    def exclusions(self) -> dict[str, tuple[str, ...]]:
        """Every variant with excluded contexts → those contexts."""
        return {v: c for e in self.entries for v, c in e.excluded_contexts().items()}

    @property
    def quoted(self) -> frozenset[str]:
        """The variants counted only between quotation marks."""
        return frozenset(v for e in self.entries for v in e.quoted)

    @property
    def content_key(self) -> str:
        """Hash of what counting depends on (category, variants, excluded contexts), not of comments,
        reasons or layout."""
        h = hashlib.sha256(self.category.encode())
        for e in self.entries:
            h.update(("\n" + "|".join(e.variants)).encode("utf-8"))
            if e.exclusions:
                h.update(("\x00" + "|".join(x.context for x in e.exclusions)).encode("utf-8"))
            if e.quoted:
                h.update(("\x01" + "|".join(e.quoted)).encode("utf-8"))
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
        opt = _OPTION.match(body.strip())
        if opt:
            if not entries:
                problems.append(Problem(path, lineno, f"{opt.group(1)!r} line before any term: it belongs under "
                                                      "the term line it applies to"))
                continue
            entries[-1] = _with_option(entries[-1], opt.group(1), opt.group(2).strip(), rationale, path, lineno,
                                       problems)
            continue
        variants = [v.strip() for v in body.split("|")]
        if any(not v for v in variants):
            problems.append(Problem(path, lineno, f"empty term in {raw.strip()!r}: variants are separated by ' | ' "
                                                  "and none may be empty"))
            variants = [v for v in variants if v]
            if not variants:
                continue
        quoted = tuple(v[1:-1] for v in variants if is_quoted(v))
        variants = [v[1:-1] if is_quoted(v) else v for v in variants]
        entries.append(Entry(tuple(variants), lineno, rationale, quoted=quoted))
    problems += _term_problems(entries, path)
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


def is_quoted(variant: str) -> bool:
    """A variant written “…” (counted only where the text quotes it)."""
    return len(variant) > 2 and variant[0] == "“" and variant[-1] == "”"


def _with_option(e: Entry, kind: str, value: str, reason: str, path: Path, lineno: int,
                 problems: list[Problem]) -> Entry:
    """The entry with an `except:` or `allow:` line applied (problems appended, entry unchanged on error)."""
    from dataclasses import replace

    e = replace(e, option_lines=e.option_lines + (lineno,))
    if not reason:
        problems.append(Problem(path, lineno, f"'{kind}:' line without a reason: write why after ' # ' (the reason "
                                              "is what defends the count)"))
        return e
    if kind == "allow":
        if value != ALLOW_SINGLE:
            problems.append(Problem(path, lineno, f"unknown 'allow: {value}'; the only one is "
                                                  f"'allow: {ALLOW_SINGLE}'"))
            return e
        return replace(e, allow_single=True)
    contexts = [c.strip() for c in value.split("|")]
    if not all(contexts):
        problems.append(Problem(path, lineno, "empty context in 'except:': contexts are separated by ' | ' and none "
                                              "may be empty"))
        return e
    new = []
    for c in contexts:
        inside = [v for v in e.variants if v in c]
        marks = sorted({ch for ch in c if ch in "“”‘’「」『』\""})
        if marks:
            problems.append(Problem(path, lineno, f"context {c!r} holds the quotation mark(s) {''.join(marks)}: "
                                                  "contexts are matched on the text with its quotation marks taken "
                                                  "out; write it without them"))
        elif not inside:
            problems.append(Problem(path, lineno, f"context {c!r} contains no variant of {e.term!r} "
                                                  f"({' | '.join(e.variants)}): it could exclude nothing"))
        elif c in e.variants:
            problems.append(Problem(path, lineno, f"context {c!r} is the term itself: it would exclude every hit; "
                                                  "remove the variant instead"))
        elif c in {x.context for x in e.exclusions} | {x.context for x in new}:
            problems.append(Problem(path, lineno, f"context {c!r} is excluded twice for {e.term!r}"))
        else:
            new.append(Exclusion(c, lineno, reason))
    return replace(e, exclusions=e.exclusions + tuple(new))


def _term_problems(entries: list[Entry], path: Path) -> list[Problem]:
    """What makes a variant uncountable or a count misleading, for every command that loads the file:
    characters the segmenter splits at, one-character variants not allowed explicitly, duplicates."""
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for e in entries:
        for v in e.variants:
            bars = "".join(sorted({ch for ch in v if ch in BAR_LOOKALIKES}))
            if bars:
                out.append(Problem(path, e.line, f"{v!r} contains {bars!r} ({', '.join(BAR_LOOKALIKES[b] for b in bars)}):"
                                                 " variants are separated by ' | ' (the ASCII bar with a space each "
                                                 f"side): write {' | '.join(x.strip() for x in re.split('[' + bars + ']', v))!r}"))
            elif not KEEPABLE.match(v):
                bad = "".join(sorted({ch for ch in v if not KEEPABLE.match(ch)}))
                out.append(Problem(path, e.line, f"{v!r} contains {bad!r} (space or punctuation): jieba splits there, "
                                                 "so token mode can never count it; drop the character or write the "
                                                 "term without it"))
            elif len(v) == 1 and not e.allow_single:
                out.append(Problem(path, e.line, f"{v!r} is a single character: it matches inside many unrelated "
                                                 "words, so counts grow without meaning; write a word, or allow it "
                                                 f"with a line '    allow: {ALLOW_SINGLE}   # why' under the term"))
            if v in seen:
                out.append(Problem(path, e.line, f"duplicate {v!r} (also line {seen[v]})"))
            seen.setdefault(v, e.line)
    return out


def read_lexicon_file(path: Path, category: str | None = None) -> tuple[Lexicon, list[Problem]]:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicon file {path} does not exist") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise LexiconError(f"{path}:{line}: not UTF-8 ({exc.reason}); save the lexicon as UTF-8") from None
    return parse_lexicon(text, path, category)


def atomic_write_text(path: Path, text: str) -> None:
    """Lexicon files are researchers' work: flushed to disk before they replace the old file; never the
    defaults installed with textmine (resources.editable)."""
    write_text(editable(path), text, fsync=True)
