"""The retry helper: real busy databases (SQLite's lock, PostgreSQL deadlocks and
serialization failures) and its rules on their own."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from psycopg import errors as pg_errors
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from tests.conftest import Env
from tests.db.test_concurrency import (
    POSTGRESQL_ONLY,
    SQLITE_ONLY,
    TIMEOUT,
    _import,
    _log,
    _save,
)
from tmtool import db
from tmtool.errors import TmtoolError
from tmtool.models import Translation
from tmtool.services import retry, users, workflow
from tmtool.services.workflow import Change

# -- the retry helper against real lock errors ----------------------------------------------


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the back-off delays instead of sleeping them (but yield the CPU)."""
    delays: list[float] = []

    def fake(seconds: float) -> None:
        delays.append(seconds)
        time.sleep(0.01)

    monkeypatch.setattr(retry, "_sleep", fake)
    return delays


@SQLITE_ONLY
def test_sqlite_busy_database_is_retried_then_reported(
    env: Env, monkeypatch: pytest.MonkeyPatch, no_sleep: list[float]
) -> None:
    view = _import(env)
    tid = view.segments[0].translations["en"].id
    path = make_url(env.workspace.database_url).database
    assert path is not None
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 50)
    engine = db.make_engine(env.workspace.database_url)
    session = Session(engine, expire_on_commit=False)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock, for ever
        with pytest.raises(TmtoolError) as caught:
            workflow.save_text(
                session, translation_id=tid, expected_version=1, text="x", user_name="ann"
            )
        assert str(caught.value) == "the database is busy; try again in a moment."
        assert isinstance(caught.value.__cause__, OperationalError)
        assert len(no_sleep) == 4  # five attempts
        holder.execute("ROLLBACK")
        # The same session is usable again, and nothing of the failed attempts was stored.
        saved = workflow.save_text(
            session, translation_id=tid, expected_version=1, text="Ann's.", user_name="ann"
        )
        assert saved.version == 2
        # A lock released while the saver backs off: a later attempt gets through.
        no_sleep.clear()
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(0.2, holder.execute, args=("ROLLBACK",)).start()

        def slow(seconds: float) -> None:
            no_sleep.append(seconds)
            time.sleep(0.1)

        monkeypatch.setattr(retry, "_sleep", slow)
        saved = workflow.save_text(
            session, translation_id=tid, expected_version=2, text="Ann's 2.", user_name="ann"
        )
        assert saved.version == 3 and 1 <= len(no_sleep) <= 4
    finally:
        time.sleep(0.3)
        holder.close()
        session.close()
        engine.dispose()
    assert _log(env, tid)[1:] == [("edit", "ann", "Ann's.", 2), ("edit", "ann", "Ann's 2.", 3)]


