"""Migrations build exactly the tables the models describe, up and down, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import tmtool.models  # noqa: F401  (registers the tables)
from tmtool import db
from tmtool.errors import TmtoolError


def test_upgrade_matches_models_and_downgrade_empties(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        assert diff == []
        db.upgrade(engine)  # a second upgrade is a no-op
        from alembic import command

        command.downgrade(db._alembic_config(engine), "base")
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.upgrade(engine)
        assert {"article", "segment", "translation", "revision", "glossary", "term"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_outdated_schema_is_refused_with_a_sentence(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine, "0001")
        with pytest.raises(TmtoolError, match="run `tmtool db upgrade`"):
            db.check_schema(engine)
    finally:
        engine.dispose()
