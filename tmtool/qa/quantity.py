"""Quantities found in text, and what the language scanners share.

A :class:`Quantity` is one number as written (``90亿``, ``9 billion``,
``девяти``) with its normalised value, its kind (plain number, percent,
ordinal, times, time of day, decade, literal code) and how sure we are that
it must reappear in a translation (:class:`Strength`).  The scanners for
Chinese, English and Russian produce them; the number check compares them.

Offsets are kept exact: :func:`normalize` maps full-width characters one to
one, and :func:`mask` blanks spans without changing the length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import IntEnum, StrEnum

__all__ = [
    "MASK",
    "Kind",
    "Quantity",
    "Strength",
    "digits_value",
    "human",
    "identifiers",
    "link_ranges",
    "mask",
    "normalize",
    "urls",
]

MASK = "\ue000"


class Kind(StrEnum):
    """What a quantity counts."""

    NUMBER = "number"
    PERCENT = "percent"
    ORDINAL = "ordinal"
    TIMES = "times"
    TIME = "time"
    DECADE = "decade"
    CODE = "code"


class Strength(IntEnum):
    """How sure a scanner is that a quantity must reappear in a translation.

    ``IGNORED`` values (``one``, ``一``, digits inside ``COVID-19``) may match
    a value on the other side but are never reported.  ``WEAK`` values
    (numbers written as small words) are reported only when the other text
    has an unmatched value to set against them.  ``STRONG`` values (digits,
    large Chinese numerals) are reported whenever they are missing.
    """

    IGNORED = 0
    WEAK = 1
    STRONG = 2


@dataclass(frozen=True)
class Quantity:
    """A number found in a text.

    Attributes:
        value: The normalised value (``90亿`` is 9000000000).
        kind: What it counts.
        start: Offset of its first character in the text.
        end: Offset just after it.
        text: The text as written, with its magnitude and unit.
        strength: How sure we are it must reappear.
        scale: The magnitude word's factor (``亿`` is 10**8), 1 for none.
        precision: For values written rounded (with decimals or a magnitude
            word), the worth of one unit in the last written digit; ``None``
            for exact values.
        approx: The approximation word as written (``余``, ``more than``), if any.
        alternatives: Other readings of the same text (Russian ``39,768``).
        yearish: A bare four-digit integer that may be a year; the date check
            reports those.
        literal: For codes (telephone numbers), the digits to compare.
        unit: The unit of measure written after it (``"jin"``, ``"ha"``; see
            :mod:`tmtool.qa.units`), ``""`` for none.
    """

    value: Decimal
    kind: Kind
    start: int
    end: int
    text: str
    strength: Strength
    scale: Decimal = Decimal(1)
    precision: Decimal | None = None
    approx: str = ""
    alternatives: tuple[Decimal, ...] = ()
    yearish: bool = False
    literal: str = ""
    unit: str = ""

    @property
    def values(self) -> tuple[Decimal, ...]:
        """The value and its alternative readings."""
        return (self.value, *self.alternatives)


_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({"％": "%", "．": ".", "～": "~", "－": "-", "\u00a0": " ", "\u202f": " "})
_FULLWIDTH.update({"\u2009": " ", "\u2007": " ", "﹪": "%", "‰": "‰"})
_TABLE = str.maketrans(_FULLWIDTH)
_COLON = re.compile(r"(?<=\d)[：∶](?=\d)")


def normalize(text: str) -> str:
    """Map full-width digits, signs and odd spaces to ASCII, one character for one.

    Args:
        text: Any text.

    Returns:
        Text of the same length, so offsets stay valid.
    """
    return _COLON.sub(":", text.translate(_TABLE))


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank spans of a text with :data:`MASK`, keeping its length.

    Args:
        text: The text.
        spans: ``(start, end)`` pairs to blank.

    Returns:
        The masked text.
    """
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


_URL = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|\b\w+\.(?:com|org|net|gov|int)\b\S*"
)


