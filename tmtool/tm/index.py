"""A character-bigram index over translation-memory sources, for lossless top-k fuzzy lookup.

Every source text is cut into overlapping character bigrams; the k-th repeat of a bigram in
one text is a token of its own, so counting shared tokens gives the multiset intersection.
Two texts within Levenshtein distance d share at least ``M - 1 - 2d`` bigrams (M: the longer
length), so a candidate sharing c tokens with the query scores at most ``(M + 1 + c) / 2M``
(similarity ``1 - d / M``), and at most ``min / max`` of the two lengths whatever it shares.
Candidates are scored with rapidfuzz in the order of that upper bound until the bound falls
below the k-th best score found, so nothing an exhaustive search would return is lost.

Entries are numbered in the order they were added. The base part is a compressed sparse row
table in numpy arrays (tokens sorted, postings as int32); entries added later go into a small
dictionary until `compact` folds them in.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

__all__ = ["BigramIndex", "Hit", "query_tokens"]

_KEY_BITS = 21  # every code point fits in 21 bits
_OCC_SHIFT = 2 * _KEY_BITS
_SEP = "\x00"

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Hit:
    """One entry found by a lookup, with its similarity (0–100)."""

    entry: int
    score: float


def _clean(text: str) -> str:
    return text.replace(_SEP, " ")


def query_tokens(text: str) -> list[int]:
    """The bigram tokens of a text: bigram code, plus the repeat number in the high bits."""
    seen: dict[int, int] = {}
    out: list[int] = []
    for first, second in itertools.pairwise(text):
        key = (ord(first) << _KEY_BITS) | ord(second)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(key | (occurrence << _OCC_SHIFT))
    return out


def _build_table(texts: Sequence[str]) -> tuple[I64, I64, I32]:
    """Vocabulary (sorted tokens), row starts and postings (entry numbers) for `texts`."""
    if not texts:
        return np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int32)
    joined = _SEP.join(texts)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)[: len(points)]
    keep = (points[:-1] != 0) & (points[1:] != 0)
    keys = (points[:-1].astype(np.int64) << _KEY_BITS) | points[1:].astype(np.int64)
    keys = keys[keep]
    owners = owner[:-1][keep]
    del points, owner, keep
    order = np.argsort(keys, kind="stable")  # owners stay ascending within a bigram
    keys = keys[order]
    owners = owners[order]
    del order
    if len(keys) == 0:
        return np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int32)
    # Repeats of a bigram inside one text: rank within each run of equal (key, owner).
    new_run = np.ones(len(keys), dtype=bool)
    new_run[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    if new_run.all():
        tokens, postings = keys, owners
    else:
        positions = np.arange(len(keys), dtype=np.int64)
        occurrence = positions - np.maximum.accumulate(np.where(new_run, positions, 0))
        first = occurrence == 0
        extra_tokens = keys[~first] | (occurrence[~first] << _OCC_SHIFT)
        extra_owners = owners[~first]
        extra_order = np.argsort(extra_tokens, kind="stable")
        # Repeat tokens are all larger than plain bigram codes, so this stays sorted.
        tokens = np.concatenate([keys[first], extra_tokens[extra_order]])
        postings = np.concatenate([owners[first], extra_owners[extra_order]])
    starts = np.flatnonzero(np.diff(tokens)) + 1
    starts = np.concatenate([[0], starts, [len(tokens)]]).astype(np.int64)
    vocabulary = tokens[starts[:-1]].copy()
    return vocabulary, starts, postings.astype(np.int32, copy=False)


class BigramIndex:
    """Texts with an id and a language code each; finds the most similar ones to a query."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._ids = np.zeros(0, np.int64)
        self._langs = np.zeros(0, np.uint8)
        self._lengths = np.zeros(0, np.int32)
        self._size = 0
        self._vocabulary = np.zeros(0, np.int64)
        self._starts = np.zeros(1, np.int64)
        self._postings = np.zeros(0, np.int32)
        self._by_length = np.zeros(0, np.int32)
        self._base = 0
        self._delta: dict[int, list[int]] = {}
        self._max_id = 0

    # -- contents ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._size

    @property
    def pending(self) -> int:
        """Entries added since the last `compact`."""
        return self._size - self._base

    def entry_id(self, entry: int) -> int:
        """The caller's id of an entry (a TM unit id)."""
        return int(self._ids[entry])

    def entry_lang(self, entry: int) -> int:
        """The language code of an entry."""
        return int(self._langs[entry])

    @property
    def max_id(self) -> int:
        """The largest id held, 0 when empty."""
        return self._max_id

    def _grow(self, extra: int) -> None:
        need = self._size + extra
        if need <= len(self._ids):
            return
        capacity = max(need, 2 * len(self._ids), 1024)
        for name in ("_ids", "_langs", "_lengths"):
            old = getattr(self, name)
            new = np.zeros(capacity, old.dtype)
            new[: self._size] = old[: self._size]
            setattr(self, name, new)

    def add(self, entries: Iterable[tuple[int, int, str]]) -> int:
        """Add (id, language code, text) entries; findable at once. Returns how many."""
        batch = list(entries)
        self._grow(len(batch))
        for unit_id, lang, text in batch:
            entry = self._size
            text = _clean(text)
            self.texts.append(text)
            self._ids[entry] = unit_id
            self._langs[entry] = lang
            self._lengths[entry] = len(text)
            self._max_id = max(self._max_id, unit_id)
            self._size += 1
            for token in query_tokens(text):
                self._delta.setdefault(token, []).append(entry)
        return len(batch)

    def compact(self) -> None:
        """Fold the entries added since the last compaction into the numpy table."""
        if self._base == self._size:
            return
        self._vocabulary, self._starts, self._postings = _build_table(self.texts)
        lengths = self._lengths[: self._size]
        self._by_length = np.argsort(lengths, kind="stable").astype(np.int32)
        self._base = self._size
        self._delta = {}

    # -- persistence ------------------------------------------------------------------------

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The compacted index as named numpy arrays (for `np.savez`)."""
        self.compact()
        blob = _SEP.join(self.texts).encode("utf-8")
        return {
            "texts": np.frombuffer(blob, dtype=np.uint8),
            "count": np.array([self._size], np.int64),
            "ids": self._ids[: self._size],
            "langs": self._langs[: self._size],
            "lengths": self._lengths[: self._size],
            "vocabulary": self._vocabulary,
            "starts": self._starts,
            "postings": self._postings,
            "by_length": self._by_length,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]]) -> BigramIndex:
        """The index `to_arrays` described."""
        index = cls()
        count = int(arrays["count"][0])
        blob = np.asarray(arrays["texts"], dtype=np.uint8).tobytes()
        index.texts = blob.decode("utf-8").split(_SEP) if count else []
        if len(index.texts) != count:
            raise ValueError("the stored index is inconsistent")
        index._ids = np.asarray(arrays["ids"], np.int64).copy()
        index._langs = np.asarray(arrays["langs"], np.uint8).copy()
        index._lengths = np.asarray(arrays["lengths"], np.int32).copy()
        index._vocabulary = np.asarray(arrays["vocabulary"], np.int64)
        index._starts = np.asarray(arrays["starts"], np.int64)
        index._postings = np.asarray(arrays["postings"], np.int32)
        index._by_length = np.asarray(arrays["by_length"], np.int32)
        index._size = index._base = count
        index._max_id = int(index._ids.max()) if count else 0
        return index

    # -- lookup -----------------------------------------------------------------------------

    def _rows(self, tokens: list[int]) -> list[npt.NDArray[np.int32]]:
        """The posting list of each token (base and added entries), empty when unknown."""
        rows: list[npt.NDArray[np.int32]] = []
        vocabulary = self._vocabulary
        if tokens and len(vocabulary) and not self._delta:
            wanted = np.asarray(tokens, dtype=np.int64)
            at = np.minimum(np.searchsorted(vocabulary, wanted), len(vocabulary) - 1)
            at = at[vocabulary[at] == wanted]
            starts, postings = self._starts[at].tolist(), self._starts[at + 1].tolist()
            found = [self._postings[a:b] for a, b in zip(starts, postings, strict=True)]
            return found + [np.zeros(0, np.int32)] * (len(tokens) - len(found))
        if tokens and len(vocabulary):
            wanted = np.asarray(tokens, dtype=np.int64)
            at = np.minimum(np.searchsorted(vocabulary, wanted), len(vocabulary) - 1)
            known = vocabulary[at] == wanted
            for row, hit in zip(at.tolist(), known.tolist(), strict=True):
                base = self._postings[self._starts[row] : self._starts[row + 1]] if hit else None
                added = self._delta.get(tokens[len(rows)])
                if added:
                    extra = np.asarray(added, dtype=np.int32)
                    base = extra if base is None else np.concatenate([base, extra])
                rows.append(base if base is not None else np.zeros(0, np.int32))
        else:
            for token in tokens:
                added = self._delta.get(token)
                rows.append(np.asarray(added or [], dtype=np.int32))
        return rows

    def _counts(self, tokens: list[int]) -> I64:
        """Shared tokens per entry."""
        rows = [row for row in self._rows(tokens) if len(row)]
        if not rows:
            return np.zeros(self._size, np.int64)
        return np.bincount(np.concatenate(rows), minlength=self._size)

    def _shared(
        self, tokens: list[int], needed: int, need: Callable[[I64], I64]
    ) -> tuple[I64, I64]:
        """Entries sharing enough tokens with the query, and how many they share.

        Every entry must share at least `needed` tokens, and `need` gives each entry's own
        (larger) requirement from its length. The longest posting lists (at most
        ``needed - 1`` of them, those longer than an eighth of the index) are not merged:
        an entry must share ``needed - skipped`` of the others, and only the entries that
        do are probed in the skipped lists, dropping after each list those that can no
        longer reach their requirement.
        """
        rows = sorted(self._rows(tokens), key=len)
        skipped = 0
        while skipped < needed - 1 and len(rows[-1 - skipped]) * 4 > self._size:
            skipped += 1
        merged_rows = rows[: len(rows) - skipped]
        frequent = rows[len(rows) - skipped :]
        merged = np.concatenate(merged_rows) if merged_rows else np.zeros(0, np.int32)
        if not len(merged):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        floor = max(needed - skipped, 1)
        if len(merged) * 8 > self._size:  # counting beats sorting for long lists
            counts = np.bincount(merged, minlength=self._size)
            candidates = np.flatnonzero(counts >= floor)
            shared = counts[candidates]
        else:
            merged.sort()
            starts = np.flatnonzero(np.r_[True, merged[1:] != merged[:-1]])
            shared = np.diff(np.r_[starts, len(merged)]).astype(np.int64)
            candidates = merged[starts].astype(np.int64)
            keep = shared >= floor
            candidates, shared = candidates[keep], shared[keep]
        required = need(candidates)
        for left, row in zip(range(len(frequent), 0, -1), frequent, strict=True):
            keep = shared + left >= required
            candidates, shared, required = candidates[keep], shared[keep], required[keep]
            if len(row) and len(candidates):  # ascending: base entries, then added ones
                at = np.minimum(np.searchsorted(row, candidates), len(row) - 1)
                shared += row[at] == candidates
        keep = shared >= required
        return candidates[keep], shared[keep]

    def _length_window(self, low: int, high: int) -> I64:
        """Entries whose length is in [low, high]."""
        base_lengths = self._lengths[self._by_length]
        first = int(np.searchsorted(base_lengths, low, side="left"))
        last = int(np.searchsorted(base_lengths, high, side="right"))
        found = self._by_length[first:last].astype(np.int64)
        tail = np.arange(self._base, self._size, dtype=np.int64)
        tail_lengths = self._lengths[self._base : self._size]
        tail = tail[(tail_lengths >= low) & (tail_lengths <= high)]
        return np.concatenate([found, tail])

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        threshold: float = 75.0,
        lang: int | None = None,
    ) -> list[Hit]:
        """The `limit` entries most similar to `query` scoring at least `threshold`.

        The score is `tmtool.tm.similarity.similarity` (normalised Levenshtein similarity on
        characters, 0–100); ties go to the entry added last. The result equals an exhaustive
        search's (`exhaustive`).

        Args:
            query: The text to look up.
            limit: How many entries at most.
            threshold: The lowest score returned (0–100).
            lang: Only entries with this language code (None: every entry).
        """
        query = _clean(query)
        if limit <= 0 or not self._size or not query:
            return []
        t = min(max(threshold, 0.0), 100.0) / 100.0
        la = len(query)
        # Length window: min(la, lb) / max(la, lb) >= t.
        low = int(np.ceil(la * t - 1e-9))
        high = int(np.floor(la / t + 1e-9)) if t > 0 else 1 << 30
        # Edit distance k <= (1 - t)·M and c >= M - 1 - 2k give c >= (2t - 1)·M - 1, M >= la.
        needed = int(np.ceil((2 * t - 1) * la - 1 - 1e-9))
        tokens = query_tokens(query)
        lengths = self._lengths

        def need(entries: I64) -> I64:
            size = lengths[entries].astype(np.int64)
            outside = (size < low) | (size > high)
            own = np.ceil((2 * t - 1) * np.maximum(size, la) - 1 - 1e-9).astype(np.int64)
            return np.where(outside, 1 << 30, np.maximum(own, needed))

        if needed >= 1:
            candidates, shared = self._shared(tokens, needed, need)
        else:
            candidates = self._length_window(low, high)
            shared = self._counts(tokens)[candidates] if len(candidates) else candidates
        if lang is not None and len(candidates):
            keep = self._langs[candidates] == lang
            candidates, shared = candidates[keep], shared[keep]
        if not len(candidates):
            return []
        lb = self._lengths[candidates].astype(np.float64)
        longest = np.maximum(la, lb)
        bound = np.minimum((longest + 1 + shared) / (2 * longest), np.minimum(la, lb) / longest)
        keep = bound >= t - 1e-9
        candidates, bound = candidates[keep], bound[keep] * 100.0
        return self._rescore(query, candidates, bound, limit, threshold)

    def _rescore(
        self, query: str, candidates: I64, bound: npt.NDArray[np.float64], limit: int, cut: float
    ) -> list[Hit]:
        """Score candidates best bound first, until no bound can beat the k-th score."""
        order = np.argsort(-bound, kind="stable")
        ranked, ranked_bound = candidates[order], bound[order]
        best: list[tuple[float, int]] = []  # a min-heap of (score, entry)
        step, done = 256, 0
        texts = self.texts
        while done < len(ranked):
            floor = best[0][0] if len(best) == limit else cut
            if ranked_bound[done] < floor - 1e-9:
                break
            chunk = ranked[done : done + step]
            done += step
            step = min(step * 2, 16384)
            choices = [texts[i] for i in chunk.tolist()]
            scores = process.cdist(
                [query],
                choices,
                scorer=Levenshtein.normalized_similarity,
                dtype=np.float64,
                score_cutoff=max(floor, cut) / 100.0 - 1e-9,
            )[0]
            good = np.flatnonzero(scores * 100.0 >= max(floor, cut) - 1e-9)
            for at in good.tolist():
                item = (round(float(scores[at]) * 100.0, 2), int(chunk[at]))
                if item[0] <= 0:
                    continue
                if len(best) < limit:
                    heapq.heappush(best, item)
                elif item > best[0]:
                    heapq.heapreplace(best, item)
        return [Hit(entry, score) for score, entry in sorted(best, reverse=True)]

    def exhaustive(
        self, query: str, *, limit: int = 5, threshold: float = 75.0, lang: int | None = None
    ) -> list[Hit]:
        """The same answer as `search`, by scoring every entry (for tests and benchmarks)."""
        query = _clean(query)
        if limit <= 0 or not self._size or not query:
            return []
        every = np.arange(self._size, dtype=np.int64)
        if lang is not None:
            every = every[self._langs[: self._size] == lang]
        return self._rescore(query, every, np.full(len(every), 100.0), limit, threshold)

    def concordance(self, phrase: str, *, limit: int = 50, lang: int | None = None) -> list[int]:
        """Entries whose text contains `phrase`, newest first."""
        phrase = _clean(phrase)
        if not phrase:
            return []
        if len(phrase) >= 2:
            tokens = query_tokens(phrase)
            counts = self._counts(tokens)
            pool = np.flatnonzero(counts >= len(tokens))
        else:
            pool = np.arange(self._size, dtype=np.int64)
        found: list[int] = []
        for entry in pool[::-1].tolist():
            if lang is not None and self._langs[entry] != lang:
                continue
            if phrase in self.texts[entry]:
                found.append(entry)
                if len(found) >= limit:
                    break
        return found
