"""Finding target-language terms whatever their inflection.

English words are compared by Snowball stem, Russian words by pymorphy3
lemma; any other language falls back to case-insensitive substring search.
A term matches a run of consecutive words of the target, one per word of the
term, each sharing a key (stem or lemma) with the term's word.  Punctuation
between the words is ignored except a clause break (``. , ; : ! ?``) that the
term itself does not have there.

Every word form is analysed once: keys are cached per form, and the shared
`pymorphy3.MorphAnalyzer` is created on first use.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from tmtool.glossary.matching import SourceAutomaton

__all__ = [
    "CACHE_SIZE",
    "Analysed",
    "Compiled",
    "Deprecated",
    "Pattern",
    "PatternIndex",
    "Tokens",
    "analyzer",
    "clear_caches",
    "compile_term",
    "english_keys",
    "keys_function",
    "nfc",
    "primary_language",
    "russian_keys",
    "russian_lemmas",
    "span_of",
]

#: Word forms kept in each cache; past this the least recently used are dropped.
CACHE_SIZE = 1 << 18

_WORD = r"[^\W_][\w\u0300-\u036f]*"
_WORD_RE = re.compile(rf"{_WORD}(?:['’]{_WORD})*")
_BREAK = re.compile("[.!?;:,…。！？；：，、]")
_MARKS = re.compile("[\u0300-\u036f]")

Keys = frozenset[str]
KeysFunction = Callable[[str], Keys]
T = TypeVar("T")

_state: dict[str, Any] = {}


def analyzer() -> Any:
    """Return the shared pymorphy3 analyser, creating it on first use.

    Returns:
        The `pymorphy3.MorphAnalyzer` for Russian.
    """
    morph = _state.get("morph")
    if morph is None:
        import pymorphy3

        morph = _state["morph"] = pymorphy3.MorphAnalyzer(lang="ru")
    return morph


def _stem(word: str) -> str:
    """The Snowball English stem of a lower-case word."""
    stemmer = _state.get("stemmer")
    if stemmer is None:
        import snowballstemmer

        stemmer = _state["stemmer"] = snowballstemmer.stemmer("english")
    stem: str = stemmer.stemWord(word)
    return stem


@lru_cache(maxsize=CACHE_SIZE)
def english_keys(word: str) -> Keys:
    """The comparison keys of an English word: its stem, possessive dropped.

    Snowball leaves a vowel-less plural such as ``CRRCs`` alone, so an
    upper-case word with a final ``s`` loses it first.

    Args:
        word: A word as it appears in text.

    Returns:
        A one-element set holding the stem of the case-folded word.
    """
    form = _MARKS.sub("", word).casefold().replace("’", "'")
    if form.endswith("'s"):
        form = form[:-2]
    elif len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        form = form[:-1]  # the plural of an acronym: CRRCs, SMEs
    return frozenset((_stem(form),))


@lru_cache(maxsize=CACHE_SIZE)
def russian_lemmas(form: str) -> Keys:
    """The lemmas of a lower-case Russian word form, ``ё`` written ``е``.

    Every parse counts, including pymorphy3's guesses for unknown words such
    as Chinese names, and so does the form itself.  This is the only place
    the analyser is called, and it is called once per form.

    Args:
        form: A lower-case word form with ``ё`` folded to ``е``.

    Returns:
        The form and the normal form of each of its parses.
    """
    lemmas = {form}
    for parse in analyzer().parse(form):
        lemmas.add(parse.normal_form.replace("ё", "е"))
    return frozenset(lemmas)


@lru_cache(maxsize=CACHE_SIZE)
def russian_keys(word: str) -> Keys:
    """The comparison keys of a Russian word: the lemmas of its lower-case form.

    Args:
        word: A word as it appears in text.

    Returns:
        See `russian_lemmas`.
    """
    return russian_lemmas(_MARKS.sub("", word).lower().replace("ё", "е"))


def clear_caches() -> None:
    """Forget every cached word analysis."""
    english_keys.cache_clear()
    russian_lemmas.cache_clear()
    russian_keys.cache_clear()


def keys_function(lang: str) -> KeysFunction | None:
    """The word-key function of a language.

    Args:
        lang: A primary language subtag such as ``"en"``.

    Returns:
        `english_keys` or `russian_keys`, or ``None`` for a language compared
        by substring.
    """
    return {"en": english_keys, "ru": russian_keys}.get(lang)


class Tokens:
    """The words of a text with their keys.

    Attributes:
        text: The text.
        matches: Each word's regular-expression match, for its offsets.
        words: Each word as written.
        keys: Each word's keys.
    """

    __slots__ = ("_breaks", "_index", "keys", "matches", "text", "words")

    def __init__(self, text: str, keys_of: KeysFunction) -> None:
        """Split a text into words and compute their keys.

        Args:
            text: NFC text.
            keys_of: `english_keys` or `russian_keys`.
        """
        self.text = text
        self.matches = list(_WORD_RE.finditer(text))
        self.words = [match[0] for match in self.matches]
        self.keys: list[Keys] = list(map(keys_of, self.words))
        self._index: dict[str, list[int]] | None = None
        self._breaks: set[int] | None = None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Text offsets of the words from `first` up to, not including, `last`."""
        return self.matches[first].start(), self.matches[last - 1].end()

    def breaks(self) -> set[int]:
        """The indexes of the words with a clause break (``. , ; : ! ?``) just before."""
        breaks = self._breaks
        if breaks is None:
            starts = [match.start() for match in self.matches]
            found = _BREAK.finditer(self.text)
            breaks = self._breaks = {bisect_right(starts, match.start()) for match in found}
        return breaks

    def all_keys(self) -> set[str]:
        """Every key of every word."""
        return set().union(*self.keys)

    def where(self, key: str) -> list[int]:
        """The indexes of the words having a key, ascending."""
        index = self._index
        if index is None:
            index = self._index = {}
            for position, word_keys in enumerate(self.keys):
                for word_key in word_keys:
                    index.setdefault(word_key, []).append(position)
        return index.get(key, [])

    def positions(self, keys: Keys) -> list[int]:
        """The indexes of the words sharing a key with `keys`, ascending.

        Args:
            keys: The keys of one word of a term.

        Returns:
            Word indexes.
        """
        if len(keys) == 1:
            for key in keys:
                return self.where(key)
        found: set[int] = set()
        for key in keys:
            found.update(self.where(key))
        return sorted(found)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A target-language term ready for matching against `Tokens`.

    Attributes:
        text: The term as written in the termbase.
        keys: The keys of each of its words.
        words: Its words as written, for case-sensitive terms.
        breaks: Whether the term has a clause break before each word.
        case_sensitive: Whether case must agree.
    """

    text: str
    keys: tuple[Keys, ...]
    words: tuple[str, ...]
    breaks: tuple[bool, ...]
    case_sensitive: bool

    def matches_at(self, tokens: Tokens, position: int) -> bool:
        """Whether the term's words are the target's words from `position` on.

        Args:
            tokens: The target's words.
            position: Index of the first word to compare.

        Returns:
            True when every word shares a key with the term's word, no
            unexpected clause break intervenes and, for a case-sensitive term,
            case agrees.
        """
        keys = self.keys
        target = tokens.keys
        count = len(keys)
        if position + count > len(target) or keys[0].isdisjoint(target[position]):
            return False
        if count > 1:
            breaks = tokens.breaks()
            for offset in range(1, count):
                at = position + offset
                if keys[offset].isdisjoint(target[at]) or (
                    at in breaks and not self.breaks[offset]
                ):
                    return False
        if self.case_sensitive:
            return all(
                _same_case(word, tokens.words[position + offset])
                for offset, word in enumerate(self.words)
            )
        return True


def _same_case(term_word: str, word: str) -> bool:
    """Whether two forms of a word agree in case over their common stretch.

    ``"CRRCs"`` agrees with ``"CRRC"`` and ``"Cities"`` with ``"City"``;
    ``"crrc"`` does not agree with ``"CRRC"``.
    """
    common = 0
    for left, right in zip(term_word, word, strict=False):
        if left.lower() != right.lower():
            break
        common += 1
    return term_word[:common] == word[:common]


def compile_term(text: str, case_sensitive: bool, keys_of: KeysFunction) -> Pattern | None:
    """Analyse a term for matching.

    Args:
        text: The term, NFC.
        case_sensitive: Whether case must agree.
        keys_of: The language's key function.

    Returns:
        The pattern, or ``None`` when the term has no words.
    """
    tokens = Tokens(text, keys_of)
    if not tokens.words:
        return None
    breaks = tuple(i in tokens.breaks() for i in range(len(tokens.words)))
    return Pattern(text, tuple(tokens.keys), tuple(tokens.words), breaks, case_sensitive)


class PatternIndex(Generic[T]):
    """Many patterns found at once in a text, keyed by their first word."""

    def __init__(self) -> None:
        """Start empty."""
        self._by_key: dict[str, list[tuple[Pattern, T]]] = {}
        self._keys: frozenset[str] | None = None

    def add(self, pattern: Pattern, payload: T) -> None:
        """Add a pattern.

        Args:
            pattern: The pattern.
            payload: What to report with each of its occurrences.
        """
        for key in pattern.keys[0]:
            self._by_key.setdefault(key, []).append((pattern, payload))
        self._keys = None

    def scan(self, tokens: Tokens) -> list[tuple[int, int, Pattern, T]]:
        """Every occurrence of every pattern.

        Args:
            tokens: The target's words.

        Returns:
            (first word, word after the last, pattern, payload) for each
            occurrence, possibly overlapping, in no particular order.
        """
        if not self._by_key:
            return []
        if self._keys is None:
            self._keys = frozenset(self._by_key)
        found: dict[tuple[int, int], tuple[int, int, Pattern, T]] = {}
        for key in self._keys.intersection(tokens.all_keys()):
            for pattern, payload in self._by_key[key]:
                for position in tokens.where(key):
                    mark = (id(pattern), position)
                    if mark not in found and pattern.matches_at(tokens, position):
                        found[mark] = (position, position + len(pattern.keys), pattern, payload)
        return list(found.values())


def primary_language(lang: str) -> str:
    """The primary subtag of a language tag, lower case: ``"ru-RU"`` gives ``"ru"``.

    Args:
        lang: A language tag.

    Returns:
        The primary language subtag.
    """
    return lang.replace("_", "-").split("-", 1)[0].strip().lower()


#: A target analysed for matching: its words and the map from NFC offsets back.
Analysed = tuple[Tokens, list[int] | None] | str
#: A concept's approved terms: texts, word patterns, substring automaton.
Compiled = tuple[list[str], tuple[Pattern, ...], SourceAutomaton]
#: A deprecated term used in the target: start, end, concept index, term text.
Deprecated = tuple[int, int, int, str]


def span_of(tokens: Tokens, src: list[int] | None, first: int, last: int) -> tuple[int, int]:
    """Target offsets of the words from `first` up to, not including, `last`.

    Args:
        tokens: The target's words.
        src: Map from the NFC target's offsets to the original's, if any.
        first: Index of the first word.
        last: Index after the last word.

    Returns:
        (start, end) in the original target.
    """
    start, end = tokens.span(first, last)
    return (start, end) if src is None else (src[start], src[end])


def nfc(text: str) -> str:
    """The NFC form of a term, stripped.

    Args:
        text: The term as written.

    Returns:
        Its NFC form.
    """
    return unicodedata.normalize("NFC", text.strip())
