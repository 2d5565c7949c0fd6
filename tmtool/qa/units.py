"""Units of measure after a quantity, and whether two quantities are one amount in two units.

Translators of Chinese news convert traditional units for their readers: 两万斤 becomes
"10 tons", 42斤 «21 кг», 万亩 "667 hectares", and a figure in 斤 may get its tonnage in
brackets.  The conversions are exact (1 斤 = 0.5 kg, 1 亩 = 1/15 ha), so a converted value
can be checked as strictly as an unconverted one, allowing only the conventional rounding
of the result.

:func:`unit_after` reads the unit written right after a quantity; :func:`converted`
says whether a target value is a source value in another unit of the same dimension.
"""

from __future__ import annotations

import re
from decimal import Decimal

from tmtool.qa.quantity import Quantity

__all__ = ["conflict", "convert", "converted", "unit_after"]

_THIRD = Decimal(10000) / Decimal(15)  # one 亩 in square metres

# unit id → (dimension, size in the dimension's base unit)
UNITS: dict[str, tuple[str, Decimal]] = {
    "jin": ("mass", Decimal("0.5")),
    "kg": ("mass", Decimal(1)),
    "g": ("mass", Decimal("0.001")),
    "t": ("mass", Decimal(1000)),
    "mu": ("area", _THIRD),
    "ha": ("area", Decimal(10000)),
    "m2": ("area", Decimal(1)),
    "km2": ("area", Decimal(1000000)),
    "km": ("length", Decimal(1000)),
    "m": ("length", Decimal(1)),
    "li": ("length", Decimal(500)),
    "l": ("volume", Decimal(1)),
    "kl": ("volume", Decimal(1000)),
    "m3": ("volume", Decimal(1000)),
}

_ZH = [
    ("平方公里", "km2"), ("平方千米", "km2"), ("平方米", "m2"), ("立方米", "m3"), ("公顷", "ha"),
    ("公斤", "kg"), ("千克", "kg"), ("公里", "km"), ("千米", "km"), ("千升", "kl"), ("吨", "t"),
    ("斤", "jin"), ("亩", "mu"), ("克", "g"), ("米", "m"), ("升", "l"), ("华里", "li"),
]  # fmt: skip
_EN = re.compile(
    r"(?P<km2>square kilomet(?:er|re)s?|sq\.? ?km|km2|km²)"
    r"|(?P<m2>square met(?:er|re)s?|sq\.? ?m|m2|m²)"
    r"|(?P<m3>cubic met(?:er|re)s?|m3|m³)|(?P<ha>hectares?|ha)"
    r"|(?P<kg>kilo(?:gram(?:me)?s?)?(?![a-z])|kg)"
    r"|(?P<t>(?:metric )?tons?|tonnes?|t)|(?P<jin>jin)|(?P<mu>mu)|(?P<g>grams?|g)"
    r"|(?P<km>kilomet(?:er|re)s?|km)|(?P<kl>kilolit(?:er|re)s?|kl)|(?P<l>lit(?:er|re)s?|l)"
    r"|(?P<m>met(?:er|re)s?|m)|(?P<li>li)(?![a-z])",
    re.IGNORECASE,
)
_RU = re.compile(
    r"(?P<km2>кв\.? ?км|квадратн\w+ километр\w*|км²)|(?P<m2>кв\.? ?м\b|квадратн\w+ метр\w*|м²)"
    r"|(?P<m3>куб\.? ?м\b|кубическ\w+ метр\w*|м³)|(?P<ha>гектар\w*|га\b)"
    r"|(?P<kg>килограмм\w*|кг\b)|(?P<t>тонн\w*|т\b)|(?P<jin>цзин\w*)|(?P<mu>му\b)"
    r"|(?P<g>грамм\w*|г\b)|(?P<km>километр\w*|км\b)|(?P<kl>килолитр\w*)|(?P<l>литр\w*|л\b)"
    r"|(?P<m>метр\w*|м\b)|(?P<li>ли\b)",
    re.IGNORECASE,
)
# Between the number and its unit: a hyphen (10,000-mu), a magnitude word, a space.
_GAP = {
    "en": re.compile(r"[\s\-‐]*(?:(?:thousand|million|billion)[\s\-]*)?(?:of\s+)?", re.IGNORECASE),
    "ru": re.compile(
        r"[\s\-‐]*(?:(?:тыс\.|тысяч\w*|млн\.?|миллион\w*|млрд\.?|миллиард\w*)\s*)?", re.IGNORECASE
    ),
}


def unit_after(text: str, end: int, lang: str) -> str:
    """The unit written right after a quantity ending at ``end``, or ``""``.

    Args:
        text: The normalised text.
        end: Offset just after the quantity.
        lang: Primary language of the text.

    Returns:
        A unit id of :data:`UNITS`, such as ``"jin"`` or ``"ha"``.
    """
    if lang == "zh":
        rest = text[end : end + 6].lstrip()
        for prefix in ("余", "多", "万", "亿"):
            rest = rest.removeprefix(prefix)
        for word, unit in _ZH:
            if rest.startswith(word):
                return unit
        return ""
    gap = _GAP.get(lang, _GAP["en"]).match(text, end)
    position = gap.end() if gap else end
    pattern = _RU if lang == "ru" else _EN
    m = pattern.match(text, position)
    if m is None or m.lastgroup is None:
        return ""
    follow = text[m.end() : m.end() + 1]
    if follow.isalpha():
        return ""
    return m.lastgroup


def _close(exact: Decimal, written: Decimal) -> bool:
    """A converted value rounded as translators do: within 1 %, or to the digits written."""
    if exact == 0:
        return written == 0
    error = abs(exact - written)
    if error <= abs(exact) / 100:
        return True
    digits = written.normalize()
    _, _, exponent = digits.as_tuple()
    assert isinstance(exponent, int)
    last = Decimal(1).scaleb(exponent)  # worth of the last significant written digit
    return error * 2 <= last and error <= abs(exact) / 20


def converted(source: Quantity, target: Quantity) -> bool:
    """Whether the target states the source quantity in another unit of the same dimension.

    Args:
        source: A quantity with a unit (``两万斤``).
        target: Another (``10 tons``).

    Returns:
        True when both have units of one dimension and the values agree after conversion.
    """
    if not source.unit or not target.unit or source.unit == target.unit:
        return False
    s_dim, s_size = UNITS[source.unit]
    t_dim, t_size = UNITS[target.unit]
    if s_dim != t_dim:
        return False
    return any(_close(v * s_size / t_size, w) for v in source.values for w in target.values)


def conflict(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities are in different units of one dimension (42 斤 and 42 kg)."""
    if not a.unit or not b.unit or a.unit == b.unit:
        return False
    a_dim, a_size = UNITS[a.unit]
    b_dim, b_size = UNITS[b.unit]
    return a_dim == b_dim and a_size != b_size


def convert(source: Quantity, unit: str) -> Decimal | None:
    """The source's value in another unit of its dimension, or ``None``."""
    if not source.unit or source.unit not in UNITS or unit not in UNITS:
        return None
    s_dim, s_size = UNITS[source.unit]
    t_dim, t_size = UNITS[unit]
    if s_dim != t_dim:
        return None
    return source.value * s_size / t_size
