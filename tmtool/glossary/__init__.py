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

from dataclasses import dataclass

from tmtool.formats.termbase import ConceptEntry, Termbase, TermStatus
from tmtool.glossary.matching import Hit, SourceAutomaton, paused_gc
from tmtool.glossary.morphology import TargetLanguage, primary_language

__all__ = [
    "FoundTerm",
    "ForbiddenHit",
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
            "found": [
                {
                    "source": item.source,
                    "start": item.start,
                    "end": item.end,
                    "approved": list(item.approved),
                    "present": item.present,
                    "concept": item.concept,
                    "target_start": item.target_start,
                    "target_end": item.target_end,
                }
                for item in self.found
            ],
            "missing": list(self.missing),
            "forbidden": [
                {
                    "term": item.term,
                    "start": item.start,
                    "end": item.end,
                    "concept": item.concept,
                    "replacement": item.replacement,
                }
                for item in self.forbidden
            ],
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
                            (concept_index, concept.key, term.status, term.text, term.case_sensitive)
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
        if source is not self._last[0] and source != self._last[0]:
            self._last = (source, self._automaton.scan(source))
        return self._last[1]

    def find(self, source: str) -> list[SourceHit]:
        """Find the glossary terms in a source text.

        Args:
            source: The source text.

        Returns:
            Leftmost-longest, non-overlapping hits in source order.  Where two
            concepts share a source term, the first in the termbase wins.
        """
        if len(source) < 4096:
            return [
                SourceHit(label, source[start:end], start, end, status)
                for start, end, (_, _, label, status, _) in self._automaton.scan(source)
            ]
        with paused_gc():  # many small objects at once: see `paused_gc`
            return [
                SourceHit(label, source[start:end], start, end, status)
                for start, end, (_, _, label, status, _) in self._automaton.scan(source)
            ]

    def _target(self, lang: str) -> TargetLanguage:
        """The prepared target language, built on first use."""
        target = self._targets.get(lang)
        if target is None:
            target = self._targets[lang] = TargetLanguage(lang, self._concepts)
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
        language = self._target(primary_language(lang))
        hits = self._scan(source)
        analysed = language.analyse(target)
        spans: dict[int, list[_Span]] = {}
        for _, _, (_, _, _, _, terms) in hits:
            for term in terms:
                if term[0] not in spans:
                    spans[term[0]] = language.occurrences(analysed, term[0])
        concepts = self._concepts
        found: list[FoundTerm] = []
        missing: list[str] = []
        uses: dict[int, int] = {}
        for start, end, (_, _, _, _, terms) in hits:
            chosen = terms[0][0]
            for term in terms:
                if spans[term[0]]:
                    chosen = term[0]
                    break
            approved = language.approved(chosen)
            places = spans[chosen]
            text = source[start:end]
            if places:
                use = uses[chosen] = uses.get(chosen, -1) + 1
                target_start, target_end = places[min(use, len(places) - 1)]
                found.append(
                    FoundTerm(
                        text,
                        start,
                        end,
                        concepts[chosen].key,
                        approved,
                        True,
                        target_start,
                        target_end,
                    )
                )
                continue
            found.append(
                FoundTerm(text, start, end, concepts[chosen].key, approved, False, None, None)
            )
            if approved and text not in missing:
                missing.append(text)
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
