"""The bigram index answers exactly what an exhaustive search answers, and keeps it on disk."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from tmtool.tm import BigramIndex, band_of, query_tokens, similarity

PHRASES = [
    "齐齐哈尔市",
    "召开",
    "全市",
    "重点项目",
    "推进会",
    "孙珅",
    "主持",
    "会议",
    "强调",
    "要",
    "切实",
    "抓好",
    "落实",
    "扎龙",
    "丹顶鹤",
    "今年",
    "计划",
    "投资",
    "亿元",
    "同比增长",
    "，",
    "。",
    "在",
    "的",
    "和",
    "鹤城",
    "清四乱",
    "工作",
    "部署",
    "调研",
]


def sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(PHRASES) for _ in range(rng.randint(1, 9))]
        if rng.random() < 0.3:
            parts.append(str(rng.randint(1, 999)))
        out.append("".join(parts))
    return out


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return sentences(3000, seed=1)


@pytest.fixture(scope="module")
def index(corpus: list[str]) -> BigramIndex:
    built = BigramIndex()
    built.add((i + 1, i % 2, text) for i, text in enumerate(corpus))
    built.compact()
    return built


def scores(hits: list) -> list[float]:  # type: ignore[type-arg]
    return [h.score for h in hits]


@pytest.mark.parametrize("threshold", [50.0, 75.0, 90.0])
def test_search_equals_exhaustive_search(
    index: BigramIndex, corpus: list[str], threshold: float
) -> None:
    queries = sentences(150, seed=2) + [t[1:] for t in corpus[:50]] + ["鹤", "会议", "x"]
    for query in queries:
        for lang in (None, 0, 1):
            fast = index.search(query, limit=5, threshold=threshold, lang=lang)
            slow = index.exhaustive(query, limit=5, threshold=threshold, lang=lang)
            assert scores(fast) == scores(slow), query
            assert all(h.score >= threshold for h in fast)


def test_scores_are_character_similarity(index: BigramIndex, corpus: list[str]) -> None:
    query = corpus[10] + "很好"
    best = index.search(query, limit=1, threshold=50)[0]
    assert best.score == similarity(query, index.texts[best.entry])
    assert index.search(corpus[10], limit=1)[0].score == 100.0


def test_repeated_bigrams_are_distinct_tokens() -> None:
    assert len(set(query_tokens("会议会议会议"))) == 5
    index = BigramIndex()
    index.add([(1, 0, "会议会议"), (2, 0, "会议")])
    index.compact()
    assert [index.entry_id(h.entry) for h in index.search("会议会议", threshold=50)] == [1, 2]


def test_added_entries_are_found_before_and_after_compaction(index: BigramIndex) -> None:
    grown = BigramIndex.from_arrays(index.to_arrays())
    grown.add([(10_000, 1, "鹤城召开冬季供暖工作会议。")])
    assert grown.pending == 1
    hits = grown.search("鹤城召开冬季供暖工作会议", threshold=80)
    assert [grown.entry_id(h.entry) for h in hits][:1] == [10_000]
    grown.compact()
    assert grown.search("鹤城召开冬季供暖工作会议", threshold=80)[0].entry == len(grown) - 1


def test_arrays_round_trip_through_a_file(index: BigramIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.npz"
    np.savez(path, **index.to_arrays())
    with np.load(path) as data:
        loaded = BigramIndex.from_arrays({name: data[name] for name in data.files})
    assert loaded.texts == index.texts
    assert loaded.max_id == index.max_id
    query = index.texts[7]
    assert loaded.search(query) == index.search(query)


def test_concordance_finds_a_phrase_anywhere(index: BigramIndex, corpus: list[str]) -> None:
    found = index.concordance("丹顶鹤", limit=10_000)
    assert sorted(found) == [i for i, text in enumerate(corpus) if "丹顶鹤" in text]
    assert (
        index.concordance("鹤", limit=3)
        == sorted((i for i, text in enumerate(corpus) if "鹤" in text), reverse=True)[:3]
    )


def test_empty_index_and_empty_query() -> None:
    assert BigramIndex().search("会议") == []
    index = BigramIndex()
    index.add([(1, 0, "会议")])
    assert index.search("") == []
    assert index.search("会议", limit=0) == []


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (101.0, "context"),
        (100.0, "exact"),
        (99.5, "95-99"),
        (95.0, "95-99"),
        (94.99, "85-94"),
        (85.0, "85-94"),
        (75.0, "75-84"),
        (74.9, "none"),
        (None, "none"),
    ],
)
def test_bands(score: float | None, band: str) -> None:
    assert band_of(score).key == band
