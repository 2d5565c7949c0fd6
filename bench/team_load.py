"""Twenty people on one PostgreSQL workspace: a load test with an audit afterwards.

The demo workspace is built, copied onto a fresh PostgreSQL schema (`tmtool db copy`), and
given `--users` people who may translate and review. Each person is a separate process that
performs `--ops` operations on the same articles, picked at random with a fixed seed: edit a
translation, confirm it, approve it, or comment on a segment. An edit or confirmation that
meets a newer version (someone else saved first) is re-read and retried, as the editor's
conflict dialog lets a person do; every attempt is counted.

Afterwards the audit checks, from the database alone, that

* every successful operation left its trace: one revision per edit, confirmation and
  approval that changed something, one comment row per comment;
* no update was lost: each translation's version grew by exactly the number of revisions
  written for it, and its text is the text of its newest revision;
* no deadlock or other database error reached a user.

It prints operations per second and latency percentiles per operation.

    .venv/bin/python bench/team_load.py [--users 20] [--ops 100] [--url postgresql+psycopg://…]

Two fault drills run with `--faults`: a writer killed (SIGKILL) inside an open transaction,
and, with `--restart-command "pg_ctlcluster 15 main restart"`, the server restarted while
the people are working.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from tmtool import db
from tmtool.demo import build
from tmtool.errors import TmtoolError
from tmtool.models import Comment, Revision, Role, Segment, Translation
from tmtool.services import retry, review, users, workflow
from tmtool.services.dbcopy import copy_database

DEFAULT_URL = os.environ.get(
    "TMTOOL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
KINDS = ("edit", "confirm", "approve", "comment")


@dataclass
class Outcome:
    """What one person did and how long each operation took."""

    user: str
    latencies: dict[str, list[float]] = field(default_factory=dict)
    done: Counter[str] = field(default_factory=Counter)
    revisions: Counter[int] = field(default_factory=Counter)  # translation id → revisions
    comments: int = 0
    conflicts: int = 0
    refused: int = 0
    unreachable: int = 0
    errors: list[str] = field(default_factory=list)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _targets(engine: Any) -> list[tuple[int, int, int, str]]:
    """(translation id, article id, position, lang) of every translation."""
    with Session(engine) as session:
        rows = session.exec(
            select(Translation.id, Segment.article_id, Segment.position, Translation.lang).join(
                Segment, col(Segment.id) == col(Translation.segment_id)
            )
        ).all()
    return [(int(t or 0), int(a), int(p), str(lang)) for t, a, p, lang in rows]


def _edit(session: Session, out: Outcome, tid: int, confirm: bool, n: int) -> None:
    """Save a new text, re-reading and retrying when someone saved first."""
    while True:
        with session.begin():
            current = session.get(Translation, tid)
            assert current is not None
            version, base = current.version, current.text
        session.expire_all()
        text = f"{base.split(' ·')[0]} ·{out.user}·{n}"
        try:
            workflow.save_text(
                session,
                translation_id=tid,
                expected_version=version,
                text=text,
                user_name=out.user,
                confirm=confirm,
            )
        except workflow.ConflictError:
            out.conflicts += 1
            continue
        out.revisions[tid] += 1
        return


def worker(url: str, name: str, ops: int, hot: int, seed: int, queue: Any) -> None:
    """One person's session: `ops` operations, reported back through `queue`."""
    engine = db.make_engine(url)
    rng = random.Random(seed)
    for _attempt in range(60):  # the server may be restarting as this person starts
        try:
            targets = _targets(engine)[:hot]
            break
        except DBAPIError:
            time.sleep(0.5)
    else:
        queue.put(Outcome(name, errors=["could not reach the server to start"]))
        return
    out = Outcome(name)
    session = Session(engine, expire_on_commit=False)
    for n in range(ops):
        kind = rng.choice(KINDS)
        tid, article_id, position, lang = rng.choice(targets)
        started = time.perf_counter()
        try:
            if kind in ("edit", "confirm"):
                _edit(session, out, tid, kind == "confirm", n)
            elif kind == "approve":
                try:
                    changed = workflow.review(
                        session,
                        article_id=article_id,
                        lang=lang,
                        positions=[position],
                        user_name=name,
                        approve=True,
                    )
                except workflow.ConflictError:
                    out.conflicts += 1
                    changed = 0
                out.revisions[tid] += changed
            else:
                review.add_comment(
                    session,
                    article_id=article_id,
                    position=position,
                    lang=lang,
                    body=f"{name} note {n}",
                    user_name=name,
                )
                out.comments += 1
        except TmtoolError as exc:
            if "cannot be reached" in str(exc):
                out.unreachable += 1  # the server is restarting: the person is told, tries later
            else:
                out.refused += 1  # e.g. approving an empty translation: a refusal, not a failure
        except DBAPIError as exc:
            session.rollback()
            if retry.is_unreachable(exc):
                out.unreachable += 1  # a read outside a service while the server restarts
            else:
                out.errors.append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        except Exception as exc:  # every other error that reaches a person is reported
            out.errors.append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            session.rollback()
        out.latencies.setdefault(kind, []).append(time.perf_counter() - started)
        out.done[kind] += 1
    session.close()
    engine.dispose()
    queue.put(out)


