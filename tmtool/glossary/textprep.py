"""Preparing text for term matching: NFC, fullwidth folding, casefolding, with offset maps.

Text and terms are folded the same way before matching; `Prepared` maps the folded
text back to the original, so offsets always refer to the text as given.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

__all__ = [
    "Prepared",
    "fold",
    "is_word_char",
    "nfc_with_map",
    "paused_gc",
    "prepare",
    "width_fold",
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
