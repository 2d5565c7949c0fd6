"""Concurrent edits: optimistic locking across processes and forced interleavings.

Every scenario ends by checking that the stored text and the revision log account for
every edit: the winner's, and the loser's once it re-applies its edit ("overwrite with
mine") on the version its ConflictError reported.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from queue import Empty
from typing import Any, TypeVar

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session, col, select

from tests.conftest import Env, _libpq
from tmtool import db
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.models import Revision, Role
from tmtool.services import importing, queries, users, workflow
from tmtool.services.workflow import Change, ConflictError

T = TypeVar("T")
ZH = Document(title=None, paragraphs=["第一句。第二句。", "第三句。第四句。"])
EN = Document(title=None, paragraphs=["One. Two.", "Three. Four."])
SPAWN = multiprocessing.get_context("spawn")
TIMEOUT = 60.0
# The `env` fixture on one database only (skipped, or failed in CI, like any PostgreSQL test).
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
POSTGRESQL_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _import(env: Env) -> queries.ArticleView:
    source = importing.from_documents(ZH, {"en": EN}, title=None)
    importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en",), user_name="chen"
    )
    for name in ("ann", "bob", "cat", "dan"):
        users.add_user(env.session(), name=name, roles=[Role.TRANSLATOR])
    users.add_user(env.session(), name="rita", roles=[Role.REVIEWER])
    return queries.article_view(env.session(), "news")


def _log(env: Env, translation_id: int) -> list[tuple[str, str, str | None, int]]:
    """(action, user, new text, version) of every revision of a translation, in order."""
    with env.session() as session:
        return [
            (r.action, r.user, r.new_text, r.version)
            for r in session.exec(
                select(Revision)
                .where(Revision.translation_id == translation_id)
                .order_by(col(Revision.id))
            )
        ]


def _save(env: Env, translation_id: int, version: int, text: str, user: str) -> queries.CellView:
    return workflow.save_text(
        env.session(),
        translation_id=translation_id,
        expected_version=version,
        text=text,
        user_name=user,
    )


# -- (a) separate OS processes ------------------------------------------------------------------


def _race_worker(url: str, translation_id: int, user: str, barrier: Any, results: Any) -> None:
    engine = db.make_engine(url)
    try:
        with engine.connect():
            pass  # connect before the barrier, so both saves start together
        barrier.wait(timeout=TIMEOUT)
        try:
            saved = workflow.save_text(
                Session(engine, expire_on_commit=False),
                translation_id=translation_id,
                expected_version=1,
                text=f"{user}'s text.",
                user_name=user,
            )
            results.put((user, "saved", saved.version, saved.text))
        except ConflictError as exc:
            results.put((user, "conflict", exc.current.version, exc.current.text))
        except Exception as exc:
            results.put((user, "error", 0, f"{type(exc).__name__}: {exc}"))
    finally:
        engine.dispose()


def _writer(
    url: str, translation_id: int, user: str, saves: int, barrier: Any, results: Any
) -> None:
    engine = db.make_engine(url)
    errors: list[str] = []
    version = 1
    try:
        barrier.wait(timeout=TIMEOUT)
        for n in range(saves):
            try:
                saved = workflow.save_text(
                    Session(engine, expire_on_commit=False),
                    translation_id=translation_id,
                    expected_version=version,
                    text=f"{user} {n}",
                    user_name=user,
                )
                version = saved.version
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
        results.put((user, version, errors))
    finally:
        engine.dispose()


def _run_processes(targets: list[tuple[Callable[..., None], tuple[Any, ...]]]) -> list[Any]:
    """Start each (function, args) in a spawned process; return what they put in the queue."""
    results = SPAWN.Queue()
    processes = [
        SPAWN.Process(target=fn, args=(*args, results), daemon=True) for fn, args in targets
    ]
    for process in processes:
        process.start()
    collected: list[Any] = []
    try:
        for _ in processes:
            collected.append(results.get(timeout=TIMEOUT))
    except Empty:
        pytest.fail(f"only {len(collected)} of {len(processes)} processes reported back")
    finally:
        for process in processes:
            process.join(timeout=TIMEOUT)
            if process.is_alive():
                process.terminate()
    assert [p.exitcode for p in processes] == [0] * len(processes)
    return collected


def test_two_processes_save_the_same_version_at_once(env: Env) -> None:
    view = _import(env)
    tid = view.segments[0].translations["en"].id
    barrier = SPAWN.Barrier(2)
    url = env.workspace.database_url
    outcomes = _run_processes(
        [(_race_worker, (url, tid, user, barrier)) for user in ("ann", "bob")]
    )
    saved = [o for o in outcomes if o[1] == "saved"]
    lost = [o for o in outcomes if o[1] == "conflict"]
    assert len(saved) == 1 and len(lost) == 1, outcomes
    winner, loser = saved[0][0], lost[0][0]
    # The loser is told what is stored now: the winner's text at version 2.
    assert lost[0][2:] == (2, f"{winner}'s text.")
    mine = _save(env, tid, lost[0][2], f"{loser}'s text.", loser)  # "overwrite with mine"
    assert (mine.text, mine.version) == (f"{loser}'s text.", 3)
    assert _log(env, tid) == [
        ("import", "chen", "One.", 1),
        ("edit", winner, f"{winner}'s text.", 2),
        ("edit", loser, f"{loser}'s text.", 3),
    ]


def test_many_writers_lose_nothing(env: Env) -> None:
    view = _import(env)
    ids = [s.translations["en"].id for s in view.segments]
    writers = ("ann", "bob", "cat", "dan")
    saves = 25
    barrier = SPAWN.Barrier(len(writers))
    url = env.workspace.database_url
    outcomes = _run_processes(
        [
            (_writer, (url, tid, user, saves, barrier))
            for tid, user in zip(ids, writers, strict=True)
        ]
    )
    assert sorted(outcomes) == [(user, saves + 1, []) for user in writers]
    for tid, user in zip(ids, writers, strict=True):
        log = _log(env, tid)
        assert log[0][0] == "import"
        assert log[1:] == [("edit", user, f"{user} {n}", n + 2) for n in range(saves)]
        assert queries.cell(env.session(), tid).text == f"{user} {saves - 1}"


# -- (b) forced interleavings of two connections -----------------------------------------------


@contextmanager
def _in_thread(fn: Callable[[], T]) -> Iterator[Future[T]]:
    """Run `fn` in a thread; on the way out, do not wait for it (it may wait for a lock
    that the failing test still holds and is about to release)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        yield pool.submit(fn)
    finally:
        pool.shutdown(wait=False)


