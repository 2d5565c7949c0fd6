"""How long a saved change takes to reach another editor's watcher, on SQLite and PostgreSQL.

A writer process saves edits one after another (each `workflow.save_text` is its own
transaction); this process runs the change watcher exactly as the editor does and records,
for every edit, the time from the writer's commit to the watcher's delivery. The clocks
are the same machine's `time.time()`. The editor redraws the row right after delivery,
plus one short read of the changed cells, which this figure leaves out.

    .venv/bin/python bench/live_latency.py [--edits 50] [--pg URL] [--no-pg]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from sqlmodel import Session

from tmtool.db import make_engine
from tmtool.formats import Document
from tmtool.services import events, importing, queries, workflow
from tmtool.services.setup import init_workspace

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ZH = Document(title=None, paragraphs=["齐齐哈尔市召开会议。会议由孙珅主持。全市投资90亿元。"])
EN = Document(title=None, paragraphs=["Qiqihar held a meeting. Sun Shen chaired it. 9 billion."])


def _writer(url: str, translation_id: int, edits: int, pause: float, out: object) -> None:
    engine = make_engine(url)
    version = queries.cell(Session(engine), translation_id).version
    for n in range(edits):
        saved = workflow.save_text(
            Session(engine, expire_on_commit=False),
            translation_id=translation_id,
            expected_version=version,
            text=f"Edit number {n}.",
            user_name="chen",
        )
        out.put((saved.version, time.time()))  # type: ignore[attr-defined]
        version = saved.version
        time.sleep(pause)
    engine.dispose()


def measure(url: str, root: Path, edits: int, pause: float) -> list[float]:
    ws = init_workspace(root, database=url, creator="chen", glossary=False)
    engine = make_engine(ws.database_url)
    source = importing.from_documents(ZH, {"en": EN}, title=None)
    importing.import_article(
        Session(engine), slug="news", source=source, target_langs=("en",), user_name="chen"
    )
    cell = queries.article_view(Session(engine), "news").segments[0].translations["en"]
    # (newest version delivered, when): on SQLite edits made between two polls arrive
    # together, as the newest version, which shows every one of them.
    deliveries: list[tuple[int, float]] = []
    stop = threading.Event()

    def deliver(changes: events.Changes) -> None:
        now = time.time()
        for change in changes.translations:
            deliveries.append((change.version, now))

    watcher = threading.Thread(
        target=events.watcher_for(engine).run, args=(stop, deliver, lambda _p: None)
    )
    watcher.start()
    time.sleep(1.0)
    queue: multiprocessing.Queue[tuple[int, float]] = multiprocessing.get_context("spawn").Queue()
    writer = multiprocessing.get_context("spawn").Process(
        target=_writer, args=(ws.database_url, cell.id, edits, pause, queue)
    )
    writer.start()
    committed = [queue.get(timeout=120) for _ in range(edits)]
    writer.join()
    time.sleep(2.0)
    stop.set()
    watcher.join()
    engine.dispose()
    delays = []
    for version, at in committed:
        first = next((when for v, when in deliveries if v >= version), None)
        if first is not None:
            delays.append(first - at)
    return delays


def _row(name: str, edits: int, delays: list[float]) -> str:
    ms = sorted(d * 1000 for d in delays)
    if not ms:
        return f"| {name} | {edits} | 0 | – | – | – |"
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (
        f"| {name} | {edits} | {len(ms)} | {statistics.median(ms):.0f} | {p95:.0f} | {ms[-1]:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between two edits")
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL server URL")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(
            _row(
                "SQLite (poll 0.5 s)",
                args.edits,
                measure(f"sqlite:///{tmp}/bench.db", Path(tmp) / "ws", args.edits, args.pause),
            )
        )
        if not args.no_pg:
            schema = f"bench_{uuid.uuid4().hex[:12]}"
            libpq = args.pg.replace("postgresql+psycopg://", "postgresql://", 1)
            with psycopg.connect(libpq, autocommit=True) as connection:
                connection.execute(f'CREATE SCHEMA "{schema}"')
            try:
                url = f"{args.pg}?options=-csearch_path%3D{schema}"
                delays = measure(url, Path(tmp) / "pgws", args.edits, args.pause)
                rows.append(_row("PostgreSQL (LISTEN/NOTIFY)", args.edits, delays))
            finally:
                with psycopg.connect(libpq, autocommit=True) as connection:
                    connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    print("| database | edits | delivered | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
