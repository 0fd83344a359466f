"""Text normalisation shared by every format: the text the matcher counts in.

``normalise`` is idempotent (``normalise(normalise(t)) == normalise(t)``):

- full-width ASCII (U+FF01-FF5E) to half-width, except the Chinese sentence punctuation
  ，：；！？（） which Chinese typesetting writes full-width and readers expect to see;
- Kangxi radicals and CJK compatibility ideographs (which PDF fonts often map to) to the
  unified ideograph they stand for;
- zero-width characters, soft hyphens, BOMs and control characters removed; other Unicode
  spaces (the ideographic space U+3000 too) become a plain space;
- quotes and dashes made consistent: curly quotes stay curly (variants folded into “”‘’),
  hyphen-like marks become "-", long dashes "—";
- whitespace: lines stripped, runs of spaces collapsed, blank lines dropped (one paragraph a
  line), and no space left between two CJK characters (inserted by character spacing or by
  justification, never meaningful in Chinese) except one after a heading number that starts a
  line (``第一章 发展基础``, as plans write their headings).
"""
from __future__ import annotations

import re
import unicodedata

_KEEP_FULLWIDTH = set("，：；！？（）")

_TABLE: dict[int, str | None] = {}
for _cp in range(0xFF01, 0xFF5F):
    if chr(_cp) not in _KEEP_FULLWIDTH:
        _TABLE[_cp] = chr(_cp - 0xFEE0)
for _cp in list(range(0x2F00, 0x2FD6)) + list(range(0x2E80, 0x2EF4)) + list(range(0xF900, 0xFADA)):
    _n = unicodedata.normalize("NFKC", chr(_cp))
    if len(_n) == 1 and _n != chr(_cp) and unicodedata.category(_n) == "Lo":
        _TABLE[_cp] = _n
for _cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E):
    _TABLE[_cp] = None
for _cp in list(range(0x2000, 0x200B)) + [0x00A0, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x0085]:
    _TABLE[_cp] = " "
for _cp in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
    if _cp not in (0x0A, 0x0D) and _cp not in _TABLE:
        _TABLE[_cp] = None
_TABLE.update({ord(k): v for k, v in {
    "„": "“", "‟": "“", "〝": "“", "〞": "”", "″": "”", "〟": "”",
    "‚": "‘", "‛": "‘", "′": "’",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "−": "-", "﹣": "-",
    "―": "—", "─": "—", "⸺": "——", "⸻": "———", "﹘": "—",
}.items()})

