"""Decode the bytes of a text file, whatever encoding the desk saved it in.

The desk receives UTF-8 most of the time, but also files from older Windows
machines in GB18030/GBK (simplified Chinese), Big5 (traditional Chinese),
cp1251 or KOI8-R (Russian), and UTF-16 from some word processors.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from charset_normalizer import from_bytes

from tmtool.formats.base import FormatError

#: Legacy encodings charset-normalizer may choose from, in its spelling.
DETECTED_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "cp1251", "koi8_r", "utf_16")

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)

_SAMPLE_BYTES = 1 << 16
_SAMPLE_CHARS = 20_000
_MAX_CONTROL_RATIO = 0.02
_MIN_SCORE = 0.6
_DETECTOR_BONUS = 0.05

# C0 controls other than tab, line feed, vertical tab, form feed and carriage
# return, plus DEL.  Ordinary text never has more than a stray one.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_RUSSIAN_WORD = re.compile(r"[А-Яа-яЁё]+")
_ONE_LETTER_WORDS = frozenset("авикосуя")
_CJK_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—…·～￥％")
_OTHER_PUNCTUATION = frozenset("«»—–‑„“”‘’‚№…•°×±§©®™€")


def decode(data: bytes, *, name: str) -> str:
    """Decode the contents of a text file.

    Tries, in order: byte order marks; UTF-16 without a BOM (recognised by
    NUL bytes in every other position); strict UTF-8; then the legacy
    encodings in `DETECTED_ENCODINGS`, chosen by charset-normalizer with a
    plausibility score as tie-break.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The text, NFC-normalised, with every line break turned into ``"\\n"``.

    Raises:
        FormatError: The file is empty, binary, or in an unrecognised encoding.
    """
    if not data.strip():
        raise FormatError(f"{name} is empty.")
    text = _decode_bom(data)
    if text is None:
        text = _decode_utf16_without_bom(data)
    if text is None:
        if b"\x00" in data[:_SAMPLE_BYTES]:
            raise FormatError(f"{name} looks like a binary file, not text.")
        try:
            text = data.decode("utf_8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if text is None:
        if _control_ratio(data[:_SAMPLE_BYTES].decode("latin_1")) > _MAX_CONTROL_RATIO:
            raise FormatError(f"{name} looks like a binary file, not text.")
        raise FormatError(f"{name} is in an encoding tmtool cannot recognise; save it as UTF-8.")
    return _finish(text, name)


def decode_declared(data: bytes, encoding: str, *, name: str) -> str | None:
    """Decode data with an encoding the file declares itself, if it fits.

    Used for HTML ``<meta charset>``.  A byte order mark wins over the
    declaration, and so does valid UTF-8 with non-ASCII characters: legacy
    text is practically never valid UTF-8, while pages saved as UTF-8 from a
    template that still says ``gb2312`` are common.

    Args:
        data: The raw bytes of the file.
        encoding: The declared encoding, as a Python codec name.
        name: The file name used in error messages.

    Returns:
        The text, normalised as by `decode`, or None when the declaration
        should be ignored (then call `decode`).

    Raises:
        FormatError: The file is empty or binary.
    """
    if not data.strip():
        raise FormatError(f"{name} is empty.")
    if _decode_bom(data) is not None or b"\x00" in data[:_SAMPLE_BYTES]:
        return None
    if not data.isascii():
        try:
            data.decode("utf_8")
        except UnicodeDecodeError:
            pass
        else:
            return None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return _finish(text, name)


def _finish(text: str, name: str) -> str:
    """Check a decoded text for binary content and emptiness, then normalise it."""
    if _control_ratio(text[:_SAMPLE_CHARS]) > _MAX_CONTROL_RATIO:
        raise FormatError(f"{name} looks like a binary file, not text.")
    if not text.strip():
        raise FormatError(f"{name} is empty.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode_bom(data: bytes) -> str | None:
    """Decode data that starts with a byte order mark, or return None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 without a BOM, recognised by its NUL-byte pattern.

    Text in UTF-16 has a NUL in every other byte for ASCII characters (and in
    the same position for most punctuation), while binary data has NUL bytes
    in both even and odd positions.
    """
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE_BYTES]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if bool(odd_nuls) == bool(even_nuls):
        return None
    # NULs in odd positions mean little-endian ASCII, but CJK text without
    # ASCII can have them the other way round (U+4E00 is 00 4E in LE).
    best_text: str | None = None
    best_score = 0.0
    for encoding in ("utf_16_le", "utf_16_be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score >= _MIN_SCORE and score > best_score:
            best_text, best_score = text, score
    return best_text


def _decode_legacy(data: bytes) -> str | None:
    """Pick the most plausible legacy encoding, or return None."""
    decoded: dict[str, str] = {}
    for encoding in (*DETECTED_ENCODINGS, "utf_16_be"):
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not decoded:
        return None
    isolation = [enc for enc in DETECTED_ENCODINGS if enc in decoded]
    best = from_bytes(data, cp_isolation=isolation).best()
    detected = codecs.lookup(best.encoding).name if best is not None else None
    best_text: str | None = None
    best_score = 0.0
    for encoding, text in decoded.items():
        score = plausibility(text)
        if score < _MIN_SCORE:
            continue
        if encoding.startswith("utf_16") and _CJK_PUNCTUATION.isdisjoint(text[:_SAMPLE_CHARS]):
            # UTF-16 without NUL bytes has no ASCII at all: it must be Chinese
            # text, and any even-length junk decodes to some ideographs.
            continue
        if codecs.lookup(encoding).name == detected:
            score += _DETECTOR_BONUS
        if score > best_score:
            best_text, best_score = text, score
    return best_text


def _control_ratio(text: str) -> float:
    """Return the share of control characters that do not occur in text."""
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def plausibility(text: str) -> float:
    """Score how much a decoded text looks like real Chinese, Russian or English.

    Common Chinese characters (GB2312 level 1 or Big5 frequent characters),
    CJK and ordinary punctuation, ASCII and Russian words with a normal case
    pattern count as plausible; private-use characters, kana, bopomofo, box
    drawing, rare ideographs and oddly capitalised Cyrillic do not.  A wrong
    guess between GB18030 and Big5, or cp1251 and KOI8-R, scores far lower
    than the right one.

    Args:
        text: Decoded text; only its beginning is examined.

    Returns:
        A score between 0 (garbage) and 1 (entirely plausible).
    """
    sample = text[:_SAMPLE_CHARS]
    total = 0.0
    good = 0.0
    for match in _CYRILLIC_WORD.finditer(sample):
        word = match.group()
        total += len(word)
        good += len(word) * _cyrillic_word_score(word)
    for char in _CYRILLIC_WORD.sub("", sample):
        if char.isspace():
            continue
        total += 1
        good += _char_score(char)
    return good / total if total else 0.0


def _cyrillic_word_score(word: str) -> float:
    """Score a run of Cyrillic letters by its alphabet and case pattern."""
    if _RUSSIAN_WORD.fullmatch(word) is None:
        return 0.3
    if len(word) == 1:
        return 1.0 if word.lower() in _ONE_LETTER_WORDS else 0.3
    if word.islower() or (word[0].isupper() and word[1:].islower()):
        return 1.0
    if word.isupper():
        # Acronyms exist (КНР, ООН), but a mis-decoded KOI8-R/cp1251 text
        # turns most lower-case words into upper-case ones.
        return 0.5
    return 0.0


@functools.cache
def _char_score(char: str) -> float:
    """Score one character other than whitespace or Cyrillic letters."""
    code = ord(char)
    if 0x21 <= code <= 0x7E:
        return 1.0
    if char in _CJK_PUNCTUATION or char in _OTHER_PUNCTUATION:
        return 1.0
    if 0xFF01 <= code <= 0xFF5E:  # full-width forms of ASCII
        return 1.0
    if 0x4E00 <= code <= 0x9FFF:
        return 1.0 if _is_common_han(char) else 0.4
    if 0xC0 <= code <= 0xFF:  # accented Latin letters
        return 0.5
    return 0.0


def _is_common_han(char: str) -> bool:
    """Tell whether a Chinese character is among the commonly used ones."""
    try:
        gb = char.encode("gb2312")
    except UnicodeEncodeError:
        pass
    else:
        if 0xB0 <= gb[0] <= 0xD7:  # GB2312 level 1: 3755 common characters
            return True
    try:
        big5 = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA4 <= big5[0] <= 0xC6  # Big5 frequently used characters
