"""Engine and session factory, and schema migrations through Alembic."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from tmtool.errors import TmtoolError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for a SQLite file or a PostgreSQL server.

    SQLite gets WAL mode, foreign keys and a busy timeout on every connection;
    `postgresql://` URLs are routed to the psycopg 3 driver.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise TmtoolError(f"{url!r} is not a database URL.") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise TmtoolError(
            f"tmtool stores its data in SQLite or PostgreSQL, not {parsed.drivername}."
        )
    # Prepared statements off: a plan cached for one query shape can turn a later one into a scan.
    return create_engine(parsed, pool_pre_ping=True, connect_args={"prepare_threshold": None})


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (the newest by default)."""
    try:
        command.upgrade(_alembic_config(engine), revision)
    except OperationalError as exc:
        raise TmtoolError(f"cannot open the database: {exc.orig}".rstrip(".") + ".") from exc


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision tmtool knows."""
    return ScriptDirectory.from_config(
        _alembic_config(create_engine("sqlite://"))
    ).get_current_head()


def check_schema(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not the current one."""
    try:
        current = current_revision(engine)
    except OperationalError as exc:
        raise TmtoolError(f"cannot open the database: {exc.orig}".rstrip(".") + ".") from exc
    if current is None:
        raise TmtoolError("the database is empty; run `tmtool db upgrade` first.")
    if current != head_revision():
        raise TmtoolError(
            f"the database schema is at revision {current};"
            " run `tmtool db upgrade` to bring it up to date."
        )


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose objects stay readable after its transactions end."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
