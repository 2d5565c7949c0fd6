"""The dynamic programme that finds the best sequence of links.

Two passes, as in embedding-based aligners: a first pass with 1-1, 1-0 and 0-1
links only, over a wide band around the diagonal, finds the rough path; a
second pass with every link shape searches a narrow band around that path.  A
whole paragraph left out of a translation is a run of 1-0 links in the first
pass, so the second band follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tmtool.align.scoring import LINK_SHAPES, Ints, PairScorer

__all__ = ["BiLink", "align_pair"]

SKIPS = ((1, 0), (0, 1))
FIRST_PASS = ((1, 1), *SKIPS)
FIRST_BAND = 40
SECOND_BAND = 6


@dataclass(frozen=True)
class BiLink:
    """A link between Chinese sentences and sentences of one target language.

    Attributes:
        source: Indices of the Chinese sentences (empty: a target sentence unmatched).
        target: Indices of the target sentences (empty: a Chinese sentence untranslated).
        at: The Chinese position the link stands at (its first Chinese index, or the
            index of the next Chinese sentence for an unmatched target sentence).
        score: Confidence from 0 to 1.
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    at: int
    score: float


def _search(
    scorer: PairScorer, lo: Ints, hi: Ints, shapes: tuple[tuple[int, int], ...]
) -> list[tuple[int, int, int, int]]:
    """Best path through the band ``lo[i] <= j <= hi[i]``; links as (i, a, j, b) ends."""
    n = len(lo) - 1
    width = hi - lo + 1
    cells = int(width.max())
    rows = np.repeat(np.arange(n + 1), cells)
    offsets = np.tile(np.arange(cells), n + 1)
    cols = lo[rows] + offsets
    inside = offsets < width[rows]
    tables: list[list[list[float]]] = []
    for a, b in shapes:
        table = np.full((n + 1) * cells, -np.inf)
        prev_rows = rows - a
        ok = inside & (prev_rows >= 0) & (cols - b >= 0)
        safe_prev = np.where(ok, prev_rows, 0)
        ok &= (cols - b >= lo[safe_prev]) & (cols - b <= hi[safe_prev])
        if ok.any():
            table[ok] = scorer.link_scores(rows[ok], a, cols[ok], b)
        tables.append(table.reshape(n + 1, cells).tolist())
    lows = lo.tolist()
    widths = width.tolist()
    best = [[-np.inf] * cells for _ in range(n + 1)]
    back = [[-1] * cells for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        row_best, row_back, low = best[i], back[i], lows[i]
        for k in range(widths[i]):
            j = low + k
            top, choice = row_best[k], row_back[k]
            for s, (a, b) in enumerate(shapes):
                score = tables[s][i][k]
                if score == -np.inf:
                    continue
                value = best[i - a][j - b - lows[i - a]] + score
                if value > top:
                    top, choice = value, s
            row_best[k], row_back[k] = top, choice
    links: list[tuple[int, int, int, int]] = []
    i, j = n, int(hi[n])
    while i > 0 or j > 0:
        s = back[i][j - lows[i]]
        if s < 0:
            raise RuntimeError("the alignment search found no path")  # a bug, not a user error
        a, b = shapes[s]
        links.append((i, a, j, b))
        i, j = i - a, j - b
    links.reverse()
    return links


def _first_band(n: int, m: int) -> tuple[Ints, Ints]:
    margin = max(FIRST_BAND, int(0.3 * max(n, m)))
    centre = np.arange(n + 1) * (m / n if n else 0.0)
    lo = np.clip(np.floor(centre - margin), 0, m).astype(np.int64)
    hi = np.clip(np.ceil(centre + margin), 0, m).astype(np.int64)
    lo[0], hi[n] = 0, m
    return lo, hi


def _second_band(path: list[tuple[int, int, int, int]], n: int, m: int) -> tuple[Ints, Ints]:
    low = np.full(n + 1, m, dtype=np.int64)
    high = np.zeros(n + 1, dtype=np.int64)
    low[0] = high[0] = 0
    for i, a, j, b in path:
        for row in range(i - a, i + 1):
            low[row] = min(low[row], j - b)
            high[row] = max(high[row], j)
    spread_low = low.copy()
    spread_high = high.copy()
    for shift in range(1, SECOND_BAND + 1):
        spread_low[shift:] = np.minimum(spread_low[shift:], low[:-shift])
        spread_high[:-shift] = np.maximum(spread_high[:-shift], high[shift:])
    lo = np.clip(spread_low - SECOND_BAND, 0, m)
    hi = np.clip(spread_high + SECOND_BAND, 0, m)
    lo[0], hi[n] = 0, m
    return lo, hi


def align_pair(scorer: PairScorer, *, zh_offset: int = 0, target_offset: int = 0) -> list[BiLink]:
    """Align the scorer's Chinese side with its target side.

    Args:
        scorer: Scores for the two sides.
        zh_offset: Added to the Chinese indices of the result.
        target_offset: Added to the target indices of the result.

    Returns:
        The links in order; every sentence of both sides is in exactly one link.
    """
    n, m = len(scorer.zh), len(scorer.target)
    if n == 0 or m == 0:
        return [BiLink((zh_offset + i,), (), zh_offset + i, 0.0) for i in range(n)] + [
            BiLink((), (target_offset + j,), zh_offset + n, 0.0) for j in range(m)
        ]
    lo, hi = _first_band(n, m)
    rough = _search(scorer, lo, hi, FIRST_PASS)
    lo, hi = _second_band(rough, n, m)
    path = _search(scorer, lo, hi, (*LINK_SHAPES, *SKIPS))
    return [
        BiLink(
            tuple(range(zh_offset + i - a, zh_offset + i)),
            tuple(range(target_offset + j - b, target_offset + j)),
            zh_offset + i - a,
            scorer.confidence(i - a, a, j - b, b),
        )
        for i, a, j, b in path
    ]
