"""Finding source-language glossary terms in text: one Aho–Corasick automaton.

Text and terms are NFC-normalised, fullwidth letters and digits folded to
ASCII and everything casefolded before matching; `Prepared` maps the folded
text back to the original, so offsets always refer to the text as given.

pyahocorasick's own ``iter_long`` misses matches that are a proper suffix of
a longer partial match, so `SourceAutomaton` stores every term reversed and
scans the reversed text with ``iter``: each reported end in the reversed text
is a start in the original, and the first key reported there is the longest
term starting at that position.  A greedy pass from the left then picks the
leftmost-longest, non-overlapping hits.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

__all__ = [
    "Prepared",
    "SourceAutomaton",
    "SourceTerm",
    "fold",
    "is_word_char",
    "nfc_with_map",
    "prepare",
]

# Fullwidth digits and letters to ASCII: Chinese copy often writes ＣＲＲＣ or ５Ｇ.
# Fullwidth punctuation (，：（）) is left alone.
_WIDTH = {
    code: code - 0xFEE0
    for low, high in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(low, high + 1)
}
_HAS_WIDE = re.compile("[０-９Ａ-Ｚａ-ｚ]")
# Turkish İ would casefold to "i" plus a combining dot; "İstanbul" should match.
_FOLD_FIRST = {**_WIDTH, 0x130: ord("i")}
_HAS_FOLD_FIRST = re.compile("[０-９Ａ-Ｚａ-ｚİ]")

# Characters that never compose with the character before them under NFC:
# Latin up to the combining diacritics, Greek and Cyrillic letters, general
# punctuation, CJK punctuation (less the tone marks), CJK ideographs,
# fullwidth forms.  A stretch of them is already in NFC.
_STABLE = (
    r"\x00-\u02ff\u0370-\u0482\u2000-\u206f\u3000-\u3029\u3030-\u303f\u4e00-\u9fff\uff00-\uffef"
)
_UNSTABLE_RUN = re.compile(f"(?:^|[{_STABLE}])[^{_STABLE}]+")

_CJK_RANGES = (
    (0x2E80, 0xA4CF),  # radicals, CJK punctuation, kana, bopomofo, ideographs, Yi
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF66, 0xFFDC),  # halfwidth kana and Hangul
    (0x20000, 0x3FFFF),  # ideograph extensions
)


def fold(text: str) -> str:
    """Fold text for case-insensitive matching.

    Fullwidth letters and digits become ASCII, ``İ`` becomes ``i``, then the text is
    casefolded (``ß`` becomes ``ss``).

    Args:
        text: NFC text.

    Returns:
        The folded text.
    """
    if _HAS_FOLD_FIRST.search(text):
        text = text.translate(_FOLD_FIRST)
    return text.casefold()


def width_fold(text: str) -> str:
    """Fold fullwidth letters and digits to ASCII, keeping case.

    Args:
        text: Any text.

    Returns:
        The text with ``Ａ`` to ``ｚ`` and ``０`` to ``９`` replaced by their
        ASCII forms.
    """
    return text.translate(_WIDTH) if _HAS_WIDE.search(text) else text


def is_word_char(char: str) -> bool:
    """Whether a character belongs to a word in a space-separated script.

    Letters and digits count, except CJK ideographs, kana and Hangul: those
    never take word-boundary logic.

    Args:
        char: One character.

    Returns:
        True for a Latin, Cyrillic, Greek, … letter or digit.
    """
    if "\u4e00" <= char <= "\u9fff" or not char.isalnum():
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in _CJK_RANGES)


def _remap(text: str, pattern: re.Pattern[str], change: str) -> tuple[str, list[int]]:
    """Rewrite the runs of `text` matched by `pattern` and map positions back.

    `change` is ``"nfc"`` to NFC-normalise each run or ``"fold"`` to fold it.
    Returns the new text and, for each of its positions plus the end, the
    position in `text` it came from; the characters of an NFC run whose
    length changed all map to the run's start (a match inside is unaligned).
    """
    parts: list[str] = []
    src: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        parts.append(text[pos:start])
        src.extend(range(pos, start))
        run = text[start:end]
        new = unicodedata.normalize("NFC", run) if change == "nfc" else fold(run)
        parts.append(new)
        if len(new) == end - start:
            src.extend(range(start, end))
        elif change == "fold":
            for index, char in enumerate(run, start):
                src.extend([index] * len(fold(char)))
        else:
            src.extend([start] * len(new))
        pos = end
    parts.append(text[pos:])
    src.extend(range(pos, len(text) + 1))
    return "".join(parts), src


def nfc_with_map(text: str) -> tuple[str, list[int] | None]:
    """NFC-normalise text, with a map back to the original when it changed.

    Args:
        text: Any text.

    Returns:
        The NFC text and ``None`` when it was already NFC, else the map from
        each NFC position (plus the end) to the original position.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    return _remap(text, _UNSTABLE_RUN, "nfc")


