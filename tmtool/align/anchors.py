"""Anchors: things a sentence and its translation share whatever the wording.

Numbers (after Chinese-numeral normalisation, so 90亿 meets "9 billion" and
"9 млрд"), dates (month and day), Latin tokens written in the Chinese (APEC,
5G), and glossary terms with their approved equivalents.  Each sentence gets a
set of anchor keys; the aligner counts the keys a Chinese and a target sentence
share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from tmtool.glossary import TermIndex
from tmtool.qa.extract import extract
from tmtool.qa.quantity import Strength

__all__ = ["GlossaryAnchors", "TermAnchors", "latin_tokens", "sentence_anchors"]

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|[0-9]+[A-Za-z]+[A-Za-z0-9]*")


class TermAnchors(Protocol):
    """Glossary terms as anchors: concept keys found in a text."""

    def source_concepts(self, text: str) -> set[str]:
        """Concepts whose source term occurs in a Chinese text."""
        ...

    def target_concepts(self, text: str, lang: str, source: str) -> set[str]:
        """Concepts of the Chinese text `source` whose approved term occurs in a target text."""
        ...


class GlossaryAnchors:
    """Glossary anchors from a :class:`~tmtool.glossary.TermIndex`."""

    def __init__(self, index: TermIndex) -> None:
        """Args:
        index: The workspace glossary, ready for matching.
        """
        self._index = index

    def source_concepts(self, text: str) -> set[str]:
        """Concepts whose source term occurs in a Chinese text."""
        return {hit.concept for hit in self._index.find(text)}

    def target_concepts(self, text: str, lang: str, source: str) -> set[str]:
        """Concepts of `source` whose approved term occurs in a target text."""
        return {f.concept for f in self._index.check(source, text, lang).found if f.present}


def _numbers(text: str, lang: str) -> set[str]:
    try:
        info = extract(text, lang)
    except (ValueError, ArithmeticError):  # an odd text must not stop an alignment
        return set()
    keys = {
        f"n:{value.normalize()}"
        for quantity in info.quantities
        if quantity.strength > Strength.IGNORED
        for value in quantity.values
    }
    for mention in info.dates.mentions:
        if mention.month is not None and mention.day is not None:
            keys.add(f"d:{mention.month}-{mention.day}")
        if mention.year is not None:
            keys.add(f"n:{mention.year}")
    return keys


def sentence_anchors(
    sentences: Sequence[str],
    lang: str,
    *,
    latin: set[str] | None = None,
    terms: TermAnchors | None = None,
    source: str = "",
) -> list[set[str]]:
    """The anchor keys of each sentence.

    Args:
        sentences: The sentences of one side.
        lang: Their language.
        latin: For a target side, the Latin tokens of the Chinese side (lower
            case); only those count.  ``None`` for the Chinese side.
        terms: Glossary anchors, if a glossary is at hand.
        source: For a target side with `terms`, the whole Chinese text.

    Returns:
        One set per sentence.
    """
    result: list[set[str]] = []
    for sentence in sentences:
        keys = _numbers(sentence, lang)
        tokens = {t.lower() for t in _LATIN.findall(sentence)}
        if lang == "zh":
            keys |= {f"l:{t}" for t in tokens if len(t) > 1}
        elif latin:
            keys |= {f"l:{t}" for t in tokens & latin}
        if terms is not None:
            found = (
                terms.source_concepts(sentence)
                if lang == "zh"
                else terms.target_concepts(sentence, lang, source)
            )
            keys |= {f"t:{c}" for c in found}
        result.append(keys)
    return result


def latin_tokens(anchors: Sequence[set[str]]) -> set[str]:
    """The Latin tokens among the Chinese side's anchors."""
    return {key[2:] for keys in anchors for key in keys if key.startswith("l:")}
