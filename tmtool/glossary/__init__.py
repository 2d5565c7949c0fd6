"""Glossary terms: find them in Chinese source text, check them in translations.

`TermIndex` is built once from a `Termbase`.  `TermIndex.find` lists the
source-language terms in a source text: leftmost-longest, non-overlapping,
every status (a deprecated Chinese term is a hit too), Latin-script terms
case-insensitive unless flagged case-sensitive and never inside a longer
Latin word.  `TermIndex.check` then looks in a translation for each found
concept's preferred and admitted terms — by stem in English, by lemma in
Russian, by substring in other languages — and reports every deprecated term
of the target language that the translation uses.

Domain code: no database, no user interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from typing import Any

from tmtool.formats.termbase import ConceptEntry, Termbase, TermStatus
from tmtool.glossary.matching import Hit, SourceAutomaton, nfc_with_map, paused_gc
from tmtool.glossary.morphology import (
    Analysed,
    Compiled,
    Deprecated,
    Pattern,
    PatternIndex,
    Tokens,
    compile_term,
    keys_function,
    nfc,
    primary_language,
    span_of,
)

__all__ = [
    "ForbiddenHit",
    "FoundTerm",
    "SourceHit",
    "TermCheck",
    "TermIndex",
]


@dataclass(frozen=True, slots=True)
class SourceHit:
    """A glossary term found in the source text.

    Attributes:
        concept: Key of the term's concept.
        term: The matched text as it appears in the source.
        start: Offset of its first character in the source.
        end: Offset just after its last character.
        status: Status of the matched source term; deprecated ones count too.
    """

    concept: str
    term: str
    start: int
    end: int
    status: TermStatus


# Setters of SourceHit's slots: see `TermIndex.find`.
_SOURCE_HIT_SLOTS = tuple(
    getattr(SourceHit, field).__set__ for field in ("concept", "term", "start", "end", "status")
)


@dataclass(frozen=True, slots=True)
class FoundTerm:
    """A concept found in the source, and whether the target renders it.

    Attributes:
        source: The source term as it appears in the source.
        start: Its start offset in the source.
        end: Its end offset in the source.
        concept: Key of the concept.
        approved: The concept's preferred, then admitted, terms in the target
            language; empty when it has none.
        present: Whether one of them occurs in the target.
        target_start: Start offset of that occurrence in the target.
        target_end: End offset of that occurrence in the target.
    """

    source: str
    start: int
    end: int
    concept: str
    approved: list[str]
    present: bool
    target_start: int | None
    target_end: int | None


@dataclass(frozen=True, slots=True)
class ForbiddenHit:
    """A deprecated target-language term used in the target.

    Attributes:
        term: The deprecated term as written in the termbase.
        start: Start offset of its occurrence (possibly inflected) in the target.
        end: End offset of that occurrence.
        concept: Key of the term's concept.
        replacement: The concept's first approved term in the target language,
            or ``None`` when it has none.
    """

    term: str
    start: int
    end: int
    concept: str
    replacement: str | None


@dataclass(frozen=True, slots=True)
class TermCheck:
    """The result of checking one translation against the glossary.

    Attributes:
        found: One entry per source hit, in source order.
        missing: Source texts of found concepts whose approved target term is
            absent, in order of appearance, each once.  A concept without any
            approved term in the target language is never missing.
        forbidden: Deprecated target terms used, in target order.
    """

    found: list[FoundTerm]
    missing: list[str]
    forbidden: list[ForbiddenHit]

    def to_json(self) -> dict[str, object]:
        """Return the result as JSON-ready data.

        Returns:
            ``{"found": [...], "missing": [...], "forbidden": [...]}``.  Each
            found item has ``source``, ``start``, ``end``, ``approved`` and
            ``present`` plus ``concept``, ``target_start`` and
            ``target_end``; each forbidden item has ``term``, ``start`` and
            ``end`` plus ``concept`` and ``replacement``.
        """
        return {
            "found": [asdict(item) for item in self.found],
            "missing": list(self.missing),
            "forbidden": [asdict(item) for item in self.forbidden],
        }


_Span = tuple[int, int]


class TermIndex:
    """A termbase ready for finding and checking terms."""

    def __init__(self, termbase: Termbase, *, source_lang: str = "zh") -> None:
        """Build the source automaton; target languages are prepared on first use.

        Args:
            termbase: The glossary.
            source_lang: Language of the source texts; terms whose primary
                language subtag matches (``"zh-CN"`` counts as ``"zh"``) are
                searched for.
        """
        self._concepts = termbase.concepts
        self._by_key: dict[str, ConceptEntry] | None = None
        source = primary_language(source_lang)
        primaries: dict[str, str] = {}
        terms = []
        with paused_gc():
            for concept_index, concept in enumerate(termbase.concepts):
                for term in concept.terms:
                    lang = primaries.get(term.lang)
                    if lang is None:
                        lang = primaries[term.lang] = primary_language(term.lang)
                    if lang == source:
                        terms.append(
                            (
                                concept_index,
                                concept.key,
                                term.status,
                                term.text,
                                term.case_sensitive,
                            )
                        )
            self._automaton = SourceAutomaton(terms)
        self._targets: dict[str, TargetLanguage] = {}
        self._last: tuple[str, list[Hit]] = ("", [])

    def lookup(self, concept: str) -> ConceptEntry:
        """Return a concept by key (the first one, if a key repeats).

        Args:
            concept: The concept's key.

        Returns:
            The concept.

        Raises:
            KeyError: No concept has that key.
        """
        if self._by_key is None:
            self._by_key = {entry.key: entry for entry in reversed(self._concepts)}
        try:
            return self._by_key[concept]
        except KeyError:
            raise KeyError(f"The glossary has no concept {concept!r}.") from None

    def _scan(self, source: str) -> list[Hit]:
        """Source hits, remembering the last source so en and ru checks scan once."""
        last = self._last  # one read: another thread may replace it
        if source is not last[0] and source != last[0]:
            last = self._last = (source, self._automaton.scan(source))
        return last[1]

    def find(self, source: str) -> list[SourceHit]:
        """Find the glossary terms in a source text.

        Args:
            source: The source text.

        Returns:
            Leftmost-longest, non-overlapping hits in source order.  Where two
            concepts share a source term, the first in the termbase wins.
        """
        automaton = self._automaton
        with paused_gc() if len(source) > 4096 else nullcontext():  # see `paused_gc`
            matches, hits = automaton.search(source)
            if hits is not None:
                return [
                    SourceHit(label, source[start:end], start, end, status)
                    for start, end, (_, _, label, status, _) in hits
                ]
            # The plain case: byte offsets in the UTF-16 text, twice those in `source`.
            # A large text has tens of thousands of hits, and the frozen dataclass's
            # __init__ (five object.__setattr__ calls) would cost more than the scan
            # itself, so its slots are filled directly.
            values = automaton.values
            new = object.__new__
            concept, term, first, last, state = _SOURCE_HIT_SLOTS
            found: list[SourceHit] = []
            append = found.append
            for index, start, end in matches:
                _, _, label, status, _ = values[index]
                hit = new(SourceHit)
                concept(hit, label)
                term(hit, source[start >> 1 : end >> 1])
                first(hit, start >> 1)
                last(hit, end >> 1)
                state(hit, status)
                append(hit)
            return found

    def _target(self, lang: str) -> TargetLanguage:
        """The prepared target language for a tag, built on first use."""
        primary = primary_language(lang)
        target = self._targets.get(primary)
        if target is None:
            target = TargetLanguage(primary, self._concepts)
        self._targets[primary] = self._targets[lang] = target
        return target

    def check(self, source: str, target: str, lang: str) -> TermCheck:
        """Check a translation's terminology.

        Args:
            source: The source text.
            target: Its translation.
            lang: The translation's language, such as ``"en"`` or ``"ru"``.

        Returns:
            The found concepts with whether each is rendered, the missing
            ones, and the deprecated target terms used.
        """
        language = self._targets.get(lang) or self._target(lang)
        hits = self._scan(source)
        analysed = language.analyse(target)
        spans: dict[int, list[_Span]] = {}
        approved: dict[int, list[str]] = {}
        for _, _, (_, _, _, _, terms) in hits:
            for term in terms:
                if term[0] not in spans:
                    compiled = language.compiled(term[0])
                    approved[term[0]] = compiled[0]
                    spans[term[0]] = language.occurrences(analysed, compiled)
        found: list[FoundTerm] = []
        missing: list[str] = []
        uses: dict[int, int] = {}
        for start, end, (_, _, _, _, terms) in hits:
            chosen = terms[0]
            for term in terms:
                if spans[term[0]]:
                    chosen = term
                    break
            concept, key = chosen[0], chosen[1]
            places = spans[concept]
            text = source[start:end]
            if places:
                use = uses[concept] = uses.get(concept, -1) + 1
                where = places[min(use, len(places) - 1)]
                found.append(FoundTerm(text, start, end, key, [*approved[concept]], True, *where))
                continue
            found.append(FoundTerm(text, start, end, key, [*approved[concept]], False, None, None))
            if approved[concept] and text not in missing:
                missing.append(text)
        concepts = self._concepts
        forbidden = [
            ForbiddenHit(
                text,
                start,
                end,
                concepts[concept].key,
                next(iter(language.approved(concept)), None),
            )
            for start, end, concept, text in language.deprecated(analysed)
            if not _inside(start, end, spans)
        ]
        return TermCheck(found, missing, forbidden)


def _inside(start: int, end: int, spans: dict[int, list[_Span]]) -> bool:
    """Whether a target span lies within an occurrence of a found concept's approved term."""
    return any(
        o_start <= start and end <= o_end for places in spans.values() for o_start, o_end in places
    )


