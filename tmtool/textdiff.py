"""A readable difference between two versions of a text: characters for Chinese, words otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "insert", "delete"]

# A CJK character is a token of its own; elsewhere words, runs of spaces and single marks are.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    """A run of text that is unchanged, inserted or deleted."""

    op: Op
    text: str


def tokens(text: str) -> list[str]:
    """Split into diff tokens; joining them gives the text back."""
    return _TOKEN.findall(text)


def diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, adjacent pieces of one kind merged."""
    a, b = tokens(old), tokens(new)
    pieces: list[Piece] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return pieces
