"""Shared fixtures: a real SQLite file and a real PostgreSQL schema per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from tests.mt_server import MTServer
from tmtool.db import make_engine
from tmtool.services.setup import init_workspace
from tmtool.workspace import Workspace

PG_URL = os.environ.get("TMTOOL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DATA = Path(__file__).parent / "data"


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _pg_problem() -> str | None:
    try:
        with psycopg.connect(_libpq(PG_URL), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {PG_URL} is not reachable ({str(exc).strip().splitlines()[0]})"


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL on a fresh PostgreSQL schema of its own, dropped afterwards."""
    problem = _pg_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI needs it.")
        pytest.skip(problem)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}&application_name={schema}"
    finally:
        with psycopg.connect(_libpq(PG_URL), autocommit=True) as connection:
            # A session a test left open must not block the clean-up.
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s",
                (schema,),
            )
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a schema of its own on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with pg_schema_url() as url:
        yield url


@dataclass
class Env:
    """A workspace on a real database, with an admin called `chen`."""

    workspace: Workspace
    engine: Engine
    url: str

    def session(self) -> Session:
        """A new session."""
        return Session(self.engine, expire_on_commit=False)


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> Iterator[Env]:
    """A migrated workspace whose creator `chen` is admin."""
    ws = init_workspace(tmp_path / "ws", database=database_url, creator="chen", glossary=False)
    engine = make_engine(ws.database_url)
    try:
        yield Env(ws, engine, database_url)
    finally:
        engine.dispose()


@pytest.fixture
def mt_server() -> Iterator[MTServer]:
    """A local LibreTranslate/DeepL test server (tests/mt_server.py) on 127.0.0.1."""
    server = MTServer().start()
    try:
        yield server
    finally:
        server.stop()
