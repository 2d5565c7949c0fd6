"""Tests for what the number and date checks say, and where they point in the target."""

from __future__ import annotations

import pytest

from tmtool.qa import Issue, Unit, run_checks


def issues(source: str, target: str, lang: str, check: str) -> list[Issue]:
    """The issues of one check."""
    return run_checks(Unit(source, target, "zh", lang), only={check})


def test_a_wrong_value_is_one_issue_at_the_wrong_number() -> None:
    """90亿 against 90 billion: one issue, on "90 billion", saying what it should be."""
    target = "Qiqihar will invest 90 billion yuan."
    (issue,) = issues("齐齐哈尔将投资90亿元。", target, "en", "number_mismatch")
    assert issue.message == "90亿 is 9 billion; the target has 90 billion."
    assert target[issue.start : issue.end] == "90 billion"


def test_a_missing_value_points_at_the_whole_target() -> None:
    """A source value with nothing to set against it points at the whole target."""
    target = "The Crane City Marathon drew many runners."
    (issue,) = issues("鹤城马拉松吸引2,000名跑者参赛。", target, "en", "number_mismatch")
    assert issue.message == "The source has 2,000; the target does not."
    assert (issue.start, issue.end) == (0, len(target))


def test_an_extra_value_points_at_itself() -> None:
    """A number the source does not have is reported where it stands."""
    target = "The marathon drew 2,000 runners."
    (issue,) = issues("马拉松吸引了众多跑者。", target, "en", "number_mismatch")
    assert issue.message == "The target has 2,000, which the source does not."
    assert target[issue.start : issue.end] == "2,000"


def test_approximation_is_named_in_the_message() -> None:
    """二十余 is said as "more than 20"."""
    target = "Более тридцати компаний приняли участие."
    (issue,) = issues("二十余家企业参加。", target, "ru", "number_mismatch")
    assert issue.message == "二十余 is more than 20; the target has тридцати."


def test_repeated_values_are_not_missing() -> None:
    """A value the source repeats and the target names once is fine (and the other way)."""
    source = "一期投资5亿元，二期投资5亿元。"
    assert issues(source, "Each phase costs 500 million yuan.", "en", "number_mismatch") == []


def test_a_wrong_day_is_one_date_issue_and_no_number_issue() -> None:
    """Date numbers belong to the date check only."""
    target = "The festival runs July 9 to 11."
    found = run_checks(Unit("7月9日至10日举行。", target, "zh", "en"))
    assert [(i.check, i.message) for i in found] == [
        ("date_mismatch", "10日 is July 10; the target has July 11.")
    ]
    assert target[found[0].start : found[0].end] == "11"


def test_a_missing_weekday() -> None:
    """A weekday left out is reported against the whole target."""
    target = "The mayor's mailbox is answered every week."
    (issue,) = issues("市长信箱每周一集中答复。", target, "en", "date_mismatch")
    assert issue.message == "The source has 周一 (Monday); the target does not."
    assert (issue.start, issue.end) == (0, len(target))


def test_an_added_year_is_fine_when_the_source_says_this_year() -> None:
    """今年 may become 2024 in the translation; 2024年 may not become 2023."""
    this_year = "In 2024 the city had 8.6 million tourist visits."
    assert issues("今年，全市接待游客860万人次。", this_year, "en", "date_mismatch") == []
    wrong_year = "In 2023 the city had 8.6 million visits."
    (issue,) = issues("2024年，全市接待游客860万人次。", wrong_year, "en", "date_mismatch")
    assert issue.message == "2024年 is 2024; the target has 2023."


def test_a_bare_count_that_looks_like_a_year_is_not_a_date() -> None:
    """2000人 and 2000 people agree; neither check cries wolf."""
    assert run_checks(Unit("有2000人参加。", "2000 people took part.", "zh", "en")) == []
    wrong = run_checks(Unit("有2000人参加。", "2001 people took part.", "zh", "en"))
    assert {i.check for i in wrong} <= {"number_mismatch", "date_mismatch"} and wrong


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("COVID-19疫情", "the COVID-91 epidemic"),
        ("G111国道", "National Highway G11"),
    ],
)
def test_changed_identifiers_are_reported(source: str, target: str) -> None:
    """Identifiers are compared literally: same letters, other digits is an error."""
    (issue,) = issues(source, target, "en", "number_mismatch")
    assert issue.message.startswith("The source has ")