def _wait_until_blocked(env: Env, future: Future[Any]) -> None:
    """Return once the other connection waits for a lock held by this test.

    PostgreSQL shows it in pg_stat_activity; SQLite cannot, so there the test checks that
    the other side is still waiting (its busy timeout is 15 s) after a while.
    """
    if env.url.startswith("sqlite"):
        time.sleep(0.5)
        assert not future.done(), future.result()
        return
    app = make_url(env.url).query["application_name"]
    deadline = time.monotonic() + 10
    # Autocommit: pg_stat_activity is a snapshot taken once per transaction.
    with psycopg.connect(_libpq(env.url), autocommit=True) as conn:
        while time.monotonic() < deadline:
            assert not future.done(), future.result()
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE application_name = %s AND wait_event_type = 'Lock'",
                (str(app),),
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.02)
    pytest.fail("the second connection never waited for the first one's lock")


@contextmanager
def _open_edit(env: Env, tid: int, text: str, user: str) -> Iterator[Session]:
    """A's transaction: an edit written but not committed, holding the row lock until the
    test commits it (or, on the way out, rolls it back)."""
    with env.session() as session:
        session.begin()
        workflow.apply_change(
            session,
            Change(tid, 1, text=text),
            user=users.get_user(session, user),
            action="edit",
        )
        yield session


