"""Glossary (termbase) data: concepts, each with terms in several languages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "MAX_GLOSSARY_SIZE",
    "ConceptEntry",
    "TermEntry",
    "TermStatus",
    "Termbase",
    "derived_key",
    "normalize_lang",
    "parse_status",
]

#: Largest glossary file tmtool reads, in bytes.
MAX_GLOSSARY_SIZE = 100 * 1024 * 1024


class TermStatus(StrEnum):
    """How a term may be used in a translation."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"


@dataclass(frozen=True)
class TermEntry:
    """One term of a concept in one language.

    Attributes:
        lang: Language tag such as ``"zh"``, ``"en"`` or ``"ru"``.
        text: The term as written.
        status: Whether the term is preferred, admitted or deprecated.
        part_of_speech: Part of speech, such as ``"noun"``, when known.
        case_sensitive: When true, the term matches only in exactly this case.
        note: Free-text note for translators.
    """

    lang: str
    text: str
    status: TermStatus = TermStatus.PREFERRED
    part_of_speech: str | None = None
    case_sensitive: bool = False
    note: str | None = None


@dataclass(frozen=True)
class ConceptEntry:
    """One concept with its terms in every language.

    Attributes:
        key: Identifier of the concept, unique within the termbase.
        terms: The concept's terms, in any language and of any status.
        subject: Subject field, such as ``"politics"``, when known.
        note: Free-text note about the concept.
    """

    key: str
    terms: tuple[TermEntry, ...]
    subject: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Termbase:
    """A glossary: concepts with their terms.

    Attributes:
        concepts: The concepts, in file order.
        title: The glossary's title when it has one.
        source_lang: Language tag of the source language.
    """

    concepts: tuple[ConceptEntry, ...]
    title: str | None = None
    source_lang: str = "zh"

    def languages(self) -> list[str]:
        """Return the languages that have at least one term, in order of first use.

        Returns:
            Language tags, each once.
        """
        seen: dict[str, None] = {}
        for concept in self.concepts:
            for term in concept.terms:
                seen.setdefault(term.lang, None)
        return list(seen)


_STATUS_WORDS: dict[str, TermStatus] = {
    **dict.fromkeys(["preferred", "standardized", "legal", "regulated"], TermStatus.PREFERRED),
    **dict.fromkeys(["admitted", "allowed"], TermStatus.ADMITTED),
    **dict.fromkeys(["deprecated", "superseded", "forbidden"], TermStatus.DEPRECATED),
}


def parse_status(value: str) -> TermStatus | None:
    """Read a term status as glossary files write it.

    Accepts tmtool's own words (``preferred``, ``admitted``, ``deprecated``),
    the TBX values (``preferredTerm-admn-sts`` …, superseded terms counting
    as deprecated), the TBX v2 ``normativeAuthorization`` words
    (``standardized``, ``legal``, ``regulated`` count as preferred),
    ``allowed`` and ``forbidden``, in any case.

    Args:
        value: The status as written.

    Returns:
        The status, or None when the value is not one of those.
    """
    word = value.strip().lower().removesuffix("-admn-sts").removesuffix("term")
    return _STATUS_WORDS.get(word)


def normalize_lang(tag: str) -> str:
    """Tidy a language tag as written in a file.

    The subtags are kept as written, in BCP-47's conventional case: the
    language lower-case, a script title-case, a region upper-case
    (``"ZH-hans-cn"`` becomes ``"zh-Hans-CN"``), and underscores, a common
    mistake, become hyphens (``"en_GB"`` becomes ``"en-GB"``).

    Args:
        tag: A BCP-47 language tag.

    Returns:
        The tidied tag.
    """
    result: list[str] = []
    extension = False  # after a singleton such as "x", everything is lower-case
    for subtag in tag.strip().replace("_", "-").split("-"):
        extension = extension or (bool(result) and len(subtag) == 1)
        if result and not extension and subtag.isalpha() and len(subtag) in (2, 4):
            result.append(subtag.upper() if len(subtag) == 2 else subtag.title())
        else:
            result.append(subtag.lower())
    return "-".join(result)


def derived_key(terms: Iterable[TermEntry], source_lang: str) -> str | None:
    """Make a stable concept key for a concept whose file gives it no id.

    The key is the language and the first term in the source language, such
    as ``"zh:齐齐哈尔"``, a term that is not deprecated taking precedence; a
    concept without a source-language term uses its first term in any
    language.  Re-importing the same file gives the same keys.

    Args:
        terms: The concept's terms in file order.
        source_lang: The termbase's source language.

    Returns:
        The key, or None when there are no terms.
    """
    ranked = sorted(terms, key=lambda t: (t.lang != source_lang, t.status is TermStatus.DEPRECATED))
    return f"{ranked[0].lang}:{ranked[0].text}" if ranked else None
