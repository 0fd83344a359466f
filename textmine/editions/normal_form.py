"""One normal form for titles, covers and first pages before any edition rule reads them.

    normalise(text)          NFKC, traditional → simplified, Chinese-numeral years, year ranges, period
                             quotes, spaces inside Chinese text; line breaks kept
    join_wrapped(lines)      lines of a heading joined where a PDF or a cover wrapped them mid-word
    title_block(head)        the title a cover or a first page gives (wrapped lines joined), and the
                             issuing line under it (湖州市人民政府), from the first lines of a text

Every form below reads the same after `normalise`:

    full-width digits and brackets      ２０２６（草案）          → 2026(草案)
    traditional characters              國民經濟和社會發展第十五個   → 国民经济和社会发展第十五个
    Chinese-numeral years               二〇二六年 / 二○二六 / 二零二六 → 2026年
    year ranges                         2026年—2030年 / 2026～2030  → 2026-2030年
    quoted periods                      “十五五” / 「十五五」 / '十五五' → 十五五
    spaced headings                     纲　要 / 纲 要            → 纲要

Traditional → simplified is OpenCC's `t2s` (the maintained converter, with phrase tables: 製定 → 制定,
not 制定 by character alone). It is loaded once per process (about 3 ms).
"""
from __future__ import annotations

import re
import unicodedata

from ..text import CLAUSE_ENDS, COLONS, FULL_STOPS, to_simplified

_CJK = r"\u3400-\u9fff"
_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
# a year written digit by digit (二〇二六), followed by 年, a dash or the end of a range
_CN_YEAR = re.compile(r"(?<![一二三四五六七八九十])([一二][〇○零Ｏ一二三四五六七八九]{3})(?=\s*(?:年|[-—–~至到]|$))")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(?:[-—–―~至到]|－)+\s*((?:19|20)\d\d)(?!\d)\s*(年)?")
_QUOTED_PERIOD = re.compile(r"[“”\"'‘’「」『』〝〞]\s*(十[一二三四五六七八九]五)\s*[“”\"'‘’「」『』〝〞]")
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_TAG = re.compile(r"<[^<>]{1,40}>")      # <br> left in a page's <title>


def _cn_year(m: re.Match) -> str:
    return "".join(_CN_DIGITS[c] for c in m.group(1))