def test_stale_read_is_a_conflict(env: Env) -> None:
    """A reads, B reads, A writes and commits, B writes: B gets a ConflictError."""
    view = _import(env)
    tid = view.segments[1].translations["en"].id
    a_read = queries.cell(env.session(), tid)
    b_read = queries.cell(env.session(), tid)
    _save(env, tid, a_read.version, "Ann's.", "ann")
    with pytest.raises(ConflictError) as caught:
        _save(env, tid, b_read.version, "Bob's.", "bob")
    assert (caught.value.current.text, caught.value.current.version) == ("Ann's.", 2)
    assert str(caught.value) == (
        "ann changed this en translation meanwhile (now version 2); "
        "reload it and apply your edit again."
    )
    _save(env, tid, caught.value.current.version, "Bob's.", "bob")
    assert _log(env, tid)[1:] == [("edit", "ann", "Ann's.", 2), ("edit", "bob", "Bob's.", 3)]


def test_write_waits_for_the_open_transaction_then_conflicts(env: Env) -> None:
    """A's edit is written but not committed; B reads the old version and its UPDATE waits
    for A's lock; A commits; B's `WHERE version = 1` matches nothing: ConflictError."""
    view = _import(env)
    tid = view.segments[2].translations["en"].id
    with (
        _open_edit(env, tid, "Ann's.", "ann") as a,
        _in_thread(lambda: _save(env, tid, 1, "Bob's.", "bob")) as b,
    ):
        _wait_until_blocked(env, b)
        a.commit()
        with pytest.raises(ConflictError) as caught:
            b.result(timeout=TIMEOUT)
    assert (caught.value.current.text, caught.value.current.version) == ("Ann's.", 2)
    _save(env, tid, 2, "Bob's.", "bob")
    assert _log(env, tid)[1:] == [("edit", "ann", "Ann's.", 2), ("edit", "bob", "Bob's.", 3)]


def test_write_waits_for_the_open_transaction_that_rolls_back(env: Env) -> None:
    """As above, but A rolls back: B's waiting UPDATE goes through and A leaves no trace."""
    view = _import(env)
    tid = view.segments[2].translations["en"].id
    with (
        _open_edit(env, tid, "Ann's.", "ann") as a,
        _in_thread(lambda: _save(env, tid, 1, "Bob's.", "bob")) as b,
    ):
        _wait_until_blocked(env, b)
        a.rollback()
        saved = b.result(timeout=TIMEOUT)
    assert (saved.text, saved.version) == ("Bob's.", 2)
    assert _log(env, tid)[1:] == [("edit", "bob", "Bob's.", 2)]


def test_approval_waits_for_an_open_edit_then_conflicts(env: Env) -> None:
    """A reviewer's approval must not approve text it never saw: it waits for the open edit,
    fails with a ConflictError, and approves the new text when run again."""
    view = _import(env)
    tid = view.segments[3].translations["en"].id

    def approve() -> int:
        return workflow.review(
            env.session(),
            article_id=view.id,
            lang="en",
            positions=[4],
            user_name="rita",
            approve=True,
        )

    with _open_edit(env, tid, "Ann's.", "ann") as a, _in_thread(approve) as b:
        _wait_until_blocked(env, b)
        a.commit()
        with pytest.raises(ConflictError):
            b.result(timeout=TIMEOUT)
    assert approve() == 1
    assert _log(env, tid)[1:] == [("edit", "ann", "Ann's.", 2), ("approve", "rita", None, 3)]


def test_two_admins_demoting_each_other_keep_one(env: Env) -> None:
    """Both demotions check "is another admin left?"; only one of them may succeed."""
    users.add_user(env.session(), name="li", roles=[Role.ADMIN])
    barrier = threading.Barrier(2)

    def demote(actor: str, target: str) -> str:
        barrier.wait(timeout=TIMEOUT)
        try:
            users.set_roles(env.session(), name=target, roles=[Role.REVIEWER], user_name=actor)
        except TmtoolError as exc:
            return str(exc)
        return "done"

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(demote, ("chen", "li"), ("li", "chen"), timeout=TIMEOUT))
    assert results.count("done") == 1, results
    refusal = next(r for r in results if r != "done")
    assert refusal in (
        "li is a reviewer; changing roles needs the admin role.",
        "chen is a reviewer; changing roles needs the admin role.",
        "li is the last admin; make another user an admin before taking the role away.",
        "chen is the last admin; make another user an admin before taking the role away.",
    ), refusal
    with env.session() as session:
        admins = [u.name for u in users.list_users(session) if Role.ADMIN in u.role_set]
    assert len(admins) == 1
