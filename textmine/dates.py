"""The one date reader: every date textmine reads (a portal's listing date, a page's publication date, a
notice's signature, a `--since` option, a review sheet) goes through here, so a form read in one place is
read in all and an impossible date is refused everywhere.

Forms read (full-width digits and separators too):
    2023-05-01   2023/5/1   2023.5.1          the same separator twice
    2023年5月1日  2023 年 5 月 1 日  2023年5月1    年 and 月, 日 optional
    二〇二三年五月一日   二零二三年十二月三十一日     Chinese numerals (〇 零 ○), mixed with digits too
A date is checked against the calendar: 2023-02-30 and 2023-13-01 are not dates. Years 1900–2099.

    find_dates(text)    every date-shaped match, with .iso (None when not a calendar date)
    first_date(text)    the first date-shaped match as YYYY-MM-DD, None when it is not a calendar date
    is_date(text)       whether the text is one date-shaped value and nothing else (a dateline, not a title)
    parse_date(value)   a whole value that must be one date (options, cells): YYYY-MM-DD or ValueError
    calendar_date(y, m, d)  the calendar check for numbers read elsewhere (a URL's /t20240105_)
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_WIDE = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_Y = r"(?<!\d)(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}"
_M = r"\d{1,2}|十[一二]?|[一二三四五六七八九]"
_D = r"\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_NUMERIC = rf"(?P<ny>(?<!\d)(?:19|20)\d{{2}})\s*(?P<sep>[-/.])\s*(?P<nm>\d{{1,2}})\s*(?P=sep)\s*(?P<nd>\d{{1,2}})(?!\d)"
_YMD = rf"(?P<y>{_Y})\s*年\s*(?P<m>{_M})\s*月\s*(?P<d>{_D})(?!\d)\s*日?"
_DATE = re.compile(f"{_NUMERIC}|{_YMD}")
FORMS = "YYYY-MM-DD (2024-01-01), 2024/1/1, 2024年1月1日 or 二〇二四年一月一日"


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    iso: str | None      # None: shaped like a date but not one of the calendar (2023-02-30)
    form: str            # numeric (2023-05-01) | ymd (2023年5月1日, 二〇二三年五月一日)


def _number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN_DIGIT for c in s):      # a year written digit by digit
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    if "十" in s:                                              # 十, 十一, 二十, 二十一, 三十一
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[s]


def calendar_date(y: int, m: int, d: int) -> str | None:
    """YYYY-MM-DD when (y, m, d) is a day of the calendar (1900–2099), else None: the one check every reader uses
    (a URL's /t20240105_ as much as a notice's signature)."""
    if not 1900 <= y <= 2099:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


_iso = calendar_date


def find_dates(text: str | None) -> list[DateMatch]:
    """Every date-shaped match in `text`, in order (offsets are those of `text`)."""
    if not text:
        return []
    out = []
    for m in _DATE.finditer(text.translate(_WIDE)):        # one character for one: offsets unchanged
        if m.group("ny"):
            y, mo, d, form = m.group("ny"), m.group("nm"), m.group("nd"), "numeric"
        else:
            y, mo, d, form = m.group("y"), m.group("m"), m.group("d"), "ymd"
        out.append(DateMatch(m.start(), m.end(), text[m.start():m.end()],
                             _iso(_number(y), _number(mo), _number(d)), form))
    return out


def first_date(text: str | None) -> str | None:
    """The first date in `text` as YYYY-MM-DD; None when there is none or the first is not a calendar date."""
    found = find_dates(text)
    return found[0].iso if found else None


def is_date(text: str | None) -> bool:
    """Whether `text` (blanks at the ends aside) is one date-shaped value and nothing else, in any form read here
    (a dateline under a title: 2023年5月1日, 二〇二三年五月一日, 2023-05-01), calendar date or not."""
    s = (text or "").strip()
    found = find_dates(s)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(s)


def parse_date(value) -> str:
    """`value` (a string holding exactly one date, or a date) as YYYY-MM-DD; else ValueError saying why."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    s = str(value).strip()
    found = find_dates(s)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(s):
        raise ValueError(f"{value!r} is not a date; write {FORMS}")
    if found[0].iso is None:
        y, m = _year_month(s)
        if m is not None and 1 <= m <= 12:
            days = calendar.monthrange(y, m)[1]
            raise ValueError(f"{value!r} is not a calendar date: {y}-{m:02d} has {days} days")
        raise ValueError(f"{value!r} is not a calendar date: a month is 1–12")
    return found[0].iso


def _year_month(s: str) -> tuple[int, int | None]:
    m = _DATE.fullmatch(s.translate(_WIDE))
    if m.group("ny"):
        return int(m.group("ny")), int(m.group("nm"))
    return _number(m.group("y")), _number(m.group("m"))
