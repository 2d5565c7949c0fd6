"""Diffs read the way a reviewer reads: Chinese by character, English and Russian by word."""

from __future__ import annotations

import pytest

from tmtool.textdiff import Piece, diff, tokens


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "投资90亿元。",
            "投资9亿元。",
            [
                Piece("equal", "投资"),
                Piece("delete", "90"),
                Piece("insert", "9"),
                Piece("equal", "亿元。"),
            ],
        ),
        (
            "齐齐哈尔市召开会议。",
            "齐齐哈尔市举行会议。",
            [
                Piece("equal", "齐齐哈尔市"),
                Piece("delete", "召开"),
                Piece("insert", "举行"),
                Piece("equal", "会议。"),
            ],
        ),
        (
            "The city invested 90 billion yuan.",
            "The city invested 9 billion yuan.",
            [
                Piece("equal", "The city invested "),
                Piece("delete", "90"),
                Piece("insert", "9"),
                Piece("equal", " billion yuan."),
            ],
        ),
        (
            "в Цицихаре прошло совещание",
            "в Цицикаре прошло совещание",
            [
                Piece("equal", "в "),
                Piece("delete", "Цицихаре"),
                Piece("insert", "Цицикаре"),
                Piece("equal", " прошло совещание"),
            ],
        ),
        ("", "New text.", [Piece("insert", "New text.")]),
        ("Old text.", "", [Piece("delete", "Old text.")]),
        ("same", "same", [Piece("equal", "same")]),
    ],
)
def test_diff_pieces(old: str, new: str, expected: list[Piece]) -> None:
    assert diff(old, new) == expected


@pytest.mark.parametrize(
    "text", ["鹤城新闻：GDP增长5.2%。", "Crane City's news, 9.6 млн — «ёлочки»", ""]
)
def test_tokens_join_back(text: str) -> None:
    assert "".join(tokens(text)) == text
