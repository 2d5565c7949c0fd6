"""`tmtool db copy`: SQLite to PostgreSQL and back, with every row verified."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from tests.conftest import pg_schema_url
from tmtool import db
from tmtool.cli import main
from tmtool.cli.base import cli
from tmtool.demo import build
from tmtool.errors import TmtoolError
from tmtool.models import User
from tmtool.services.dbcopy import checksum, copy_database, tables


def _digests(url: str) -> dict[str, tuple[int, str]]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: checksum(connection, table) for table in tables()}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo workspace's SQLite database: articles, revisions, comments, glossary."""
    ws = build(tmp_path_factory.mktemp("demo") / "ws", user="chen")
    return ws.database_url


def test_sqlite_to_postgresql_and_back_keeps_every_row(demo_db: str, tmp_path: Path) -> None:
    original = _digests(demo_db)
    assert original["article"][0] >= 3 and original["revision"][0] > 0
    assert original["term"][0] > 0 and original["comment"][0] > 0
    with pg_schema_url() as pg_url:
        report = copy_database(db.make_engine(demo_db), db.make_engine(pg_url))
        assert all(entry.verified for entry in report)
        assert _digests(pg_url) == original
        back = f"sqlite:///{tmp_path / 'back.db'}"
        copy_database(db.make_engine(pg_url), db.make_engine(back))
        # New rows on the server get fresh ids: the sequences were moved past the copy.
        engine = db.make_engine(pg_url)
        with Session(engine) as session, session.begin():
            session.add(User(name="newcomer"))
        with engine.connect() as connection:
            newest = connection.execute(
                select(func.max(SQLModel.metadata.tables["user"].c.id))
            ).scalar_one()
            assert newest == original["user"][0] + 1
        engine.dispose()
    assert _digests(back) == original


def test_a_destination_with_data_is_refused_and_left_alone(demo_db: str, tmp_path: Path) -> None:
    target_url = f"sqlite:///{tmp_path / 'busy.db'}"
    copy_database(db.make_engine(demo_db), db.make_engine(target_url))
    before = _digests(target_url)
    with pytest.raises(TmtoolError, match="already holds data"):
        copy_database(db.make_engine(demo_db), db.make_engine(target_url))
    assert _digests(target_url) == before


def test_a_missing_source_is_one_sentence_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    target = tmp_path / "target.db"
    code = main(["db", "copy", str(missing), str(target)])
    assert code == 1
    assert not missing.exists() and not target.exists()


def test_cli_copies_and_reports_json(demo_db: str, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = CliRunner().invoke(cli, ["db", "copy", demo_db, str(target), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["verified"] is True
    counts = {t["table"]: t["rows"] for t in report["tables"]}
    engine = db.make_engine(f"sqlite:///{target}")
    with engine.connect() as connection:
        for name in ("article", "translation", "revision"):
            table = SQLModel.metadata.tables[name]
            stored = connection.execute(select(func.count()).select_from(table)).scalar_one()
            assert counts[table.name] == stored
    engine.dispose()
