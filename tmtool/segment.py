"""Split news copy into paragraphs and sentences, count units, measure widths.

Standard library only.  Languages are ``"zh"`` (Chinese), ``"en"`` (English)
and ``"ru"`` (Russian); a tag such as ``"zh-CN"`` or ``"ZH"`` counts as its
primary language, and anything else is treated like English.

Sentence splitting is rule-based and deliberately predictable: it never
changes or drops a character other than whitespace between sentences, so
joining the sentences back (with ``""`` for Chinese, ``" "`` otherwise)
gives the paragraph again.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["cell_width", "count_units", "split_paragraphs", "split_sentences"]

# --- Character classes -----------------------------------------------------

_IDEOGRAPH_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EE5F),  # Extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x3347F),  # Extensions G, H, J
)

# Blocks other than ideographs whose characters take no space around them
# in Chinese text: CJK symbols and punctuation, kana, bopomofo, vertical and
# compatibility forms, halfwidth and fullwidth forms.
_CJK_OTHER_RANGES: tuple[tuple[int, int], ...] = (
    (0x3000, 0x30FF),
    (0x3100, 0x312F),
    (0x31F0, 0x31FF),
    (0xFE10, 0xFE1F),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)

# Punctuation shared by Chinese and Western text: it counts as CJK at a line
# break only when the character on the other side of the break is CJK.
_SHARED_PUNCTUATION = frozenset("“”‘’…⋯—–·")

# --- Chinese sentence marks ------------------------------------------------

_ZH_FULL_STOPS = "。！？｡"
_ZH_ELLIPSES = "…⋯"
_ZH_MARKS = _ZH_FULL_STOPS + _ZH_ELLIPSES + "!?"
_ZH_CLOSERS = frozenset("”’」』）】》〉〕］｝)]")

# --- English and Russian sentence marks ------------------------------------

_CLOSERS = "\"'”’»“)]}›"
_OPENERS = frozenset("\"'“‘«„‚([{‹")
_BOUNDARY = re.compile(r"(?P<marks>[.!?…]+)(?P<closers>[" + re.escape(_CLOSERS) + r"]*)\s+")
# A dash opens a sentence (Russian dialogue) only before a capital letter.
_DASH_START = re.compile(r"[—–]\s*(?P<first>\S)")
# Single letters joined by periods: U.S, e.g, a.m, т.е, J.K.
_DOTTED_LETTERS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

# Abbreviations (lower case, without the final period) after which a period
# never ends a sentence, whatever follows.
_ABBREVIATIONS = frozenset(
    {
        # English titles, ranks and company forms.
        "mr", "mrs", "ms", "dr", "prof", "st", "mt", "jr", "sr",
        "gov", "sen", "rep", "gen", "col", "lt", "sgt", "capt",
        "inc", "ltd", "co", "corp", "dept", "est", "approx",
        "vs", "etc", "cf", "vol", "ave", "blvd",
        # English months.
        "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec",
        # Russian single-letter abbreviations: г. (год, город), т. е., т. к.,
        # т. д., т. п., д. (дом), н. э., с. (село, страница), п. (пункт),
        # ч. (час, часть), в. (век), и. о.  "я" is left out: "Это я."
        "г", "т", "е", "к", "д", "п", "н", "э", "с", "ч", "в", "и", "о",
        # Russian words.
        "гг", "вв", "др", "пр", "им", "ул", "пр-т", "обл", "р-н", "пос",
        "пл", "кв", "тел", "руб", "коп", "долл", "тыс", "млн", "млрд",
        "трлн", "см", "стр", "ст", "рис", "напр", "ср", "изд", "ред",
        "акад", "проф", "доц",
        # Russian months.
        "янв", "фев", "февр", "мар", "апр", "авг", "сен", "сент", "окт",
        "нояб", "дек",
    }
)  # fmt: skip

# Abbreviations that are also ordinary words ("No.", "fig."): they hold the
# sentence together only when a number follows, as in "No. 3" or "Fig. 2".
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "fig", "p", "pp", "art"})

# --- Counting --------------------------------------------------------------

# Letters and digits, joined by apostrophes, hyphens and periods between
# letters or digits, and by commas between digits: don't, well-known, U.S,
# 3.5, 9,6, 35,000.
_WORD = re.compile(r"[^\W_]+(?:(?:['’\-‐‑.]|(?<=\d),(?=\d))[^\W_]+)*")

_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _is_ideograph(char: str) -> bool:
    return char == "〇" or _in_ranges(char, _IDEOGRAPH_RANGES)


def _is_cjk(char: str) -> bool:
    return _is_ideograph(char) or _in_ranges(char, _CJK_OTHER_RANGES)


def _language(lang: str) -> str:
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in ("zh", "ru") else "en"


# --- Sentences -------------------------------------------------------------


def split_sentences(text: str, lang: str, *, semicolon: bool = False) -> list[str]:
    """Split one paragraph into sentences.

    Chinese sentences end at 。！？, at an ellipsis of two or more ``…``, at
    ``；`` when `semicolon` is true, and at half-width ``!`` or ``?`` followed
    by whitespace or the end of the text.  A run of marks stays together, and
    closing quotes and brackets after it stay with the sentence, even when
    the quotation goes on: ``“建设。下一步……”`` splits after ``。``.

    English and Russian sentences end at ``.``, ``!``, ``?`` or ``…`` (or a
    run of them), plus any closing quotes or brackets, followed by whitespace
    and a sentence start: a letter that is not lower case, a digit, an opening
    quote or bracket, or a dash before a capital letter.  A single period
    does not end a sentence after a single capital letter (an initial), after
    letters joined by periods (``U.S.``, ``e.g.``, ``т.е.``), after a known
    abbreviation (``Mr.``, ``г.``, ``т. д.``), nor after ``No.``, ``Nos.``,
    ``Fig.``, ``p.``, ``pp.`` or ``Art.`` when a digit follows.

    Args:
        text: One paragraph; line breaks inside it count as whitespace.
        lang: ``"zh"``, ``"en"`` or ``"ru"``; anything else is treated like
            ``"en"``.
        semicolon: In Chinese, also end sentences at ``；``.  Ignored for
            other languages.

    Returns:
        The sentences, stripped of surrounding whitespace, none empty.  An
        empty or blank paragraph gives ``[]``.
    """
    if _language(lang) == "zh":
        pieces = _split_zh(text, semicolon=semicolon)
    else:
        pieces = _split_western(text)
    return [piece.strip() for piece in pieces if piece.strip()]


def _split_zh(text: str, *, semicolon: bool) -> list[str]:
    full_stops = _ZH_FULL_STOPS + ("；" if semicolon else "")
    marks = _ZH_MARKS + ("；" if semicolon else "")
    pieces: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if text[i] not in marks:
            i += 1
            continue
        j = i
        while j < n and text[j] in marks:
            j += 1
        k = j
        while k < n and text[k] in _ZH_CLOSERS:
            k += 1
        run = text[i:j]
        ends = (
            any(c in full_stops for c in run)
            or sum(c in _ZH_ELLIPSES for c in run) >= 2
            or (("!" in run or "?" in run) and (k == n or text[k].isspace()))
        )
        if ends:
            pieces.append(text[start:k])
            start = k
        i = k
    pieces.append(text[start:])
    return pieces


def _split_western(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        after = match.end()
        if after == len(text) or not _starts_sentence(text, after):
            continue
        if match.group("marks") == "." and _is_abbreviation(text, match.start(), after):
            continue
        end = match.end("closers")
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _starts_sentence(text: str, pos: int) -> bool:
    char = text[pos]
    if char.isdigit() or char in _OPENERS:
        return True
    if char.isalpha():
        return not char.islower()
    dash = _DASH_START.match(text, pos)
    if dash is None:
        return False
    first = dash.group("first")
    return first.isalpha() and not first.islower()


def _is_abbreviation(text: str, period: int, after: int) -> bool:
    """Whether the period at ``text[period]`` closes an abbreviation."""
    begin = period
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin:period]
    skip = 0
    while skip < len(token) and not token[skip].isalnum():
        skip += 1
    token = token[skip:]
    if not token:
        return False
    if len(token) == 1 and token.isupper():
        return True
    if _DOTTED_LETTERS.fullmatch(token):
        return True
    lowered = token.lower()
    if lowered in _ABBREVIATIONS:
        return True
    return lowered in _NUMBER_ABBREVIATIONS and text[after].isdigit()


# --- Paragraphs ------------------------------------------------------------


def split_paragraphs(text: str) -> list[str]:
    r"""Split text into paragraphs at blank lines.

    Lines are separated by ``"\n"``, ``"\r\n"`` or ``"\r"``; a line holding
    only whitespace (including the ideographic space) is blank.  The lines of
    one paragraph are stripped and joined: directly when the break falls
    between two CJK characters (ideographs, kana, CJK or fullwidth
    punctuation, or punctuation such as ``”`` or ``…`` next to one of
    those), otherwise with one space.  Hyphens at line ends are kept as is.

    Args:
        text: The text of a document or a part of one.

    Returns:
        The paragraphs, stripped, none empty.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        stripped = line.strip()
        if stripped:
            block.append(stripped)
        elif block:
            paragraphs.append(_join_lines(block))
            block = []
    return paragraphs


