"""The ``number_mismatch`` check: every quantity of the source reappears in the target.

Quantities of source and target are matched by value — exact first, same
kind before any kind, then allowing for rounding where one side is written
rounded (``12.63亿`` and ``1.26 billion``).  What is left over is reported,
with care for precision:

* a value written in one text and repeated in the other is not missing;
* values written as small words (``三个``, ``three``) are reported only
  against an unmatched value of the other text (``三个区`` / ``four
  districts``), never just because the translator rephrased them;
* bare four-digit years and the numbers inside dates belong to the date check;
* a wrong value is one issue (``90亿 is 9 billion; the target has 90 billion.``),
  not a missing one plus an extra one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from tmtool.qa.base import Check, Issue, Severity, Unit, primary, register
from tmtool.qa.extract import extract
from tmtool.qa.quantity import Kind, Quantity, Strength, human
from tmtool.qa.termforms import transliterations
from tmtool.qa.units import conflict, convert, converted

__all__ = ["NumberMismatch", "compare_quantities", "same_value"]

_EXACT_KINDS = (Kind.TIME, Kind.DECADE, Kind.CODE)
_APPROX_WORDS = {
    "more than": "余 多 超过 超 逾 多达 more than over above upwards of in excess of just over "
    "более свыше больше чуть более не менее",
    "nearly": "近 将近 接近 近乎 nearly almost close to почти",
    "about": "约 大约 约为 左右 上下 几 来 about around approximately approx. roughly ca ca. "
    "circa some estimated около примерно приблизительно порядка ок.",
    "less than": "不到 不足 less than fewer than under below just under менее меньше до",
}
_APPROX = {word: key for key, words in _APPROX_WORDS.items() for word in words.split()}


def same_value(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities have the same value (any reading of either).

    Args:
        a: One quantity.
        b: Another.

    Returns:
        True when they are equal; times of day, decades and codes only
        equal their own kind.
    """
    if (a.kind in _EXACT_KINDS or b.kind in _EXACT_KINDS) and a.kind is not b.kind:
        if {a.kind, b.kind} == {Kind.DECADE, Kind.NUMBER}:  # 1860s against 1860
            return any(x == y and x >= 1000 for x in a.values for y in b.values)
        return _clock_hour(a, b) or _clock_hour(b, a)
    if a.kind is Kind.CODE:
        short, long_ = sorted((a.literal, b.literal), key=len)
        return long_.endswith(short) and len(short) >= min(len(long_), 7)
    return any(x == y for x in a.values for y in b.values)


def _clock_hour(time: Quantity, number: Quantity) -> bool:
    """``下午3点`` and ``3 часов дня``: a whole hour against a bare number."""
    if time.kind is not Kind.TIME or number.kind is not Kind.NUMBER or time.value % 60:
        return False
    if number.strength is Strength.IGNORED:
        return False
    return any(
        v == v.to_integral_value() and v <= 24 and v % 12 == time.value / 60 for v in number.values
    )


def _approximate(a: Quantity, b: Quantity) -> bool:
    """Values within a fifth of each other, one approximate and one in words (十多 / a dozen)."""
    if not (a.approx or b.approx) or a.kind in _EXACT_KINDS or b.kind in _EXACT_KINDS:
        return False
    if Strength.WEAK not in (a.strength, b.strength):
        return False
    return any(
        x and y and abs(x - y) <= max(abs(x), abs(y)) / 5 for x in a.values for y in b.values
    )


def _rounded(source: Quantity, target: Quantity) -> bool:
    """Whether the target rounds the source as written (``1.3 billion`` for ``12.63亿``).

    Only the translation may be the coarser one: a target more precise than
    its source (``100,007`` for ``10万``) is wrong, not rounded.
    """
    if source.kind in _EXACT_KINDS or target.kind in _EXACT_KINDS or target.precision is None:
        return False
    fine_precision = source.precision if source.precision is not None else Decimal(1)
    if fine_precision >= target.precision:
        return False
    return any(
        x and abs(x - y) * 2 <= target.precision and abs(x - y) <= abs(x) / 20
        for x in target.values
        for y in source.values
    )


def _match(source: list[Quantity], target: list[Quantity]) -> tuple[list[int], list[int]]:
    """Pair equal values; return the indices left unmatched on each side."""
    free_s = list(range(len(source)))
    free_t = list(range(len(target)))
    tests = (
        lambda s, t: s.kind is t.kind and _same(s, t),
        _same,
        _rounded,
        converted,
        _approximate,
    )
    for test in tests:
        for i in list(free_s):
            for j in free_t:
                if test(source[i], target[j]):
                    free_s.remove(i)
                    free_t.remove(j)
                    break
    return free_s, free_t


def _same(a: Quantity, b: Quantity) -> bool:
    """Equal values in compatible units: 42 斤 is not 42 kg."""
    return same_value(a, b) and not conflict(a, b)


def _present(quantity: Quantity, others: list[Quantity], *, is_source: bool) -> bool:
    if is_source:
        return any(
            _same(quantity, o) or _rounded(quantity, o) or converted(quantity, o) for o in others
        )
    return any(
        _same(o, quantity) or _rounded(o, quantity) or converted(o, quantity) for o in others
    )


