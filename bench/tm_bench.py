"""Translation-memory lookup: tmtool against translate-toolkit's matcher and brute force.

Builds a synthetic Chinese memory (bench/tm_corpus.py) at each size, stores it in a real
SQLite workspace through `tmtool.services.tm`, and runs the same queries through

- tmtool: `tm.search` (exact lookup by hash, then the bigram index, targets from the DB),
  in a fresh process that opens the saved index file;
- translate-toolkit: `translate.search.match.matcher` (the matcher Virtaal used);
- brute force: `rapidfuzz.process.extract` over every source, which is also the exhaustive
  answer recall is measured against (top 5 at threshold 75, the same similarity).

Each engine runs in a process of its own so its resident memory can be measured. The
matcher gets at most ``--tt-queries`` queries at sizes of 1,000,000 and more.

    .venv/bin/python bench/tm_bench.py --sizes 10000,100000 --queries 100
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tm_corpus

LIMIT = 5
THRESHOLD = 75.0


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (0–1) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# -- engines, each in its own process ------------------------------------------------------------


def run_tmtool(root: str, queries: list[str]) -> dict[str, Any]:
    """Open the workspace's saved index and search through the service."""
    from sqlmodel import Session

    from tmtool import workspace
    from tmtool.db import make_engine
    from tmtool.services import tm, tm_cache
    from tmtool.tm import similarity
    from tmtool.tm.files import Pair

    ws = workspace.load(Path(root))
    engine = make_engine(ws.database_url)
    before = rss_mb()
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        tm_cache.current(session, ws)
    opened = time.perf_counter() - started
    memory = rss_mb() - before
    latencies, scores = [], []
    for query in queries:
        with Session(engine) as session:
            start = time.perf_counter()
            found = tm.search(session, workspace=ws, text=query, limit=LIMIT)
            latencies.append(time.perf_counter() - start)
        scores.append([min(similarity(query, m.source), 100.0) for m in found])
    # A unit stored now is findable by the next lookup: time store + lookup.
    fresh = "鹤城今天迎来了第一场大雪，全市道路畅通。"
    start = time.perf_counter()
    tm.import_pairs(
        Session(engine),
        pairs=[Pair("zh", fresh, "en", "The first snow.")],
        user_name="bench",
    )
    stored = time.perf_counter() - start
    start = time.perf_counter()
    found = tm.search(Session(engine), workspace=ws, text=fresh, limit=1, threshold=99)
    findable = time.perf_counter() - start
    assert found and found[0].source == fresh
    engine.dispose()
    return {
        "latencies": latencies,
        "scores": scores,
        "memory": memory,
        "opened": opened,
        "add_store": stored,
        "add_findable": findable,
    }


def run_pretranslate(root: str, sentences: list[str]) -> dict[str, Any]:
    """Pre-translate an article of `sentences` at threshold 75, lookups on both cores."""
    from sqlmodel import Session

    from tmtool import workspace
    from tmtool.db import make_engine
    from tmtool.services import importing, tm_articles

    ws = workspace.load(Path(root))
    engine = make_engine(ws.database_url)
    source = importing.SourceText(title="bench", paragraphs=[[s] for s in sentences])
    importing.import_article(
        Session(engine, expire_on_commit=False),
        slug="bench",
        source=source,
        target_langs=("en",),
        user_name="bench",
    )
    start = time.perf_counter()
    report = tm_articles.pretranslate(
        Session(engine, expire_on_commit=False),
        workspace=ws,
        slug="bench",
        lang="en",
        user_name="bench",
        threshold=75,
        workers=2,
    )
    seconds = time.perf_counter() - start
    engine.dispose()
    return {"seconds": seconds, "filled": report.filled, "empty": report.empty}


def run_brute(size: int, queries: list[str]) -> dict[str, Any]:
    """rapidfuzz over every source, one core."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    before = rss_mb()
    choices = tm_corpus.corpus(size)
    memory = rss_mb() - before
    latencies, scores = [], []
    for query in queries:
        start = time.perf_counter()
        found = process.extract(
            query,
            choices,
            scorer=Levenshtein.normalized_similarity,
            limit=LIMIT,
            score_cutoff=THRESHOLD / 100,
        )
        latencies.append(time.perf_counter() - start)
        scores.append(sorted((round(score * 100, 2) for _, score, _ in found), reverse=True))
    return {"latencies": latencies, "scores": scores, "memory": memory}


def run_tt(size: int, queries: list[str]) -> dict[str, Any]:
    """translate-toolkit's matcher, built from the same units."""
    from translate.search.match import matcher
    from translate.storage import base

    from tmtool.tm import similarity

    # The matcher's heap compares (score, unit) pairs; with equal scores Python 3 then
    # compares units, which define no order. Give them one (it decides nothing here).
    base.TranslationUnit.__lt__ = lambda self, other: id(self) < id(other)  # type: ignore[method-assign,assignment]
    before = rss_mb()
    store = base.TranslationStore()
    for number, text in enumerate(tm_corpus.corpus(size)):
        unit = base.TranslationUnit(text)
        unit.target = tm_corpus.target(number)
        store.addunit(unit)
    started = time.perf_counter()
    tt = matcher(store, max_candidates=LIMIT, min_similarity=int(THRESHOLD), max_length=1000)
    built = time.perf_counter() - started
    del store
    memory = rss_mb() - before
    latencies, scores = [], []
    for query in queries:
        start = time.perf_counter()
        found = tt.matches(query)
        latencies.append(time.perf_counter() - start)
        scores.append(sorted((similarity(query, str(u.source)) for u in found), reverse=True))
    return {"latencies": latencies, "scores": scores, "memory": memory, "opened": built}


