"""Date facts shared by the date scanners: a mention, a text's dates, and small helpers.

A :class:`DateMention` is one fact (a day of a month, a month, a year, a
weekday) found in a text; ranges give one mention per end.  The language
scanners (:mod:`tmtool.qa.zh_dates`, :mod:`tmtool.qa.en_dates`,
:mod:`tmtool.qa.ru_dates`) build them; :func:`tmtool.qa.datescan.scan_dates`
picks the scanner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tmtool.qa.zh_numbers import parse_zh_numeral

__all__ = [
    "MONTHS_EN",
    "MONTHS_RU_GEN",
    "WEEKDAYS_EN",
    "DateMention",
    "DateScan",
    "add_pair",
    "overlaps",
    "to_int",
    "year_ranges",
]


def _words(text: str) -> list[str]:
    """The words of a text, one list item each (keeps long word lists readable)."""
    return text.split()


MONTHS_EN = _words(
    """
January February March April May June July August September October November December
"""
)
MONTHS_RU_GEN = _words(
    """
января февраля марта апреля мая июня июля августа сентября октября ноября декабря
"""
)
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class DateMention:
    """One date fact found in a text.

    Attributes:
        start: Offset of the expression's first character.
        end: Offset just after it.
        text: The expression as written (for a range, the part naming this date).
        year: The year, if named.
        month: The month (1–12), if named.
        day: The day of the month, if named.
        weekday: The weekday (0 is Monday), if named.
        definite: ``False`` for a bare four-digit number that may be a year.
    """

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    definite: bool = True


@dataclass(frozen=True)
class DateScan:
    """The dates of one text.

    Attributes:
        mentions: Date facts in text order.
        claimed: Spans of date expressions, whose digits are not quantities.
        relative_year: The text says 今年, 去年 or the like.
        relative_day: The text says 昨天, 近日, 本月 or the like.
    """

    mentions: list[DateMention]
    claimed: list[tuple[int, int]]
    relative_year: bool
    relative_day: bool


def to_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = parse_zh_numeral(text)
    return int(value) if value is not None else None


def overlaps(start: int, end: int, claimed: list[tuple[int, int]]) -> bool:
    """Whether a span overlaps one already claimed."""
    return any(s < end and start < e for s, e in claimed)


_YEAR_RANGE = re.compile(r"(?<![\d.,])(\d{4})\s*[-–—/]\s*(\d{4}|\d{2})(?![\d])")


def year_ranges(text: str, mentions: list[DateMention], claimed: list[tuple[int, int]]) -> None:
    for m in _YEAR_RANGE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in claimed):
            continue
        first, second = int(m.group(1)), m.group(2)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if 1800 <= first < last <= first + 30:
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=first))
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=last))
            claimed.append(m.span())


def add_pair(
    mentions: list[DateMention],
    claimed: list[tuple[int, int]],
    m: re.Match[str],
    month: int | None,
    month2: int | None,
) -> None:
    """Record a day-month match with an optional second day and year."""
    year = int(m.group("y")) if m.group("y") else None
    day = int(m.group("d"))
    if month is None or not 1 <= day <= 31:
        return
    end_first = m.end("d")
    if m.group("d2"):
        day2 = int(m.group("d2"))
        if 1 <= day2 <= 31:
            mentions.append(
                DateMention(m.start(), end_first, text=m.group()[: end_first - m.start()],
                            year=year, month=month, day=day)
            )  # fmt: skip
            mentions.append(
                DateMention(m.start("d2"), m.end(), m.group()[m.start("d2") - m.start() :],
                            year=year, month=month2 or month, day=day2)
            )  # fmt: skip
            claimed.append(m.span())
            return
    mentions.append(DateMention(m.start(), m.end(), m.group(), year, month, day))
    claimed.append(m.span())
