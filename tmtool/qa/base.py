"""The QA registry: what a check is, what it reports, and how checks are run.

Every check is one class with a permanent snake_case ``check_id``, a short
``name``, a ``description`` and a ``severity``, registered by id with
:func:`register` (the Weblate way).  A check runs on a :class:`Unit` — one
source text and one translation, as plain values — and returns
:class:`Issue` objects whose offsets point into the *target*.

Domain code: no database, no user interface.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Protocol, TypeVar

from tmtool.qa.context import ArticleContext

__all__ = [
    "REGISTRY",
    "Check",
    "GlossaryLike",
    "Issue",
    "Severity",
    "Unit",
    "primary",
    "register",
    "run_checks",
]


class Severity(StrEnum):
    """How bad an issue is: errors block publishing, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem found in a translation.

    Attributes:
        check: Id of the check that found it, such as ``"number_mismatch"``.
        severity: Error or warning.
        start: Offset of the problem's first character in the target
            (characters, 0-based).  A source quantity missing from the target
            points at the whole target.
        end: Offset just after the problem (exclusive).
        message: One sentence saying what is wrong.
    """

    check: str
    severity: Severity
    start: int
    end: int
    message: str

    def to_json(self) -> dict[str, object]:
        """Return the issue as the JSON object of ``tmtool qa --json`` (without segment and lang).

        Returns:
            ``{"check", "severity", "start", "end", "message"}``.
        """
        return {
            "check": self.check,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "message": self.message,
        }


class GlossaryLike(Protocol):
    """What the terminology checks need from a glossary (``tmtool.glossary.TermIndex``)."""

    def check(self, source: str, target: str, lang: str) -> object:
        """Check a translation's terms; see ``TermIndex.check`` for the result's shape."""
        ...  # pragma: no cover


@dataclass(frozen=True)
class Unit:
    """A source text and one translation of it, as the checks see them.

    Attributes:
        source: The source text (Chinese, usually).
        target: The translation.
        source_lang: Language tag of the source, such as ``"zh"``.
        target_lang: Language tag of the target, such as ``"en"`` or ``"ru"``.
        neighbours: Texts of the surrounding source segments, for checks that
            need context.
        glossary: A ``tmtool.glossary.TermIndex`` (or anything with its
            ``check(source, target, lang)``), or ``None`` for no term checks.
        position: The segment's 1-based position in its article (0: unknown).
        context: The article around the unit (other segments, TM units, the usual
            length ratio) for the consistency and length checks, or ``None``.
    """

    source: str
    target: str
    source_lang: str
    target_lang: str
    neighbours: tuple[str, ...] = ()
    glossary: object | None = None
    position: int = 0
    context: ArticleContext | None = None


def primary(lang: str) -> str:
    """Return the primary language subtag, lower-cased: ``"zh-Hans-CN"`` gives ``"zh"``."""
    return lang.replace("_", "-").split("-", 1)[0].lower()


class Check(ABC):
    """A quality check: one class per check, registered by its permanent id."""

    check_id: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[Severity]

    @abstractmethod
    def run(self, unit: Unit) -> list[Issue]:
        """Check one unit.

        Args:
            unit: The source and target to check.

        Returns:
            The issues found, in target order where that makes sense.
        """

    def issue(self, start: int, end: int, message: str) -> Issue:
        """Make an issue of this check with its id and severity.

        Args:
            start: Start offset in the target.
            end: End offset in the target (exclusive).
            message: What is wrong.

        Returns:
            The issue.
        """
        return Issue(self.check_id, self.severity, start, end, message)


REGISTRY: dict[str, type[Check]] = {}

_C = TypeVar("_C", bound=type[Check])


def register(cls: _C) -> _C:
    """Register a check class under its ``check_id`` (use as a class decorator).

    Args:
        cls: The check class.

    Returns:
        The same class.

    Raises:
        ValueError: Another class already holds that id.
    """
    known = REGISTRY.get(cls.check_id)
    if known is not None and known is not cls:
        raise ValueError(f"The QA check id {cls.check_id!r} is already taken by {known.__name__}.")
    REGISTRY[cls.check_id] = cls
    return cls


_INSTANCES: dict[type[Check], Check] = {}


def run_checks(unit: Unit, *, only: set[str] | None = None) -> list[Issue]:
    """Run the registered checks on a unit.

    Args:
        unit: The source and target to check.
        only: Ids of the checks to run; ``None`` runs all of them.

    Returns:
        Every issue found, errors first, then by position in the target.

    Raises:
        KeyError: ``only`` names a check that does not exist.
    """
    if only is not None:
        unknown = sorted(only - REGISTRY.keys())
        if unknown:
            raise KeyError(f"Unknown QA check: {', '.join(unknown)}.")
    issues: list[Issue] = []
    for check_id, cls in REGISTRY.items():
        if only is not None and check_id not in only:
            continue
        check = _INSTANCES.get(cls)
        if check is None:
            check = _INSTANCES[cls] = cls()
        issues.extend(check.run(unit))
    return sort_issues(issues)


def sort_issues(issues: Sequence[Issue]) -> list[Issue]:
    """Sort issues: errors first, then by start offset, end offset and check id."""
    return sorted(issues, key=lambda i: (i.severity is not Severity.ERROR, i.start, i.end, i.check))
