"""A plain length-based aligner after Gale and Church (1993), the baseline of ``bench/``.

Character lengths only, the published link-shape priors, and the normal model of
length differences with the Chinese-to-target character ratio in place of 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tmtool.align.scoring import CHAR_RATIO
from tmtool.align.search import BiLink

__all__ = ["gale_church"]

# Probabilities of link shapes from the original paper.
_SHAPES = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
_VARIANCE = 6.8


def _norm_tail(z: float) -> float:
    """Two-sided tail probability of a standard normal, bounded away from zero."""
    return max(1e-12, math.erfc(abs(z) / math.sqrt(2)))


def _cost(zh: int, target: int, shape: tuple[int, int], ratio: float) -> float:
    if zh == 0 and target == 0:
        return 0.0
    mean = (zh + target / ratio) / 2
    delta = (target / ratio - zh) / math.sqrt(max(mean, 1.0) * _VARIANCE / ratio)
    return -math.log(_SHAPES[shape]) - math.log(_norm_tail(delta))


def gale_church(zh: Sequence[str], target: Sequence[str], lang: str) -> list[BiLink]:
    """Align two lists of sentences by character lengths.

    Args:
        zh: The Chinese sentences.
        target: The target sentences.
        lang: The target language (for the length ratio).

    Returns:
        Links covering every sentence once, in order (scores are 0).
    """
    ratio = CHAR_RATIO.get(lang, 3.5)
    zl = [len(s) for s in zh]
    tl = [len(s) for s in target]
    n, m = len(zl), len(tl)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in _SHAPES:
                if i < a or j < b or cost[i - a][j - b] == inf:
                    continue
                value = cost[i - a][j - b] + _cost(
                    sum(zl[i - a : i]), sum(tl[j - b : j]), (a, b), ratio
                )
                if value < cost[i][j]:
                    cost[i][j], back[i][j] = value, (a, b)
    links: list[BiLink] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = back[i][j]
        links.append(BiLink(tuple(range(i - a, i)), tuple(range(j - b, j)), i - a, 0.0))
        i, j = i - a, j - b
    links.reverse()
    return links
