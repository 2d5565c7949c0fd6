"""Numbers in English text: digits with magnitude words, number words, ordinals, percent.

``9 billion``, ``9.6 million``, ``35,000``, ``nine``, ``twenty-three``, ``a
hundred and two``, ``3rd``, ``third``, ``15 percent``, ``1.5 times``,
``8 a.m.``, ``the 1980s``.  Vague plurals (``hundreds of``, ``tens of
thousands``) are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from tmtool.qa.quantity import (
    Kind,
    Quantity,
    Strength,
    digit_quantity,
    digits_value,
    link_ranges,
    percent_or_times,
)

__all__ = ["scan_en", "word_number"]


def _words(text: str) -> list[str]:
    """The words of a text, one list item each (keeps long word lists readable)."""
    return text.split()


_SMALL = dict(
    zip(
        _words(
            """
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen
"""
        ),
        range(20),
        strict=True,
    )
)
_TENS = dict(
    zip(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
        range(20, 100, 10),
        strict=True,
    )
)
_ORD_SMALL = dict(
    zip(
        _words(
            """
zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
"""
        ),
        range(20),
        strict=True,
    )
)
_ORD_TENS = {word[:-1] + "ieth": value for word, value in _TENS.items()}
_SCALE = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_ORD_SCALE = {word + "th": value for word, value in _SCALE.items()}
_MULTIPLE = {"once": 1, "twice": 2, "thrice": 3}
_WORDS = {
    **dict.fromkeys(_SMALL, "small"),
    **dict.fromkeys(_TENS, "tens"),
    **dict.fromkeys(_ORD_SMALL, "ord"),
    **dict.fromkeys(_ORD_TENS, "ord"),
    **dict.fromkeys(_SCALE, "scale"),
    **dict.fromkeys(_ORD_SCALE, "ord"),
    "dozen": "dozen",
}
_WORD = re.compile(r"[A-Za-z]+")
_ARTICLE_NEXT = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}

_DIGITS = re.compile(
    r"(?<![\w.,\ue000])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d\ue000])"
    r"|(?<![\w.,)\ue000])\.\d+(?![\d\ue000])"
)
_HALF = re.compile(r"\bhalf (?:a|one) (million|billion)\b", re.IGNORECASE)
_SPANS = re.compile(r"\b(half a|a|one) (century|decade)\b", re.IGNORECASE)
_DECADES = re.compile(r"[\s-]decades?\b", re.IGNORECASE)
_IDIOM = re.compile(r"\b24/7\b|\b9/11\b|\bone-(?:on-one|to-one|stop|off)\b", re.IGNORECASE)
_SUFFIX = re.compile(
    r"(?P<ord>st|nd|rd|th)\b|(?P<decade>'?s)\b"
    r"|(?P<ampm>\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock\b))"
    r"|\+?(?:\s|-)?(?P<scale>hundred|thousand|million|billion|trillion|bn|mn)\b",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"\s?(?P<pct>%|‰|per\s?cent\b|percentage[ -]points?\b|pct\b|percent\b)"
    r"|\s?-?(?P<times>times\b|fold\b)",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"\b(about|around|approximately|approx\.|nearly|almost|over|more than|some|roughly|ca\.?|circa"
    r"|up to|less than|fewer than|at least|at most|under|close to|as many as|upwards of"
    r"|in excess of|just over|just under|below|above|estimated)\s+(?:\$|¥|€|£|RMB\s?|US\$)?$",
    re.IGNORECASE,
)
_RANGE_GAP = re.compile(r"\s?(?:[-–—~]|to|and|or|through)\s?", re.IGNORECASE)
_SCALE_ABBR = {"bn": 10**9, "mn": 10**6}


def word_number(words: list[str]) -> tuple[Decimal, bool] | None:
    """Read a run of English number words: ``["twenty", "three"]`` is 23.

    Args:
        words: Lower-case words (``"and"`` allowed after hundred/thousand...).

    Returns:
        The value and whether it is an ordinal, or ``None`` when the words do
        not form one number.
    """
    found = _parse_words(words)
    if len(found) != 1 or found[0][1] != 0 or found[0][2] != len(words):
        return None
    return found[0][0], found[0][3]


def _parse_words(words: list[str]) -> list[tuple[Decimal, int, int, bool]]:
    """Split a run of number words into numbers: (value, first word, end word, ordinal)."""
    found: list[tuple[Decimal, int, int, bool]] = []
    total, current, last, begin = 0, 0, "", 0

    def flush(stop: int, ordinal: bool = False) -> None:
        nonlocal total, current, last
        if last and last not in ("a", "and"):
            found.append((Decimal(total + current), begin, stop, ordinal))
        total, current, last = 0, 0, ""

    i = 0
    while i < len(words):
        word = words[i]
        kind = "a" if word in ("a", "an") else _WORDS.get(word, "and" if word == "and" else "")
        if kind == "a":
            flush(i)
            begin, last, current = i, "a", 1
        elif kind == "and":
            if last not in ("hundred", "scale") or i + 1 >= len(words):
                flush(i)
            else:
                last = "and"
        elif kind in ("small", "tens"):
            value = _SMALL.get(word, _TENS.get(word, 0))
            fits = last in ("", "hundred", "scale", "and") or (
                last == "tens" and kind == "small" and current % 10 == 0 and value < 10
            )
            if not fits:
                flush(i)
            if not last:
                begin = i
            current += value
            last = "tens" if kind == "tens" else "small"
        elif kind == "scale" or kind == "dozen":
            factor = 12 if kind == "dozen" else _SCALE[word]
            if last not in ("a", "small", "tens", "hundred") or (
                factor == 100 and last == "hundred"
            ):
                flush(i)
                i += 1
                continue
            if factor == 100:
                current, last = current * 100, "hundred"
            else:
                total, current, last = total + current * factor, 0, "scale"
        elif kind == "ord":
            value = _ORD_SMALL.get(word, _ORD_TENS.get(word, 0))
            if word in _ORD_SCALE:
                if not last:
                    begin = i
                if last in ("", "a", "small", "tens", "hundred"):
                    current = (current or 1) * _ORD_SCALE[word]
                    last = "small"
                    flush(i + 1, True)
                else:
                    flush(i)
                i += 1
                continue
            fits = last in ("", "hundred", "scale", "and") or (
                last == "tens" and current % 10 == 0 and value < 10
            )
            if not fits:
                flush(i)
            if not last:
                begin = i
            current += value
            last = "small"
            flush(i + 1, True)
        else:
            flush(i)
        i += 1
    flush(len(words))
    return found


def _word_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of number words (with their joining spaces, hyphens and 'and')."""
    runs: list[tuple[int, int, list[str]]] = []
    current: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        word = m.group().lower()
        known = word in _WORDS or word in ("a", "an", "and")
        joined = current and re.fullmatch(r"\s+|-|\s*-\s*", text[current[-1][1] : m.start()])
        if known and (joined or not current):
            current.append((m.start(), m.end(), word))
            continue
        if current:
            runs.append((current[0][0], current[-1][1], [w for _, _, w in current]))
        current = [(m.start(), m.end(), word)] if known else []
    if current:
        runs.append((current[0][0], current[-1][1], [w for _, _, w in current]))
    return runs


