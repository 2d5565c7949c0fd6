"""Team events: change notifications between open editors, and who is where (presence).

Every saved change of a translation or a comment is announced to the other editors of the
workspace. On PostgreSQL the announcement is a `NOTIFY` sent inside the transaction that
made the change, so it is delivered exactly when (and only if) the change commits; each app
listens on a connection of its own and reconnects when the server goes away. On SQLite a
watcher polls `PRAGMA data_version` (which moves whenever another connection commits) and
reads the revisions and comments added since it last looked.

Presence is a soft marker: each open editor rewrites its row every few seconds and deletes it
on leaving; rows older than `PRESENCE_TTL` are ignored and eventually removed, so a crashed
client never blocks anyone.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import psycopg
from psycopg import sql
from sqlalchemy import Engine, delete, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from tmtool.models import Presence, State, Translation, utcnow
from tmtool.services.queries import CellView

log = logging.getLogger(__name__)

PRESENCE_TTL = timedelta(seconds=15)
"""A presence marker older than this is ignored: its editor has gone (or crashed)."""
PRESENCE_PURGE = timedelta(hours=1)
"""Markers older than this are deleted by the next heartbeat of anyone."""
POLL_SECONDS = 0.5
"""How often the SQLite watcher looks at the change counter; the PostgreSQL watcher's tick."""
COALESCE_SECONDS = 0.05
"""After a first notification, how long to gather more before delivering them together."""
RECONNECT_SECONDS = 1.0
"""Pause between attempts to reach a PostgreSQL server that went away."""

# The channel is named after the schema: NOTIFY is database-wide, a workspace is one schema.
_CHANNEL_SQL = "left('tmtool.' || current_schema(), 63)"


@dataclass(frozen=True)
class TranslationChanged:
    """A translation reached `version` (its text or state changed)."""

    article_id: int
    segment_id: int
    translation_id: int
    version: int


@dataclass(frozen=True)
class Changes:
    """What changed in the workspace since the last delivery.

    `everything` means notifications may have been missed (the connection was lost and is
    back): a reader should reload what it shows.
    """

    translations: frozenset[TranslationChanged] = frozenset()
    comments: frozenset[tuple[int, int]] = frozenset()
    """(article id, segment id) of segments whose comments changed."""
    presence: frozenset[int] = frozenset()
    """Articles whose presence markers changed (on SQLite: possibly changed)."""
    everything: bool = False
    restructured: frozenset[int] = frozenset()
    """Articles whose segments were merged, split or moved (or such a change undone)."""

    def touches(self, article_id: int) -> bool:
        """Whether anything in this batch concerns the article."""
        return (
            self.everything
            or article_id in self.presence
            or article_id in self.restructured
            or any(t.article_id == article_id for t in self.translations)
            or any(a == article_id for a, _ in self.comments)
        )

    @property
    def edits(self) -> bool:
        """Whether translations or comments changed (not only presence)."""
        return self.everything or bool(self.translations or self.comments or self.restructured)


@dataclass
class _Batch:
    translations: set[TranslationChanged] = field(default_factory=set)
    comments: set[tuple[int, int]] = field(default_factory=set)
    presence: set[int] = field(default_factory=set)
    restructured: set[int] = field(default_factory=set)

    def add_payload(self, payload: str) -> None:
        try:
            data = json.loads(payload)
            kind = data["k"]
            if kind == "t":
                self.translations.add(
                    TranslationChanged(
                        int(data["a"]), int(data["s"]), int(data["t"]), int(data["v"])
                    )
                )
            elif kind == "c":
                self.comments.add((int(data["a"]), int(data["s"])))
            elif kind == "p":
                self.presence.add(int(data["a"]))
            elif kind == "r":
                self.restructured.add(int(data["a"]))
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed change notification: %r", payload)

    def changes(self) -> Changes:
        return Changes(
            frozenset(self.translations),
            frozenset(self.comments),
            frozenset(self.presence),
            restructured=frozenset(self.restructured),
        )

    def __bool__(self) -> bool:
        return bool(self.translations or self.comments or self.presence or self.restructured)


# -- announcing changes (called inside the transaction that makes them) ------------------------


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def translation_changed(session: Session, translation_id: int) -> None:
    """Announce a changed translation; delivered when the caller's transaction commits.

    On SQLite this does nothing: the watchers there find the new revision by themselves.
    """
    if not _is_postgresql(session):
        return
    session.execute(
        text(
            f"SELECT pg_notify({_CHANNEL_SQL}, json_build_object("
            "'k', 't', 'a', s.article_id, 's', s.id, 't', t.id, 'v', t.version)::text)"
            " FROM translation t JOIN segment s ON s.id = t.segment_id WHERE t.id = :id"
        ),
        {"id": translation_id},
    )


def comments_changed(session: Session, segment_id: int) -> None:
    """Announce that a segment's comments changed (one added, resolved or reopened)."""
    if not _is_postgresql(session):
        return
    session.execute(
        text(
            f"SELECT pg_notify({_CHANNEL_SQL}, json_build_object("
            "'k', 'c', 'a', s.article_id, 's', s.id)::text) FROM segment s WHERE s.id = :id"
        ),
        {"id": segment_id},
    )


