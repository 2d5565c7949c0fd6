"""Where segment texts are cut and how they are joined, and the states that follow.

Pure functions over strings (and translation rows' states) for `tmtool.services.segments`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tmtool.models import State, Translation
from tmtool.segment import split_sentences


def joiner(lang: str) -> str:
    """What goes between two texts joined into one: nothing in Chinese, else a space."""
    return "" if lang.lower().startswith(("zh", "ja")) else " "


def join_texts(first: str, second: str, lang: str) -> str:
    """Two texts as one, without doubled blank space at the join."""
    a, b = first.rstrip(), second.lstrip()
    return a + joiner(lang) + b if a and b else a or b


def sentence_starts(text: str, lang: str) -> list[int]:
    """The offset at which each sentence of `text` begins."""
    starts: list[int] = []
    position = 0
    for sentence in split_sentences(text, lang):
        found = text.find(sentence, position)
        if found < 0:  # cannot happen: the splitter only drops blank space
            break
        starts.append(found)
        position = found + len(sentence)
    return starts


@dataclass(frozen=True)
class CutPoint:
    """Where a text is cut, in terms another text can match."""

    before: int  # whole sentences before the cut
    total: int  # sentences in the text
    share: float  # the cut's offset as a share of the text's length


def cut_point(text: str, lang: str, offset: int) -> CutPoint:
    """Describe a cut of `text` at `offset` (blank space after the cut counts as before it)."""
    starts = sentence_starts(text, lang)
    at = offset
    while at < len(text) and text[at].isspace():
        at += 1
    before = sum(1 for s in starts[1:] if s <= at)
    return CutPoint(before, len(starts), offset / len(text) if text else 0.0)


def matching_offset(text: str, lang: str, reference: CutPoint) -> int | None:
    """The sentence boundary of `text` that matches a cut made in another text.

    With as many sentences as the reference, the boundary after as many sentences as it
    has before its cut; otherwise the boundary nearest to the same share of the length.
    None when `text` has fewer than two sentences.
    """
    starts = sentence_starts(text, lang)
    if len(starts) < 2:
        return None
    if len(starts) == reference.total and 0 < reference.before < reference.total:
        return starts[reference.before]
    return min(starts[1:], key=lambda s: (abs(s / len(text) - reference.share), s))


def cut(text: str, offset: int) -> tuple[str, str]:
    """`text` in two at `offset`, without the blank space at the cut."""
    return text[:offset].rstrip(), text[offset:].lstrip()


def _at_most_translated(state: State) -> State:
    return State.TRANSLATED if state >= State.APPROVED else state


def merged_state(first: Translation, second: Translation, text: str) -> State:
    """The lower state of the two, an untranslated side counting as DRAFT; at most TRANSLATED."""
    if not text.strip():
        return State.EMPTY
    low = min(State(t.state) if t.text.strip() else State.DRAFT for t in (first, second))
    return _at_most_translated(low)


def split_state(state: State, text: str) -> State:
    """The state of one part of a split translation."""
    if not text.strip():
        return State.EMPTY
    return _at_most_translated(State.DRAFT if state == State.EMPTY else state)
