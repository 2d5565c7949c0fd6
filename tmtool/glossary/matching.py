"""Finding source-language glossary terms in text: one Aho–Corasick automaton.

Text and terms are NFC-normalised, fullwidth letters and digits folded to
ASCII and everything casefolded before matching; `Prepared` maps the folded
text back to the original, so offsets always refer to the text as given.

`SourceAutomaton` holds every folded term in one ahocorasick-rs automaton
with ``MatchKind.LeftmostLongest``, and the non-overlapping scan gives the
leftmost-longest hits directly.  Terms and text are handed over as UTF-16-BE
bytes: for a BMP-only text a byte offset is twice the character offset, and
the automaton has a third fewer states than over UTF-8 (ahocorasick-rs's own
``str`` interface), which makes it both quicker to build and to scan.  A
match at an odd byte offset straddles two characters and is dropped.  A hit
that a boundary or case rule (or the offset map) rejects is replaced by the
longest shorter valid term starting at the same place, if any, and the text
after the rejected start is searched again locally until the scan is back in
step with the automaton's own stream of matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress
from operator import itemgetter
from typing import Any

import ahocorasick_rs

from tmtool.glossary.textprep import (
    Prepared,
    fold,
    is_word_char,
    nfc_with_map,
    paused_gc,
    prepare,
    width_fold,
)

__all__ = [
    "Hit",
    "Prepared",
    "SourceAutomaton",
    "SourceTerm",
    "fold",
    "is_word_char",
    "nfc_with_map",
    "paused_gc",
    "prepare",
    "width_fold",
]

#: A term as the automaton knows it (a plain tuple, quick to build): concept
#: index, label and status (given back with each hit), the term NFC and
#: width-folded in its own case, case-sensitive, must not follow a word
#: character, must not be followed by one.
SourceTerm = tuple[int, str, Any, str, bool, bool, bool]

#: The automaton's value for a key: its length, whether a match needs
#: checking, the first term's label and status, and every term with that key
#: (flat, so that a hit touches as little memory as possible).
Value = tuple[int, bool, str, Any, tuple[SourceTerm, ...]]
#: A hit: start and end in the original text, and the key's value (holding
#: only the terms valid there).
Hit = tuple[int, int, Value]


class SourceAutomaton:
    """Leftmost-longest, non-overlapping search for many terms at once."""

    __slots__ = ("_automaton", "_first_checked", "_keys", "_lengths", "_longest", "_values")

    def __init__(
        self, terms: Sequence[tuple[int, str, Any, str, bool]], *, boundaries: bool = True
    ) -> None:
        """Build the automaton.

        Args:
            terms: (concept index, label, status, text, case-sensitive) for each
                term, in termbase order; terms with the same folded form
                share one key and are tried in this order.
            boundaries: Whether a term starting or ending with a letter or
                digit must not touch another letter or digit there; false
                for plain substring search.
        """
        with paused_gc():
            groups = _group(terms, boundaries)
            # Sorted, so that keys sharing a prefix are added one after the other
            # (this halves the automaton's build time), and the keys needing a
            # check last, so that one `max` tells whether a scan met any.
            keys = sorted(groups)
            self._first_checked = len(keys)
            if any(map(_CHECK, groups.values())):
                plain = [key for key in keys if not groups[key][1]]
                self._first_checked = len(plain)
                keys = plain + [key for key in keys if groups[key][1]]
            self._values: list[Value] = list(map(groups.__getitem__, keys))
            self._keys = groups
            lengths = list(map(len, keys))
            self._lengths = sorted(set(lengths), reverse=True)
            self._automaton: ahocorasick_rs.BytesAhoCorasick | None = None
            self._longest = 0
            if keys:
                encoded = _utf16(keys, lengths)
                self._automaton = ahocorasick_rs.BytesAhoCorasick(
                    encoded, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
                )
                self._longest = 4 * self._lengths[0]  # bytes: surrogate pairs at most

    @property
    def values(self) -> list[Value]:
        """The value of each key, by the automaton's pattern index."""
        return self._values

    def scan(self, text: str) -> list[Hit]:
        """Find the leftmost-longest, non-overlapping term hits in a text.

        Args:
            text: The text to search, as given.

        Returns:
            Hits in text order, offsets in `text`.
        """
        matches, hits = self.search(text)
        if hits is not None:
            return hits
        values = self._values
        return [(start >> 1, end >> 1, values[index]) for index, start, end in matches]

    def search(self, text: str) -> tuple[list[tuple[int, int, int]], list[Hit] | None]:
        """`scan`, leaving the commonest answer as the automaton gave it.

        Args:
            text: The text to search, as given.

        Returns:
            The automaton's matches (pattern index, start and end byte in the
            UTF-16 text, that is twice the offset in `text`) and ``None`` when
            they are the hits as they stand, with each key's value in
            `values`: no term in them needs a check, the text needed no
            normalising or folding and is all in the BMP.  Otherwise ``[]``
            and the hits.
        """
        automaton = self._automaton
        if automaton is None or not text:
            return [], []
        if len(text) < 4096:
            return self._search(automaton, text)
        with paused_gc():  # see `paused_gc`
            return self._search(automaton, text)

    def _search(
        self, automaton: ahocorasick_rs.BytesAhoCorasick, text: str
    ) -> tuple[list[tuple[int, int, int]], list[Hit] | None]:
        """See `search`."""
        prepared = prepare(text)
        data = prepared.folded.encode("utf-16-be", "surrogatepass")
        matches = automaton.find_matches_as_indexes(data)
        if not matches:
            return [], []
        if (
            not prepared.mapped
            and len(data) == 2 * len(text)
            and max(matches)[0] < self._first_checked
            and not any(start & 1 for _, start, _ in matches)
        ):
            return matches, None
        return [], self._checked_scan(prepared, data, matches)

    def _checked_scan(
        self, prepared: Prepared, data: bytes, matches: list[tuple[int, int, int]]
    ) -> list[Hit]:
        """`scan` when some hit needs a boundary, case or alignment check.

        Goes through the automaton's leftmost-longest matches in order; where
        one is rejected, tries the shorter terms at the same start, then
        searches on from the next character with `_next` until the position
        reaches the end of an automaton match again, where the automaton's own
        stream is back in step.
        """
        folded = prepared.folded
        mapped = prepared.mapped
        values = self._values
        if len(data) == 2 * len(folded):
            to_char: list[int] | None = None
            to_unit: list[int] | None = None
        else:  # characters beyond the BMP take two UTF-16 code units
            to_unit = [0]
            for char in folded:
                to_unit.append(to_unit[-1] + (2 if ord(char) > 0xFFFF else 1))
            to_char = [-1] * (to_unit[-1] + 1)
            for index, unit in enumerate(to_unit):
                to_char[unit] = index
        hits: list[Hit] = []
        pos = 0  # characters of `folded` before it are done with
        pos_byte = 0
        count = len(matches)
        following = 0  # index of the next automaton match
        stream_end = 0  # byte where the automaton resumed after its last match passed over
        while True:
            while following < count and matches[following][1] < pos_byte:
                stream_end = matches[following][2]
                following += 1
            if stream_end <= pos_byte:
                # No key starts between stream_end and the next match: it is the next one.
                if following == count:
                    break
                index, start_byte, end_byte = matches[following]
                stream_end = end_byte
                following += 1
            else:
                found = self._next(data, pos_byte)
                if found is None:
                    break
                index, start_byte, end_byte = found
            unit = start_byte >> 1
            start = unit if to_char is None else to_char[unit]
            if start_byte & 1 or start < 0:
                # Straddles two characters: no term starts at or before the one it starts in.
                pos = (start_byte + 1) >> 1 if to_char is None else _char_after(to_char, unit)
            else:
                value: Value | None = values[index]
                if mapped or values[index][1]:
                    value = _first_valid(
                        prepared, start, self._shorter(folded, start, values[index])
                    )
                if value is None:
                    pos = start + 1
                else:
                    end = start + value[0]
                    if mapped:
                        hits.append((prepared.to_original(start), prepared.to_original(end), value))
                    else:
                        hits.append((start, end, value))
                    pos = end
            pos_byte = 2 * (pos if to_unit is None else to_unit[pos])
        return hits

    def _shorter(self, folded: str, start: int, value: Value) -> Iterator[Value]:
        """The key found at `start`, then every shorter key starting there, longest first."""
        yield value
        keys = self._keys
        for length in self._lengths:
            if length < value[0]:
                other = keys.get(folded[start : start + length])
                if other is not None:
                    yield other

    def _next(self, data: bytes, pos: int) -> tuple[int, int, int] | None:
        """The automaton's leftmost-longest match at or after byte `pos`, found locally.

        Searches a window of the text, growing it when the match found might
        be cut short by its end.
        """
        automaton = self._automaton
        assert automaton is not None
        longest = self._longest
        span = max(256, 4 * longest)
        size = len(data)
        while pos < size:
            window_end = pos + span
            found = automaton.find_matches_as_indexes(data[pos:window_end])
            if found:
                index, start, end = found[0]
                if window_end >= size or start + longest <= span:
                    return index, pos + start, pos + end
                span *= 2  # a longer key starting at or before it may not fit
                continue
            if window_end >= size:
                return None
            pos = window_end - longest + 1  # every key starting before this would fit
        return None


