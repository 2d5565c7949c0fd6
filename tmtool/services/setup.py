"""Creating and opening workspaces."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from tmtool import db, workspace
from tmtool.formats.glossaries import read_glossary
from tmtool.models import Role, User
from tmtool.resources import shipped_glossary
from tmtool.services import terminology
from tmtool.workspace import Workspace

SHIPPED_GLOSSARY_NAME = "qiqihar"


def init_workspace(
    root: Path, *, database: str | None, creator: str, glossary: bool = True
) -> Workspace:
    """Create a workspace, migrate its database, make its creator an admin and load the
    desk's glossary (unless `glossary` is false)."""
    created = workspace.create(root, database=database)
    try:
        engine = db.make_engine(created.database_url)
        try:
            db.upgrade(engine)
            with Session(engine) as session, session.begin():
                if not session.exec(select(User).where(User.name == creator)).first():
                    session.add(User(name=creator, roles=Role.ADMIN.value))
            shipped = shipped_glossary()
            if glossary and shipped is not None:
                terminology.import_termbase(
                    Session(engine, expire_on_commit=False),
                    termbase=read_glossary(shipped),
                    name=SHIPPED_GLOSSARY_NAME,
                    user_name=creator,
                )
        finally:
            engine.dispose()
    except BaseException:
        (root / workspace.CONFIG_NAME).unlink(missing_ok=True)
        raise
    return created


def open_workspace(ws: Workspace) -> Engine:
    """An engine on the workspace's database, refusing an outdated schema."""
    engine = db.make_engine(ws.database_url)
    db.check_schema(engine)
    return engine
