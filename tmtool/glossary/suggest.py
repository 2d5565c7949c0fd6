"""Names in a source that the glossary does not know, with renderings to suggest."""

from __future__ import annotations

from tmtool.glossary import TermIndex
from tmtool.names import NameSuggestion, find_names


def unknown_names(index: TermIndex, source: str) -> list[NameSuggestion]:
    """Person and place names in `source` that no glossary term covers.

    A name counts as known when a glossary term occurs inside it (so 齐齐哈尔市 is
    known through 齐齐哈尔); organisations are left out, their renderings being
    descriptions rather than transcriptions.
    """
    return [
        name
        for name in find_names(source, known=lambda text: bool(index.find(text)))
        if name.kind in ("person", "place")
    ]
