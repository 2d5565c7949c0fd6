"""How long merging, splitting, moving a sentence and undoing take on long articles.

Builds a workspace on a SQLite file (and on PostgreSQL with --pg URL) with one article of
N segments, two sentences each in English and Russian, then times each structural change
near the start of the article (the worst place: every later position is renumbered) and
its undo, several times, and prints the median and the slowest in milliseconds.

    .venv/bin/python bench/segment_ops.py [--segments 100 5000] [--repeat 5] [--pg URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlmodel import Session

from tmtool.db import make_engine
from tmtool.services import importing, segments
from tmtool.services.setup import init_workspace


def lines(count: int) -> tuple[list[str], list[str], list[str]]:
    """N segments, each two sentences in every language."""
    zh = [f"第{i}个项目开工建设。工程进展顺利。" for i in range(count)]
    en = [f"Project {i} started. The works are going well." for i in range(count)]
    ru = [f"Начато строительство проекта {i}. Работы идут хорошо." for i in range(count)]
    return zh, en, ru


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure(url: str, root: Path, count: int, repeat: int) -> dict[str, list[float]]:
    ws = init_workspace(root, database=url, creator="chen", glossary=False)
    engine = make_engine(ws.database_url)
    zh, en, ru = lines(count)
    source = importing.from_lines(zh, {"en": en, "ru": ru}, title="bench", names={})
    article = importing.import_article(
        Session(engine, expire_on_commit=False),
        slug="bench",
        source=source,
        target_langs=("en", "ru"),
        user_name="chen",
    )
    assert article.id is not None
    aid = article.id

    def s() -> Session:
        return Session(engine, expire_on_commit=False)

    times: dict[str, list[float]] = {k: [] for k in ("merge", "split", "move", "undo")}
    for _ in range(repeat):
        times["merge"].append(
            timed(
                lambda: segments.merge_with_next(s(), article_id=aid, position=2, user_name="chen")
            )
        )
        times["undo"].append(
            timed(lambda: segments.undo_last(s(), article_id=aid, user_name="chen"))
        )
        times["split"].append(
            timed(
                lambda: segments.split(
                    s(), article_id=aid, position=2, target_at={"en": 11}, user_name="chen"
                )
            )
        )
        times["undo"].append(
            timed(lambda: segments.undo_last(s(), article_id=aid, user_name="chen"))
        )
        times["move"].append(
            timed(
                lambda: segments.move_sentence(
                    s(), article_id=aid, position=2, lang="en", direction="next", user_name="chen"
                )
            )
        )
        times["undo"].append(
            timed(lambda: segments.undo_last(s(), article_id=aid, user_name="chen"))
        )
    engine.dispose()
    return times


def pg_schema(url: str) -> tuple[str, Callable[[], None]]:
    """A fresh schema on the server and a function that drops it."""
    libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')

    def drop() -> None:
        with psycopg.connect(libpq, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')

    return f"{url}?options=-csearch_path%3D{schema}", drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, nargs="+", default=[100, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg", default=None, help="also on this PostgreSQL server")
    args = parser.parse_args()
    print("| database | segments | operation | median ms | slowest ms |")
    print("|---|---|---|---|---|")
    for count in args.segments:
        targets: list[tuple[str, str, Callable[[], None]]] = []
        with tempfile.TemporaryDirectory() as tmp:
            targets.append(("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", lambda: None))
            if args.pg:
                url, drop = pg_schema(args.pg)
                targets.append(("PostgreSQL", url, drop))
            for name, url, cleanup in targets:
                try:
                    times = measure(url, Path(tmp) / f"ws-{name}", count, args.repeat)
                finally:
                    cleanup()
                for op, values in times.items():
                    print(
                        f"| {name} | {count:,} | {op} | {statistics.median(values):.1f} "
                        f"| {max(values):.1f} |"
                    )


if __name__ == "__main__":
    main()
