"""`tmtool db copy`: move a workspace between SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import click

from tmtool.cli.articles import db_group
from tmtool.cli.base import emit


def _url(given: str) -> str:
    """A database URL; a plain file path names a SQLite file."""
    return given if "://" in given else f"sqlite:///{Path(given).resolve()}"


@db_group.command(name="copy")
@click.argument("source_url")
@click.argument("target_url")
@click.option("--json", "as_json", is_flag=True, help="Print the verification as JSON.")
def db_copy(source_url: str, target_url: str, as_json: bool) -> None:
    """Copy every article, translation, revision, comment, glossary entry, TM unit and
    publication record from SOURCE_URL into the empty database TARGET_URL, then verify
    each table by row count and checksum.
    """
    from tmtool import db
    from tmtool.services.dbcopy import copy_database

    source, target = db.make_engine(_url(source_url)), db.make_engine(_url(target_url))
    try:
        report = copy_database(source, target)
    finally:
        source.dispose()
        target.dispose()
    if as_json:
        emit(
            {
                "verified": True,
                "tables": [
                    {"table": t.table, "rows": t.rows, "checksum": t.checksum} for t in report
                ],
            }
        )
        return
    for entry in report:
        click.echo(f"{entry.table:<20} {entry.rows:>9} rows  sha256 {entry.checksum[:16]}…")
    total = sum(entry.rows for entry in report)
    click.echo(f"Copied and verified {total} rows in {len(report)} tables.")
