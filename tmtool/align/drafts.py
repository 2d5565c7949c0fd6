"""Segments for the workspace from an alignment of a Chinese article with its drafts.

Every link with Chinese becomes one segment (Chinese sentences merged where one
target sentence spans several of them), and its target sentences are joined into
that segment's draft.  Nothing of a draft is dropped: target text that matches no
Chinese goes onto the neighbouring segment with a note, because a segment without
Chinese would have nothing to translate and no place in the exchange formats.
Low-confidence links and untranslated segments are flagged for the translator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tmtool.align.aligner import Aligner, Alignment

__all__ = ["CONFIDENT", "LOW_CONFIDENCE", "AlignedSegment", "Pairing", "segment_drafts"]

CONFIDENT = 0.9
LOW_CONFIDENCE = 0.5
LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}


@dataclass(frozen=True)
class Pairing:
    """The draft text for one source segment.

    Attributes:
        text: The draft's sentences for the segment, joined.
        confidence: How sure the pairing is, 0 to 1.
        flag: A note for the translator when the pairing needs checking.
    """

    text: str
    confidence: float
    flag: str | None = None


@dataclass(frozen=True)
class AlignedSegment:
    """One segment of an aligned article.

    Attributes:
        paragraph: Index of the Chinese paragraph it belongs to (0-based).
        source: Its Chinese text (one or more sentences).
        sentences: How many Chinese sentences it merges.
        drafts: The draft text per target language.
    """

    paragraph: int
    source: str
    sentences: int
    drafts: dict[str, Pairing] = field(default_factory=dict)


def _name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def _pairing(alignment: Alignment, lang: str, targets: Sequence[int], score: float) -> Pairing:
    text = " ".join(alignment.sentences[lang][j] for j in targets)
    if not targets:
        return Pairing("", 0.0, None)
    flag = None
    if score < LOW_CONFIDENCE:
        flag = (
            f"the {_name(lang)} draft was paired with this segment with low confidence "
            f"({score:.2f}); check that it translates the Chinese"
        )
    return Pairing(text, score, flag)


def segment_drafts(
    zh: Sequence[Sequence[str]],
    drafts: Mapping[str, Sequence[Sequence[str]]],
    *,
    aligner: Aligner,
) -> list[AlignedSegment]:
    """Align a Chinese article with its drafts and cut it into segments.

    Args:
        zh: The Chinese paragraphs, each a list of sentences.
        drafts: Per target language, the draft's paragraphs of sentences (a language
            without draft text may be left out).
        aligner: The aligner (its embedding cache is reused).

    Returns:
        The segments in order; every Chinese and every draft sentence is in one of them.
    """
    present = {lang: text for lang, text in drafts.items() if any(text)}
    alignment = aligner.align(zh, present)
    zh_sentences = alignment.sentences["zh"]
    zh_paragraphs = alignment.paragraphs["zh"]
    segments: list[AlignedSegment] = []
    # Target text without Chinese, per segment index it is attached to: (lang, indices, before).
    orphans: list[tuple[int, str, tuple[int, ...], bool]] = []
    for link in alignment.links:
        if not link.source:
            for lang, targets in link.targets.items():
                if targets:
                    orphans.append((len(segments), lang, targets, True))
            continue
        pairings = {}
        for lang in present:
            pairing = _pairing(alignment, lang, link.targets[lang], link.scores[lang])
            if not pairing.text:
                pairing = replace(
                    pairing,
                    flag=f"no sentence of the {_name(lang)} draft matches this segment; "
                    "the draft may leave it out",
                )
            pairings[lang] = pairing
        segments.append(
            AlignedSegment(
                paragraph=zh_paragraphs[link.source[0]],
                source="".join(zh_sentences[i] for i in link.source),
                sentences=len(link.source),
                drafts=pairings,
            )
        )
    for index, lang, targets, _ in orphans:
        _attach(segments, index, lang, alignment, targets)
    return segments


def _attach(
    segments: list[AlignedSegment],
    index: int,
    lang: str,
    alignment: Alignment,
    targets: tuple[int, ...],
) -> None:
    """Put target sentences without Chinese on a neighbouring segment, with a note.

    They go onto the segment before them, unless there is none or they open a
    paragraph of both texts (then the segment after them is the better neighbour).
    """
    before = index - 1
    after = index if index < len(segments) else None
    target_paragraphs = alignment.paragraphs[lang]
    opens_paragraph = targets[0] == 0 or (
        target_paragraphs[targets[0]] != target_paragraphs[targets[0] - 1]
    )
    use_next = after is not None and (
        before < 0 or (opens_paragraph and segments[after].paragraph != segments[before].paragraph)
    )
    position = after if use_next else before
    assert position is not None and position >= 0  # an article has at least one segment
    segment = segments[position]
    extra = " ".join(alignment.sentences[lang][j] for j in targets)
    old = segment.drafts.get(lang, Pairing("", 0.0))
    text = " ".join(t for t in ((extra, old.text) if use_next else (old.text, extra)) if t)
    note = (
        f"the {_name(lang)} draft has text that matches no Chinese here (“{extra[:60]}”); "
        "keep it only if the translation needs it"
    )
    flag = f"{old.flag}; {note}" if old.flag and old.text else note
    segments[position] = replace(
        segment,
        drafts={**segment.drafts, lang: Pairing(text, min(old.confidence, 0.3), flag)},
    )