@cache
def _expanding() -> re.Pattern[str]:
    """A pattern matching every character whose folded form is not one character."""
    chars = [chr(code) for code in range(0x80, 0x10000) if len(fold(chr(code))) != 1]
    chars = [c for c in chars if not 0xD800 <= ord(c) <= 0xDFFF]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A text ready for matching.

    Attributes:
        original: The text as given.
        nfc: Its NFC form.
        folded: `nfc` folded with `fold`.
        nfc_src: Map from `nfc` positions to `original` positions, or
            ``None`` when they are the same.
        fold_src: Map from `folded` positions to `nfc` positions, or ``None``
            when they are the same.
    """

    original: str
    nfc: str
    folded: str
    nfc_src: list[int] | None
    fold_src: list[int] | None

    @property
    def mapped(self) -> bool:
        """Whether offsets in `folded` differ from offsets in `original`."""
        return self.nfc_src is not None or self.fold_src is not None

    def aligned(self, start: int, end: int) -> bool:
        """Whether a span of `folded` starts and ends on original characters."""
        for src in (self.fold_src, self.nfc_src):
            if src is not None:
                if start and src[start] == src[start - 1]:
                    return False
                if end < len(src) - 1 and src[end] == src[end - 1]:
                    return False
                start, end = src[start], src[end]
        return True

    def to_nfc(self, pos: int) -> int:
        """Map a position in `folded` to the position in `nfc`."""
        return pos if self.fold_src is None else self.fold_src[pos]

    def to_original(self, pos: int) -> int:
        """Map a position in `folded` to the position in `original`."""
        pos = self.to_nfc(pos)
        return pos if self.nfc_src is None else self.nfc_src[pos]


def prepare(text: str) -> Prepared:
    """NFC-normalise and fold a text, keeping maps back to the original.

    Args:
        text: Any text.

    Returns:
        The prepared text.
    """
    nfc, nfc_src = nfc_with_map(text)
    folded = fold(nfc)
    fold_src = None
    if len(folded) != len(nfc):
        _, fold_src = _remap(nfc, _expanding(), "fold")
        if len(fold_src) != len(folded) + 1:  # an expanding character beyond the BMP
            fold_src = [i for i, char in enumerate(nfc) for _ in fold(char)] + [len(nfc)]
    return Prepared(text, nfc, folded, nfc_src, fold_src)


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

# The most frequent characters of Chinese news copy, most frequent first.  A
# trie node's children are searched linearly in insertion order, so keys are
# inserted by the rank of their last character (the first of the reversed key,
# a child of the root, where every scanned character is looked up): common
# characters are found first.  Ranking deeper levels costs more than it saves.
_FREQUENT = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知"
    "较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造"
    "百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清美再采转更单风切打白教"
)
_RANK = {char: rank for rank, char in enumerate(_FREQUENT)}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the garbage collector while building many small objects.

    Building an index makes hundreds of thousands of tuples, which would
    otherwise set off full collections over the whole termbase.

    Yields:
        Nothing; the collector is back on (if it was on) afterwards.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class SourceAutomaton:
    """Leftmost-longest, non-overlapping search for many terms at once."""

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
            automaton = ahocorasick.Automaton()
            keys = list(groups)
            values = list(groups.values())
            ranks = [_RANK.get(key[-1], len(_RANK)) for key in keys]
            add = automaton.add_word
            for index in sorted(range(len(keys)), key=ranks.__getitem__):
                add(keys[index][::-1], values[index])
            if groups:
                automaton.make_automaton()
        self._automaton = automaton
        self._empty = not groups

    def scan(self, text: str) -> list[Hit]:
        """Find the leftmost-longest, non-overlapping term hits in a text.

        Args:
            text: The text to search, as given.

        Returns:
            Hits in text order, offsets in `text`.
        """
        if self._empty or not text:
            return []
        if len(text) < 4096:
            return self._scan(prepare(text))
        with paused_gc():
            return self._scan(prepare(text))

    def _scan(self, prepared: Prepared) -> list[Hit]:
        """See `scan`."""
        last = len(prepared.folded) - 1
        mapped = prepared.mapped
        found: list[tuple[int, Value]] = list(self._automaton.iter(prepared.folded[::-1]))
        # Keys come longest first at each end, so the first value per end wins;
        # ends in the reversed text descend, so starts in the text ascend.
        longest = dict(reversed(found))
        every: dict[int, list[Value]] | None = None
        hits: list[Hit] = []
        pos = 0
        for end, value in longest.items():
            start = last - end
            if start < pos:
                continue
            if value[1] or mapped:
                if every is None:
                    every = {}
                    for at, other in found:
                        every.setdefault(at, []).append(other)
                checked = _first_valid(prepared, start, every[end])
                if checked is None:
                    continue
                value = checked
            pos = start + value[0]
            if mapped:
                hits.append((prepared.to_original(start), prepared.to_original(pos), value))
            else:
                hits.append((start, pos, value))
        return hits


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
    texts = [text.strip() for text in width_fold(nfc).split("\x00")]
    keys = [key.strip() for key in fold(nfc).split("\x00")]
    if not len(texts) == len(keys) == len(terms):  # a term holds a NUL, or no terms
        texts = [width_fold(unicodedata.normalize("NFC", term[3]).strip()) for term in terms]
        keys = [fold(text) for text in texts]
    entries: list[SourceTerm] = [
        (concept, label, status, text, case_sensitive, False, False)
        for (concept, label, status, _, case_sensitive), text in zip(terms, texts, strict=True)
    ]
    if boundaries:
        for index, text in enumerate(texts):
            if text and not ("\u4e00" <= text[0] <= "\u9fff" and "\u4e00" <= text[-1] <= "\u9fff"):
                entry = entries[index]
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


def _first_valid(prepared: Prepared, start: int, values: list[Value]) -> Value | None:
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
    for length, _, _, _, terms in values:
        end = start + length
        if prepared.mapped and not prepared.aligned(start, end):
            continue
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
