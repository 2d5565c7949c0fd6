"""The demo workspace: this desk's kind of articles, with drafts of mixed quality."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from tmtool import formats
from tmtool.models import Role, State
from tmtool.services import importing, queries, users, workflow
from tmtool.services.setup import init_workspace, open_workspace
from tmtool.workspace import CONFIG_NAME, Workspace
from tmtool.workspace import load as load_workspace

DATA = Path(__file__).parent / "data"
# People to try the workflow as: TMTOOL_USER=wang tmtool tui
DEMO_PEOPLE = (
    ("ivanova", Role.TRANSLATOR),
    ("smith", Role.TRANSLATOR),
    ("wang", Role.REVIEWER),
    ("zhao", Role.PUBLISHER),
)


def _import(engine: Engine, ws: Workspace, entry: dict[str, object], user: str) -> None:
    slug = str(entry["slug"])
    zh = DATA / str(entry["zh"])
    drafts = {lang: DATA / str(entry[lang]) for lang in ws.target_langs if lang in entry}
    if entry.get("aligned_lines"):
        source = importing.from_lines(
            formats.read_lines(zh),
            {lang: formats.read_lines(path) for lang, path in drafts.items()},
            title=str(entry["title"]),
            names={lang: path.name for lang, path in drafts.items()},
        )
    else:
        source = importing.from_documents(
            formats.read_document(zh),
            {lang: formats.read_document(path) for lang, path in drafts.items()},
            title=str(entry["title"]),
        )
    with Session(engine, expire_on_commit=False) as session:
        importing.import_article(
            session,
            slug=slug,
            source=source,
            target_langs=ws.target_langs,
            user_name=user,
            origin=zh.name,
        )


def _show_the_workflow(engine: Engine, user: str) -> None:
    """Move a few segments along so every state is on screen in the demo."""
    with Session(engine, expire_on_commit=False) as session:
        view = queries.article_view(session, "survey")
    for segment in view.segments[:4]:
        for cell in segment.translations.values():
            if cell.state == State.DRAFT:
                with Session(engine, expire_on_commit=False) as session:
                    workflow.save_text(
                        session,
                        translation_id=cell.id,
                        expected_version=cell.version,
                        text=cell.text,
                        user_name=user,
                        confirm=True,
                    )
    with Session(engine, expire_on_commit=False) as session:
        workflow.review(
            session, article_id=view.id, lang="en", positions=[1, 2], user_name=user, approve=True
        )
    with Session(engine, expire_on_commit=False) as session:
        workflow.review(
            session,
            article_id=view.id,
            lang="ru",
            positions=[3],
            user_name=user,
            approve=False,
            comment="Проверьте падеж: «в Цицикаре».",
        )


def build(root: Path, *, user: str) -> Workspace:
    """Create the demo workspace in `root` unless it exists; return it."""
    if (root / CONFIG_NAME).exists():
        return load_workspace(root)
    ws = init_workspace(root, database=None, creator=user)
    engine = open_workspace(ws)
    try:
        manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["articles"]:
            _import(engine, ws, entry, user)
        for name, role in DEMO_PEOPLE:
            if name != user:
                with Session(engine, expire_on_commit=False) as session:
                    users.add_user(session, name=name, roles=[role])
        _show_the_workflow(engine, user)
    finally:
        engine.dispose()
    return ws
