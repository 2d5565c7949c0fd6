"""Spotting person, place and organisation names in Chinese text with jieba.

jieba's part-of-speech tags give the candidates: ``nr*`` person, ``ns``
place, ``nt`` organisation.  Its tagging of names is uneven, so a few
repairs follow (all seen on real news copy):

* a one-character surname tagged ``nr`` followed by the rest of the name
  in pieces (孙/珅, 李/长安) is joined into one person name;
* a compound surname followed by a given name (欧阳/娜娜) is a person;
* a word ending in a county-level suffix (富裕县 tagged ``nr``, 建华区
  tagged ``nt``) is a place, and so is a word the caller knows as a place
  (齐齐哈尔 is tagged ``nr``);
* a place followed by a lone suffix character (龙沙/区) takes it in;
* a "person" ending in a title (孙书记) and a lone surname are dropped.

jieba is imported and its dictionary loaded on first use, once, under a
lock; its log output is silenced.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, NamedTuple

from tmtool.names.palladius import COMPOUND_SURNAMES

__all__ = ["PLACE_SUFFIXES", "Span", "name_spans"]

#: Single-character generic suffixes of administrative place names.
PLACE_SUFFIXES = frozenset("市县区省镇乡村旗")

_TITLES = (
    "书记", "市长", "省长", "县长", "区长", "镇长", "乡长", "村长", "主席", "总理", "部长",
    "局长", "主任", "院长", "校长", "处长", "厅长", "委员", "代表", "先生", "女士", "同志",
    "老师", "教授", "经理", "董事长", "总裁", "大使", "总统", "首相", "将军", "师傅", "总",
)  # fmt: skip

# Tags of the pieces that may follow a surname inside a person's name.
_GIVEN_NAME_TAGS = frozenset({
    "nr", "nrt", "nrfg", "ns", "nz", "ng", "yg", "zg", "g", "a", "ag", "tg", "vg", "dg", "mg",
    "rg", "j",
})  # fmt: skip

_lock = threading.Lock()
_tokenizer: Any = None


class Span(NamedTuple):
    """A name candidate: its text, offsets and kind."""

    text: str
    start: int
    end: int
    kind: str


class _Token(NamedTuple):
    text: str
    flag: str
    start: int
    end: int


def _posseg() -> Any:
    """Return jieba's part-of-speech tokenizer, loading it on first use.

    Returns:
        ``jieba.posseg.dt``, initialised.
    """
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _tokenizer = jieba.posseg.dt
    return _tokenizer


def _tokens(source: str) -> list[_Token]:
    """Tag ``source`` with jieba and attach exact character offsets.

    Args:
        source: Chinese text.

    Returns:
        The tagged words in order, with their offsets in ``source``.
    """
    tokens: list[_Token] = []
    cursor = 0
    for pair in _posseg().cut(source):
        word, flag = str(pair.word), str(pair.flag)
        start = source.find(word, cursor)
        if not word or start < 0:
            continue
        cursor = start + len(word)
        tokens.append(_Token(word, flag, start, cursor))
    return tokens


def _joins(left: _Token, right: _Token) -> bool:
    """Tell whether ``right`` directly follows ``left``.

    Args:
        left: A token.
        right: The next token.

    Returns:
        True if there is no gap between them.
    """
    return left.end == right.start


def _is_given_piece(token: _Token) -> bool:
    """Tell whether a token may be (part of) a given name.

    Args:
        token: A token after a surname.

    Returns:
        True for a one- or two-character token with a name-like tag.
    """
    return (
        len(token.text) <= 2
        and token.flag in _GIVEN_NAME_TAGS
        and token.text not in _TITLES
        and token.text[-1] not in PLACE_SUFFIXES
    )


def _person_at(tokens: list[_Token], i: int) -> int:
    """Find how many tokens from ``i`` make up a person's name.

    Args:
        tokens: All tokens.
        i: Index of a candidate surname.

    Returns:
        The number of tokens forming a name (0 if none).
    """
    head = tokens[i]
    compound = head.text in COMPOUND_SURNAMES
    if not compound and not (head.flag.startswith("nr") and len(head.text) == 1):
        return 0
    count, length = 1, len(head.text)
    while i + count < len(tokens) and count < 3:
        nxt = tokens[i + count]
        limit = len(head.text) + 2
        if not (_joins(tokens[i + count - 1], nxt) and _is_given_piece(nxt)):
            break
        if length + len(nxt.text) > limit or (compound and not nxt.flag.startswith("nr")):
            break
        count, length = count + 1, length + len(nxt.text)
        if length == limit:
            break
    return count if count > 1 else 0


def _is_place_word(token: _Token, is_place: Callable[[str], bool]) -> bool:
    """Tell whether a token is a place whatever jieba tagged it.

    Args:
        token: A token.
        is_place: Knows established place names.

    Returns:
        True for a tagged or known place, or a name word with a place suffix.
    """
    if token.flag == "ns" or is_place(token.text):
        return True
    return (
        token.flag in ("nr", "nrt", "nrfg", "nt", "nz")
        and len(token.text) >= 3
        and token.text[-1] in PLACE_SUFFIXES
    )


def name_spans(source: str, *, is_place: Callable[[str], bool]) -> list[Span]:
    """Find the person, place and organisation names in Chinese text.

    Args:
        source: Chinese text.
        is_place: Tells whether a word is a known place name.

    Returns:
        Non-overlapping spans in text order; ``kind`` is ``"person"``,
        ``"place"`` or ``"organization"``.
    """
    tokens = _tokens(source)
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        count = _person_at(tokens, i)
        if count:
            end = tokens[i + count - 1].end
            spans.append(Span(source[token.start : end], token.start, end, "person"))
            i += count
            continue
        if _is_place_word(token, is_place):
            end = token.end
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and _joins(token, nxt) and nxt.text in PLACE_SUFFIXES:
                end, i = nxt.end, i + 1
            spans.append(Span(source[token.start : end], token.start, end, "place"))
        elif token.flag.startswith("nr"):
            if len(token.text) >= 2 and not token.text.endswith(_TITLES):
                spans.append(Span(token.text, token.start, token.end, "person"))
        elif token.flag == "nt":
            spans.append(Span(token.text, token.start, token.end, "organization"))
        i += 1
    return spans