def _edit_latest(session: Session, tid: int, text: str, user: str) -> None:
    """Lock a translation, then edit whatever version it has now (inside a transaction)."""
    current = session.exec(
        select(Translation)
        .where(Translation.id == tid)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    workflow.apply_change(
        session,
        Change(tid, current.version, text=text),
        user=users.get_user(session, user),
        action="edit",
    )


@POSTGRESQL_ONLY
def test_postgresql_deadlock_is_retried(env: Env, no_sleep: list[float]) -> None:
    """A locks row 1 then wants row 2; B locks row 2 then wants row 1. PostgreSQL aborts
    one of them (DeadlockDetected); `retrying` runs it again and both edits land."""
    view = _import(env)
    first, second = (s.translations["en"].id for s in view.segments[:2])
    barrier = threading.Barrier(2)
    attempts: list[str] = []

    def transaction(user: str, order: tuple[int, int]) -> Callable[[], None]:
        session = env.session()

        def attempt() -> None:
            attempts.append(user)
            with session.begin():
                _edit_latest(session, order[0], f"{user} first", user)
                if attempts.count(user) == 1:
                    barrier.wait(timeout=TIMEOUT)
                _edit_latest(session, order[1], f"{user} second", user)

        return lambda: retry.retrying(attempt)

    with ThreadPoolExecutor(max_workers=2) as pool:
        a = pool.submit(transaction("ann", (first, second)))
        b = pool.submit(transaction("bob", (second, first)))
        a.result(timeout=TIMEOUT)
        b.result(timeout=TIMEOUT)
    assert len(attempts) == 3 and len(no_sleep) == 1  # one victim, retried once
    victim = next(u for u in ("ann", "bob") if attempts.count(u) == 2)
    winner = "bob" if victim == "ann" else "ann"
    for tid in (first, second):
        log = _log(env, tid)[1:]
        assert [(action, user, version) for action, user, _, version in log] == [
            ("edit", winner, 2),
            ("edit", victim, 3),
        ]


@POSTGRESQL_ONLY
def test_postgresql_serialization_failure_is_retried(env: Env, no_sleep: list[float]) -> None:
    """Under REPEATABLE READ, A reads, B commits an edit, A's UPDATE fails to serialize;
    `retrying` runs A again on a fresh snapshot and both edits land, B's first."""
    view = _import(env)
    tid = view.segments[0].translations["en"].id
    session = Session(
        env.engine.execution_options(isolation_level="REPEATABLE READ"), expire_on_commit=False
    )
    attempts = 0

    def attempt() -> None:
        nonlocal attempts
        attempts += 1
        with session.begin():
            current = session.exec(
                select(Translation)
                .where(Translation.id == tid)
                .execution_options(populate_existing=True)
            ).one()
            if attempts == 1:
                _save(env, tid, current.version, "Bob's.", "bob")  # commits meanwhile
            workflow.apply_change(
                session,
                Change(tid, current.version, text="Ann's."),
                user=users.get_user(session, "ann"),
                action="edit",
            )

    retry.retrying(attempt)
    session.close()
    assert attempts == 2 and len(no_sleep) == 1
    assert _log(env, tid)[1:] == [("edit", "bob", "Bob's.", 2), ("edit", "ann", "Ann's.", 3)]


# -- the retry helper on its own ------------------------------------------------------------------


def _locked() -> OperationalError:
    return OperationalError(
        "UPDATE translation", {}, sqlite3.OperationalError("database is locked")
    )


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (_locked(), True),
        (OperationalError("x", {}, pg_errors.DeadlockDetected("deadlock detected")), True),
        (OperationalError("x", {}, pg_errors.SerializationFailure("could not serialize")), True),
        (OperationalError("x", {}, sqlite3.OperationalError("no such table: segment")), False),
        (OperationalError("x", {}, pg_errors.UndefinedTable("relation missing")), False),
        (ValueError("database is locked"), False),
    ],
)
def test_what_counts_as_busy(error: BaseException, transient: bool) -> None:
    assert retry.is_transient(error) is transient


def test_retrying_gives_up_after_the_last_attempt(no_sleep: list[float]) -> None:
    calls = 0

    def busy() -> None:
        nonlocal calls
        calls += 1
        raise _locked()

    with pytest.raises(TmtoolError, match=r"^the database is busy; try again in a moment\.$"):
        retry.retrying(busy, attempts=3)
    assert calls == 3 and len(no_sleep) == 2
    assert no_sleep[0] < no_sleep[1] * 2  # growing, with jitter


def test_retrying_returns_and_passes_other_errors_through(no_sleep: list[float]) -> None:
    outcomes: list[Callable[[], str]] = [_raise(_locked()), _raise(_locked()), lambda: "done"]
    assert retry.retrying(lambda: outcomes.pop(0)()) == "done"
    assert len(no_sleep) == 2
    for error in (TmtoolError("no."), _raise_value()):
        with pytest.raises(type(error)):
            retry.retrying(_raise(error))
    assert len(no_sleep) == 2


def test_backoff_grows_is_capped_and_jittered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "_random", lambda: 0.5)
    assert [retry.backoff(n) for n in (1, 2, 3)] == [0.05, 0.1, 0.2]
    assert retry.backoff(30) == retry.MAX_DELAY
    monkeypatch.setattr(retry, "_random", lambda: 0.0)
    assert retry.backoff(1) == 0.025


def _raise(error: BaseException) -> Callable[[], str]:
    def fn() -> str:
        raise error

    return fn


def _raise_value() -> BaseException:
    return OperationalError("x", {}, sqlite3.OperationalError("disk I/O error"))
