"""The ``date_mismatch`` check: days, months, years and weekdays of the source reappear.

Dates are compared as facts, not strings: ``7月9日至10日``, ``July 9–10`` and
``9–10 июля`` all name July 9 and July 10.  A day written without its month
(``15日``) matches that day in any month, because translators add the month
from context; relative words (今年, 昨天) let the target name years and days
the source leaves implicit.  Bare four-digit numbers count as years only
when the other text does not have them as plain numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tmtool.qa.base import Check, Issue, Severity, Unit, primary, register
from tmtool.qa.datescan import MONTHS_EN, WEEKDAYS_EN, DateMention
from tmtool.qa.extract import Extraction, extract

__all__ = ["DateMismatch", "describe"]


def describe(mention: DateMention, *, what: str) -> str:
    """Say one fact of a date mention in English: ``July 10``, ``the 10th``, ``2024``, ``Monday``.

    Args:
        mention: The date mention.
        what: Which fact: ``"day"``, ``"month"``, ``"year"`` or ``"weekday"``.

    Returns:
        The fact in English.
    """
    if what == "weekday" and mention.weekday is not None:
        return WEEKDAYS_EN[mention.weekday]
    if what == "year":
        return str(mention.year)
    if what == "month" and mention.month is not None:
        return MONTHS_EN[mention.month - 1]
    day = mention.day or 0
    if mention.month is None:
        suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"the {day}{suffix}"
    return f"{MONTHS_EN[mention.month - 1]} {day}"


@dataclass(frozen=True)
class _Fact:
    mention: DateMention
    key: tuple[int | None, ...]


def _days(mentions: Sequence[DateMention]) -> list[_Fact]:
    return [_Fact(m, (m.month, m.day)) for m in mentions if m.day is not None]


def _day_match(a: tuple[int | None, ...], b: tuple[int | None, ...]) -> bool:
    return a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0])


def _exact(a: tuple[int | None, ...], b: tuple[int | None, ...]) -> bool:
    return a == b


def _years(info: Extraction) -> list[_Fact]:
    facts = [_Fact(m, (m.year,)) for m in info.dates.mentions if m.year is not None]
    for q in info.quantities:
        if q.yearish:
            mention = DateMention(q.start, q.end, q.text, year=int(q.value), definite=False)
            facts.append(_Fact(mention, (mention.year,)))
    return facts


def _numbers(info: Extraction) -> set[Decimal]:
    return {v for q in info.quantities for v in q.values}


@register
class DateMismatch(Check):
    """Dates (days, months, years, weekdays) of the source appear in the target."""

    check_id = "date_mismatch"
    name = "Dates"
    description = (
        "Every date of the source — day and month, month, year, weekday, and both ends of a "
        "range such as 7月9日至10日 — appears in the translation."
    )
    severity = Severity.ERROR

    def run(self, unit: Unit) -> list[Issue]:
        """Compare the date facts of source and target."""
        if not unit.target.strip():
            return []
        src = extract(unit.source, primary(unit.source_lang))
        tgt = extract(unit.target, primary(unit.target_lang))
        issues: list[Issue] = []
        loose_days = src.dates.relative_day or any(
            m.day is not None and m.month is None for m in src.dates.mentions
        )
        touched: set[int] = set()
        issues += self._compare(
            unit, _days(src.dates.mentions), _days(tgt.dates.mentions), "day", _day_match,
            allow_extra=src.dates.relative_day, touched=touched,
        )  # fmt: skip
        months_s = [_Fact(m, (m.month,)) for m in src.dates.mentions if m.month is not None]
        months_t = [_Fact(m, (m.month,)) for m in tgt.dates.mentions if m.month is not None]
        months_s = [f for f in months_s if f.key[0] not in touched]
        months_t = [f for f in months_t if f.key[0] not in touched]
        issues += self._compare(
            unit, months_s, months_t, "month", _exact, allow_extra=loose_days, touched=set()
        )
        years_s, years_t = _years(src), _years(tgt)
        numbers_s, numbers_t = _numbers(src), _numbers(tgt)
        issues += self._compare(
            unit, years_s, years_t, "year", _exact,
            allow_extra=src.dates.relative_year, touched=set(),
            excused=(numbers_t, numbers_s),
        )  # fmt: skip
        week_s = [_Fact(m, (m.weekday,)) for m in src.dates.mentions if m.weekday is not None]
        week_t = [_Fact(m, (m.weekday,)) for m in tgt.dates.mentions if m.weekday is not None]
        issues += self._compare(
            unit, week_s, week_t, "weekday", _exact, allow_extra=src.dates.relative_day,
            touched=set(),
        )  # fmt: skip
        return sorted(issues, key=lambda i: (i.start, i.end))

    def _compare(
        self,
        unit: Unit,
        source: list[_Fact],
        target: list[_Fact],
        what: str,
        match: Callable[[tuple[int | None, ...], tuple[int | None, ...]], bool],
        *,
        allow_extra: bool,
        touched: set[int],
        excused: tuple[set[Decimal], set[Decimal]] = (set(), set()),
    ) -> list[Issue]:
        """Report facts of one sort missing from or added to the target.

        A bare number that may be a year (``definite`` false) is excused when
        the other text has the same value as a plain number: ``2000 people``.
        """
        missing = _unique([s for s in source if not any(match(s.key, t.key) for t in target)])
        extra = _unique([t for t in target if not any(match(s.key, t.key) for s in source)])
        missing = [f for f in missing if f.mention.definite or f.key[0] not in excused[0]]
        extra = [f for f in extra if f.mention.definite or f.key[0] not in excused[1]]
        if not missing and not extra:
            return []
        issues = []
        for s in missing:
            said = describe(s.mention, what=what)
            if extra:
                t = extra.pop(0)
                touched.update(x for x in (s.mention.month, t.mention.month) if x is not None)
                message = (
                    f"{s.mention.text} is {said}; the target has {describe(t.mention, what=what)}."
                )
                issues.append(self.issue(t.mention.start, t.mention.end, message))
            else:
                shown = said if said == s.mention.text else f"{s.mention.text} ({said})"
                message = f"The source has {shown}; the target does not."
                issues.append(self.issue(0, len(unit.target), message))
                if s.mention.month is not None:
                    touched.add(s.mention.month)
        if not allow_extra:
            for t in extra:
                message = f"The target has {t.mention.text}, which the source does not."
                issues.append(self.issue(t.mention.start, t.mention.end, message))
                if t.mention.month is not None:
                    touched.add(t.mention.month)
        return issues


def _unique(facts: list[_Fact]) -> list[_Fact]:
    seen: set[tuple[int | None, ...]] = set()
    result = []
    for fact in facts:
        if fact.key not in seen:
            seen.add(fact.key)
            result.append(fact)
    return result