def _approx(text: str, start: int) -> str:
    m = _APPROX.search(text, max(0, start - 30), start)
    return m.group(1) if m else ""


def scan_en(text: str) -> list[Quantity]:
    """Find the quantities of a normalised, pre-masked English text.

    Args:
        text: English text after :func:`~tmtool.qa.quantity.normalize`, with
            dates, times, identifiers and addresses masked.

    Returns:
        The quantities in text order.
    """
    text = _IDIOM.sub(lambda m: "\ue000" * len(m.group()), text)
    found = _digit_quantities(text)
    for m in _HALF.finditer(text):
        value = Decimal(_SCALE[m.group(1).lower()]) / 2
        found.append(Quantity(value, Kind.NUMBER, m.start(), m.end(), m.group(), Strength.WEAK))
    for m in _SPANS.finditer(text):
        value = Decimal(100 if m.group(2).lower() == "century" else 10)
        value = value / 2 if m.group(1).lower() == "half a" else value
        found.append(Quantity(value, Kind.NUMBER, m.start(), m.end(), m.group(), Strength.WEAK))
    taken = [(q.start, q.end) for q in found]
    for start, _, words in _word_runs(text):
        offsets = [m.start() for m in _WORD.finditer(text, start)][: len(words)]
        for value, first, stop, ordinal in _parse_words(words):
            q_start = offsets[first]
            q_end = offsets[stop - 1] + len(words[stop - 1])
            if any(s < q_end and q_start < e for s, e in taken):
                continue
            single = stop - first == 1
            kind = Kind.ORDINAL if ordinal else Kind.NUMBER
            strength = Strength.WEAK
            if value <= 1 or (single and words[first] == "second"):
                strength = Strength.IGNORED
            if not ordinal and single and words[first] in ("hundred", "thousand"):
                continue
            unit = _UNIT.match(text, q_end)
            if unit and unit.group("pct"):
                kind, q_end = Kind.PERCENT, unit.end()
            elif unit and unit.group("times"):
                kind, q_end = Kind.TIMES, unit.end()
            found.append(
                Quantity(
                    value,
                    kind,
                    q_start,
                    q_end,
                    text[q_start:q_end],
                    strength,
                    approx=_approx(text, q_start),
                )
            )
    for m in re.finditer(r"\b(once|twice|thrice)\b", text, re.IGNORECASE):
        value = Decimal(_MULTIPLE[m.group(1).lower()])
        strength = Strength.IGNORED if value == 1 else Strength.WEAK
        found.append(Quantity(value, Kind.TIMES, m.start(), m.end(), m.group(), strength))
    found.sort(key=lambda q: q.start)
    return [_decades(text, q) for q in link_ranges(found, text, _RANGE_GAP)]


