"""Where a split cuts and how merged texts are joined: pure functions, no database."""

from __future__ import annotations

import pytest

from tmtool.models import State, Translation
from tmtool.services.segment_text import (
    CutPoint,
    cut,
    cut_point,
    join_texts,
    matching_offset,
    merged_state,
    sentence_starts,
    split_state,
)

ZH = "齐齐哈尔市召开会议。会议由孙珅主持。全市投资90亿元。"
EN = "Qiqihar held a meeting. Sun Shen chaired it. The city invested 9.5 billion yuan."


@pytest.mark.parametrize(
    ("first", "second", "lang", "joined"),
    [
        ("会议。", "主持。", "zh", "会议。主持。"),
        ("A meeting. ", "  It ended.", "en", "A meeting. It ended."),
        ("", "It ended.", "en", "It ended."),
        ("Совещание.", "", "ru", "Совещание."),
        ("", "", "en", ""),
    ],
)
def test_join_texts(first: str, second: str, lang: str, joined: str) -> None:
    assert join_texts(first, second, lang) == joined


def test_sentence_starts_keep_decimals_and_abbreviations() -> None:
    assert sentence_starts(EN, "en") == [0, 24, 45]
    assert sentence_starts("Mr. Sun came. He spoke.", "en") == [0, 14]
    assert sentence_starts(ZH, "zh") == [0, 10, 18]
    assert sentence_starts("", "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "reference", "expected"),
    [
        # As many sentences as the reference: after as many sentences as precede its cut.
        (ZH, "zh", cut_point(EN, "en", 24), 10),
        (ZH, "zh", cut_point(EN, "en", 45), 18),
        # The cursor in the blank space before a sentence counts as at its start.
        (ZH, "zh", cut_point(EN, "en", 23), 10),
        # Different counts: the boundary nearest to the same share of the length.
        ("会议召开。孙珅主持。", "zh", cut_point(EN, "en", 45), 5),
        # A single sentence cannot be matched.
        ("会议召开", "zh", cut_point(EN, "en", 24), None),
    ],
)
def test_matching_offset(text: str, lang: str, reference: CutPoint, expected: int | None) -> None:
    assert matching_offset(text, lang, reference) == expected


def test_cut_drops_the_blank_space_at_the_cut_only() -> None:
    assert cut(EN, 23) == ("Qiqihar held a meeting.", EN[24:])
    assert cut(" a b ", 2) == (" a", "b ")


def _t(text: str, state: State) -> Translation:
    return Translation(segment_id=1, lang="en", text=text, state=int(state))


@pytest.mark.parametrize(
    ("first", "second", "text", "state"),
    [
        (_t("A.", State.APPROVED), _t("B.", State.FINAL), "A. B.", State.TRANSLATED),
        (_t("A.", State.DRAFT), _t("B.", State.TRANSLATED), "A. B.", State.DRAFT),
        (_t("A.", State.TRANSLATED), _t("", State.EMPTY), "A.", State.DRAFT),
        (_t("A.", State.NEEDS_WORK), _t("B.", State.APPROVED), "A. B.", State.NEEDS_WORK),
        (_t("", State.EMPTY), _t("", State.EMPTY), "", State.EMPTY),
    ],
)
def test_merged_state(first: Translation, second: Translation, text: str, state: State) -> None:
    assert merged_state(first, second, text) == state


@pytest.mark.parametrize(
    ("state", "text", "expected"),
    [
        (State.FINAL, "A.", State.TRANSLATED),
        (State.DRAFT, "A.", State.DRAFT),
        (State.TRANSLATED, "", State.EMPTY),
        (State.EMPTY, "A.", State.DRAFT),
    ],
)
def test_split_state(state: State, text: str, expected: State) -> None:
    assert split_state(state, text) == expected
