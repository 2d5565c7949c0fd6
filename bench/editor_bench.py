"""How the editor copes with a 5,000-segment article.

Builds a workspace on a SQLite file with one article of N segments (Chinese, English
and Russian lines from ../shared/data/tico19 when present, else recombined phrases),
then measures import, loading the article into the editor, moving the cursor, and
confirming a segment, driving the real app headless with Textual's Pilot.

    .venv/bin/python bench/editor_bench.py [--segments 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import resource
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from tmtool.db import make_engine
from tmtool.services import importing, queries
from tmtool.services.setup import init_workspace
from tmtool.tui.app import make_app
from tmtool.tui.screens.editor import EditorScreen

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "tico19"


def corpus(count: int) -> tuple[list[str], list[str], list[str]]:
    """N aligned zh/en/ru lines."""
    if (SHARED / "tico19-test.zho").exists():
        zh, en, ru = (
            (SHARED / f"tico19-test.{ext}").read_text(encoding="utf-8").splitlines()
            for ext in ("zho", "eng", "rus")
        )
    else:
        zh = [f"齐齐哈尔市第{i}个项目开工建设。" for i in range(200)]
        en = [f"Project number {i} started in Qiqihar." for i in range(200)]
        ru = [f"В Цицикаре начато строительство проекта № {i}." for i in range(200)]
    cycle = itertools.cycle(zip(zh, en, ru, strict=True))
    rows = [next(cycle) for _ in range(count)]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def drive(engine_url: str, root: Path, results: dict[str, str]) -> None:
    """Open the article in the app and time what a translator does."""
    from tmtool.workspace import load

    ws = load(root)
    engine = make_engine(engine_url)
    app = make_app(engine=engine, workspace=ws, user_name="bench")
    async with app.run_test(size=(200, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        results["open article in editor (s)"] = f"{time.perf_counter() - start:.2f}"
        moves: list[float] = []
        for _ in range(200):
            start = time.perf_counter()
            await pilot.press("down")
            moves.append((time.perf_counter() - start) * 1000)
        results["cursor move, median / p95 (ms)"] = (
            f"{statistics.median(moves):.1f} / {percentile(moves, 0.95):.1f}"
        )
        await pilot.press("e")
        confirms: list[float] = []
        for _ in range(50):
            start = time.perf_counter()
            await pilot.press("ctrl+s")
            confirms.append((time.perf_counter() - start) * 1000)
        results["confirm + next segment, median / p95 (ms)"] = (
            f"{statistics.median(confirms):.1f} / {percentile(confirms, 0.95):.1f}"
        )
        results["segment reached"] = str(screen.index + 1)
    engine.dispose()


def main() -> None:
    """Build, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, default=5000)
    args = parser.parse_args()
    results: dict[str, str] = {"segments": str(args.segments)}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        ws = init_workspace(root, database=url, creator="bench")
        engine = make_engine(ws.database_url)
        zh, en, ru = corpus(args.segments)
        start = time.perf_counter()
        source = importing.from_lines(
            zh, {"en": en, "ru": ru}, title="bench", names={"en": "en", "ru": "ru"}
        )
        with Session(engine, expire_on_commit=False) as session:
            importing.import_article(
                session, slug="big", source=source, target_langs=ws.target_langs, user_name="bench"
            )
        results["import, one transaction (s)"] = f"{time.perf_counter() - start:.2f}"
        start = time.perf_counter()
        with Session(engine) as session:
            view = queries.article_view(session, "big")
        results["read article view (s)"] = f"{time.perf_counter() - start:.3f}"
        assert len(view.segments) == args.segments
        engine.dispose()
        asyncio.run(drive(ws.database_url, root, results))
    results["peak resident memory (MB)"] = (
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
    )
    width = max(len(k) for k in results)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  -----")
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
