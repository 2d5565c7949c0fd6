"""Table-driven tests of every QA check: a faulty and a clean translation per row.

The rows live in ``tests/data/qa/cases.tsv`` (Qiqihar news in Chinese, English
and Russian, written for these tests); ``bench/qa_bench.py`` reads the same
table for its false-alarm and recall figures.  Rows of the consistency checks have
a sixth column: the other segments of the article (``source => target``, separated
by `` ‖ ``) and approved TM units (``tm: source => target``).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from tmtool.formats.glossaries import read_glossary
from tmtool.glossary import TermIndex
from tmtool.qa import REGISTRY, Severity, Unit, run_checks
from tmtool.qa.consistency import renderings
from tmtool.qa.context import ArticleContext, Neighbour

DATA = Path(__file__).resolve().parents[1] / "data" / "qa"


class Case(NamedTuple):
    """One row of the case table."""

    check: str
    lang: str
    source: str
    clean: str
    bad: str
    line: int
    context: str = ""


def _cell(text: str) -> str:
    return text.replace("␣", " ").replace("⏎", "\n")


def load_cases() -> list[Case]:
    """Read the case table."""
    cases = []
    lines = (DATA / "cases.tsv").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith("#") or line.startswith("check\t"):
            continue
        check, lang, source, clean, bad, *context = line.split("\t")
        cell = _cell(source), _cell(clean), _cell(bad)
        cases.append(Case(check, lang, *cell, number, context[0] if context else ""))
    return cases


CASES = load_cases()


@cache
def glossary() -> TermIndex:
    """The test glossary (a few Qiqihar names and one campaign)."""
    return TermIndex(read_glossary(DATA / "terms.tsv"))


def context(case: Case, index: TermIndex | None) -> ArticleContext | None:
    """The article around a consistency row: other segments at positions 2, 3 … and TM units."""
    if not case.context:
        return None
    segments, tm = [], []
    for item in case.context.split(" ‖ "):
        source, _, target = item.partition(" => ")
        if source.startswith("tm: "):
            tm.append((source.removeprefix("tm: "), target))
            continue
        found = (
            renderings(index.check(source, target, case.lang), target, case.lang) if index else {}
        )
        segments.append(Neighbour(len(segments) + 2, source, target, found))
    return ArticleContext(tuple(segments), tuple(tm))


def unit(case: Case, target: str) -> Unit:
    """The unit of a case, with the glossary for the terminology rows."""
    index = glossary() if case.check.startswith(("term_", "inconsistent_term")) else None
    return Unit(
        case.source,
        target,
        "zh",
        case.lang,
        glossary=index,
        position=1,
        context=context(case, index),
    )


def _id(case: Case) -> str:
    return f"{case.line}-{case.check}-{case.lang}"


def test_the_table_is_big_enough_and_covers_every_check() -> None:
    """At least 200 rows, each check with faulty rows in both languages where it applies."""
    assert len(CASES) >= 200
    faulty = Counter(case.check for case in CASES if case.bad)
    assert set(faulty) == set(REGISTRY)
    assert all(case.clean for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_clean_translation_raises_no_error(case: Case) -> None:
    """The clean translation raises no error and no issue of the row's check."""
    issues = run_checks(unit(case, case.clean))
    errors = [i for i in issues if i.severity is Severity.ERROR]
    assert errors == []
    assert [i for i in issues if i.check == case.check] == []


@pytest.mark.parametrize("case", [c for c in CASES if c.bad], ids=_id)
def test_faulty_translation_is_caught(case: Case) -> None:
    """The faulty translation raises an issue of the row's check, inside the target."""
    issues = run_checks(unit(case, case.bad), only={case.check})
    assert issues, f"{case.check} missed: {case.bad!r}"
    for issue in issues:
        assert 0 <= issue.start <= issue.end <= len(case.bad)
        assert issue.message.endswith(".")
        # A missing term of general vocabulary (清四乱 is a campaign phrase) only warns.
        vocabulary = case.check == "term_missing" and issue.severity is Severity.WARNING
        assert issue.severity is REGISTRY[case.check].severity or vocabulary