_CHECK = itemgetter(1)


def _utf16(keys: Sequence[str], lengths: list[int]) -> list[bytes]:
    """Each key in UTF-16-BE, encoded at once (the keys are usually all in the BMP).

    Big-endian, so that keys sorted as strings are sorted as bytes too.
    """
    joined = "".join(keys)
    data = joined.encode("utf-16-be", "surrogatepass")
    if len(data) != 2 * len(joined):
        return [key.encode("utf-16-be", "surrogatepass") for key in keys]
    bounds = list(map((2).__mul__, accumulate(lengths, initial=0)))
    return list(map(data.__getitem__, map(slice, bounds, bounds[1:])))


def _char_after(to_char: list[int], unit: int) -> int:
    """The first character starting after UTF-16 code unit `unit`."""
    unit += 1
    while to_char[unit] < 0:
        unit += 1
    return to_char[unit]


# Whitespace at either end of a term in the NUL-joined terms (rare: strip only then).
_EDGE_SPACE = re.compile(r"(?:\A|\x00)\s|\s(?:\x00|\Z)")
# A term starting or ending with anything but a CJK ideograph (only those need a look).
_NOT_HAN_EDGE = re.compile(r"[^\u4e00-\u9fff]|.*[^\u4e00-\u9fff]\Z", re.DOTALL).match