def _join_lines(lines: list[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        joined += ("" if _joins_tight(joined[-1], line[0]) else " ") + line
    return joined


def _joins_tight(before: str, after: str) -> bool:
    if _is_cjk(before):
        return _is_cjk(after) or after in _SHARED_PUNCTUATION
    return before in _SHARED_PUNCTUATION and _is_cjk(after)


# --- Counting and width ----------------------------------------------------


def count_units(text: str, lang: str) -> int:
    """Count the length units a translator is paid or measured by.

    Chinese counts characters: each CJK ideograph (every CJK Unified
    Ideographs block, the extensions, the compatibility blocks, and ``〇``)
    is one unit, and each run of other letters or digits (``2023``, ``GDP``,
    ``5.2``) is one unit.  English and Russian count words: runs of letters
    and digits, joined by inner apostrophes, hyphens and periods, and by
    commas between digits (``don't``, ``well-known``, ``U.S.``, ``9,6``,
    ``35,000`` are one word each).  Punctuation and whitespace never count;
    combining marks such as Russian stress accents do not break a word.

    Args:
        text: Any text.
        lang: ``"zh"``, ``"en"`` or ``"ru"``; anything else is treated like
            ``"en"``.

    Returns:
        The number of units.
    """
    plain = "".join(c for c in unicodedata.normalize("NFC", text) if not unicodedata.combining(c))
    if _language(lang) != "zh":
        return len(_WORD.findall(plain))
    ideographs = sum(1 for c in plain if _is_ideograph(c))
    rest = "".join(" " if _is_ideograph(c) else c for c in plain)
    return ideographs + len(_WORD.findall(rest))


def cell_width(text: str) -> int:
    """Measure how many terminal cells a string takes.

    East Asian Wide and Fullwidth characters take two cells; combining and
    enclosing marks and invisible format characters (zero-width space and
    joiner, soft hyphen, byte order mark) take none; everything else takes
    one.  Control characters are not treated specially.

    Args:
        text: A string without line breaks.

    Returns:
        The width in cells.
    """
    width = 0
    for char in text:
        if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES:
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width