def normalise(text: str | None) -> str:
    """The normal form every edition rule reads (line breaks are kept: `join_wrapped` joins them)."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", _TAG.sub("", text))
    s = to_simplified(s)
    s = _CN_YEAR.sub(_cn_year, s)
    s = _RANGE.sub(lambda m: f"{m.group(1)}-{m.group(2)}年", s)
    s = _QUOTED_PERIOD.sub(r"\1", s)
    s = _SPACE_IN_CJK.sub("", s)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in s.split("\n"))


# -- headings -----------------------------------------------------------------------------------------

_ENDS_SENTENCE = tuple(FULL_STOPS + CLAUSE_ENDS + COLONS)     # textmine.text
_MARKDOWN = re.compile(r"^[#>*\-\s]+|[*]+$")
# lines that end a title block: dates, approval notes, document numbers, issuers, contents, salutations
_DATE_LINE = re.compile(r"^[(（]?(?:\d{4}年(?:[\d一二三四五六七八九十]{1,2}月|$)|\d{4}[-./]\d{1,2}[-./]\d{1,2}|"
                        r"\d{1,2}-\d{1,2}\s|[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日)")
_DOC_NUMBER = re.compile(r"[〔\[(（]\s*\d{4}\s*[〕\])）]\s*\d+\s*号")
_ISSUER_LINE = re.compile(r"^(?!.*关于).{2,30}?(?:人民政府(?:办公室|办公厅)?|人民代表大会(?:常务委员会)?|人大常委会|"
                          r"发展和改革委员会|发展改革委|发改委|统计局|财政局|行政公署|委员会|调查队)(?:[(（].*[)）])?$")
_NOT_TITLE = re.compile(r"^(?:目\s*录|前\s*言|序\s*言|引\s*言|第[一二三四五六七八九十\d]+[章篇节条]|[一二三四五六七八九十]+、|"
                        r"各位代表|各区|各县|各乡|各(?:有关)?单位|来源|发布|时间|日期|字号|当前位置|您当前|首页|原标题|"
                        r"责任编辑|扫一扫|分享|打印|关闭|点击|摘要)")
_DATELINE = re.compile(r"^(?:新华社|人民网|中新社|本报|央视网|新华网).{0,16}电")
# a line in brackets under a title: the plan years or a draft mark continue it, an approval note does not
_QUALIFIER_LINE = re.compile(r"^[(（](?:\d{4}-\d{4}年|[^()（）]{1,10}稿|草案|修订版|全文|文本)[)）]$")
_CONNECTIVE = tuple("和与及的暨之(（")
_TERMINAL = re.compile(r"(?:纲要|规划|计划|建议|决议|决定|说明|报告|公报|通知|方案|意见|图说|图解|解读)(?:[(（][^()（）]{1,12}[)）])?$")
TITLE_MAX_CHARS = 90        # a heading longer than this is a paragraph, not a title
HEAD_LINES = 14             # how far down a first page a title is looked for
DEFAULT_MARKER = re.compile(r"国民经济和社会发展|纲要|规划|计划|建议|决议|说明|报告|方案|公报|通知")


def join_wrapped(lines: list[str]) -> str:
    """Lines of one heading, joined: a cover or a PDF wraps a title anywhere, even inside a word
    (国民经济和社 / 会发展), so nothing is put between two lines of Chinese text."""
    out = ""
    for line in lines:
        line = line.strip()
        if out and line and re.match(r"[A-Za-z0-9]", line[0]) and re.search(r"[A-Za-z0-9]$", out):
            out += " "
        out += line
    return out


def _clean_line(line: str) -> str:
    return _MARKDOWN.sub("", line).strip()


def title_block(head: str | None, marker: re.Pattern | None = None) -> tuple[str, str]:
    """(title, issuer line) from the first lines of a text (already `normalise`d): the first run of short
    heading lines holding a word that names a document (`marker`: 纲要, 规划, 建议 …), wrapped lines
    joined; the run stops at a date, an approval note, a document number, an issuing body, contents or a
    paragraph. The issuer line is the issuing body printed above or under the title (湖州市人民政府)."""
    lines = [_clean_line(l) for l in (head or "").split("\n")]
    lines = [l for l in lines if l][:HEAD_LINES]
    marker = marker or DEFAULT_MARKER
    for i, line in enumerate(lines):
        if not marker.search(line) or len(line) > TITLE_MAX_CHARS or _stops(line):
            continue
        start = i
        while start > 0 and _continues(lines[start - 1]) and len(lines[start - 1]) <= 30 \
                and not _TERMINAL.search(lines[start - 1]):
            start -= 1      # 中共长春市委关于制定 / 长春市国民经济…的建议: the line above belongs to the title
        end = i + 1
        while end < len(lines) and _extends(join_wrapped(lines[start:end]), lines[end]):
            end += 1
        near = lines[max(0, start - 2):start] + lines[end:end + 3]
        issuer = next((l for l in near if _ISSUER_LINE.match(l)), "")
        return join_wrapped(lines[start:end]), issuer
    return "", next((l for l in lines if _ISSUER_LINE.match(l)), "")


def _extends(title: str, line: str) -> bool:
    """Whether `line` goes on the title above it: a wrapped part, a plan-years or draft line, or the rest
    of a title broken after a word that could end one (…规划 / 和二〇三五年远景目标纲要; …纲要 / 图说)."""
    if _QUALIFIER_LINE.match(line):
        return True
    if not _continues(line):
        return False
    return not _TERMINAL.search(title) or line.startswith(_CONNECTIVE) or bool(_TERMINAL.search(line))


def _stops(line: str) -> bool:
    return bool(_DATE_LINE.match(line) or _NOT_TITLE.match(line) or _DATELINE.match(line) or
                _DOC_NUMBER.search(line) or _ISSUER_LINE.match(line) or line.endswith(_ENDS_SENTENCE) or "。" in line or
                (line.startswith(("(", "（")) and not _QUALIFIER_LINE.match(line)))


def _continues(line: str) -> bool:
    """A line that can be part of a title: short, no sentence end, not a date, issuer, number or section."""
    return len(line) <= 45 and not _stops(line) and "，" not in line and "," not in line
