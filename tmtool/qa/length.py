"""The ``length_ratio`` check: a translation much shorter (or longer) than its source implies.

An omitted clause with no number, date or term in it (``经治疗后已放归自然`` left out) is
invisible to every other check.  Its trace is length: English runs about 3.2 letters per
Chinese character and Russian 3.8 (TICO-19), news copy a little more, and a translation
that drops a clause falls well below its usual ratio — usually with fewer clauses than
the source as well.  The usual ratio is learned from the workspace's approved pairs where
there are enough (see :class:`~tmtool.qa.context.LengthModel`), so each desk's own style
is the yardstick.

Length alone cannot tell a condensed translation from an omission, so the check warns:
on clean TICO-19 text it raises about 1.5 alarms per 100 segments, too many to block
publishing (see docs/qa.md).
"""

from __future__ import annotations

import math
import re

from tmtool.qa.base import Check, Issue, Severity, Unit, primary, register
from tmtool.qa.context import DEFAULT_LENGTH, source_size, target_size

__all__ = ["LengthRatio", "clause_counts"]

_SOURCE_CLAUSE = re.compile(r"[，；：。！？,;:!?]+")
_TARGET_CLAUSE = re.compile(r"(?<!\d)[,;:.!?]+(?!\d)|[,;:.!?]+(?=\s|$)|\s[—–]\s")
# Thresholds in robust standard deviations of the log length ratio.
SHORT = -3.5
SHORT_WITH_CLAUSES = -2.25
LONG = 4.5
MIN_SOURCE = 8


def clause_counts(source: str, target: str) -> tuple[int, int]:
    """How many clauses (stretches between commas, semicolons, stops) source and target have."""
    src = [c for c in _SOURCE_CLAUSE.split(source) if source_size(c) >= 2]
    tgt = [c for c in _TARGET_CLAUSE.split(target) if target_size(c) >= 3]
    return len(src), len(tgt)


@register
class LengthRatio(Check):
    """A translation far shorter or longer than usual for its source: an omission or an addition."""

    check_id = "length_ratio"
    name = "Length ratio"
    description = (
        "The translation is much shorter (something may be left out) or much longer than "
        "translations of this language usually are for a source of this length; the usual "
        "ratio is learned from the workspace's approved translations."
    )
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Compare the pair's length ratio with the usual one."""
        lang = primary(unit.target_lang)
        model = (
            unit.context.length_model(lang) if unit.context is not None else None
        ) or DEFAULT_LENGTH.get(lang)
        if model is None or source_size(unit.source) < MIN_SOURCE or not unit.target.strip():
            return []
        z = model.z(unit.source, unit.target)
        if z is None:
            return []
        usual = round(source_size(unit.source) * math.exp(model.centre))
        sizes = f"{target_size(unit.target)} letters for {source_size(unit.source)} characters"
        where = "in this workspace" if model.basis == "workspace" else "usually"
        if z <= SHORT_WITH_CLAUSES:
            src_clauses, tgt_clauses = clause_counts(unit.source, unit.target)
            if z <= SHORT or src_clauses > tgt_clauses:
                clauses = (
                    f" and {tgt_clauses} clause{'s' if tgt_clauses != 1 else ''} for the "
                    f"source's {src_clauses}"
                    if src_clauses > tgt_clauses
                    else ""
                )
                return [
                    self.issue(
                        0,
                        len(unit.target),
                        f"The translation is short for its source ({sizes}; about {usual} "
                        f"{where}){clauses}: something may be left out.",
                    )
                ]
        if z >= LONG:
            return [
                self.issue(
                    0,
                    len(unit.target),
                    f"The translation is long for its source ({sizes}; about {usual} {where}): "
                    "something may be added.",
                )
            ]
        return []