def _decades(text: str, quantity: Quantity) -> Quantity:
    """``two decades`` may stand for 二十年: offer ten times the value as a reading."""
    if quantity.kind is Kind.NUMBER and _DECADES.match(text, quantity.end):
        return replace(quantity, alternatives=(*quantity.alternatives, quantity.value * 10))
    return quantity


def _digit_quantities(text: str) -> list[Quantity]:
    """Quantities written with digits."""
    found = []
    for m in _DIGITS.finditer(text):
        raw = m.group()
        value, unit, decimals = digits_value(raw)
        alternatives: tuple[Decimal, ...] = ()
        if re.fullmatch(r"\d{1,3}\.\d{3}", raw):
            alternatives = (value * 1000,)  # 10.700 written the German way
        end = m.end()
        kind = Kind.NUMBER
        scale = Decimal(1)
        suffix = _SUFFIX.match(text, end)
        if suffix and suffix.group("ord") and decimals == 0:
            kind, end = Kind.ORDINAL, suffix.end()
        elif suffix and suffix.group("decade") and decimals == 0 and value % 10 == 0:
            alternatives = (value,) if len(raw) == 4 else ()
            kind, end, value = Kind.DECADE, suffix.end(), value % 100
        elif suffix and suffix.group("ampm") and decimals == 0 and value <= 24:
            kind, end, value = Kind.TIME, suffix.end(), (value % 12) * 60
        elif suffix and suffix.group("scale"):
            word = suffix.group("scale").lower()
            scale = Decimal(_SCALE.get(word, _SCALE_ABBR.get(word, 1)))
            end = suffix.end()
            alternatives = ()
        kind, end = percent_or_times(_UNIT, text, end, kind)
        found.append(
            digit_quantity(
                text,
                m.start(),
                end,
                raw,
                value,
                scale,
                unit,
                decimals,
                kind,
                approx=_approx(text, m.start()),
                alternatives=alternatives,
            )
        )
    return found