def in_child(function: Any, *args: Any) -> dict[str, Any]:
    """Run an engine in a fresh process and return its report."""
    context = multiprocessing.get_context("spawn")
    # Not a multiprocessing.Pool: its daemonic workers may not fork pretranslate's helpers.
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result: dict[str, Any] = pool.submit(function, *args).result()
    return result


# -- building the workspace ----------------------------------------------------------------------


def build_workspace(folder: Path, texts: list[str]) -> tuple[str, float, float]:
    """A workspace whose memory holds `texts` (zh→en); import and index times in seconds."""
    from sqlmodel import Session

    from tmtool.db import make_engine
    from tmtool.services import tm, tm_cache
    from tmtool.services.setup import init_workspace
    from tmtool.tm.files import Pair

    ws = init_workspace(folder, database=None, creator="bench", glossary=False)
    engine = make_engine(ws.database_url)
    pairs = [Pair("zh", text, "en", tm_corpus.target(n)) for n, text in enumerate(texts)]
    started = time.perf_counter()
    tm.import_pairs(Session(engine, expire_on_commit=False), pairs=pairs, user_name="bench")
    imported = time.perf_counter() - started
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        tm_cache.current(session, ws)  # builds the index and saves it beside the database
    indexed = time.perf_counter() - started
    tm_cache.forget(ws)
    engine.dispose()
    return str(folder), imported, indexed


def recall(found: list[list[float]], truth: list[list[float]]) -> float:
    """Share of the exhaustive top-k scores that an engine matched, rank by rank."""
    hits = total = 0
    for mine, best in zip(found, truth, strict=False):
        total += len(best)
        hits += sum(1 for i, score in enumerate(best) if i < len(mine) and mine[i] >= score - 0.01)
    return hits / total if total else 1.0


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--tt-queries", type=int, default=20, help="matcher queries at ≥1M")
    parser.add_argument("--skip-tt", action="store_true")
    parser.add_argument("--skip-brute", action="store_true", help="no brute force, no recall")
    parser.add_argument(
        "--pretranslate", type=int, default=0, help="also pre-translate an N-segment article"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"# cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} at start")
    header = (
        f"{'units':>9} {'engine':<18} {'queries':>7} {'p50 ms':>9} {'p95 ms':>9} "
        f"{'recall':>7} {'MB':>7} {'p95 vs tmtool':>14}"
    )
    rows: list[str] = []
    notes: list[str] = []
    for size in sizes:
        texts = tm_corpus.corpus(size)
        queries = tm_corpus.queries(texts, args.queries)
        with tempfile.TemporaryDirectory(prefix="tm-bench-") as folder:
            root, imported, indexed = build_workspace(Path(folder) / "ws", texts)
            notes.append(f"{size}: import {imported:.1f} s, index build {indexed:.1f} s")
            mine = in_child(run_tmtool, root, queries)
            if args.pretranslate:
                article = tm_corpus.queries(texts, args.pretranslate, seed=13)
                done = in_child(run_pretranslate, root, list(dict.fromkeys(article)))
                notes.append(
                    f"{size}: pretranslate of {done['empty']} segments (threshold 75, 2 "
                    f"processes) filled {done['filled']} in {done['seconds']:.1f} s"
                )
        results: list[tuple[str, dict[str, Any], int]] = [("tmtool", mine, len(queries))]
        truth = mine["scores"]
        if not args.skip_brute:
            brute = in_child(run_brute, size, queries)
            truth = brute["scores"]
            results.append(("brute rapidfuzz", brute, len(queries)))
        if not args.skip_tt:
            count = len(queries) if size < 1_000_000 else min(args.tt_queries, len(queries))
            results.append(("translate-toolkit", in_child(run_tt, size, queries[:count]), count))
        base_p95 = percentile(mine["latencies"], 0.95)
        for name, result, count in results:
            p50 = percentile(result["latencies"], 0.5) * 1000
            p95 = percentile(result["latencies"], 0.95) * 1000
            rows.append(
                f"{size:>9} {name:<18} {count:>7} {p50:>9.2f} {p95:>9.2f} "
                f"{recall(result['scores'], truth[:count]):>7.3f} {result['memory']:>7.0f} "
                f"{p95 / (base_p95 * 1000):>13.1f}x"
            )
        notes.append(
            f"{size}: tmtool opened its index in {mine['opened']:.2f} s; a unit stored in "
            f"{mine['add_store'] * 1000:.1f} ms was found by the next lookup in "
            f"{mine['add_findable'] * 1000:.1f} ms; mean query length "
            f"{statistics.mean(len(q) for q in queries):.1f} characters"
        )
        print(header)
        print("\n".join(rows), flush=True)
        print("\n".join(notes), flush=True)
        rows, notes = [], []
    print(f"# load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
