"""Creating and opening workspaces."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from tmtool import db, workspace
from tmtool.models import Role, User
from tmtool.workspace import Workspace


def init_workspace(root: Path, *, database: str | None, creator: str) -> Workspace:
    """Create a workspace, migrate its database and make its creator an admin."""
    created = workspace.create(root, database=database)
    try:
        engine = db.make_engine(created.database_url)
        try:
            db.upgrade(engine)
            with Session(engine) as session, session.begin():
                if not session.exec(select(User).where(User.name == creator)).first():
                    session.add(User(name=creator, roles=Role.ADMIN.value))
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
