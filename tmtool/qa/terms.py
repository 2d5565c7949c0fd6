"""The terminology checks, over the glossary's own ``check``.

A :class:`~tmtool.qa.base.Unit` carries any object with ``check(source, target, lang)``
returning the shape of ``tmtool.glossary.TermCheck`` (``missing``, ``found``,
``forbidden``) and, optionally, ``lookup(concept)``.  With no glossary these checks
find nothing.

What blocks publishing (an error) and what only warns:

* a missing *name* (a concept whose approved terms are capitalised: "Crane City",
  "уезд Кэдун") is an error when the target holds no trace of it, and a warning when
  it renders it in a short or variant form (:mod:`tmtool.qa.termforms`);
* a missing term of general vocabulary ("community", "кадровый работник") warns;
* a deprecated term is an error, unless it mirrors the source: the transliteration of
  a term the source itself uses (卜奎大街 → Bukui Street) or the established name of
  another place of the source (满洲里 → Маньчжурия); those warn.
"""

from __future__ import annotations

from tmtool.qa.base import Check, Issue, Severity, Unit, primary, register
from tmtool.qa.termforms import exonym_of_source, is_name_concept, short_form, transliterations

__all__ = ["TermForbidden", "TermMissing", "glossary_result", "is_name"]


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


def _concept(glossary: object, key: object) -> object | None:
    lookup = getattr(glossary, "lookup", None)
    if lookup is None or key is None:
        return None
    try:
        concept: object = lookup(key)
    except KeyError:
        return None
    return concept


def is_name(glossary: object, concept_key: str) -> bool:
    """Whether a missing term of this concept blocks publishing (a name, not vocabulary)."""
    return _is_name(_concept(glossary, concept_key))


def _is_name(concept: object | None) -> bool:
    """Names block publishing: subjects of names, or no subject, and capitalised terms."""
    if concept is None:
        return True
    subject = getattr(concept, "subject", None)
    if subject is not None and subject not in NAME_SUBJECTS:
        return False
    terms = [
        (primary(str(getattr(t, "lang", ""))), str(getattr(t, "text", "")))
        for t in getattr(concept, "terms", ())
    ]
    return is_name_concept(terms) if terms else True


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
        lang = primary(unit.target_lang)
        sources = [str(item.source) for item in getattr(result, "found", ())]
        deprecated = {
            getattr(hit, "concept", None)
            for hit in getattr(result, "forbidden", ())
            if _mirrored(_used(unit, hit), sources, unit, lang) is None
        }
        for term in getattr(result, "missing", ()):
            choices = approved.get(str(term), [])
            use = f"; use “{choices[0]}”" if choices else ""
            concept = _concept(unit.glossary, concepts.get(str(term)))
            severity = Severity.ERROR if _is_name(concept) else Severity.WARNING
            message = f"The glossary term {term} is not translated as approved{use}."
            replaced = concepts.get(str(term)) in deprecated  # a forbidden term stands for it
            form = (
                None
                if replaced
                else short_form(
                    str(term),
                    choices,
                    unit.target,
                    lang,
                    person=getattr(concept, "subject", None) == "person",
                    neighbours=unit.neighbours,
                )
            )
            if form == "abbreviation":
                continue  # an accepted short form: nothing to report
            if form is not None:
                severity = Severity.WARNING
                message = f"The glossary term {term} is rendered by a {form}{use}."
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
        lang = primary(unit.target_lang)
        sources = [str(item.source) for item in getattr(result, "found", ())]
        for hit in getattr(result, "forbidden", ()):
            replacement = getattr(hit, "replacement", None)
            use = f"; use “{replacement}”" if replacement else ""
            start, end = int(hit.start), int(hit.end)
            message = f"“{hit.term}” is a deprecated term{use}."
            mirrored = _mirrored(_used(unit, hit), sources, unit, lang)
            if mirrored is not None:
                message = f"“{hit.term}” is a deprecated term{use}, but it renders {mirrored}."
                issues.append(Issue(self.check_id, Severity.WARNING, start, end, message))
            else:
                issues.append(self.issue(start, end, message))
        return issues


def _used(unit: Unit, hit: object) -> str:
    """The text of a forbidden hit as the target writes it."""
    start, end = int(getattr(hit, "start", 0)), int(getattr(hit, "end", 0))
    return unit.target[start:end] or str(getattr(hit, "term", ""))


def _mirrored(used: str, sources: list[str], unit: Unit, lang: str) -> str | None:
    """The source text a deprecated target term renders faithfully, if any."""
    folded = used.lower().replace("ё", "е").replace("'", "").replace(" ", "")
    for text in sources:
        if any(folded.startswith(r) and len(r) >= 4 for r in transliterations(text, lang)):
            return text
    return exonym_of_source(used, unit.source)
