"""Consistency checks over an article: one source, one translation; one term, one rendering.

They need the article around the unit (:class:`~tmtool.qa.context.ArticleContext`); a unit
without context raises nothing.  All three warn: a repeated sentence may fairly be
translated twice in two ways (a heading and a body line), but a reviewer wants to know.

* ``inconsistent_translation`` — the same source (after folding case, spaces and final
  punctuation) translated differently elsewhere in the article, or differently from an
  approved translation-memory unit;
* ``inconsistent_source`` — the same translation used for different sources;
* ``inconsistent_term`` — a glossary concept rendered by one approved term here and by
  another elsewhere in the article ("Crane City" here, "City of Cranes" there).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tmtool.qa.base import Check, Issue, Severity, Unit, primary, register
from tmtool.qa.context import normal_text, source_size, target_size
from tmtool.qa.termforms import approved_form
from tmtool.qa.terms import glossary_result

__all__ = [
    "InconsistentSource",
    "InconsistentTerm",
    "InconsistentTranslation",
    "renderings",
    "same_rendering",
]

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+")
MIN_SOURCE = 4  # shorter sources ("是。", "附件") repeat with different meanings
MIN_TARGET = 12


def renderings(result: object, target: str, lang: str) -> dict[str, str]:
    """The approved term rendering each glossary concept found, from a glossary check result.

    Args:
        result: A ``tmtool.glossary.TermCheck`` (or the same shape).
        target: The translation it was computed for.
        lang: The target's primary language.

    Returns:
        Concept key → the approved term its first occurrence in the target is (inflection
        aside: ``Цицикаром`` is ``Цицикар``), or the occurrence's text.
    """
    found: dict[str, str] = {}
    for item in getattr(result, "found", ()):
        start, end = getattr(item, "target_start", None), getattr(item, "target_end", None)
        concept = str(item.concept)
        present = getattr(item, "present", False) and start is not None and end is not None
        if present and concept not in found:
            approved = [str(a) for a in getattr(item, "approved", ())]
            found[concept] = approved_form(target[start:end], approved, lang)
    return found


def same_rendering(a: str, b: str) -> bool:
    """Whether two renderings are one approved term, or one a short form of the other.

    "Qiqihar South Station" and "Qiqihar South Railway Station", «Ганьнань» and «уезд
    Ганьнань» are the same name, fuller or shorter; "Crane City" and "City of Cranes" are not.
    """
    wa = {w.casefold() for w in _WORD.findall(a)}
    wb = {w.casefold() for w in _WORD.findall(b)}
    return wa <= wb or wb <= wa


@register
class InconsistentTranslation(Check):
    """The same source translated differently in this article or in the approved TM."""

    check_id = "inconsistent_translation"
    name = "Inconsistent translation"
    description = (
        "The same source text is translated differently elsewhere in this article, or "
        "differently from an approved translation-memory unit."
    )
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Compare with the article's other segments of the same source, then with the TM."""
        context = unit.context
        if context is None or source_size(unit.source) < MIN_SOURCE or not unit.target.strip():
            return []
        source, target = normal_text(unit.source), normal_text(unit.target)
        for other in context.segments:
            if other.position == unit.position or normal_text(other.source) != source:
                continue
            if other.target.strip() and normal_text(other.target) != target:
                return [
                    self.issue(
                        0,
                        len(unit.target),
                        f"Segment {other.position} has the same source, translated "
                        f"“{_short(other.target)}”.",
                    )
                ]
        approved = [t for s, t in context.tm if normal_text(s) == source]
        if approved and all(normal_text(t) != target for t in approved):
            return [
                self.issue(
                    0,
                    len(unit.target),
                    f"The translation memory has this source approved as “{_short(approved[0])}”.",
                )
            ]
        return []


@register
class InconsistentSource(Check):
    """The same translation used for different sources in this article."""

    check_id = "inconsistent_source"
    name = "One translation for different sources"
    description = "The same translation is used in this article for a different source text."
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Look for another segment with this translation and another source."""
        context = unit.context
        if context is None or target_size(unit.target) < MIN_TARGET:
            return []
        source, target = normal_text(unit.source), normal_text(unit.target)
        for other in context.segments:
            if other.position == unit.position or normal_text(other.target) != target:
                continue
            if normal_text(other.source) != source:
                return [
                    self.issue(
                        0,
                        len(unit.target),
                        f"Segment {other.position} has the same translation for another "
                        f"source ({_short(other.source, 20)}).",
                    )
                ]
        return []


@register
class InconsistentTerm(Check):
    """A glossary term rendered one way here and another way elsewhere in the article."""

    check_id = "inconsistent_term"
    name = "Inconsistent term"
    description = (
        "A glossary concept is rendered here by one of its approved terms and elsewhere in "
        "the article by another."
    )
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Compare this unit's renderings of glossary concepts with the article's."""
        context = unit.context
        result = glossary_result(unit)
        if context is None or result is None:
            return []
        mine = renderings(result, unit.target, primary(unit.target_lang))
        if not mine:
            return []
        issues = []
        reported: set[str] = set()
        for other in context.segments:
            if other.position == unit.position:
                continue
            for concept, text in _differing(mine, other.renderings):
                if concept in reported:
                    continue
                reported.add(concept)
                span = _span(result, concept, len(unit.target))
                issues.append(
                    self.issue(
                        *span,
                        f"The glossary term is rendered “{mine[concept]}” here, but “{text}” "
                        f"in segment {other.position}.",
                    )
                )
        return issues


def _differing(mine: Mapping[str, str], theirs: Mapping[str, str]) -> list[tuple[str, str]]:
    return [
        (concept, theirs[concept])
        for concept in mine
        if concept in theirs and not same_rendering(mine[concept], theirs[concept])
    ]


def _span(result: object, concept: str, length: int) -> tuple[int, int]:
    for item in getattr(result, "found", ()):
        start, end = getattr(item, "target_start", None), getattr(item, "target_end", None)
        if str(item.concept) == concept and start is not None and end is not None:
            return int(start), int(end)
    return 0, length


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
