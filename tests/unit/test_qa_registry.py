"""Tests for the QA registry: ids, metadata, running, ordering, and the pure-domain rule."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import ClassVar

import pytest

from tmtool.qa import REGISTRY, Check, Issue, Severity, Unit, register, run_checks
from tmtool.qa.base import primary, sort_issues

EXPECTED = {
    "number_mismatch": Severity.ERROR,
    "date_mismatch": Severity.ERROR,
    "untranslated_chinese": Severity.ERROR,
    "term_missing": Severity.ERROR,
    "term_forbidden": Severity.ERROR,
    "empty_target": Severity.WARNING,
    "punctuation_final": Severity.WARNING,
    "quotes_style": Severity.WARNING,
    "brackets_unbalanced": Severity.WARNING,
    "doubled_word": Severity.WARNING,
    "double_space": Severity.WARNING,
    "leading_trailing_space": Severity.WARNING,
    "length_ratio": Severity.WARNING,
    "inconsistent_translation": Severity.WARNING,
    "inconsistent_source": Severity.WARNING,
    "inconsistent_term": Severity.WARNING,
}


def test_every_check_is_registered_with_its_permanent_id_and_severity() -> None:
    """The ids are part of the JSON contract; they must not drift."""
    assert {check_id: cls.severity for check_id, cls in REGISTRY.items()} == EXPECTED


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_check_metadata(check_id: str) -> None:
    """Each check has a snake_case id, a name, a one-sentence description and a docstring."""
    cls = REGISTRY[check_id]
    assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", cls.check_id)
    assert cls.check_id == check_id
    assert cls.name and cls.name[0].isupper()
    assert cls.description.endswith(".")
    assert cls.__doc__


def test_register_refuses_a_second_class_with_a_taken_id() -> None:
    """Two checks cannot share an id."""

    class Impostor(Check):
        check_id: ClassVar[str] = "number_mismatch"
        name: ClassVar[str] = "Impostor"
        description: ClassVar[str] = "Takes another check's id."
        severity: ClassVar[Severity] = Severity.WARNING

        def run(self, unit: Unit) -> list[Issue]:
            return []

    with pytest.raises(ValueError, match="number_mismatch"):
        register(Impostor)
    assert REGISTRY["number_mismatch"] is not Impostor


def test_run_checks_only_runs_the_named_checks() -> None:
    """`only` limits the run; an unknown id is a KeyError naming it."""
    unit = Unit("投资90亿元。", "  Investment of 90 billion yuan", "zh", "en")
    assert {i.check for i in run_checks(unit)} >= {"number_mismatch", "leading_trailing_space"}
    assert {i.check for i in run_checks(unit, only={"number_mismatch"})} == {"number_mismatch"}
    with pytest.raises(KeyError, match="no_such_check"):
        run_checks(unit, only={"no_such_check"})


def test_issues_come_errors_first_then_by_position() -> None:
    """Errors sort before warnings, then by start offset."""
    issues = [
        Issue("double_space", Severity.WARNING, 1, 3, "w"),
        Issue("number_mismatch", Severity.ERROR, 9, 12, "e2"),
        Issue("date_mismatch", Severity.ERROR, 4, 8, "e1"),
    ]
    assert [i.message for i in sort_issues(issues)] == ["e1", "e2", "w"]


def test_issue_json_matches_the_qa_json_contract() -> None:
    """The keys of one `qa --json` result, less segment and lang, which the caller adds."""
    (issue,) = run_checks(Unit("投资90亿元", "90 billion yuan invested", "zh", "en"))
    assert issue.to_json() == {
        "check": "number_mismatch",
        "severity": "error",
        "start": 0,
        "end": 10,
        "message": "90亿 is 9 billion; the target has 90 billion.",
    }


def test_unit_defaults_and_primary_language() -> None:
    """A unit needs no neighbours or glossary; language tags are reduced to their primary subtag."""
    unit = Unit("鹤城", "Crane City", "zh-CN", "en-GB")
    assert unit.neighbours == () and unit.glossary is None
    assert primary(unit.source_lang) == "zh"
    assert primary("ru_RU") == "ru"
    assert run_checks(unit) == []


def test_empty_target_is_only_a_warning_and_nothing_else() -> None:
    """An untranslated segment is reported once, not as every number missing."""
    issues = run_checks(Unit("2024年8月16日，投资90亿元。", "", "zh", "en"))
    assert [(i.check, i.severity) for i in issues] == [("empty_target", Severity.WARNING)]


def test_qa_is_pure_domain_code() -> None:
    """Importing tmtool.qa loads neither Textual nor the database libraries."""
    code = (
        "import sys, tmtool.qa\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'sqlmodel', 'sqlalchemy', 'alembic', 'psycopg'))\n"
        "bad += sorted(m for m in sys.modules if m.startswith(('tmtool.glossary', 'tmtool.db')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
