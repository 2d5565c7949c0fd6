"""Three-language alignment: Chinese with English and Russian, consistent with each other.

Each target language is aligned with the Chinese on its own (paragraph by paragraph
where the paragraphs clearly correspond, else over the whole text); the Chinese
groupings are then reconciled into one segmentation: a boundary between two Chinese
groups stays only where every language has it, so a Chinese group's English and
Russian always belong together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from tmtool.align.anchors import TermAnchors, latin_tokens, sentence_anchors
from tmtool.align.embedding import CachedEmbedder, Embedder, default_embedder
from tmtool.align.scoring import CHAR_RATIO, PairScorer, Side, Weights
from tmtool.align.search import BiLink, align_pair
from tmtool.segment import split_paragraphs, split_sentences

__all__ = ["Aligner", "Alignment", "Link", "split_text"]

LENGTHS_ONLY = "lengths+anchors"


@dataclass(frozen=True)
class Link:
    """A group of Chinese sentences with the target sentences that translate it.

    Attributes:
        source: Indices of the Chinese sentences; empty for target text that
            matches no Chinese.
        targets: Indices of the target sentences per language (possibly empty:
            that language leaves the Chinese untranslated).
        scores: Confidence per language, 0 to 1 (0 where a side is empty).
    """

    source: tuple[int, ...]
    targets: dict[str, tuple[int, ...]]
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """The weakest language's confidence."""
        return min(self.scores.values(), default=0.0)

    def to_json(self) -> dict[str, object]:
        """The link as in ``tmtool align --json``."""
        return {
            "source": list(self.source),
            "targets": {lang: list(found) for lang, found in self.targets.items()},
            "score": round(self.score, 3),
            "scores": {lang: round(value, 3) for lang, value in self.scores.items()},
        }


@dataclass(frozen=True)
class Alignment:
    """Sentences of every language and the links between them.

    Attributes:
        sentences: The sentences per language (``"zh"`` and the targets).
        paragraphs: The paragraph index of each sentence, per language.
        links: The links in text order; every sentence is in exactly one link.
        scorer: What scored the links: the embedding model's name or ``"lengths+anchors"``.
    """

    sentences: dict[str, list[str]]
    paragraphs: dict[str, list[int]]
    links: list[Link]
    scorer: str

    def to_json(self) -> dict[str, object]:
        """The alignment as in ``tmtool align --json``."""
        return {
            "sentences": self.sentences,
            "links": [link.to_json() for link in self.links],
            "scorer": self.scorer,
        }


def split_text(
    text: str, lang: str, *, lines: bool = False, semicolon: bool = False
) -> list[list[str]]:
    """Split a text into paragraphs of sentences.

    Args:
        text: The whole text.
        lang: Its language.
        lines: Each line is one sentence already; blank lines separate paragraphs.
        semicolon: In Chinese, ``；`` ends a sentence.

    Returns:
        The non-empty paragraphs, each a list of sentences.
    """
    if lines:
        paragraphs: list[list[str]] = [[]]
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if line.strip():
                paragraphs[-1].append(line.strip())
            elif paragraphs[-1]:
                paragraphs.append([])
        return [p for p in paragraphs if p]
    found = [split_sentences(p, lang, semicolon=semicolon) for p in split_paragraphs(text)]
    return [p for p in found if p]


_UNSET: object = object()


