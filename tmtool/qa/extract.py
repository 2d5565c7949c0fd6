"""Everything the number and date checks read from one text, computed once.

:func:`extract` normalises a text, finds its identifiers (``COVID-19``),
web addresses, dates, times of day and telephone numbers, masks them, and
runs the language's number scanner on what is left.  Results are cached:
the number and date checks, and the English and Russian targets of one
source, share the work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from tmtool.qa.datescan import DateScan, scan_dates
from tmtool.qa.en_numbers import scan_en
from tmtool.qa.quantity import Kind, Quantity, Strength, identifiers, mask, normalize, urls
from tmtool.qa.ru_numbers import scan_ru
from tmtool.qa.units import unit_after
from tmtool.qa.zh_numbers import scan_zh

__all__ = ["Extraction", "extract"]

_CLOCK = re.compile(
    r"(?<![\d:.,])(\d{1,2}):(\d{2})(?![\d:])(?:\s?(?:a\.m\.|p\.m\.|am\b|pm\b))?", re.IGNORECASE
)
_CODE = re.compile(
    r"(?<![A-Za-z0-9.,])(?<!\d )(?:\(?0\d{2,3}\)?[- ]?\d{7,8}|1[3-9]\d{9}|0\d{2,})(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class Extraction:
    """The numbers, identifiers and dates of one text.

    Attributes:
        text: The normalised text (same length as the original).
        quantities: Quantities in text order.
        identifiers: ``(start, end, text)`` of identifiers such as ``COVID-19``.
        dates: The date mentions.
    """

    text: str
    quantities: tuple[Quantity, ...]
    identifiers: tuple[tuple[int, int, str], ...]
    dates: DateScan


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


@lru_cache(maxsize=8192)
def extract(text: str, lang: str) -> Extraction:
    """Read the quantities, identifiers and dates of a text.

    Args:
        text: The text, as stored.
        lang: Its primary language subtag (``"zh"``, ``"en"``, ``"ru"``);
            other languages get the English digit reader.

    Returns:
        What the number and date checks compare.
    """
    norm = normalize(text)
    found_ids = identifiers(norm)
    dates = scan_dates(norm, lang)
    spans = urls(norm) + [(s, e) for s, e, _ in found_ids] + list(dates.claimed)
    found: list[Quantity] = []
    for m in _CLOCK.finditer(norm):
        hours, minutes = int(m.group(1)), int(m.group(2))
        if hours <= 24 and minutes < 60 and not _overlaps(*m.span(), spans):
            value = Decimal((hours % 12) * 60 + minutes)
            found.append(Quantity(value, Kind.TIME, *m.span(), m.group(), Strength.WEAK))
            spans.append(m.span())
    for m in _CODE.finditer(norm):
        if not _overlaps(*m.span(), spans):
            digits = re.sub(r"\D", "", m.group())
            found.append(
                Quantity(
                    Decimal(digits),
                    Kind.CODE,
                    *m.span(),
                    m.group(),
                    Strength.STRONG,
                    literal=digits.lstrip("0") or "0",
                )
            )
            spans.append(m.span())
    scanner = {"zh": scan_zh, "ru": scan_ru}.get(lang, scan_en)
    found.extend(scanner(mask(norm, spans)))
    for start, _, token in found_ids:
        for m in re.finditer(r"\d+(?:\.\d+)?", token):
            found.append(
                Quantity(
                    Decimal(m.group()),
                    Kind.NUMBER,
                    start + m.start(),
                    start + m.end(),
                    m.group(),
                    Strength.IGNORED,
                )
            )
    found.extend(_spelled_hours(norm, lang, spans))
    found = [replace(q, unit=unit) if (unit := unit_after(norm, q.end, lang)) else q for q in found]
    found.sort(key=lambda q: (q.start, q.end))
    return Extraction(norm, tuple(found), tuple(found_ids), dates)


# Words that say a number of hours or an ordinal without digits: сутки (24 hours),
# round-the-clock, Roman numerals (XII спортивные игры).  They may match a value of the
# other text but are never reported themselves.
_HOURS = {
    "ru": re.compile(r"(?<![а-яё])(?:сут(?:ки|ок|кам|ками|ках)|круглосуточн[а-яё]*)", re.I),
    "en": re.compile(r"\b(?:round|around)[- ]the[- ]clock\b", re.I),
}
_ROMAN = re.compile(r"(?<![\w.])(?=[IVXLC]{2,7}\b)(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\b")


def _spelled_hours(text: str, lang: str, spans: list[tuple[int, int]]) -> list[Quantity]:
    found = []
    pattern = _HOURS.get(lang)
    if pattern is not None:
        for m in pattern.finditer(text):
            found.append(Quantity(Decimal(24), Kind.NUMBER, *m.span(), m.group(), Strength.IGNORED))
    if lang != "zh":
        for m in _ROMAN.finditer(text):
            if not m.group() or _overlaps(*m.span(), spans):
                continue
            value = _roman_value(m.group())
            if value > 1:
                found.append(
                    Quantity(Decimal(value), Kind.ORDINAL, *m.span(), m.group(), Strength.WEAK)
                )
    return found


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(numeral):
        value = values[ch]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total
