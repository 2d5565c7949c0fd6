"""Scores of candidate links between groups of Chinese and target sentences.

A link joins the Chinese sentences ``(i - a, i]`` with the target sentences
``(j - b, j]``.  Its score adds up, per sentence it covers, how similar the two
groups are (cosine of their summed sentence embeddings, less a length penalty),
plus a prior for the link's shape and a bonus for every anchor the groups share.
Everything is computed for many cells at once from 2-D prefix sums, so a group
costs no more than a single sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tmtool.align.embedding import Vectors

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

__all__ = ["LINK_SHAPES", "PairScorer", "Side", "Weights"]

# Link shapes (Chinese sentences, target sentences) beyond 1-0 and 0-1.
LINK_SHAPES: tuple[tuple[int, int], ...] = (
    (1, 1),
    (1, 2),
    (2, 1),
    (1, 3),
    (3, 1),
    (2, 2),
    (1, 4),
    (4, 1),
    (2, 3),
    (3, 2),
    (1, 5),
    (5, 1),
)

# A link one of whose sentences is closer by this much to a neighbour than to its partners
# is doubted whatever its cosine (see `PairScorer.confidence`).
DOUBTFUL_LEAD = -0.1

# Target characters per Chinese character, by language.
CHAR_RATIO = {"en": 3.1, "ru": 3.1}


@dataclass(frozen=True)
class Weights:
    """The aligner's tunable constants (see docs/align.md for how they were chosen)."""

    length: float = 0.35
    length_sigma: float = 0.45
    anchor: float = 0.6
    skip_source: float = 0.0
    skip_target: float = -0.2
    prior_scale: float = 1.2
    size_exponent: float = 1.0
    margin: float = 0.3
    crossing: float = 0.8
    no_embedding_similarity: float = 0.55
    # Priors per link shape: larger groups must earn their place.
    priors: tuple[tuple[tuple[int, int], float], ...] = (
        ((1, 1), 0.0),
        ((1, 2), -0.35),
        ((2, 1), -0.35),
        ((1, 3), -0.55),
        ((3, 1), -0.55),
        ((2, 2), -0.9),
        ((1, 4), -0.75),
        ((4, 1), -0.75),
        ((2, 3), -1.1),
        ((3, 2), -1.1),
        ((1, 5), -0.95),
        ((5, 1), -0.95),
    )

    @classmethod
    def lengths_only(cls) -> Weights:
        """The constants that work best when no embedding model is at hand."""
        return cls(length_sigma=0.3, skip_source=0.2, skip_target=0.1)

    def prior(self, shape: tuple[int, int]) -> float:
        """The prior of a link shape."""
        return self.prior_scale * dict(self.priors)[shape]


@dataclass(frozen=True)
class Side:
    """The sentences of one language, with what the scorer needs of them.

    Attributes:
        lang: ``"zh"``, ``"en"`` or ``"ru"``.
        sentences: The sentences.
        paragraphs: The paragraph index of each sentence.
        vectors: Normalised sentence embeddings, or ``None`` without a model.
        anchors: The anchor keys of each sentence.
    """

    lang: str
    sentences: Sequence[str]
    paragraphs: Sequence[int]
    vectors: Vectors | None
    anchors: Sequence[set[str]]

    def __len__(self) -> int:
        return len(self.sentences)

    def slice(self, start: int, end: int) -> Side:
        """The sentences ``start`` to ``end`` (exclusive) as a side of their own."""
        return Side(
            self.lang,
            self.sentences[start:end],
            self.paragraphs[start:end],
            None if self.vectors is None else self.vectors[start:end],
            self.anchors[start:end],
        )


def _chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _prefix2(matrix: Floats) -> Floats:
    out = np.zeros((matrix.shape[0] + 1, matrix.shape[1] + 1))
    out[1:, 1:] = matrix.cumsum(0).cumsum(1)
    return out


def _group_norms(vectors: Vectors, sizes: int) -> list[Floats]:
    """``norms[k][i]``: length of the sum of the ``k`` vectors ending before ``i``."""
    prefix = np.zeros((len(vectors) + 1, vectors.shape[1]))
    prefix[1:] = np.cumsum(vectors, axis=0, dtype=np.float64)
    norms = [np.ones(len(vectors) + 1)]
    for size in range(1, sizes + 1):
        sums = np.zeros_like(prefix)
        sums[size:] = prefix[size:] - prefix[:-size]
        norms.append(np.maximum(np.linalg.norm(sums, axis=1), 1e-9))
    return norms