def article_restructured(session: Session, article_id: int) -> None:
    """Announce that an article's segments were merged, split or moved, or such a change undone.

    On SQLite the watchers find the structural change record by themselves.
    """
    if not _is_postgresql(session):
        return
    session.execute(
        text(f"SELECT pg_notify({_CHANNEL_SQL}, json_build_object('k', 'r', 'a', :a)::text)"),
        {"a": article_id},
    )


def _presence_changed(session: Session, article_id: int) -> None:
    if _is_postgresql(session):
        session.execute(
            text(f"SELECT pg_notify({_CHANNEL_SQL}, json_build_object('k', 'p', 'a', :a)::text)"),
            {"a": article_id},
        )


# -- watching for changes ------------------------------------------------------------------------

Deliver = Callable[[Changes], None]
Status = Callable[[str | None], None]
"""Called with a sentence when the database cannot be reached, and with None once it can."""


class StopFlag(Protocol):
    """When to stop watching: a `threading.Event`, or anything that behaves like one."""

    def is_set(self) -> bool:
        """Whether to stop now."""

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep up to `timeout` seconds, waking early (and returning True) to stop."""


class ChangeWatcher(Protocol):
    """Watches a workspace's database and delivers batches of changes until stopped."""

    def run(self, stop: StopFlag, deliver: Deliver, status: Status) -> None:
        """Block, delivering changes, until `stop` is set."""


def watcher_for(engine: Engine) -> ChangeWatcher:
    """The watcher that suits the engine's database."""
    if engine.dialect.name == "postgresql":
        return PostgresWatcher(engine)
    return SqliteWatcher(engine)


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class PostgresWatcher:
    """Listens for the workspace's notifications on a dedicated connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _connect(self) -> psycopg.Connection[Any]:
        # A connection made exactly like the engine's (URL, search path, options), then taken
        # out of the pool: it stays in LISTEN mode for the life of the watcher.
        raw = self.engine.raw_connection()
        connection = raw.driver_connection
        raw.detach()
        assert isinstance(connection, psycopg.Connection)
        connection.rollback()
        connection.autocommit = True
        row = connection.execute(f"SELECT {_CHANNEL_SQL}").fetchone()
        assert row is not None
        connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(row[0])))
        return connection

    def run(self, stop: StopFlag, deliver: Deliver, status: Status) -> None:
        """Deliver notifications until `stop`; reconnect (and say so) when the server is lost."""
        connection: psycopg.Connection[Any] | None = None
        lost = False
        while not stop.is_set():
            try:
                if connection is None:
                    connection = self._connect()
                    if lost:  # notifications sent meanwhile are gone: reload everything
                        lost = False
                        status(None)
                        deliver(Changes(everything=True))
                batch = _Batch()
                for note in connection.notifies(timeout=POLL_SECONDS, stop_after=1):
                    batch.add_payload(note.payload)
                if batch:
                    for note in connection.notifies(timeout=COALESCE_SECONDS):
                        batch.add_payload(note.payload)
                    deliver(batch.changes())
            except (psycopg.Error, SQLAlchemyError, OSError) as exc:
                if connection is not None:
                    connection.close()
                    connection = None
                if not lost:
                    lost = True
                    status(f"the database cannot be reached ({_reason(exc)}); reconnecting…")
                stop.wait(RECONNECT_SECONDS)
        if connection is not None:
            connection.close()


class SqliteWatcher:
    """Polls SQLite's change counter and reads what was added since the last look."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._revision = 0
        self._comment = 0
        self._operation: tuple[int, str] = (0, "")

    def _connect(self) -> sqlite3.Connection:
        raw = self.engine.raw_connection()
        connection = raw.driver_connection
        raw.detach()
        assert isinstance(connection, sqlite3.Connection)
        connection.rollback()
        return connection

    def _watermarks(self, connection: sqlite3.Connection) -> tuple[int, int]:
        revision = connection.execute("SELECT coalesce(max(id), 0) FROM revision").fetchone()
        comment = connection.execute("SELECT coalesce(max(id), 0) FROM comment").fetchone()
        return int(revision[0]), int(comment[0])

    def _operation_mark(self, connection: sqlite3.Connection) -> tuple[int, str]:
        row = connection.execute(
            "SELECT coalesce(max(id), 0), coalesce(max(undone_at), '') FROM segmentoperation"
        ).fetchone()
        return int(row[0]), str(row[1])

    def _since(self, connection: sqlite3.Connection) -> Changes:
        translations = {
            TranslationChanged(int(a), int(s), int(t), int(v))
            for a, s, t, v in connection.execute(
                "SELECT s.article_id, s.id, t.id, max(r.version) FROM revision r"
                " JOIN translation t ON t.id = r.translation_id"
                " JOIN segment s ON s.id = t.segment_id WHERE r.id > ? GROUP BY t.id",
                (self._revision,),
            )
        }
        comments = {
            (int(a), int(s))
            for a, s in connection.execute(
                "SELECT s.article_id, s.id FROM comment c JOIN segment s ON s.id = c.segment_id"
                " WHERE c.id > ?",
                (self._comment,),
            )
        }
        last_id, last_undone = self._operation
        restructured = {
            int(a)
            for (a,) in connection.execute(
                "SELECT DISTINCT article_id FROM segmentoperation"
                " WHERE id > ? OR (undone_at IS NOT NULL AND undone_at > ?)",
                (last_id, last_undone),
            )
        }
        # Presence rows (and comment resolutions) leave no trace to read: any commit may be one.
        presence = {
            int(a)
            for (a,) in connection.execute(
                "SELECT DISTINCT article_id FROM presence WHERE article_id IS NOT NULL"
            )
        }
        connection.rollback()
        return Changes(
            frozenset(translations),
            frozenset(comments),
            frozenset(presence),
            restructured=frozenset(restructured),
        )

    def run(self, stop: StopFlag, deliver: Deliver, status: Status) -> None:
        """Look every POLL_SECONDS; deliver what other connections committed."""
        connection: sqlite3.Connection | None = None
        version: int | None = None
        broken = False
        while not stop.wait(0 if connection is None else POLL_SECONDS):
            try:
                if connection is None:
                    connection = self._connect()
                    self._revision, self._comment = self._watermarks(connection)
                    self._operation = self._operation_mark(connection)
                    version = connection.execute("PRAGMA data_version").fetchone()[0]
                    if broken:
                        broken = False
                        status(None)
                        deliver(Changes(everything=True))
                    continue
                now = connection.execute("PRAGMA data_version").fetchone()[0]
                if now == version:
                    continue
                version = now
                changes = self._since(connection)
                self._revision, self._comment = self._watermarks(connection)
                self._operation = self._operation_mark(connection)
                connection.rollback()
                deliver(changes)
            except sqlite3.Error as exc:
                if connection is not None:
                    connection.close()
                    connection = None
                if not broken:
                    broken = True
                    status(f"the database cannot be read ({exc}); trying again…")
                stop.wait(RECONNECT_SECONDS)
        if connection is not None:
            connection.close()


