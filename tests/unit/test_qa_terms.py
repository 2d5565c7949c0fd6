"""Tests for the terminology checks: thin wrappers over a glossary's ``check``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tmtool.formats.glossaries import read_glossary
from tmtool.glossary import TermIndex
from tmtool.qa import Severity, Unit, run_checks

TERMS = Path(__file__).resolve().parents[1] / "data" / "qa" / "terms.tsv"


@dataclass
class Found:
    """A found term, shaped like ``tmtool.glossary.FoundTerm``."""

    source: str
    present: bool
    target_start: int | None
    target_end: int | None
    approved: list[str] = field(default_factory=list)


@dataclass
class Forbidden:
    """A forbidden hit, shaped like ``tmtool.glossary.ForbiddenHit``."""

    term: str
    start: int
    end: int
    replacement: str | None


@dataclass
class Result:
    """A check result, shaped like ``tmtool.glossary.TermCheck``."""

    found: list[Found]
    missing: list[str]
    forbidden: list[Forbidden]


class FakeGlossary:
    """Answers every check with a fixed result and records the calls."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.calls: list[tuple[str, str, str]] = []

    def check(self, source: str, target: str, lang: str) -> Result:
        self.calls.append((source, target, lang))
        return self.result


def test_without_a_glossary_the_term_checks_find_nothing() -> None:
    """No glossary, no terminology issues."""
    unit = Unit("鹤城", "The city", "zh", "en")
    assert run_checks(unit, only={"term_missing", "term_forbidden"}) == []


def test_results_become_issues() -> None:
    """Missing terms point at the whole target; forbidden ones at themselves."""
    target = "Tsitsihar welcomes cranes"
    result = Result(
        found=[Found("鹤城", False, None, None, ["Crane City"]), Found("齐齐哈尔", True, 0, 9)],
        missing=["鹤城"],
        forbidden=[Forbidden("Tsitsihar", 0, 9, "Qiqihar")],
    )
    glossary = FakeGlossary(result)
    unit = Unit("齐齐哈尔鹤城", target, "zh-CN", "en-GB", glossary=glossary)
    issues = run_checks(unit, only={"term_missing", "term_forbidden"})
    assert [(i.check, i.start, i.end, i.message) for i in issues] == [
        ("term_forbidden", 0, 9, "“Tsitsihar” is a deprecated term; use “Qiqihar”."),
        (
            "term_missing",
            0,
            len(target),
            "The glossary term 鹤城 is not translated as approved; use “Crane City”.",
        ),
    ]
    assert all(i.severity is Severity.ERROR for i in issues)
    assert glossary.calls == [("齐齐哈尔鹤城", target, "en")]  # asked once for both checks


def test_with_the_real_term_index() -> None:
    """The wrappers work on tmtool.glossary.TermIndex, Russian inflection included."""
    index = TermIndex(read_glossary(TERMS))
    clean = Unit(
        "齐齐哈尔迎来丹顶鹤。", "В Цицикаре встречают журавлей.", "zh", "ru", glossary=index
    )
    assert run_checks(clean) == []
    wrong = Unit(
        "齐齐哈尔迎来丹顶鹤。", "В Цицихаре встречают журавлей.", "zh", "ru", glossary=index
    )
    assert {i.check for i in run_checks(wrong)} == {"term_missing", "term_forbidden"}


def test_general_vocabulary_only_warns_while_names_block() -> None:
    """A missing place name is an error; a missing policy phrase is a warning."""
    from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry

    index = TermIndex(
        Termbase(
            concepts=(
                ConceptEntry(
                    "qqhr",
                    (TermEntry("zh", "齐齐哈尔"), TermEntry("en", "Qiqihar")),
                    subject="place",
                ),
                ConceptEntry(
                    "survey",
                    (TermEntry("zh", "调研"), TermEntry("en", "inspection")),
                    subject="policy",
                ),
            )
        )
    )
    unit = Unit("齐齐哈尔调研", "A field visit to the city", "zh", "en", glossary=index)
    severities = {i.message.split()[3]: i.severity for i in run_checks(unit, only={"term_missing"})}
    assert severities == {"齐齐哈尔": Severity.ERROR, "调研": Severity.WARNING}