class Aligner:
    """Aligns a Chinese text with one or two translations.

    One aligner keeps its embedder's cache, so aligning the same text again
    (after a manual fix, say) embeds nothing new.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | object | None = _UNSET,
        weights: Weights | None = None,
        terms: TermAnchors | None = None,
    ) -> None:
        """Args:
        embedder: The sentence embedder; by default the shared multilingual
            model, or ``None`` to score by lengths and anchors only.
        weights: The scoring constants (by default those tuned for the scorer used).
        terms: Glossary anchors, if any.
        """
        if embedder is _UNSET:
            embedder = default_embedder()
        self.embedder: Embedder | None = embedder  # type: ignore[assignment]
        if weights is None:
            weights = Weights() if self.embedder is not None else Weights.lengths_only()
        self.weights = weights
        self.terms = terms

    @property
    def scorer_name(self) -> str:
        """The embedding model's name, or ``"lengths+anchors"`` without one."""
        return self.embedder.name if self.embedder is not None else LENGTHS_ONLY

    def _side(
        self,
        lang: str,
        paragraphs: Sequence[Sequence[str]],
        latin: set[str] | None,
        source: str = "",
    ) -> Side:
        sentences = [s for p in paragraphs for s in p]
        numbers = [k for k, p in enumerate(paragraphs) for _ in p]
        vectors = self.embedder.embed(sentences) if self.embedder is not None else None
        anchors = sentence_anchors(sentences, lang, latin=latin, terms=self.terms, source=source)
        return Side(lang, sentences, numbers, vectors, anchors)

    def align(
        self, zh: Sequence[Sequence[str]], targets: Mapping[str, Sequence[Sequence[str]]]
    ) -> Alignment:
        """Align Chinese paragraphs of sentences with each target's paragraphs of sentences.

        Args:
            zh: The Chinese text as paragraphs, each a list of sentences (empty
                paragraphs are ignored).
            targets: Per target language, its text as paragraphs of sentences.

        Returns:
            The alignment, its links consistent across the target languages.
        """
        zh = [p for p in zh if p]  # empty paragraphs would leave gaps in the numbering
        targets = {lang: [p for p in text if p] for lang, text in targets.items()}
        if isinstance(self.embedder, CachedEmbedder):  # one batch for every language
            self.embedder.embed(
                [s for p in zh for s in p]
                + [s for text in targets.values() for p in text for s in p]
            )
        source = self._side("zh", zh, None)
        latin = latin_tokens(source.anchors)
        pairs: dict[str, list[BiLink]] = {}
        sides: dict[str, Side] = {"zh": source}
        for lang, text in targets.items():
            side = sides[lang] = self._side(lang, text, latin, "".join(source.sentences))
            pairs[lang] = self._align_pair(source, side)
        return Alignment(
            sentences={lang: list(side.sentences) for lang, side in sides.items()},
            paragraphs={lang: list(side.paragraphs) for lang, side in sides.items()},
            links=reconcile(len(source), pairs),
            scorer=self.scorer_name,
        )

    def _align_pair(self, zh: Side, target: Side) -> list[BiLink]:
        blocks = self._paragraph_blocks(zh, target)
        if blocks is None:
            return align_pair(PairScorer(zh, target, self.weights))
        links: list[BiLink] = []
        for (zs, ze), (ts, te) in blocks:
            scorer = PairScorer(zh.slice(zs, ze), target.slice(ts, te), self.weights)
            links.extend(align_pair(scorer, zh_offset=zs, target_offset=ts))
        return links

    def _paragraph_blocks(
        self, zh: Side, target: Side
    ) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
        """Sentence ranges of corresponding paragraphs, or ``None`` when that is unsafe.

        Paragraphs correspond when both sides have the same number (more than one),
        their lengths agree, and with embeddings each paragraph is closer to its
        counterpart than to its counterpart's neighbours.
        """
        count = (zh.paragraphs[-1] + 1) if len(zh) else 0
        if count < 2 or not len(target) or target.paragraphs[-1] + 1 != count:
            return None
        zh_ranges = _ranges(zh.paragraphs, count)
        target_ranges = _ranges(target.paragraphs, count)
        ratio = CHAR_RATIO.get(target.lang, 3.5)
        for (zs, ze), (ts, te) in zip(zh_ranges, target_ranges, strict=True):
            zh_len = sum(len(s) for s in zh.sentences[zs:ze])
            target_len = sum(len(s) for s in target.sentences[ts:te])
            if not 0.45 < (target_len + 20) / (ratio * zh_len + 20) < 2.2:
                return None
        if zh.vectors is not None and target.vectors is not None:
            left = np.stack([zh.vectors[s:e].sum(0) for s, e in zh_ranges])
            right = np.stack([target.vectors[s:e].sum(0) for s, e in target_ranges])
            left /= np.maximum(np.linalg.norm(left, axis=1, keepdims=True), 1e-9)
            right /= np.maximum(np.linalg.norm(right, axis=1, keepdims=True), 1e-9)
            sims = left @ right.T
            for k in range(count):
                rivals = [sims[k, x] for x in (k - 1, k + 1) if 0 <= x < count]
                rivals += [sims[x, k] for x in (k - 1, k + 1) if 0 <= x < count]
                if sims[k, k] < 0.3 or any(r >= sims[k, k] for r in rivals):
                    return None
        return list(zip(zh_ranges, target_ranges, strict=True))


def _ranges(paragraphs: Sequence[int], count: int) -> list[tuple[int, int]]:
    starts = [0] * (count + 1)
    for index in range(len(paragraphs) - 1, -1, -1):
        starts[paragraphs[index]] = index
    starts[count] = len(paragraphs)
    return [(starts[k], starts[k + 1]) for k in range(count)]


def reconcile(n: int, pairs: Mapping[str, list[BiLink]]) -> list[Link]:
    """Merge per-language links into links over one common Chinese segmentation.

    A boundary between Chinese groups is kept where every language has one; target
    sentences that match no Chinese stay links of their own where they stand at
    such a boundary, and join the group around them otherwise.

    Args:
        n: Number of Chinese sentences.
        pairs: Per target language, its links with the Chinese.

    Returns:
        The common links in text order.
    """
    langs = list(pairs)
    common = set(range(n + 1))
    for links in pairs.values():
        bounds = {0, n}
        for link in links:
            if link.source:
                bounds.add(link.source[0])
                bounds.add(link.source[-1] + 1)
        common &= bounds
    cuts = sorted(common)
    group_of = {}
    for k in range(len(cuts) - 1):
        for i in range(cuts[k], cuts[k + 1]):
            group_of[i] = k
    groups: list[dict[str, list[int]]] = [{lang: [] for lang in langs} for _ in cuts[:-1]]
    scores: list[dict[str, list[float]]] = [{lang: [] for lang in langs} for _ in cuts[:-1]]
    inserted: dict[int, dict[str, list[int]]] = {}
    for lang, links in pairs.items():
        for link in links:
            if link.source:
                k = group_of[link.source[0]]
                groups[k][lang].extend(link.target)
                scores[k][lang].append(link.score)
            elif link.at in common:
                inserted.setdefault(link.at, {x: [] for x in langs})[lang].extend(link.target)
            else:
                k = group_of[link.at]
                groups[k][lang].extend(link.target)
                scores[k][lang].append(0.0)
    result: list[Link] = []
    for k, cut in enumerate(cuts):
        if cut in inserted:
            result.append(
                Link(
                    (),
                    {x: tuple(sorted(v)) for x, v in inserted[cut].items()},
                    dict.fromkeys(langs, 0.0),
                )
            )
        if k < len(groups):
            result.append(
                Link(
                    tuple(range(cut, cuts[k + 1])),
                    {x: tuple(sorted(v)) for x, v in groups[k].items()},
                    {
                        x: (min(scores[k][x]) if groups[k][x] and scores[k][x] else 0.0)
                        for x in langs
                    },
                )
            )
    return result
