"""Similarity of Chinese sentences and the match bands publishers plan work by."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

__all__ = ["BANDS", "CONTEXT_SCORE", "Band", "band_of", "similarity"]

#: The score of an exact match whose neighbouring sentences match too ("in-context", 101%).
CONTEXT_SCORE = 101.0


def similarity(a: str, b: str) -> float:
    """Character-level similarity 0–100: ``1 - edit distance / length of the longer text``.

    The edit distance is Levenshtein's (insert, delete, replace one character). Every Chinese
    character counts as one unit, so no word segmentation is needed; replacing a two-character
    name in a 20-character sentence costs 10 points.
    """
    return round(float(Levenshtein.normalized_similarity(a, b)) * 100.0, 2)


@dataclass(frozen=True)
class Band:
    """A range of match scores, e.g. 95–99."""

    key: str
    label: str
    low: float
    high: float

    def holds(self, score: float | None) -> bool:
        """Whether a best score falls in this band (None: no match)."""
        if score is None:
            return self.key == "none"
        return self.low <= score < self.high


#: Bands, best first; "none" takes everything below 75 and segments without a match.
BANDS: tuple[Band, ...] = (
    Band("context", "in-context", 101.0, 1000.0),
    Band("exact", "100%", 100.0, 101.0),
    Band("95-99", "95–99%", 95.0, 100.0),
    Band("85-94", "85–94%", 85.0, 95.0),
    Band("75-84", "75–84%", 75.0, 85.0),
    Band("none", "no match", -1.0, 75.0),
)


def band_of(score: float | None) -> Band:
    """The band of a segment's best match score."""
    for band in BANDS:
        if band.holds(score):
            return band
    return BANDS[-1]
