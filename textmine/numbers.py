"""The one reader of numbers written as text: workbook cells (`scoring.workbook`) and figures in documents
(`facts.reading`, `facts.cells`) go through `read_number`, so a form is read, or refused, the same way everywhere.

Accepted (after NFKC, which turns full-width １２３４．５ into 1234.5 and ％ into %):
- digits with a decimal point: 1234.5, -3, +0.25, 1.5e3
- thousands separators where they are valid: 1,234 · 1,234,567.89 · 156, 077 (a space after the comma, as
  documents print) — groups of exactly three digits after the first group of one to three;
- a trailing per cent sign: 8.11% is 8.11 per cent (`Number.percent`); the caller decides whether its quantity
  is in per cent (a rate in %) or not (then the sign is refused).
Refused, with the reason (`NumberRefused`), never guessed:
- a comma that cannot be a thousands separator: 3,5 · 12,34 · 1,234,5 (a decimal comma, or a typo);
- both separators in the European order, or dots as thousands: 1.234,5 · 1.234.567;
- anything else: units (12万), words, brackets for negatives ((123)), NaN, infinity.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ACCEPTED = ("accepted: 1234.5, -3, 1,234.5 (commas only between groups of three digits), 8.11% (a rate), "
            "full-width digits; a decimal comma (3,5 or 1.234,5) is not read")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:, ?\d{3})+(?:\.\d+)?")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})   # − – — written for a minus sign


class NumberRefused(ValueError):
    """A text that is not read as a number; ``reason`` says why and what would be accepted."""

    def __init__(self, text: str, reason: str):
        super().__init__(f"{text!r} {reason}")
        self.text, self.reason = text, reason


@dataclass(frozen=True)
class Number:
    value: Decimal
    percent: bool = False       # written with a per cent sign: `value` is in per cent

    def __float__(self) -> float:
        return float(self.value)


def normal_form(text: str) -> str:
    """NFKC (full-width digits, ．，％), minus signs, and the ends trimmed."""
    return unicodedata.normalize("NFKC", str(text)).translate(_MINUS).strip()


def read_number(text) -> Number:
    """The number written in ``text`` (a str; an int or float is returned as it is), or NumberRefused."""
    if isinstance(text, bool):
        raise NumberRefused(str(text), "is a true/false value, not a number")
    if isinstance(text, (int, float)):
        if text != text or text in (float("inf"), float("-inf")):
            raise NumberRefused(str(text), "is not a finite number")
        return Number(Decimal(repr(text)) if isinstance(text, float) else Decimal(text))
    t = normal_form(text)
    percent = t.endswith("%")
    if percent:
        t = t[:-1].rstrip()
    if _PLAIN.fullmatch(t):
        digits = t
    elif _GROUPED.fullmatch(t):
        digits = t.replace(",", "").replace(" ", "")
    else:
        raise NumberRefused(str(text), _why(t))
    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise NumberRefused(str(text), "is not a number; " + ACCEPTED) from None
    if not value.is_finite():
        raise NumberRefused(str(text), "is not a finite number")
    return Number(value, percent)


def _why(t: str) -> str:
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", t):
        return "has a decimal comma (1.234,5 is 1234.5 in some countries and refused here): write 1234.5"
    if re.fullmatch(r"[+-]?\d+(?:\.\d{3}){2,}", t):
        return "uses dots between groups of three digits: write the number without them (1234567)"
    if re.fullmatch(r"[+-]?[\d,]+(?:\.\d+)?", t) and "," in t:
        return ("has a comma that is not a thousands separator (groups of three digits): a decimal comma (3,5 = "
                "3.5?) or a typo (12,34 = 1234?) is not guessed; write 3.5 or 1234")
    if re.fullmatch(r"\(\s*[\d.,]+\s*\)", t):
        return "is in brackets (a negative number in accounting style?): write it with a minus sign"
    if not any(ch.isdigit() for ch in t):
        return "is not a number"
    return "is not a number in a form that is read (" + ACCEPTED + ")"


def looks_numeric(text) -> bool:
    """Digits with separators only (1,234,5 · 12,34 · 1.234,5): a number someone wrote, whether or not it is read."""
    t = normal_form(text) if isinstance(text, str) else ""
    return bool(re.fullmatch(r"[+-]?\d[\d,. ]*\d%?", t)) and ("," in t or "." in t)
