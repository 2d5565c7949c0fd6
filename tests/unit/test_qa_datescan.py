"""Tests for finding dates in Chinese, English and Russian text."""

from __future__ import annotations

import pytest

from tmtool.qa.datescan import scan_dates
from tmtool.qa.quantity import normalize

Fact = tuple[int | None, int | None, int | None, int | None]


def facts(text: str, lang: str) -> list[Fact]:
    """(year, month, day, weekday) of each mention, in order."""
    found = scan_dates(normalize(text), lang).mentions
    return [(m.year, m.month, m.day, m.weekday) for m in found]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("7月9日至10日", "zh", [(None, 7, 9, None), (None, 7, 10, None)]),
        ("7月9至10日", "zh", [(None, 7, 9, None), (None, 7, 10, None)]),
        ("2024年8月16日", "zh", [(2024, 8, 16, None)]),
        ("二〇二四年八月十六日", "zh", [(2024, 8, 16, None)]),
        ("2020 年 1 月 1 日至 3 月 15 日", "zh", [(2020, 1, 1, None), (2020, 3, 15, None)]),
        ("今年1-7月", "zh", [(None, 1, None, None), (None, 7, None, None)]),
        ("2010—2011年", "zh", [(2010, None, None, None), (2011, None, None, None)]),
        ("15日，市委", "zh", [(None, None, 15, None)]),
        ("周一至周五", "zh", [(None, None, None, 0), (None, None, None, 4)]),
        ("星期日", "zh", [(None, None, None, 6)]),
        ("每周一次，三个月，一日三餐", "zh", []),
        ("July 9 to 10", "en", [(None, 7, 9, None), (None, 7, 10, None)]),
        ("July 9–10", "en", [(None, 7, 9, None), (None, 7, 10, None)]),
        ("August 16, 2024", "en", [(2024, 8, 16, None)]),
        ("16 August 2024", "en", [(2024, 8, 16, None)]),
        ("1 January–15 March 2020", "en", [(None, 1, 1, None), (2020, 3, 15, None)]),
        ("in March", "en", [(None, 3, None, None)]),
        ("May to October", "en", [(None, 5, None, None), (None, 10, None, None)]),
        ("May I help? We may march.", "en", []),
        ("on Monday", "en", [(None, None, None, 0)]),
        ("at 8:00 on 15 March", "en", [(None, 3, 15, None)]),
        ("in 2010–11", "en", [(2010, None, None, None), (2011, None, None, None)]),
        ("the late 1990s", "en", []),
        ("9–10 июля", "ru", [(None, 7, 9, None), (None, 7, 10, None)]),
        ("16 августа 2024 года", "ru", [(2024, 8, 16, None)]),
        ("с 1 по 15 марта 2020 г.", "ru", [(2020, 3, 1, None), (2020, 3, 15, None)]),
        ("к марту", "ru", [(None, 3, None, None)]),
        ("в 2010–2011 годах", "ru", [(2010, None, None, None), (2011, None, None, None)]),
        ("в понедельник и по воскресеньям", "ru", [(None, None, None, 0), (None, None, None, 6)]),
        ("в среду", "ru", [(None, None, None, 2)]),
        ("окружающая среда, в среде", "ru", []),
        ("в 1930-х годах", "ru", []),
    ],
)
def test_date_facts(text: str, lang: str, expected: list[Fact]) -> None:
    """Days, months, years and weekdays, ranges split into both ends."""
    assert facts(text, lang) == expected


def test_relative_words_are_noted() -> None:
    """今年 and 昨天 let a translation name the year and the day."""
    scan = scan_dates("今年以来，昨天", "zh")
    assert scan.relative_year and scan.relative_day
    assert not scan_dates("2024年3月", "zh").relative_year


def test_date_digits_are_claimed() -> None:
    """The spans of dates are claimed so the number check skips their digits."""
    text = "The meeting ran July 9 to 10 with 300 people."
    claimed = scan_dates(text, "en").claimed
    assert any(text[s:e] == "July 9 to 10" for s, e in claimed)
    assert not any(s <= text.index("300") < e for s, e in claimed)
