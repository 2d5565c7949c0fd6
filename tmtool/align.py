"""Pairing of draft translations with source segments.

This is the seam for the sentence aligner: `pair_drafts` takes the source as
paragraphs of sentences and a draft as paragraphs, and returns one `Pairing`
per source sentence. Nothing of the draft is ever dropped: text that cannot be
placed with confidence is put on the nearest segment by relative position and
flagged for the translator.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from tmtool.segment import count_units, split_sentences

CONFIDENT = 0.9
BY_POSITION = 0.4


@dataclass(frozen=True)
class Pairing:
    """The draft text for one source segment."""

    text: str
    confidence: float
    flag: str | None = None


def _weights(texts: list[str], lang: str) -> list[float]:
    # Characters, not words: relative lengths are comparable within one side.
    return [
        max(1.0, float(len(t))) if lang != "zh" else float(max(1, count_units(t, lang)))
        for t in texts
    ]


def distribute(sources: list[float], targets: list[float]) -> list[list[int]]:
    """Assign every target item to a source item by relative position along each side.

    Both sides are laid out on [0, 1] by cumulative weight; a target item goes to the
    source item under its midpoint, so the order is kept and no target item is lost.

    Returns:
        For each source item, the indices of the target items assigned to it.
    """
    total_s, total_t = sum(sources), sum(targets)
    bounds: list[float] = []
    running = 0.0
    for weight in sources[:-1]:
        running += weight
        bounds.append(running / total_s)
    assigned: list[list[int]] = [[] for _ in sources]
    running = 0.0
    for index, weight in enumerate(targets):
        midpoint = (running + weight / 2) / total_t
        running += weight
        assigned[bisect_right(bounds, midpoint)].append(index)
    return assigned


def _join(parts: list[str], lang: str) -> str:
    return ("" if lang == "zh" else " ").join(parts)


def _pair_paragraph(
    sentences: list[str], draft: str, lang: str, *, confident: bool
) -> list[Pairing]:
    target = split_sentences(draft, lang)
    if not target:
        return [Pairing("", 0.0) for _ in sentences]
    if confident and len(target) == len(sentences):
        return [Pairing(t, CONFIDENT) for t in target]
    assigned = distribute(_weights(sentences, "zh"), _weights(target, lang))
    note = (
        f"the draft paragraph has {len(target)} sentences for {len(sentences)} source sentences;"
        " placed by position, check it"
    )
    return [
        Pairing(_join([target[i] for i in group], lang), BY_POSITION, note) for group in assigned
    ]


def pair_drafts(source: list[list[str]], draft: list[str], lang: str) -> list[Pairing]:
    """Pair draft paragraphs with source sentences, paragraph first, then sentence.

    Args:
        source: the source article as paragraphs, each a list of sentences (segments).
        draft: the draft's paragraphs.
        lang: the draft's language.

    Returns:
        One Pairing per source sentence, in order.
    """
    if not source:
        return []
    if len(draft) == len(source):
        groups = [[i] for i in range(len(draft))]
        confident = True
    else:
        groups = (
            distribute(_weights(["".join(p) for p in source], "zh"), _weights(draft, lang))
            if draft
            else [[] for _ in source]
        )
        confident = False
    pairings: list[Pairing] = []
    for sentences, group in zip(source, groups, strict=True):
        text = _join([draft[i] for i in group], lang)
        paired = _pair_paragraph(sentences, text, lang, confident=confident)
        if not confident and text:
            note = (
                f"the draft has {len(draft)} paragraphs for {len(source)} source paragraphs;"
                " placed by position, check it"
            )
            paired = [Pairing(p.text, min(p.confidence, BY_POSITION), note) for p in paired]
        pairings.extend(paired)
    return pairings
