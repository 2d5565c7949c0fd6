"""Checks of the sentence-alignment gold set in ``bench/data/align/``.

Each JSON file is one article in Chinese with English and Russian translations,
written for tmtool's tests and benchmarks.  A unit is one gold link group: the
sentences on each side that translate each other.  The checks keep the set
usable as a benchmark: every sentence is exactly one sentence for
:func:`tmtool.segment.split_sentences`, so an aligner fed the joined paragraphs
sees the same sentences as the gold links, and every link is unambiguous for
each language pair.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tmtool.segment import split_sentences

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "align"
LANGS = ("zh", "en", "ru")
TARGETS = ("en", "ru")
STYLES = ("news", "literary")
JOINERS = {"zh": "", "en": " ", "ru": " "}
LINK_TYPES = ("1-1", "1-2", "2-1", "1-3+", "3-1", "2-2", "1-0", "0-1", "other")
MULTI_TYPES = ("1-2", "2-1", "1-3+", "1-0", "0-1")


@cache
def load_docs() -> dict[str, dict[str, Any]]:
    """Read every gold document, keyed by file name without extension."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DATA.glob("*.json"))
    }


def paragraphs(doc: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Group a document's units into paragraphs."""
    groups: list[list[dict[str, Any]]] = []
    for unit in doc["units"]:
        if unit["para"] or not groups:
            groups.append([])
        groups[-1].append(unit)
    return groups


def link_type(source: int, target: int) -> str | None:
    """Name the link between `source` Chinese and `target` translated sentences."""
    if source == 0 and target == 0:
        return None
    if source == 1 and target >= 3:
        return "1-3+"
    name = f"{source}-{target}"
    return name if name in LINK_TYPES else "other"


def link_counts() -> dict[tuple[str, str], Counter[str]]:
    """Count link types per (style, target language) over the whole set."""
    counts: dict[tuple[str, str], Counter[str]] = {
        (style, lang): Counter() for style in STYLES for lang in TARGETS
    }
    for doc in load_docs().values():
        for unit in doc["units"]:
            for lang in TARGETS:
                kind = link_type(len(unit["zh"]), len(unit[lang]))
                if kind is not None:
                    counts[doc["style"], lang][kind] += 1
    return counts


def summary_table() -> str:
    """Render the link-type counts as the Markdown table kept in the README."""
    lines = [
        "| style | pair | docs | zh sentences | " + " | ".join(LINK_TYPES) + " |",
        "|---|---|---:|---:|" + "---:|" * len(LINK_TYPES),
    ]
    docs = load_docs().values()
    counts = link_counts()
    for style in STYLES:
        chosen = [doc for doc in docs if doc["style"] == style]
        sentences = sum(len(unit["zh"]) for doc in chosen for unit in doc["units"])
        for lang in TARGETS:
            cells = " | ".join(str(counts[style, lang][kind]) for kind in LINK_TYPES)
            lines.append(f"| {style} | zh-{lang} | {len(chosen)} | {sentences} | {cells} |")
    return "\n".join(lines)


def document_table() -> str:
    """Render the list of documents with their sentence counts, as kept in the README."""
    lines = ["| id | style | paragraphs | zh | en | ru |", "|---|---|---:|---:|---:|---:|"]
    for name, doc in load_docs().items():
        counts = " | ".join(str(sum(len(u[lang]) for u in doc["units"])) for lang in LANGS)
        lines.append(f"| {name} | {doc['style']} | {len(paragraphs(doc))} | {counts} |")
    return "\n".join(lines)


def test_set_size_and_styles() -> None:
    docs = load_docs()
    assert len(docs) >= 15
    styles = Counter(doc["style"] for doc in docs.values())
    assert set(styles) == set(STYLES)
    assert all(styles[style] >= 5 for style in STYLES)


@pytest.mark.parametrize("name", sorted(load_docs()))
def test_structure(name: str) -> None:
    doc = load_docs()[name]
    assert set(doc) == {"id", "title", "style", "units"}
    assert doc["id"] == name
    assert isinstance(doc["title"], str) and doc["title"].strip()
    assert doc["style"] in STYLES
    assert doc["units"] and doc["units"][0]["para"] is True
    for unit in doc["units"]:
        assert set(unit) == {*LANGS, "para"}
        assert isinstance(unit["para"], bool)
        for lang in LANGS:
            assert isinstance(unit[lang], list)
            assert all(isinstance(s, str) and s == s.strip() and s for s in unit[lang])
        assert any(unit[lang] for lang in LANGS), f"empty unit in {name}"
    zh_count = sum(len(unit["zh"]) for unit in doc["units"])
    assert 25 <= zh_count <= 60


@pytest.mark.parametrize("name", sorted(load_docs()))
def test_links_are_unambiguous(name: str) -> None:
    """Each unit gives one link per language pair, never an n-m link hiding finer ones.

    Several Chinese sentences go with one sentence in each translation, or, where
    the content is reordered or redistributed so that no finer pairing exists, with
    several in both; an addition or omission is one sentence.
    """
    for unit in load_docs()[name]["units"]:
        zh = len(unit["zh"])
        sizes = {len(unit[lang]) for lang in TARGETS}
        if zh == 0:
            assert max(sizes) == 1, f"{name}: addition of {max(sizes)} sentences"
        if zh > 1:
            assert 0 not in sizes, f"{name}: omission of {zh} sentences: {unit['zh'][0]}"
            assert sizes == {1} or 1 not in sizes, f"{name}: {zh}-{sizes}: {unit['zh'][0]}"


@pytest.mark.parametrize("name", sorted(load_docs()))
def test_every_sentence_is_one_sentence(name: str) -> None:
    for unit in load_docs()[name]["units"]:
        for lang in LANGS:
            for sentence in unit[lang]:
                assert split_sentences(sentence, lang) == [sentence]


@pytest.mark.parametrize("name", sorted(load_docs()))
def test_paragraphs_resplit_into_their_sentences(name: str) -> None:
    """Every paragraph has text in all three languages and splits back into its units."""
    for paragraph in paragraphs(load_docs()[name]):
        for lang in LANGS:
            sentences = [s for unit in paragraph for s in unit[lang]]
            assert sentences, f"{name}: a paragraph without {lang}"
            assert split_sentences(JOINERS[lang].join(sentences), lang) == sentences


@pytest.mark.parametrize("name", sorted(load_docs()))
def test_no_sentence_repeats_within_a_document(name: str) -> None:
    """Links can be told apart by their text alone."""
    for lang in LANGS:
        sentences = [s for unit in load_docs()[name]["units"] for s in unit[lang]]
        assert len(set(sentences)) == len(sentences), f"{name}: repeated {lang} sentence"


@pytest.mark.parametrize("name", sorted(load_docs()))
def test_punctuation_suits_each_language(name: str) -> None:
    """Chinese and Russian use their own quotation marks, English uses none of theirs."""
    for unit in load_docs()[name]["units"]:
        assert not any('"' in s or "," in s for s in unit["zh"])
        assert not any('"' in s for s in unit["ru"])
        assert not any("«" in s or "“" in s or "。" in s for s in unit["en"])


def test_ids_and_paragraph_sizes() -> None:
    docs = load_docs()
    assert len({doc["id"] for doc in docs.values()}) == len(docs)
    for name, doc in docs.items():
        sizes = [len(paragraph) for paragraph in paragraphs(doc)]
        assert len(sizes) >= 3, name
        assert max(sizes) <= 8, name


def test_link_types_cover_merges_splits_and_omissions() -> None:
    counts = link_counts()
    for lang in TARGETS:
        literary = counts["literary", lang]
        news = counts["news", lang]
        for kind in MULTI_TYPES:
            assert literary[kind] >= 3, f"literary zh-{lang} has {literary[kind]} {kind} links"
        assert literary["1-3+"] >= 20
        assert news["1-1"] > 0.6 * sum(news.values())
        assert news["1-2"] + news["2-1"] >= 5
        assert news["1-0"] + news["0-1"] >= 1


def test_readme_shows_the_current_counts() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert summary_table() in readme, "README table is stale:\n" + summary_table()
    assert document_table() in readme, "README list is stale:\n" + document_table()