def compare_quantities(
    source: list[Quantity], target: list[Quantity]
) -> tuple[list[tuple[Quantity, Quantity]], list[Quantity], list[Quantity]]:
    """Compare the quantities of a source and a target.

    Args:
        source: Quantities of the source.
        target: Quantities of the target.

    Returns:
        ``(wrong, missing, extra)``: pairs of a source value and the target
        value written instead, source values missing from the target, and
        target values the source does not have.
    """
    free_s, free_t = _match(source, target)
    missing = [
        source[i]
        for i in free_s
        if source[i].strength > Strength.IGNORED
        and not source[i].yearish
        and not _present(source[i], target, is_source=True)
    ]
    extra = [
        target[j]
        for j in free_t
        if target[j].strength > Strength.IGNORED
        and not target[j].yearish
        and not _present(target[j], source, is_source=False)
    ]
    wrong: list[tuple[Quantity, Quantity]] = []
    for s in list(missing):
        candidates = [
            t
            for t in extra
            if s.strength is Strength.STRONG or t.strength is Strength.STRONG or s.kind is t.kind
        ]
        if not candidates:
            continue
        best = min(candidates, key=lambda t: (t.kind is not s.kind, extra.index(t)))
        wrong.append((s, best))
        missing.remove(s)
        extra.remove(best)
    missing = [s for s in missing if s.strength is Strength.STRONG]
    extra = [t for t in extra if t.strength is Strength.STRONG]
    return wrong, missing, extra


def say(quantity: Quantity) -> str:
    """Say a quantity in English with its approximation: ``more than 20``."""
    word = _APPROX.get(quantity.approx.lower().rstrip(), "")
    value = human(quantity)
    return f"{word} {value}" if word else value


def _identifiers(unit: Unit, check: Check) -> list[Issue]:
    """Identifiers such as ``COVID-19`` whose digits changed in the target."""
    source = extract(unit.source, primary(unit.source_lang)).identifiers
    target = extract(unit.target, primary(unit.target_lang)).identifiers
    known = {text.upper() for _, _, text in source}
    shapes = {re.sub(r"[\d\W_]", "", text.upper()): text for _, _, text in source}
    issues = []
    for start, end, text in target:
        shape = re.sub(r"[\d\W_]", "", text.upper())
        if text.upper() not in known and shape and shape in shapes:
            issues.append(
                check.issue(start, end, f"The source has {shapes[shape]}; the target has {text}.")
            )
    return issues


_UNIT_NAMES = {
    "jin": "斤", "kg": "kg", "g": "g", "t": "t", "mu": "亩", "ha": "ha", "m2": "m²",
    "km2": "km²", "km": "km", "m": "m", "li": "里", "l": "l", "kl": "kl", "m3": "m³",
}  # fmt: skip
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTERS = re.compile(r"[A-Za-zА-Яа-яЁё']+")


def _in_name(quantity: Quantity, unit: Unit) -> bool:
    """A Chinese numeral inside a name that the target transliterates (兴十四村 → Xingshisi).

    The numeral must follow another Chinese character of the same word and reappear,
    spelled, inside a longer word of the target (``Xingshisi``, ``Синшисы``).
    """
    text = quantity.text
    if any(ch.isdigit() for ch in text) or quantity.start == 0:
        return False
    if not _HAN.match(unit.source, quantity.start - 1) or unit.source[quantity.start - 1] == "第":
        return False
    readings = {r for r in transliterations(text, primary(unit.target_lang)) if len(r) >= 3}
    words = [w.lower().replace("'", "") for w in _LETTERS.findall(unit.target)]
    return any(r in w and len(w) > len(r) and not w.startswith(r) for w in words for r in readings)


@register
class NumberMismatch(Check):
    """Every quantity of the source appears in the target with the same value."""

    check_id = "number_mismatch"
    name = "Numbers"
    description = (
        "Every number of the source (digits, Chinese numerals with 万/亿, percentages, ordinals, "
        "multiples) appears in the translation with the same value."
    )
    severity = Severity.ERROR

    def run(self, unit: Unit) -> list[Issue]:
        """Compare the quantities of source and target."""
        if not unit.target.strip():
            return []
        source = list(extract(unit.source, primary(unit.source_lang)).quantities)
        target = list(extract(unit.target, primary(unit.target_lang)).quantities)
        source = [q for q in source if not _in_name(q, unit)]
        wrong, missing, extra = compare_quantities(source, target)
        issues = []
        for s, t in wrong:
            said = say(s)
            value = convert(s, t.unit) if conflict(s, t) else None
            if value is not None:
                shown = human(replace(s, value=value, alternatives=()))
                message = f"{s.text}{_UNIT_NAMES.get(s.unit, '')} is {shown} {_UNIT_NAMES[t.unit]}"
                message += f"; the target has {t.text}."
            elif said == s.text:
                message = f"The source has {s.text}; the target has {t.text}."
            else:
                message = f"{s.text} is {said}; the target has {t.text}."
            issues.append(self.issue(t.start, t.end, message))
        for s in missing:
            said = say(s)
            shown = s.text if said == s.text else f"{s.text} ({said})"
            issues.append(
                self.issue(0, len(unit.target), f"The source has {shown}; the target does not.")
            )
        for t in extra:
            issues.append(
                self.issue(t.start, t.end, f"The target has {t.text}, which the source does not.")
            )
        issues.extend(_identifiers(unit, self))
        return sorted(issues, key=lambda i: (i.start, i.end))