def urls(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses and e-mail addresses, whose digits are not quantities."""
    return [m.span() for m in _URL.finditer(text)]


_TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:(?:[-‐·_]|\.(?=\d))[A-Za-zА-Яа-яЁё0-9]+)*")
_LETTER_DIGIT = re.compile(r"[A-Za-zА-Яа-яЁё].*\d|\d.*[A-Z]")
_NOT_IDENTIFIER = re.compile(r"\d[\d.,]*(?:st|nd|rd|th|s|'s|[a-zа-яё]{1,3})?(?:-[^\W\d]+)*")
_WORD_PREFIX = re.compile(
    r"(?:mid|pre|post|top|late|early|over|under|non|anti|sub|end|start)-\d.*", re.I
)
_UPPER_UNIT = re.compile(r"\d+(?:\.\d+)?(?:[kKMG]?W|[kKMG]?Wh|[KMG]B|MHz|GHz|Hz|mAh|C|F|K|L|Pa|J)")


def identifiers(text: str) -> list[tuple[int, int, str]]:
    """Find identifiers such as ``COVID-19``, ``SARS-CoV-2``, ``H1N1``, ``G20`` or ``5G``.

    Their digits are names, not quantities: ``14-day``, ``3rd``, ``1980s``,
    ``5km`` and ``10-го`` are not identifiers.

    Args:
        text: Normalised text.

    Returns:
        ``(start, end, text)`` of each identifier.
    """
    found = []
    for m in _TOKEN.finditer(text):
        token = m.group()
        if not any(ch.isdigit() for ch in token) or not _LETTER_DIGIT.search(token):
            continue
        if _WORD_PREFIX.fullmatch(token):
            continue
        if token[0].isdigit() and (
            _NOT_IDENTIFIER.fullmatch(token) or _UPPER_UNIT.fullmatch(token)
        ):
            continue
        found.append((m.start(), m.end(), token))
    return found


def digits_value(raw: str, *, decimal_comma: bool = False) -> tuple[Decimal, Decimal, int]:
    """Read a number written in digits.

    Args:
        raw: Digits with thousands separators (``,`` or spaces) and a decimal
            point, or with a decimal comma when ``decimal_comma``.
        decimal_comma: Read ``,`` as the decimal sign (Russian).

    Returns:
        The value, the worth of one unit in its last written digit
        (``0.01`` for ``3.58``), and the number of decimals.
    """
    text = raw.replace(" ", "").replace("\u00a0", "")
    text = text.replace(",", ".") if decimal_comma else text.replace(",", "")
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(text), Decimal(1).scaleb(-decimals), decimals


def link_ranges(
    quantities: list[Quantity], text: str, connector: re.Pattern[str]
) -> list[Quantity]:
    """Carry a range's unit back to its first end: ``3–5 million``, ``3~5%``, ``3至5万``.

    Args:
        quantities: Quantities of one text, in text order.
        text: The (normalised) text they come from.
        connector: Matches the whole gap between two ends of a range.

    Returns:
        The quantities, with the first end of each range scaled and kinded
        like the second where it had no magnitude or unit of its own.
    """
    result = list(quantities)
    for i in range(len(result) - 1):
        first, second = result[i], result[i + 1]
        if not connector.fullmatch(text[first.end : second.start]):
            continue
        if first.kind is not Kind.NUMBER or first.scale != 1 or first.yearish:
            continue
        if second.kind not in (Kind.NUMBER, Kind.PERCENT, Kind.TIMES):
            continue
        raw_second = second.value / second.scale
        if first.value >= raw_second and second.scale == 1:
            continue
        value = first.value * second.scale if first.value < raw_second else first.value
        precision = first.precision * second.scale if first.precision is not None else None
        if second.scale != 1 and precision is None:
            precision = second.scale
        result[i] = replace(
            first,
            value=value,
            kind=second.kind,
            scale=second.scale if first.value < raw_second else first.scale,
            precision=precision if first.value < raw_second else first.precision,
        )
    return result


_SCALES = [
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
]


def _plain(value: Decimal) -> str:
    """A value in English digits: ``35,000``, ``12.5``, ``0.3``."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}.{frac}"


def human(quantity: Quantity) -> str:
    """Say a quantity's value in plain English: ``9 billion``, ``15%``, ``3rd``.

    Args:
        quantity: The quantity.

    Returns:
        A short English rendering of its value.
    """
    value = quantity.value
    if quantity.kind is Kind.CODE:
        return quantity.literal
    if quantity.kind is Kind.TIME:
        minutes = int(value)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if quantity.kind is Kind.DECADE:
        return f"the '{int(value) % 100:02d}s"
    if quantity.kind is Kind.ORDINAL and value == value.to_integral_value():
        number = int(value)
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        return f"{number}{suffix}"
    text = _plain(value)
    for factor, word in _SCALES:
        if (
            value >= factor
            and (value / factor) * 1000 == ((value / factor) * 1000).to_integral_value()
        ):
            text = f"{_plain(value / factor)} {word}"
            break
    if quantity.kind is Kind.PERCENT:
        return f"{text}%"
    if quantity.kind is Kind.TIMES:
        return f"{text} times"
    return text


_YEARISH = re.compile(r"(?:1[89]\d\d|20\d\d|2100)")


def percent_or_times(pattern: re.Pattern[str], text: str, end: int, kind: Kind) -> tuple[Kind, int]:
    """A plain number followed by a percent or "times" word (the groups `pct` and `times`
    of a language's `pattern`) becomes a PERCENT or TIMES quantity ending after that word.
    """
    if kind is not Kind.NUMBER:
        return kind, end
    found = pattern.match(text, end)
    if found and found.group("pct"):
        return Kind.PERCENT, found.end()
    if found and found.group("times"):
        return Kind.TIMES, found.end()
    return kind, end


def digit_quantity(
    text: str,
    start: int,
    end: int,
    raw: str,
    value: Decimal,
    scale: Decimal,
    unit: Decimal,
    decimals: int,
    kind: Kind,
    *,
    approx: str,
    alternatives: tuple[Decimal, ...],
) -> Quantity:
    """A quantity written with digits in an English or Russian target, once its kind is known.

    A bare 1 (or first) and a time of day are weak evidence; four digits that read as a
    year are marked so that the dates check can claim them.
    """
    weak = kind is Kind.TIME or (value == 1 and scale == 1 and kind in (Kind.NUMBER, Kind.ORDINAL))
    return Quantity(
        value * scale,
        kind,
        start,
        end,
        text[start:end],
        Strength.WEAK if weak else Strength.STRONG,
        scale=scale,
        precision=unit * scale if decimals or scale != 1 else None,
        approx=approx,
        alternatives=alternatives,
        yearish=kind is Kind.NUMBER and scale == 1 and _YEARISH.fullmatch(raw) is not None,
    )
