"""The terminology checks: thin wrappers over the glossary's own ``check``.

``tmtool.qa`` does not import ``tmtool.glossary``; a :class:`~tmtool.qa.base.Unit`
carries any object with ``check(source, target, lang)`` returning the shape of
``tmtool.glossary.TermCheck`` (``missing``, ``found``, ``forbidden``).  With no
glossary these checks find nothing.
"""

from __future__ import annotations

from tmtool.qa.base import Check, Issue, Severity, Unit, primary, register

__all__ = ["TermForbidden", "TermMissing", "glossary_result"]


def glossary_result(unit: Unit) -> object | None:
    """Run the unit's glossary check, remembering the last result (both term checks need it).

    Args:
        unit: The unit; its ``glossary`` may be ``None``.

    Returns:
        The glossary's result, or ``None`` without a glossary.

    Raises:
        TypeError: The glossary has no ``check`` method.
    """
    glossary = unit.glossary
    if glossary is None:
        return None
    texts = (unit.source, unit.target, primary(unit.target_lang))
    last = list(_LAST)  # one read: another thread may replace it meanwhile
    if last and last[0] is glossary and last[1] == texts:
        return last[2]
    check = getattr(glossary, "check", None)
    if check is None:
        raise TypeError("Unit.glossary must have a check(source, target, lang) method.")
    result: object = check(*texts)
    _LAST[:] = [glossary, texts, result]  # holding the glossary keeps its id from being reused
    return result


_LAST: list[object] = []

# Official names must be exact: a missing one blocks publishing. General vocabulary of
# policy and news (调研, 投产, 同比增长 …) has good free renderings, so it only warns.
NAME_SUBJECTS = frozenset({"place", "person", "enterprise", "government", "title", "landmark"})


def _severity(glossary: object, concept: object) -> Severity:
    """ERROR for names and for concepts of unknown subject, WARNING for general vocabulary."""
    lookup = getattr(glossary, "lookup", None)
    if lookup is None or concept is None:
        return Severity.ERROR
    try:
        subject = getattr(lookup(concept), "subject", None)
    except KeyError:
        return Severity.ERROR
    if subject is None or subject in NAME_SUBJECTS:
        return Severity.ERROR
    return Severity.WARNING


@register
class TermMissing(Check):
    """A glossary term of the source is not rendered with its approved translation."""

    check_id = "term_missing"
    name = "Missing glossary term"
    description = (
        "A glossary term found in the source is not translated with one of its approved "
        "(preferred or admitted) terms."
    )
    severity = Severity.ERROR

    def run(self, unit: Unit) -> list[Issue]:
        """Report each source term whose approved translation is absent."""
        result = glossary_result(unit)
        if result is None:
            return []
        approved: dict[str, list[str]] = {}
        concepts: dict[str, object] = {}
        for item in getattr(result, "found", ()):
            if not getattr(item, "present", True):
                approved.setdefault(str(item.source), list(getattr(item, "approved", ())))
                concepts.setdefault(str(item.source), getattr(item, "concept", None))
        issues = []
        for term in getattr(result, "missing", ()):
            choices = approved.get(str(term), [])
            use = f"; use “{choices[0]}”" if choices else ""
            message = f"The glossary term {term} is not translated as approved{use}."
            severity = _severity(unit.glossary, concepts.get(str(term)))
            issues.append(Issue(self.check_id, severity, 0, len(unit.target), message))
        return issues


@register
class TermForbidden(Check):
    """The target uses a deprecated (forbidden) glossary term."""

    check_id = "term_forbidden"
    name = "Forbidden glossary term"
    description = "The translation uses a term the glossary marks as deprecated."
    severity = Severity.ERROR

    def run(self, unit: Unit) -> list[Issue]:
        """Report each deprecated term used in the target."""
        result = glossary_result(unit)
        if result is None:
            return []
        issues = []
        for hit in getattr(result, "forbidden", ()):
            replacement = getattr(hit, "replacement", None)
            use = f"; use “{replacement}”" if replacement else ""
            issues.append(
                self.issue(int(hit.start), int(hit.end), f"“{hit.term}” is a deprecated term{use}.")
            )
        return issues
