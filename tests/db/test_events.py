"""Change notifications and presence markers, on SQLite and PostgreSQL.

A watcher runs in a thread as it does in the editor; the tests wait (with a generous bound)
for what it delivers and assert its content, never how fast it came.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
from psycopg import errors as pg_errors
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from tests.conftest import PG_URL, Env, _libpq
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.models import Presence, Role, State
from tmtool.services import events, importing, queries, retry, review, users, workflow

ZH = Document(title=None, paragraphs=["齐齐哈尔市召开会议。会议由孙珅主持。"])
EN = Document(title=None, paragraphs=["Qiqihar held a meeting. Sun Shen chaired it."])
WAIT_SECONDS = 20.0


def _import(env: Env, slug: str = "news") -> queries.ArticleView:
    source = importing.from_documents(ZH, {"en": EN}, title=None)
    importing.import_article(
        env.session(), slug=slug, source=source, target_langs=("en", "ru"), user_name="chen"
    )
    return queries.article_view(env.session(), slug)


class Recorder:
    """Collects what a watcher delivers, from its thread."""

    def __init__(self) -> None:
        self.changes: list[events.Changes] = []
        self.statuses: list[str | None] = []
        self.lock = threading.Lock()
        self.ready = threading.Event()

    def deliver(self, changes: events.Changes) -> None:
        with self.lock:
            self.changes.append(changes)

    def status(self, message: str | None) -> None:
        with self.lock:
            self.statuses.append(message)

    def wait_for(self, found: Callable[[list[events.Changes]], bool]) -> list[events.Changes]:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            with self.lock:
                seen = list(self.changes)
            if found(seen):
                return seen
            time.sleep(0.05)
        raise AssertionError(f"not delivered within {WAIT_SECONDS} s: {seen}")


@contextmanager
def watching(env: Env) -> Iterator[Recorder]:
    recorder = Recorder()
    stop = threading.Event()
    watcher = events.watcher_for(env.engine)
    thread = threading.Thread(target=watcher.run, args=(stop, recorder.deliver, recorder.status))
    thread.start()
    # The watcher is listening once it has taken its connection; a change made before would
    # be missed on PostgreSQL, so give it a first tick.
    time.sleep(2 * events.POLL_SECONDS)
    try:
        yield recorder
    finally:
        stop.set()
        thread.join(timeout=WAIT_SECONDS)
        assert not thread.is_alive()


def _translations(seen: list[events.Changes]) -> set[events.TranslationChanged]:
    return {t for c in seen for t in c.translations}


def test_a_saved_edit_is_delivered_with_its_article_segment_and_version(env: Env) -> None:
    view = _import(env)
    cell = view.segments[0].translations["en"]
    with watching(env) as recorder:
        saved = workflow.save_text(
            env.session(),
            translation_id=cell.id,
            expected_version=cell.version,
            text="Qiqihar convened a meeting.",
            user_name="chen",
        )
        expected = events.TranslationChanged(view.id, view.segments[0].id, cell.id, saved.version)
        recorder.wait_for(lambda seen: expected in _translations(seen))
    assert saved.version == cell.version + 1
    assert recorder.statuses == []


def test_approvals_and_comments_are_delivered(env: Env) -> None:
    view = _import(env)
    users.add_user(env.session(), name="wang", roles=[Role.REVIEWER])
    segment = view.segments[1]
    with watching(env) as recorder:
        workflow.review(
            env.session(),
            article_id=view.id,
            lang="en",
            positions=[segment.position],
            user_name="wang",
            approve=True,
        )
        review.add_comment(
            env.session(),
            article_id=view.id,
            position=segment.position,
            lang="en",
            body="Good.",
            user_name="wang",
        )
        seen = recorder.wait_for(
            lambda seen: any(c.comments for c in seen) and bool(_translations(seen))
        )
    changed = _translations(seen)
    assert {(t.translation_id, t.version) for t in changed} == {
        (segment.translations["en"].id, segment.translations["en"].version + 1)
    }
    assert {(a, s) for c in seen for a, s in c.comments} == {(view.id, segment.id)}
    assert all(c.touches(view.id) for c in seen if c.edits)


def test_a_rolled_back_change_is_not_announced(env: Env) -> None:
    view = _import(env)
    cell = view.segments[0].translations["en"]
    with watching(env) as recorder:
        session = env.session()
        with session.begin():
            events.translation_changed(session, cell.id)
            session.rollback()
        # A change that does commit afterwards arrives, and alone.
        review.add_comment(
            env.session(), article_id=view.id, position=1, lang=None, body="?", user_name="chen"
        )
        seen = recorder.wait_for(lambda seen: any(c.comments for c in seen))
    assert _translations(seen) == set()


def test_presence_markers_are_soft_and_expire(env: Env) -> None:
    view = _import(env)
    with watching(env) as recorder:
        events.heartbeat(
            env.session(),
            session_id="a",
            user_name="chen",
            article_id=view.id,
            position=2,
            lang="ru",
        )
        events.heartbeat(
            env.session(),
            session_id="b",
            user_name="wang",
            article_id=view.id,
            position=1,
            lang=None,
        )
        recorder.wait_for(lambda seen: any(view.id in c.presence for c in seen))
    others = events.present(env.session(), article_id=view.id, exclude_session="b")
    assert [(p.user, p.position, p.lang) for p in others] == [("chen", 2, "ru")]
    # A heartbeat moves the marker; it never adds a second one for the same session.
    events.heartbeat(
        env.session(), session_id="a", user_name="chen", article_id=view.id, position=3, lang="en"
    )
    assert [(p.user, p.position) for p in events.present(env.session(), article_id=view.id)] == [
        ("chen", 3),
        ("wang", 1),
    ]
    # A client that stopped beating (crashed) is ignored after the TTL and purged later.
    session = env.session()
    with session.begin():
        stale = session.exec(select(Presence).where(Presence.session_id == "b")).one()
        stale.seen_at = stale.seen_at - events.PRESENCE_TTL - timedelta(seconds=1)
        session.add(stale)
    assert [p.user for p in events.present(env.session(), article_id=view.id)] == ["chen"]
    session = env.session()
    with session.begin():
        stale = session.exec(select(Presence).where(Presence.session_id == "b")).one()
        stale.seen_at = stale.seen_at - events.PRESENCE_PURGE
        session.add(stale)
    events.heartbeat(
        env.session(), session_id="a", user_name="chen", article_id=view.id, position=3, lang="en"
    )
    events.leave(env.session(), session_id="a")
    events.leave(env.session(), session_id="never-there")
    with env.session() as session:
        assert session.exec(select(Presence)).all() == []


def test_read_cells_returns_the_stored_versions(env: Env) -> None:
    view = _import(env)
    ids = [c.id for s in view.segments for c in s.translations.values()]
    cells = events.read_cells(env.session(), [*ids, 10_000])
    assert sorted(c.id for c in cells) == sorted(ids)
    assert {c.state for c in cells} <= set(State)
    assert events.read_cells(env.session(), []) == []


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_listener_reconnects_and_asks_for_a_full_reload(env: Env) -> None:
    view = _import(env)
    cell = view.segments[0].translations["en"]
    with watching(env) as recorder:
        # What a server restart does to the listening connection.
        with psycopg.connect(_libpq(PG_URL), autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s AND query LIKE 'LISTEN%%'",
                (env.url.rsplit("application_name=", 1)[1],),
            ).fetchall()
        assert killed == [(True,)]
        recorder.wait_for(lambda seen: any(c.everything for c in seen))
        saved = workflow.save_text(
            env.session(),
            translation_id=cell.id,
            expected_version=cell.version,
            text="After the restart.",
            user_name="chen",
        )
        recorder.wait_for(lambda seen: saved.version in {t.version for t in _translations(seen)})
    assert recorder.statuses[0] is not None and "reconnecting" in recorder.statuses[0]
    assert recorder.statuses[-1] is None


def test_a_server_that_went_away_is_one_sentence_not_a_crash() -> None:
    refused = OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused"))
    shutdown = OperationalError("SELECT 1", {}, pg_errors.AdminShutdown("terminating connection"))
    missing = OperationalError("SELECT 1", {}, pg_errors.UndefinedTable("no relation"))
    assert retry.is_unreachable(refused) and retry.is_unreachable(shutdown)
    assert not retry.is_unreachable(missing)

    def attempt() -> None:
        raise refused

    with pytest.raises(TmtoolError, match="cannot be reached; nothing was saved"):
        retry.retrying(attempt)