class PairScorer:
    """Scores links between a Chinese side and one target side."""

    def __init__(self, zh: Side, target: Side, weights: Weights | None = None) -> None:
        """Precompute the pairwise matrices and prefix sums.

        Args:
            zh: The Chinese side.
            target: The target side.
            weights: The constants; the defaults unless given.
        """
        self.zh, self.target = zh, target
        self.weights = weights or Weights()
        self.embedded = zh.vectors is not None and target.vectors is not None
        n, m = len(zh), len(target)
        biggest = max(max(a, b) for a, b in LINK_SHAPES)
        if zh.vectors is not None and target.vectors is not None:
            dots = zh.vectors.astype(np.float64) @ target.vectors.astype(np.float64).T
            self._pair_cos = dots
            self._dots = _prefix2(dots)
            self._zh_norms = _group_norms(zh.vectors, biggest)
            self._target_norms = _group_norms(target.vectors, biggest)
            # How close each sentence comes to its nearest neighbours on the other side:
            # a sentence close to everything (short, or on the text's topic) proves less.
            top = min(3, m, n)
            near_zh = -np.sort(-dots, axis=1)[:, :top].mean(axis=1)
            near_target = -np.sort(-dots, axis=0)[:top].mean(axis=0)
            self._zh_near = np.concatenate([[0.0], np.cumsum(near_zh)])
            self._target_near = np.concatenate([[0.0], np.cumsum(near_target)])
        keys = sorted({k for s in zh.anchors for k in s} & {k for s in target.anchors for k in s})
        index = {k: i for i, k in enumerate(keys)}
        shared = np.zeros((n, m))
        if keys:
            left = np.zeros((n, len(keys)))
            right = np.zeros((m, len(keys)))
            for row, found in enumerate(zh.anchors):
                for key in found & index.keys():
                    left[row, index[key]] = 1.0
            for row, found in enumerate(target.anchors):
                for key in found & index.keys():
                    right[row, index[key]] = 1.0
            shared = left @ right.T
        self._shared = _prefix2(shared)
        self._zh_len = np.concatenate([[0.0], np.cumsum([_chars(s) for s in zh.sentences])])
        self._target_len = np.concatenate([[0.0], np.cumsum([_chars(s) for s in target.sentences])])
        self._zh_anchor_count = np.concatenate([[0.0], np.cumsum([len(a) for a in zh.anchors])])
        self._target_anchor_count = np.concatenate(
            [[0.0], np.cumsum([len(a) for a in target.anchors])]
        )
        self._ratio = CHAR_RATIO.get(target.lang, 3.5)
        self._zh_para = np.asarray(list(zh.paragraphs) or [0], dtype=np.int64)
        self._target_para = np.asarray(list(target.paragraphs) or [0], dtype=np.int64)

    def _block(self, prefix: Floats, i: Ints, a: int, j: Ints, b: int) -> Floats:
        block: Floats = prefix[i, j] - prefix[i - a, j] - prefix[i, j - b] + prefix[i - a, j - b]
        return block

    def cosine(self, i: Ints, a: int, j: Ints, b: int) -> Floats:
        """Cosine of the summed embeddings of the groups ending at ``i`` and ``j``."""
        cos: Floats = self._block(self._dots, i, a, j, b) / (
            self._zh_norms[a][i] * self._target_norms[b][j]
        )
        return cos

    def length_fit(self, i: Ints, a: int, j: Ints, b: int) -> Floats:
        """1 where the groups' lengths are in the usual ratio, towards 0 the further off."""
        zh_len = self._zh_len[i] - self._zh_len[i - a]
        target_len = self._target_len[j] - self._target_len[j - b]
        ratio = np.log((target_len + 12.0) / (self._ratio * zh_len + 12.0))
        fit: Floats = np.exp(-(ratio**2) / (2 * self.weights.length_sigma**2))
        return fit

    def similarity(self, i: Ints, a: int, j: Ints, b: int) -> Floats:
        """Per-sentence similarity of the groups ending at ``i`` and ``j`` (before priors)."""
        w = self.weights
        if self.embedded:
            cos = self.cosine(i, a, j, b)
            if w.margin:
                near = (self._zh_near[i] - self._zh_near[i - a]) / a + (
                    self._target_near[j] - self._target_near[j - b]
                ) / b
                cos = cos - w.margin * near / 2
        else:
            cos = np.full(len(i), w.no_embedding_similarity)
        result: Floats = cos + w.length * (self.length_fit(i, a, j, b) - 1.0)
        return result

    def anchors(self, i: Ints, a: int, j: Ints, b: int) -> Floats:
        """How many anchors the groups share (counted pairwise, sentence by sentence)."""
        return self._block(self._shared, i, a, j, b)

    def link_scores(self, i: Ints, a: int, j: Ints, b: int) -> Floats:
        """The score of the links of shape ``(a, b)`` ending at cells ``(i, j)``.

        Args:
            i: Chinese ends (exclusive), each at least ``a``.
            a: Chinese sentences in the link (0 for an unmatched target sentence).
            j: Target ends (exclusive), each at least ``b``.
            b: Target sentences in the link (0 for an unmatched Chinese sentence).

        Returns:
            One score per cell; ``-inf`` where the Chinese group would cross a paragraph.
        """
        w = self.weights
        if a == 0 or b == 0:
            return np.full(len(i), w.skip_source if b == 0 else w.skip_target)
        scores = ((a + b) / 2) ** w.size_exponent * 2 * self.similarity(i, a, j, b)
        scores += w.prior((a, b)) + w.anchor * self.anchors(i, a, j, b)
        if a > 1:
            crosses = self._zh_para[i - a] != self._zh_para[i - 1]
            scores[crosses] = -np.inf
        if b > 1:
            crosses = self._target_para[j - b] != self._target_para[j - 1]
            scores[crosses] -= w.crossing
        result: Floats = scores
        return result

    def _lead(self, source: range, target: range, window: int = 3) -> float:
        """How much closer each sentence of a link is to its partners than to outsiders.

        The smallest margin, over the link's sentences, between the best cosine with a
        sentence on the other side of the link and the best with a sentence nearby outside it.
        """
        cos = self._pair_cos
        n, m = cos.shape
        leads = []
        outside_t = [
            q
            for q in range(max(0, target[0] - window), min(m, target[-1] + window + 1))
            if q not in target
        ]
        outside_z = [
            p
            for p in range(max(0, source[0] - window), min(n, source[-1] + window + 1))
            if p not in source
        ]
        for p in source:
            rival = float(cos[p, outside_t].max()) if outside_t else 0.0
            leads.append(float(cos[p, list(target)].max()) - rival)
        for q in target:
            rival = float(cos[outside_z, q].max()) if outside_z else 0.0
            leads.append(float(cos[list(source), q].max()) - rival)
        return min(leads)

    def confidence(self, start: int, a: int, tstart: int, b: int) -> float:
        """How sure the aligner is of one link, from 0 to 1."""
        if a == 0 or b == 0:
            return 0.0
        i = np.asarray([start + a])
        j = np.asarray([tstart + b])
        shared = float(self.anchors(i, a, j, b)[0])
        zh_anchors = self._zh_anchor_count[start + a] - self._zh_anchor_count[start]
        target_anchors = self._target_anchor_count[tstart + b] - self._target_anchor_count[tstart]
        missing = max(0.0, max(zh_anchors, target_anchors) - shared)
        # A translation's cosine is mostly above 0.45, unrelated sentences' below 0.3; short
        # sentences score low even when right, so a link whose sentences are each closer to
        # the other side of the link than to the sentences around it is trusted too, and one
        # where a neighbour is clearly closer is doubted.  Without embeddings only a length fit and
        # anchors speak for a link.
        if self.embedded:
            absolute = (float(self.cosine(i, a, j, b)[0]) - 0.3) / 0.25
            lead = self._lead(range(start, start + a), range(tstart, tstart + b))
            relative = 0.4 + 2.5 * lead
            value = max(absolute, relative) if lead >= DOUBTFUL_LEAD else min(absolute, relative)
        else:
            value = 0.3 + 0.4 * float(self.length_fit(i, a, j, b)[0])
        value += 0.1 * min(shared, 3.0) - 0.15 * min(missing, 3.0)
        return round(min(1.0, max(0.0, float(value))), 3)