def _group(terms: Sequence[tuple[int, str, Any, str, bool]], boundaries: bool) -> dict[str, Value]:
    """Normalise every term at once and group the terms by folded key.

    Written for speed: bulk string operations and comprehensions, with a
    slower pass only for terms with Latin edges and for repeated keys.

    Args:
        terms: See `SourceAutomaton`.
        boundaries: See `SourceAutomaton`.

    Returns:
        The automaton's value for each folded key.
    """
    raw = "\x00".join([term[3] for term in terms])
    nfc = unicodedata.normalize("NFC", raw)
    texts = width_fold(nfc).split("\x00")
    keys = fold(nfc).split("\x00")
    if _EDGE_SPACE.search(nfc):
        texts = [text.strip() for text in texts]
        keys = [key.strip() for key in keys]
    if not len(texts) == len(keys) == len(terms):  # a term holds a NUL, or no terms
        texts = [width_fold(unicodedata.normalize("NFC", term[3]).strip()) for term in terms]
        keys = [fold(text) for text in texts]
    entries: list[SourceTerm] = [
        (concept, label, status, text, case_sensitive, False, False)
        for (concept, label, status, _, case_sensitive), text in zip(terms, texts, strict=True)
    ]
    if boundaries:
        for index in compress(range(len(texts)), map(_NOT_HAN_EDGE, texts)):
            text, entry = texts[index], entries[index]
            entries[index] = (*entry[:5], is_word_char(text[0]), is_word_char(text[-1]))
    # Reversed, so that the first term of a repeated key is the one kept.
    values: dict[str, Value] = {
        key: (len(key), entry[4] or entry[5] or entry[6], entry[1], entry[2], (entry,))
        for key, entry in zip(reversed(keys), reversed(entries), strict=True)
        if key
    }
    if len(values) < len(keys) - keys.count(""):
        counts = Counter(keys)
        repeated: dict[str, list[SourceTerm]] = {}
        for key, entry in zip(keys, entries, strict=True):
            if key and counts[key] > 1:
                repeated.setdefault(key, []).append(entry)
        for key, group in repeated.items():
            check = any(entry[4] or entry[5] or entry[6] for entry in group)
            values[key] = (len(key), check, group[0][1], group[0][2], tuple(group))
    return values


def _first_valid(prepared: Prepared, start: int, values: Iterable[Value]) -> Value | None:
    """The longest key matching at `start` whose boundary and case conditions hold.

    Args:
        prepared: The text being searched.
        start: Start of the matches in the folded text.
        values: The values of the keys matching there, longest first.

    Returns:
        The value, holding only the terms valid there, or ``None``.
    """
    folded = prepared.folded
    before_word = start > 0 and is_word_char(folded[start - 1])
    for value in values:
        length, check, _, _, terms = value
        end = start + length
        if prepared.mapped and not prepared.aligned(start, end):
            continue
        if not check:
            return value
        after_word = end < len(folded) and is_word_char(folded[end])
        valid = []
        for term in terms:
            _, _, _, text, case_sensitive, check_start, check_end = term
            if (check_start and before_word) or (check_end and after_word):
                continue
            if case_sensitive:
                surface = prepared.nfc[prepared.to_nfc(start) : prepared.to_nfc(end)]
                if width_fold(surface) != text:
                    continue
            valid.append(term)
        if valid:
            return (length, True, valid[0][1], valid[0][2], tuple(valid))
    return None