# -- reading what changed ------------------------------------------------------------------------


def read_cells(session: Session, translation_ids: list[int]) -> list[CellView]:
    """The translations with these ids as they are stored now (missing ids are skipped)."""
    if not translation_ids:
        return []
    with session.begin():
        rows = session.exec(select(Translation).where(col(Translation.id).in_(translation_ids)))
        return [
            CellView(
                t.id, t.lang, t.text, State(t.state), t.version, t.origin, t.flag, t.updated_by
            )
            for t in rows
            if t.id is not None
        ]


# -- presence ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresenceView:
    """Someone else with an article open, and where they are in it."""

    session_id: str
    user: str
    article_id: int
    position: int | None
    lang: str | None
    seen_at: datetime


def heartbeat(
    session: Session,
    *,
    session_id: str,
    user_name: str,
    article_id: int,
    position: int | None,
    lang: str | None,
) -> None:
    """Write (or refresh) this editor's presence marker; remove long-dead markers.

    A busy or unreachable database only costs a missed heartbeat: callers may ignore
    failures, the marker simply ages.
    """
    now = utcnow()
    with session.begin():
        row = session.exec(select(Presence).where(Presence.session_id == session_id)).first()
        moved = row is None or (row.article_id, row.position, row.lang) != (
            article_id,
            position,
            lang,
        )
        if row is None:
            row = Presence(session_id=session_id, user=user_name)
        row.user, row.article_id, row.position, row.lang, row.seen_at = (
            user_name,
            article_id,
            position,
            lang,
            now,
        )
        session.add(row)
        session.execute(delete(Presence).where(col(Presence.seen_at) < now - PRESENCE_PURGE))
        if moved:
            _presence_changed(session, article_id)


def leave(session: Session, *, session_id: str) -> None:
    """Remove this editor's presence marker (it closes the article)."""
    with session.begin():
        row = session.exec(select(Presence).where(Presence.session_id == session_id)).first()
        if row is None:
            return
        article_id = row.article_id
        session.delete(row)
        if article_id is not None:
            _presence_changed(session, article_id)


def present(
    session: Session, *, article_id: int, exclude_session: str | None = None
) -> list[PresenceView]:
    """Who else has the article open now: markers fresher than PRESENCE_TTL, by user."""
    since = utcnow() - PRESENCE_TTL
    with session.begin():
        rows = session.exec(
            select(Presence)
            .where(Presence.article_id == article_id, col(Presence.seen_at) >= since)
            .order_by(col(Presence.user), col(Presence.session_id))
        )
        return [
            PresenceView(r.session_id, r.user, article_id, r.position, r.lang, r.seen_at)
            for r in rows
            if r.session_id != exclude_session
        ]
