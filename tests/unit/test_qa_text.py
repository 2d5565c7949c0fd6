"""Tests for the text-shape checks beyond the case table: offsets and edge cases."""

from __future__ import annotations

import pytest

from tmtool.qa import Unit, run_checks


def found(check: str, target: str, source: str = "齐齐哈尔。", lang: str = "en") -> list[str]:
    """The target text each issue of one check points at."""
    issues = run_checks(Unit(source, target, "zh", lang), only={check})
    return [target[i.start : i.end] for i in issues]


def test_untranslated_chinese_points_at_each_run() -> None:
    """Each run of Chinese characters or punctuation is one issue."""
    assert found("untranslated_chinese", "Qiqihar（鹤城）is here。") == ["（鹤城）", "。"]


def test_curly_quotes_are_english_not_chinese() -> None:
    """“…” are English quotation marks, so they are not untranslated Chinese."""
    assert found("untranslated_chinese", "the “Crane City” festival") == []


def test_chinese_targets_are_not_checked_for_chinese() -> None:
    """A Chinese target may of course be Chinese."""
    assert run_checks(Unit("鹤城。", "鹤城。", "zh", "zh-TW"), only={"untranslated_chinese"}) == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Spring in Crane City", ["y"]),
        ("Spring in Crane City.", []),
        ("“Spring in Crane City.”", []),
    ],
)
def test_final_punctuation_looks_through_closing_quotes(target: str, expected: list[str]) -> None:
    """The sentence end is found inside closing quotes and brackets."""
    assert found("punctuation_final", target, source="鹤城的春天。") == expected


def test_russian_quotes() -> None:
    """Straight and English quotes are reported per quotation; „…“ inside «…» is fine."""
    target = 'Он назвал "Город журавлей" и “Чжалун”, а «„Четыре беспорядка“» — верно.'
    assert found("quotes_style", target, lang="ru") == ['"Город журавлей"', "“Чжалун”"]


def test_brackets_report_the_lonely_one() -> None:
    """The bracket without a partner is the one reported; enumerators are fine."""
    assert found("brackets_unbalanced", "1) roads; 2) parks (and bridges") == ["("]
    assert found("brackets_unbalanced", "spike (S), envelope (E) :)") == []


def test_spaces() -> None:
    """Runs of spaces inside, and white space at the edges."""
    assert found("double_space", "Crane   City") == ["   "]
    assert found("leading_trailing_space", "  Crane City \n") == ["  ", " \n"]
    assert found("leading_trailing_space", " Crane City", source=" 鹤城") == []


def test_doubled_words_ignore_legitimate_doubles() -> None:
    """'had had' and 'that that' are English; 'the the' is a slip."""
    assert found("doubled_word", "He said that that plan had had support.") == []
    assert found("doubled_word", "The the plan, в в городе.") == ["The the", "в в"]