_APPROVED = (TermStatus.PREFERRED, TermStatus.ADMITTED)


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
        self._approved: dict[int, Compiled] = {}
        self._index: PatternIndex[tuple[int, str]] = PatternIndex()
        substrings: list[tuple[int, str, Any, str, bool]] = []
        primaries: dict[str, str] = {}
        for index, concept in enumerate(concepts):
            for term in concept.terms:
                if term.status != TermStatus.DEPRECATED:
                    continue
                primary = primaries.get(term.lang)
                if primary is None:
                    primary = primaries[term.lang] = primary_language(term.lang)
                if primary != lang:
                    continue
                if self._keys_of is None:
                    substrings.append((index, term.text, None, term.text, term.case_sensitive))
                    continue
                pattern = compile_term(nfc(term.text), term.case_sensitive, self._keys_of)
                if pattern is not None:
                    self._index.add(pattern, (index, term.text))
        self._substrings = SourceAutomaton(substrings, boundaries=False)

    def compiled(self, concept: int) -> Compiled:
        """A concept's approved terms: texts, word patterns, substring automaton.

        Args:
            concept: Index of the concept.

        Returns:
            The preferred, then admitted, term texts (each once), and the
            terms ready for `occurrences`; computed on first use.
        """
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
        for _, _, term in terms:
            if self._keys_of is None:
                substrings.append((concept, term.text, None, term.text, term.case_sensitive))
            else:
                pattern = compile_term(nfc(term.text), term.case_sensitive, self._keys_of)
                if pattern is not None:
                    patterns.append(pattern)
        compiled = self._approved[concept] = (
            texts,
            tuple(patterns),
            SourceAutomaton(substrings, boundaries=False),
        )
        return compiled

    def approved(self, concept: int) -> list[str]:
        """The concept's preferred, then admitted, terms in this language (a new list)."""
        return list(self.compiled(concept)[0])

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
        text, src = nfc_with_map(target)
        return Tokens(text, self._keys_of), src

    def occurrences(self, analysed: Analysed, compiled: Compiled) -> list[tuple[int, int]]:
        """Where a concept's approved terms occur in the target.

        Args:
            analysed: The target, from `analyse`.
            compiled: The concept's terms, from `compiled`.

        Returns:
            (start, end) offsets in the target, ascending.
        """
        _, patterns, substrings = compiled
        if isinstance(analysed, str):
            return [(start, end) for start, end, _ in substrings.scan(analysed)]
        tokens, src = analysed
        spans = []
        for pattern in patterns:
            for position in tokens.positions(pattern.keys[0]):
                if pattern.matches_at(tokens, position):
                    spans.append(span_of(tokens, src, position, position + len(pattern.keys)))
        return sorted(set(spans)) if len(patterns) > 1 else spans

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
            (first, -last, payload) for first, last, _, payload in self._index.scan(tokens)
        )
        result: list[Deprecated] = []
        pos = 0
        for first, negative_last, (concept, text) in found:
            if first >= pos:
                pos = -negative_last
                result.append((*span_of(tokens, src, first, pos), concept, text))
        return result
