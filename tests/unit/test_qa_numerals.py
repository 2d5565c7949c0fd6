"""Tests for reading numbers: Chinese numerals, English and Russian number words, quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tmtool.qa.en_numbers import word_number
from tmtool.qa.extract import extract
from tmtool.qa.quantity import Kind, Quantity, Strength, human
from tmtool.qa.zh_numbers import parse_zh_numeral


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10), ("十二", 12), ("二十三", 23), ("一百零五", 105), ("一百五", 150),
        ("两千", 2000), ("三万五千", 35000), ("三万五", 35000), ("一千零一", 1001),
        ("十万", 100000), ("一亿五", 150000000), ("三亿五千万", 350000000),
        ("〇", 0), ("二〇二四", 2024), ("一九九八", 1998), ("三点五", Decimal("3.5")),
        ("壹佰", 100),
    ],
)  # fmt: skip
def test_chinese_numerals(text: str, value: int | Decimal) -> None:
    """Chinese numerals, including 零, 两, abbreviations and digit-by-digit years."""
    assert parse_zh_numeral(text) == value


@pytest.mark.parametrize("text", ["", "齐齐哈尔", "三点", "十a"])
def test_not_chinese_numerals(text: str) -> None:
    """Text that is not a numeral reads as None."""
    assert parse_zh_numeral(text) is None


@pytest.mark.parametrize(
    ("words", "value", "ordinal"),
    [
        ("nine", 9, False), ("twenty three", 23, False), ("a hundred and two", 102, False),
        ("three hundred", 300, False), ("two thousand and five", 2005, False),
        ("nine billion", 9_000_000_000, False), ("a dozen", 12, False),
        ("third", 3, True), ("twenty first", 21, True), ("hundredth", 100, True),
    ],
)  # fmt: skip
def test_english_number_words(words: str, value: int, ordinal: bool) -> None:
    """English number words combine into one value."""
    assert word_number(words.split()) == (Decimal(value), ordinal)


def values(text: str, lang: str) -> list[tuple[Decimal, Kind]]:
    """The (value, kind) of every non-ignored quantity of a text."""
    return [
        (q.value, q.kind)
        for q in extract(text, lang).quantities
        if q.strength is not Strength.IGNORED
    ]


N, P, ORD, T = Kind.NUMBER, Kind.PERCENT, Kind.ORDINAL, Kind.TIMES


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("投资90亿元", "zh", [(9_000_000_000, N)]),
        ("12.6亿", "zh", [(1_260_000_000, N)]),
        ("3.5万人", "zh", [(35000, N)]),
        ("１２亿元", "zh", [(1_200_000_000, N)]),
        ("二十余家企业", "zh", [(20, N)]),
        ("三个区", "zh", [(3, N)]),
        ("百分之十五", "zh", [(15, P)]),
        ("增长15%", "zh", [(15, P)]),
        ("提高0.5个百分点", "zh", [(Decimal("0.5"), P)]),
        ("增长3成", "zh", [(30, P)]),
        ("增长2.5倍", "zh", [(Decimal("2.5"), T)]),
        ("3—5倍", "zh", [(3, T), (5, T)]),
        ("3至5万人", "zh", [(30000, N), (50000, N)]),
        ("第三届", "zh", [(3, ORD)]),
        ("5,000 多万人", "zh", [(50_000_000, N)]),
        ("近万人", "zh", [(10000, N)]),
        ("每百户", "zh", [(100, N)]),
        ("一些人十分满意，千方百计，成千上万", "zh", []),
        ("5千克", "zh", [(5, N)]),
        ("9 billion yuan", "en", [(9_000_000_000, N)]),
        ("9.6 million", "en", [(9_600_000, N)]),
        ("35,000 visits", "en", [(35000, N)]),
        ("$300+ billion", "en", [(300_000_000_000, N)]),
        ("twenty-three districts", "en", [(23, N)]),
        ("15 per cent", "en", [(15, P)]),
        ("3 percentage points", "en", [(3, P)]),
        ("the 3rd and the third", "en", [(3, ORD), (3, ORD)]),
        ("1.5 times", "en", [(Decimal("1.5"), T)]),
        ("3-5 million", "en", [(3_000_000, N), (5_000_000, N)]),
        ("half a million", "en", [(500_000, N)]),
        ("hundreds of people, tens of thousands", "en", []),
        ("9 млрд юаней", "ru", [(9_000_000_000, N)]),
        ("9,6 млн", "ru", [(9_600_000, N)]),
        ("35\u00a0000 человек", "ru", [(35000, N)]),
        ("120 тыс. посещений", "ru", [(120000, N)]),
        ("девяти миллиардов", "ru", [(9_000_000_000, N)]),
        ("более двадцати", "ru", [(20, N)]),
        ("двадцать три района", "ru", [(23, N)]),
        ("10-го числа", "ru", [(10, ORD)]),
        ("15 процентов", "ru", [(15, P)]),
        ("в 1,5 раза", "ru", [(Decimal("1.5"), T)]),
        ("двадцатикратный рост", "ru", [(20, T)]),
        ("третьего", "ru", [(3, ORD)]),
        ("во-вторых, тысячи людей", "ru", []),
    ],
)
def test_quantities(text: str, lang: str, expected: list[tuple[int | Decimal, Kind]]) -> None:
    """Values, magnitudes and kinds in the three languages."""
    assert values(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("COVID-19 and SARS-CoV-2", "en"),
        ("H1N1, G20, 5G, PM2.5", "en"),
        ("COVID-19 和 SARS-CoV-2", "zh"),
        ("SARS-CoV-2 и Су-27", "ru"),
    ],
)
def test_identifiers_are_not_quantities(text: str, lang: str) -> None:
    """Digits inside names never need to reappear as numbers."""
    found = extract(text, lang)
    assert values(text, lang) == []
    assert found.identifiers


def test_offsets_point_at_the_number_as_written() -> None:
    """Offsets are characters of the original text, full-width digits included."""
    text = "投资１２亿元，增长15%。"
    spans = [(q.start, q.end) for q in extract(text, "zh").quantities]
    assert [text[s:e] for s, e in spans] == ["１２亿", "15%"]


def test_bare_years_are_left_to_the_date_check() -> None:
    """A bare four-digit year is marked so the number check does not report it."""
    (quantity,) = extract("in the 2019 survey", "en").quantities
    assert quantity.yearish
    (count,) = extract("2019人", "zh").quantities
    assert not count.yearish


@pytest.mark.parametrize(
    ("value", "kind", "said"),
    [
        (9_000_000_000, N, "9 billion"), (1_260_000_000, N, "1.26 billion"),
        (35000, N, "35,000"), (15, P, "15%"), (3, ORD, "3rd"), (Decimal("1.5"), T, "1.5 times"),
        (480, Kind.TIME, "8:00"),
    ],
)  # fmt: skip
def test_values_are_said_in_plain_english(value: int | Decimal, kind: Kind, said: str) -> None:
    """Messages name values the way an English reader expects."""
    quantity = Quantity(Decimal(value), kind, 0, 1, "x", Strength.STRONG)
    assert human(quantity) == said
