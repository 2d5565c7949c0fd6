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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from tmtool.formats.termbase import ConceptEntry, TermStatus
from tmtool.glossary.matching import SourceAutomaton, nfc_with_map

__all__ = [
    "CACHE_SIZE",
    "Pattern",
    "PatternIndex",
    "TargetLanguage",
    "Tokens",
    "analyzer",
    "clear_caches",
    "compile_term",
    "english_keys",
    "keys_function",
    "primary_language",
    "russian_keys",
    "russian_lemmas",
    "tokenize",
]

#: Word forms kept in each cache; past this the least recently used are dropped.
CACHE_SIZE = 1 << 18

_WORD = r"[^\W_][\w\u0300-\u036f]*"
_TOKEN = re.compile(rf"({_WORD}(?:['’]{_WORD})*)|[.!?;:,…。！？；：，、]")
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
        starts: Start of each word in the text.
        ends: End of each word in the text.
        words: Each word as written.
        keys: Each word's keys.
        breaks: Whether a clause break comes between a word and the one before.
    """

    __slots__ = ("_index", "breaks", "ends", "keys", "starts", "words")

    def __init__(self) -> None:
        """Start with no words."""
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.words: list[str] = []
        self.keys: list[Keys] = []
        self.breaks: list[bool] = []
        self._index: dict[str, list[int]] | None = None

    def positions(self, keys: Keys) -> list[int]:
        """The indexes of the words sharing a key with `keys`, ascending.

        Args:
            keys: The keys of one word of a term.

        Returns:
            Word indexes.
        """
        index = self._index
        if index is None:
            index = self._index = {}
            for position, word_keys in enumerate(self.keys):
                for key in word_keys:
                    index.setdefault(key, []).append(position)
        if len(keys) == 1:
            return index.get(next(iter(keys)), [])
        found: set[int] = set()
        for key in keys:
            found.update(index.get(key, ()))
        return sorted(found)


def tokenize(text: str, keys_of: KeysFunction) -> Tokens:
    """Split a text into words and compute their keys.

    Args:
        text: NFC text.
        keys_of: `english_keys` or `russian_keys`.

    Returns:
        The words in order.
    """
    tokens = Tokens()
    brk = False
    for match in _TOKEN.finditer(text):
        word = match.group(1)
        if word is None:
            brk = True
            continue
        tokens.starts.append(match.start())
        tokens.ends.append(match.end())
        tokens.words.append(word)
        tokens.keys.append(keys_of(word))
        tokens.breaks.append(brk)
        brk = False
    return tokens


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
        count = len(self.keys)
        if position + count > len(tokens.keys):
            return False
        target_keys = tokens.keys
        for offset in range(count):
            if self.keys[offset].isdisjoint(target_keys[position + offset]):
                return False
            if offset and tokens.breaks[position + offset] and not self.breaks[offset]:
                return False
        if self.case_sensitive:
            return all(
                _same_case(word, tokens.words[position + offset])
                for offset, word in enumerate(self.words)
            )
        return True

    def find(self, tokens: Tokens) -> list[tuple[int, int]]:
        """Every occurrence of the term in the target.

        Args:
            tokens: The target's words.

        Returns:
            (first word, word after the last) index pairs, ascending.
        """
        count = len(self.keys)
        return [
            (position, position + count)
            for position in tokens.positions(self.keys[0])
            if self.matches_at(tokens, position)
        ]


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
    tokens = tokenize(text, keys_of)
    if not tokens.words:
        return None
    return Pattern(
        text,
        tuple(tokens.keys),
        tuple(tokens.words),
        tuple(tokens.breaks),
        case_sensitive,
    )


class PatternIndex(Generic[T]):
    """Many patterns found in one pass over a text, keyed by their first word."""

    def __init__(self) -> None:
        """Start empty."""
        self._by_key: dict[str, list[tuple[Pattern, T]]] = {}
        self._patterns: list[tuple[Pattern, T]] = []

    def __len__(self) -> int:
        """The number of patterns."""
        return len(self._patterns)

    def add(self, pattern: Pattern, payload: T) -> None:
        """Add a pattern.

        Args:
            pattern: The pattern.
            payload: What to report with each of its occurrences.
        """
        entry = (pattern, payload)
        self._patterns.append(entry)
        for key in pattern.keys[0]:
            self._by_key.setdefault(key, []).append(entry)

    def scan(self, tokens: Tokens) -> list[tuple[int, int, Pattern, T]]:
        """Every occurrence of every pattern.

        Args:
            tokens: The target's words.

        Returns:
            (first word, word after the last, pattern, payload) for each
            occurrence, possibly overlapping, in no particular order.
        """
        by_key = self._by_key
        if not by_key:
            return []
        found: dict[tuple[int, int], tuple[int, int, Pattern, T]] = {}
        for position, keys in enumerate(tokens.keys):
            for key in keys:
                for entry in by_key.get(key, ()):
                    pattern = entry[0]
                    mark = (id(pattern), position)
                    if mark not in found and pattern.matches_at(tokens, position):
                        found[mark] = (position, position + len(pattern.keys), *entry)
        return list(found.values())


def primary_language(lang: str) -> str:
    """The primary subtag of a language tag, lower case: ``"ru-RU"`` gives ``"ru"``.

    Args:
        lang: A language tag.

    Returns:
        The primary language subtag.
    """
    return lang.replace("_", "-").split("-", 1)[0].strip().lower()


_APPROVED = (TermStatus.PREFERRED, TermStatus.ADMITTED)
#: A target analysed for matching: its words and the map from NFC offsets back.
Analysed = tuple[Tokens, list[int] | None] | str
#: A deprecated term used in the target: start, end, concept index, term text.
Deprecated = tuple[int, int, int, str]


class TargetLanguage:
    """One target language's terms, analysed on first use."""

    def __init__(self, lang: str, concepts: Sequence[ConceptEntry]) -> None:
        """Analyse the language's deprecated terms; approved ones wait for use.

        Args:
            lang: A primary language subtag such as ``"en"``.
            concepts: The termbase's concepts.
        """
        self._lang = lang
        self._keys_of = keys_function(lang)
        self._concepts = concepts
        self._approved: dict[int, tuple[list[str], tuple[Pattern, ...], SourceAutomaton]] = {}
        self._index: PatternIndex[tuple[int, str]] = PatternIndex()
        substrings: list[tuple[int, str, Any, str, bool]] = []
        for index, concept in enumerate(concepts):
            for number, term in enumerate(concept.terms):
                if term.status != TermStatus.DEPRECATED or primary_language(term.lang) != lang:
                    continue
                if self._keys_of is None:
                    substrings.append((index, term.text, None, term.text, term.case_sensitive))
                    continue
                pattern = compile_term(_nfc(term.text), term.case_sensitive, self._keys_of)
                if pattern is not None:
                    self._index.add(pattern, (index, term.text))
        self._substrings = SourceAutomaton(substrings, boundaries=False)

    def _compiled(self, concept: int) -> tuple[list[str], tuple[Pattern, ...], SourceAutomaton]:
        """A concept's approved terms: texts, word patterns, substring automaton."""
        compiled = self._approved.get(concept)
        if compiled is not None:
            return compiled
        terms = [
            (status, number, term)
            for number, term in enumerate(self._concepts[concept].terms)
            if (status := term.status) in _APPROVED and primary_language(term.lang) == self._lang
        ]
        terms.sort(key=lambda item: (item[0] != TermStatus.PREFERRED, item[1]))
        texts = list(dict.fromkeys(term.text for _, _, term in terms))
        patterns: list[Pattern] = []
        substrings: list[tuple[int, str, Any, str, bool]] = []
        for _, number, term in terms:
            if self._keys_of is None:
                substrings.append((concept, term.text, None, term.text, term.case_sensitive))
            else:
                pattern = compile_term(_nfc(term.text), term.case_sensitive, self._keys_of)
                if pattern is not None:
                    patterns.append(pattern)
        compiled = self._approved[concept] = (
            texts,
            tuple(patterns),
            SourceAutomaton(substrings, boundaries=False),
        )
        return compiled

    def approved(self, concept: int) -> list[str]:
        """The concept's preferred, then admitted, terms in this language.

        Args:
            concept: Index of the concept.

        Returns:
            The term texts, each once; a new list each call.
        """
        return list(self._compiled(concept)[0])

    def analyse(self, target: str) -> Analysed:
        """Prepare a target text for `occurrences` and `deprecated`.

        Args:
            target: The translation.

        Returns:
            Its words and offset map, or the text itself for a language
            compared by substring.
        """
        if self._keys_of is None:
            return target
        nfc, src = nfc_with_map(target)
        return tokenize(nfc, self._keys_of), src

    def occurrences(self, analysed: Analysed, concept: int) -> list[tuple[int, int]]:
        """Where the concept's approved terms occur in the target.

        Args:
            analysed: The target, from `analyse`.
            concept: Index of the concept.

        Returns:
            (start, end) offsets in the target, ascending.
        """
        _, patterns, substrings = self._compiled(concept)
        if isinstance(analysed, str):
            return [(start, end) for start, end, _ in substrings.scan(analysed)]
        tokens, src = analysed
        spans = {
            _span(tokens, src, first, last) for p in patterns for first, last in p.find(tokens)
        }
        return sorted(spans)

    def deprecated(self, analysed: Analysed) -> list[Deprecated]:
        """The deprecated terms of this language that the target uses.

        Args:
            analysed: The target, from `analyse`.

        Returns:
            Leftmost-longest, non-overlapping uses in target order.
        """
        if isinstance(analysed, str):
            return [
                (start, end, terms[0][0], text)
                for start, end, (_, _, text, _, terms) in self._substrings.scan(analysed)
            ]
        tokens, src = analysed
        found = sorted(
            (first, -last, order, payload)
            for order, (first, last, _, payload) in enumerate(self._index.scan(tokens))
        )
        result: list[Deprecated] = []
        pos = 0
        for first, negative_last, _, (concept, text) in found:
            if first >= pos:
                pos = -negative_last
                result.append((*_span(tokens, src, first, pos), concept, text))
        return result


def _span(tokens: Tokens, src: list[int] | None, first: int, last: int) -> tuple[int, int]:
    """Target offsets of the words from `first` up to, not including, `last`."""
    start, end = tokens.starts[first], tokens.ends[last - 1]
    return (start, end) if src is None else (src[start], src[end])


def _nfc(text: str) -> str:
    """The NFC form of a term."""
    return unicodedata.normalize("NFC", text.strip())
