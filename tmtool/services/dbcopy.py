"""Moving a workspace's database between SQLite and PostgreSQL, verified afterwards.

Every table tmtool owns is copied row by row with its ids, in foreign-key order, in one
transaction on the destination; PostgreSQL sequences are moved past the copied ids. The copy
is then checked: each table's row count and a checksum over its rows (values normalised so
that SQLite's and PostgreSQL's ways of returning the same value agree) must be equal on both
sides, or the copy is reported as failed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, Table, func, select, text
from sqlmodel import SQLModel

from tmtool import db
from tmtool.errors import TmtoolError

_BATCH = 2_000


@dataclass(frozen=True)
class TableCopy:
    """What was copied of one table, and whether both sides agree."""

    table: str
    rows: int
    checksum: str
    verified: bool


def tables() -> list[Table]:
    """Every table tmtool owns, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def _normal(value: Any) -> Any:
    """One spelling per value, whichever database returned it."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, bool):
        return int(value)
    return value


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns)
    result = connection.execution_options(stream_results=True, yield_per=_BATCH).execute(
        select(table).order_by(*order)
    )
    for row in result.mappings():
        yield dict(row)


def _for_insert(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    # SQLite hands back naive datetimes; they are UTC by tmtool's own rule. PostgreSQL
    # would read a naive value in the server's time zone, so make it explicit.
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(column.type, DateTime) and isinstance(value, datetime) and not value.tzinfo:
            row[column.name] = value.replace(tzinfo=UTC)
    return row


def checksum(connection: Connection, table: Table) -> tuple[int, str]:
    """Row count and SHA-256 of a table's rows in primary-key order."""
    digest = hashlib.sha256()
    count = 0
    names = [c.name for c in table.columns]
    for row in _rows(connection, table):
        values = [_normal(row[name]) for name in names]
        digest.update(json.dumps(values, ensure_ascii=False, default=str).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _check_ready(source: Engine, target: Engine) -> None:
    head = db.head_revision()
    current = db.current_revision(source)
    if current is None:
        raise TmtoolError("the source database holds no tmtool workspace.")
    if current != head:
        raise TmtoolError(
            f"the source database is at revision {current}; run `tmtool db upgrade` on it first."
        )
    db.upgrade(target)
    with target.connect() as connection:
        for table in tables():
            if connection.execute(select(func.count()).select_from(table)).scalar_one():
                raise TmtoolError(
                    f"the destination database already holds data (table {table.name});"
                    " copy into an empty database."
                )


def _reset_sequences(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].foreign_keys:
            continue
        name = keys[0].name
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": name},
        ).scalar_one_or_none()
        if sequence is None:
            continue
        connection.execute(
            text(
                f'SELECT setval(:sequence, COALESCE((SELECT MAX("{name}") FROM "{table.name}"), 0)'
                " + 1, false)"
            ),
            {"sequence": sequence},
        )


def copy_database(source: Engine, target: Engine) -> list[TableCopy]:
    """Copy every row of the workspace in `source` into the empty database `target`.

    Returns:
        One entry per table with its row count, checksum and whether both sides agree.

    Raises:
        TmtoolError: the source is not a current tmtool database, the destination is not
            empty, or the copy does not verify (the destination is then left empty).
    """
    if source.url == target.url:
        raise TmtoolError("the source and the destination are the same database.")
    if source.url.get_backend_name() == "sqlite":
        path = source.url.database
        if not path or path == ":memory:" or not Path(path).is_file():
            raise TmtoolError(f"there is no SQLite database at {path or 'that URL'}.")
    _check_ready(source, target)
    with source.connect() as reader, target.begin() as writer:
        for table in tables():
            batch: list[dict[str, Any]] = []
            for row in _rows(reader, table):
                batch.append(_for_insert(table, row))
                if len(batch) >= _BATCH:
                    writer.execute(table.insert(), batch)
                    batch = []
            if batch:
                writer.execute(table.insert(), batch)
        _reset_sequences(writer)
    report: list[TableCopy] = []
    with source.connect() as reader, target.connect() as written:
        for table in tables():
            rows, digest = checksum(reader, table)
            copied_rows, copied_digest = checksum(written, table)
            report.append(
                TableCopy(table.name, rows, digest, rows == copied_rows and digest == copied_digest)
            )
    if not all(entry.verified for entry in report):
        _empty(target)
        bad = ", ".join(entry.table for entry in report if not entry.verified)
        raise TmtoolError(f"the copy did not verify (tables {bad}); the destination was emptied.")
    return report


def _empty(target: Engine) -> None:
    with target.begin() as connection:
        for table in reversed(tables()):
            connection.execute(table.delete())