# CJK ideographs (all planes), CJK symbols and punctuation, full-width forms, bopomofo, kana.
_CJK = (r"\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        r"\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff5b-\uff65\U00020000-\U0003134f“”‘’—…·")
CJK_CLASS = f"[{_CJK}]"
_IS_CJK = re.compile(CJK_CLASS)
_CJK_GAP = re.compile(f"(?<={CJK_CLASS}) +(?={CJK_CLASS})")
_SPACES = re.compile(r" {2,}")


def _char_class(codepoints) -> str:
    """A regex character class (without brackets) of these code points, as ranges."""
    cps = sorted(codepoints)
    out, start, prev = [], cps[0], cps[0]
    for cp in cps[1:] + [None]:
        if cp is not None and cp == prev + 1:
            prev = cp
            continue
        out.append(re.escape(chr(start)) + ("" if start == prev else "-" + re.escape(chr(prev))))
        if cp is not None:
            start = prev = cp
    return "".join(out)


# Runs of characters the table changes. str.translate with a dict costs ~50 ns per character
# on non-ASCII text; Chinese pages have few characters to change, so finding them with a
# regex and translating only those is ~7x faster (same result). The first one is looked for
# with the class alone: SRE scans for a one-character class ~4x faster than for a run of it.
_TO_TRANSLATE = re.compile(f"[{_char_class(_TABLE)}]+")
_FIRST_TO_TRANSLATE = re.compile(f"[{_char_class(_TABLE)}]")


def _translate_run(m: re.Match) -> str:
    return m.group().translate(_TABLE)


def translate(text: str) -> str:
    """``text.translate(_TABLE)``, fast on text where few characters change."""
    m = _FIRST_TO_TRANSLATE.search(text)
    if m is None:
        return text
    start = m.start()
    return text[:start] + _TO_TRANSLATE.sub(_translate_run, text[start:])


_SPACE_RUN = re.compile(r" +")


# A heading number at the start of a line (第一篇, 第十二章, 第3节) and the spaces after it: one
# space is kept there ("第一章 发展基础"), as the source writes it; a run of digits or numerals
# only, so body text that happens to start with 第 is not touched.
_HEADING_GAP = re.compile(r"第[〇零一二三四五六七八九十百0-9]{1,5}[篇章节] +")


def drop_cjk_gaps(text: str) -> str:
    """Remove runs of spaces between two CJK characters (``_CJK_GAP.sub("", text)``), except
    one after a heading number at the start of a line (``第一章 发展基础``). The regex tries its
    lookbehind at every position (~10 us a page); a page with a few spaces (a "— 3 —" footer) is
    faster done by looking at each run of spaces."""
    if " " not in text:
        return text
    if text.count(" ") <= 12:
        parts, pos, n = [], 0, len(text)
        a = text.find(" ")
        while a >= 0:
            b = a + 1
            while b < n and text[b] == " ":
                b += 1
            if a and b < n and _cjk_at(text, a - 1) and _cjk_at(text, b) and not _heading_gap(text, a, b):
                parts.append(text[pos:a])
                pos = b
            a = text.find(" ", b)
        if parts:
            parts.append(text[pos:])
            return "".join(parts)
        return text
    keep = ()
    if "第" in text:
        keep = [m.end() - 1 for m in _HEADING_GAP.finditer(text)
                if (m.start() == 0 or text[m.start() - 1] == "\n") and _IS_CJK.match(text, m.end())]
        if keep:                           # mark the kept space; the mark is neither space nor CJK
            chars = list(text)
            for k in keep:
                chars[k] = "\x00"
            text = "".join(chars)
    text = _CJK_GAP.sub("", text)
    return text.replace("\x00", " ") if keep else text


def _cjk_at(text: str, i: int) -> bool:
    ch = text[i]
    return "\u4e00" <= ch <= "\u9fff" or _IS_CJK.match(ch) is not None


def _heading_gap(text: str, a: int, b: int) -> bool:
    """Whether the spaces text[a:b] are the gap after a heading number that starts a line (第一章␣)."""
    if text[a - 1] not in "篇章节":
        return False
    m = _HEADING_GAP.match(text, text.rfind("\n", 0, a) + 1)
    return m is not None and m.end() == b


def is_cjk(ch: str) -> bool:
    return bool(ch) and _IS_CJK.match(ch) is not None


def normalise_line(line: str) -> str:
    """Normalise line text: translation, space collapsing, CJK gaps; newlines are kept, so
    many lines can be normalised in one call (strip each line afterwards)."""
    line = translate(line)
    if "  " in line:
        line = _SPACES.sub(" ", line)
    return drop_cjk_gaps(line.strip(" "))


def normalise(text: str) -> str:
    """Normalise a page or document text; idempotent. Paragraphs are separated by one "\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = translate(text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    # lines stripped of whitespace, blank lines dropped (re.sub(r"\s*\n\s*", "\n", text).strip(), 8x faster)
    text = "\n".join(filter(None, [line.strip() for line in text.split("\n")]))
    return drop_cjk_gaps(text)


def page_of_offset(char_starts: list[int], offset: int) -> int:
    """1-based page holding a document offset, given the pages' char_start values (ascending)."""
    import bisect

    return max(1, bisect.bisect_right(char_starts, offset))