def prepare(url: str, people: int) -> None:
    """The demo workspace on `url`, with `people` translators-and-reviewers."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = build(Path(tmp) / "demo", user="chen")
        copy_database(db.make_engine(ws.database_url), db.make_engine(url))
    engine = db.make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        for k in range(people):
            users.add_user(session, name=f"p{k:02d}", roles=[Role.TRANSLATOR, Role.REVIEWER])
    engine.dispose()


def _snapshot(engine: Any) -> dict[int, tuple[int, str]]:
    with Session(engine) as session:
        rows = session.exec(select(Translation.id, Translation.version, Translation.text)).all()
    return {int(t or 0): (int(v), str(x)) for t, v, x in rows}


def audit(
    engine: Any, before: dict[int, tuple[int, str]], outcomes: list[Outcome], since: int
) -> list[str]:
    """Every problem the database shows after the run (empty when all is accounted for)."""
    problems: list[str] = []
    after = _snapshot(engine)
    expected: Counter[int] = Counter()
    for out in outcomes:
        expected.update(out.revisions)
    with Session(engine) as session:
        written = Counter(
            int(t)
            for t in session.exec(
                select(Revision.translation_id).where(col(Revision.id) > since)
            ).all()
        )
        comments = session.exec(
            select(func.count()).select_from(Comment).where(col(Comment.author).like("p%"))
        ).one()
        newest: dict[int, str | None] = {}
        for tid, text in session.exec(
            select(Revision.translation_id, Revision.new_text)
            .where(col(Revision.id) > since, col(Revision.new_text).is_not(None))
            .order_by(col(Revision.id))
        ).all():
            newest[int(tid)] = text
    if written != expected:
        diff = {
            t: (expected[t], written[t])
            for t in set(written) | set(expected)
            if expected[t] != written[t]
        }
        problems.append(f"revisions differ from successful operations for {len(diff)} translations")
    grown = Counter({t: after[t][0] - before[t][0] for t in after if after[t][0] != before[t][0]})
    if grown != written:
        problems.append("versions grew by a different amount than revisions were written")
    lost = [t for t, text in newest.items() if after[t][1] != text]
    if lost:
        problems.append(f"{len(lost)} translations do not hold their newest revision's text")
    if comments != sum(o.comments for o in outcomes):
        problems.append(f"{comments} comments stored, {sum(o.comments for o in outcomes)} made")
    return problems


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0–1) by nearest rank, in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_load(
    url: str, people: int, ops: int, hot: int, restart: str | None, restart_after: float = 15.0
) -> None:
    """Run the people, audit, print the table."""
    engine = db.make_engine(url)
    before = _snapshot(engine)
    with Session(engine) as session:
        since = int(session.exec(select(func.max(Revision.id))).one() or 0)
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=worker, args=(url, f"p{k:02d}", ops, hot, 1000 + k, queue))
        for k in range(people)
    ]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    if restart:
        time.sleep(restart_after)
        print(f"restarting the server: {restart}")
        subprocess.run(restart, shell=True, check=True)
    outcomes = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - started
    total = sum(sum(o.done.values()) for o in outcomes)
    print(
        f"\n{people} people × {ops} operations on {hot} translations, PostgreSQL:"
        f" {total} operations in {elapsed:.1f} s"
        f" = {total / elapsed:.0f} operations/s (process start-up included)\n"
    )
    print(f"{'operation':<10}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind in KINDS:
        values = [v for o in outcomes for v in o.latencies.get(kind, [])]
        if values:
            print(
                f"{kind:<10}{len(values):>7}{percentile(values, 0.5):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{percentile(values, 0.99):>9.1f}"
                f"{1000 * max(values):>9.1f}"
            )
    print(
        f"\nconflicts met and retried: {sum(o.conflicts for o in outcomes)};"
        f" refusals (e.g. approving empty text): {sum(o.refused for o in outcomes)}"
    )
    unreachable = sum(o.unreachable for o in outcomes)
    if unreachable:
        print(f"operations told 'the database server cannot be reached': {unreachable}")
    errors = [e for o in outcomes for e in o.errors]
    deadlocks = [e for e in errors if "deadlock" in e.lower()]
    print(f"errors that reached a person: {len(errors)} (deadlocks: {len(deadlocks)})")
    for line in errors[:10]:
        print(f"  {line}")
    problems = audit(engine, before, outcomes, since)
    print(
        "audit: "
        + ("every operation accounted for, no update lost" if not problems else "; ".join(problems))
    )
    engine.dispose()
    if problems or (errors and not restart):
        sys.exit(1)


def _hold_open_transaction(url: str, tid: int) -> None:
    engine = db.make_engine(url)
    with Session(engine) as session, session.begin():
        current = session.get(Translation, tid)
        assert current is not None
        user = users.get_user(session, "p00")
        workflow.apply_change(
            session,
            workflow.Change(tid, current.version, text="never committed"),
            user=user,
            action="edit",
        )
        session.flush()
        print("writer: holding an uncommitted change", flush=True)
        time.sleep(60)


def kill_drill(url: str) -> None:
    """SIGKILL a writer inside its transaction; the row must be free and unchanged at once."""
    engine = db.make_engine(url)
    tid = _targets(engine)[0][0]
    before = _snapshot(engine)[tid]
    ctx = mp.get_context("spawn")
    proc = ctx.Process(target=_hold_open_transaction, args=(url, tid))
    proc.start()
    time.sleep(4)
    os.kill(proc.pid or 0, signal.SIGKILL)
    proc.join()
    killed = time.perf_counter()
    unchanged = _snapshot(engine)[tid] == before
    with Session(engine, expire_on_commit=False) as session:
        workflow.save_text(
            session,
            translation_id=tid,
            expected_version=before[0],
            text="after the kill",
            user_name="p01",
        )
    waited = time.perf_counter() - killed
    print(
        f"\nkilled writer: its change was rolled back ({unchanged}); another person saved the"
        f" same translation {1000 * waited:.0f} ms after the kill"
    )
    engine.dispose()


def main() -> None:
    """Parse options, prepare a fresh schema, run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--ops", type=int, default=100)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument(
        "--hot", type=int, default=120, help="work on the first N translations only (contention)"
    )
    parser.add_argument("--faults", action="store_true", help="also run the kill drill")
    parser.add_argument("--restart-command", default=None)
    parser.add_argument(
        "--restart-after", type=float, default=15.0, help="seconds into the run (default 15)"
    )
    args = parser.parse_args()
    schema = f"load_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(args.url), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{args.url}?options=-csearch_path%3D{schema}"
    try:
        prepare(url, args.users)
        run_load(url, args.users, args.ops, args.hot, args.restart_command, args.restart_after)
        if args.faults:
            kill_drill(url)
    finally:
        with psycopg.connect(_libpq(args.url), autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
