"""The QA checks on the demo workspace: every planted error of errors.md, and the false alarms.

The planted errors are read from ``tmtool/demo/data/errors.md``; ``CATCHES`` says which
check catches each one and with which severity.  Error-severity results on the other
segments — drafts errors.md calls correct — are listed exactly in
``tests/data/qa/demo_false_alarms.json`` (set ``TMTOOL_UPDATE_QA_SNAPSHOT=1`` to rewrite
it after changing the checks), so every change in them is seen; today the list is empty.
SQLite only.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from tmtool import demo
from tmtool.db import make_engine
from tmtool.models import Article, Segment, Translation
from tmtool.services import quality

ERRORS_MD = demo.DATA / "errors.md"
FALSE_ALARMS = Path(__file__).parents[1] / "data" / "qa" / "demo_false_alarms.json"

# Planted error → the check that catches it on its segment, and the severity it has.
ERROR, WARNING = "error", "warning"
CATCHES: dict[str, tuple[str, str]] = {
    "S1": ("number_mismatch", ERROR),
    "S2": ("number_mismatch", ERROR),
    "S3": ("term_forbidden", ERROR),  # “Crane Town”
    "S4": ("date_mismatch", ERROR),
    "S5": ("number_mismatch", ERROR),
    # Omission of the whole paragraph: the draft pairing finds no Russian sentence for P6
    # and leaves its segments empty with a flag, which QA reports (an untranslated segment
    # blocks publishing by its state already).
    "S6": ("empty_target", WARNING),
    "S7": ("term_forbidden", ERROR),  # Цицихаре
    # Omission of two sentences: flagged by the pairing the same way.
    "F1": ("empty_target", WARNING),
    "F2": ("term_forbidden", ERROR),  # Tsitsihar
    "F3": ("number_mismatch", ERROR),
    "F4": ("date_mismatch", ERROR),
    "F5": ("number_mismatch", ERROR),
    "F6": ("term_missing", ERROR),  # Latin “Qiqihar” in Russian: 齐齐哈尔市 → Цицикар missing
    "D1": ("date_mismatch", ERROR),
    # The omitted clause 经治疗后已放归自然 has no number, date or term: the translation is
    # short for its source and has a clause fewer. Length evidence alone cannot tell a
    # condensed translation from an omission, so it warns (docs/qa.md has the figures).
    "D2": ("length_ratio", WARNING),
    "D3": ("number_mismatch", ERROR),
    "D4": ("term_forbidden", ERROR),  # “Crane Town”
    "D5": ("number_mismatch", ERROR),
    "D6": ("term_forbidden", ERROR),  # Tsitsihar
    "D7": ("date_mismatch", ERROR),
    "D8": ("term_forbidden", ERROR),  # Цицихара
    "D9": ("number_mismatch", ERROR),
    "D10": ("term_missing", ERROR),  # Latin “Qiqihar” in Russian
}


@dataclass(frozen=True)
class Planted:
    """One planted error of errors.md, located in the demo workspace."""

    id: str
    slug: str
    lang: str
    positions: tuple[int, ...]
    kind: str


def _table_rows() -> Iterator[tuple[str, list[str]]]:
    section = None
    for line in ERRORS_MD.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+)$", line)
        if heading or line.startswith("## "):
            section = heading.group(1) if heading else None
            continue
        if section in ("survey", "festival", "digest") and re.match(r"\| [SFD]\d+ ", line):
            yield section, [cell.strip() for cell in line.strip().strip("|").split("|")]


def _positions(segments: list[Segment], slug: str, location: str) -> tuple[int, ...]:
    if slug == "digest":  # line N of the aligned files is segment N
        return (int(location),)
    match = re.match(r"P(\d+)(?: S(\d+)(?:–S?(\d+))?)?", location)
    assert match, location
    paragraph = [s.position for s in segments if s.paragraph == int(match.group(1))]
    if match.group(2) is None:  # the whole paragraph
        return tuple(paragraph)
    first = int(match.group(2))
    last = int(match.group(3) or first)
    return tuple(paragraph[first - 1 : last])


@dataclass
class Demo:
    """The demo workspace's results and planted errors."""

    session: Session
    article_ids: dict[str, int]
    planted: list[Planted]
    results: dict[str, list[quality.QAResult]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    ws = demo.build(tmp_path_factory.mktemp("demo") / "demo", user="chen")
    engine = make_engine(ws.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            articles = {a.slug: a.id for a in session.exec(select(Article)) if a.id is not None}
            segments = {
                slug: list(
                    session.exec(
                        select(Segment)
                        .where(Segment.article_id == article_id)
                        .order_by(col(Segment.position))
                    )
                )
                for slug, article_id in articles.items()
            }
        planted = [
            Planted(
                id=cells[0],
                slug=slug,
                lang="en" if ".en." in cells[1] else "ru",
                positions=_positions(segments[slug], slug, cells[2]),
                kind=cells[3],
            )
            for slug, cells in _table_rows()
        ]
        results = {
            slug: quality.results(Session(engine), article_id=article_id)
            for slug, article_id in articles.items()
        }
        with Session(engine, expire_on_commit=False) as session:
            yield Demo(session, articles, planted, results)
    finally:
        engine.dispose()


def _found(
    built: Demo, slug: str, lang: str, positions: tuple[int, ...], severity: str = ERROR
) -> list[str]:
    return [
        r.check
        for r in built.results[slug]
        if r.lang == lang and r.segment in positions and r.severity == severity
    ]


def test_errors_md_lists_every_planted_error(built: Demo) -> None:
    assert [p.id for p in built.planted] == list(CATCHES)
    assert all(p.positions for p in built.planted)


@pytest.mark.parametrize("planted_id", list(CATCHES))
def test_planted_error_is_caught(built: Demo, planted_id: str) -> None:
    planted = next(p for p in built.planted if p.id == planted_id)
    check, severity = CATCHES[planted_id]
    assert check in _found(built, planted.slug, planted.lang, planted.positions, severity)


def test_omissions_are_flagged_by_the_pairing(built: Demo) -> None:
    for planted in built.planted:
        if planted.kind != "omission" or planted.slug == "digest":
            continue
        flags = built.session.exec(
            select(Translation.flag)
            .join(Segment, col(Translation.segment_id) == col(Segment.id))
            .where(
                Segment.article_id == built.article_ids[planted.slug],
                col(Segment.position).in_(planted.positions),
                Translation.lang == planted.lang,
            )
        ).all()
        assert flags and all(flags), planted.id


def test_the_omitted_clause_is_reported_as_short_and_a_clause_fewer(built: Demo) -> None:
    (d2,) = [p for p in built.planted if p.id == "D2"]
    (result,) = [
        r
        for r in built.results["digest"]
        if r.segment in d2.positions and r.lang == d2.lang and r.check == "length_ratio"
    ]
    assert "short for its source" in result.message
    assert "2 clauses for the source's 3" in result.message
    # the Russian of the same line translates the clause, and is not reported
    assert not [
        r
        for r in built.results["digest"]
        if r.segment in d2.positions and r.lang == "ru" and r.check == "length_ratio"
    ]


def test_false_alarms_on_correct_drafts_are_exactly_the_known_ones(built: Demo) -> None:
    planted = {(p.slug, p.lang, n) for p in built.planted for n in p.positions}
    alarms = sorted(
        [slug, r.lang, r.segment, r.check, r.message]
        for slug, found in built.results.items()
        for r in found
        if r.severity == "error" and (slug, r.lang, r.segment) not in planted
    )
    if os.environ.get("TMTOOL_UPDATE_QA_SNAPSHOT"):
        lines = ",\n".join(json.dumps(alarm, ensure_ascii=False) for alarm in alarms)
        FALSE_ALARMS.write_text(f"[\n{lines}\n]\n" if alarms else "[]\n", encoding="utf-8")
    assert alarms == json.loads(FALSE_ALARMS.read_text(encoding="utf-8"))
