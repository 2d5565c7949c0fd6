"""A small workspace on a real SQLite file, and the app on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Env
from tmtool.db import make_engine
from tmtool.formats import Document
from tmtool.services import importing
from tmtool.services.setup import init_workspace
from tmtool.tui.app import TmtoolApp, make_app

ZH = Document(
    title=None,
    paragraphs=[
        "齐齐哈尔市召开全市重点项目推进会。会议由孙珅主持。",
        "今年全市计划投资90亿元。扎龙迎来丹顶鹤。",
    ],
)
EN = Document(
    title=None,
    paragraphs=[
        "Qiqihar held a meeting on key projects. Sun Shen chaired it.",
        "The city plans to invest 9 billion yuan this year.",
    ],
)
RU = Document(
    title=None,
    paragraphs=[
        "В Цицикаре прошло совещание по ключевым проектам. Его провёл Сунь Шэнь.",
        "В этом году город планирует инвестировать 9 млрд юаней."
        " В Чжалун прилетели первые журавли.",
    ],
)


@pytest.fixture(autouse=True)
def no_autosave_while_typing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves happen when a test says so (Esc, Ctrl+S, leaving, quitting), not when a loaded
    machine pauses between two simulated keystrokes: that would add revisions at random."""
    monkeypatch.setattr("tmtool.tui.screens.editor.AUTOSAVE_SECONDS", 600.0)


@pytest.fixture(autouse=True)
def no_live_updates_unless_asked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other people's saves reach an open editor only in modules that set LIVE_UPDATES: in the
    others a change made behind the editor's back must stay a conflict, not race the watcher."""
    if not getattr(request.module, "LIVE_UPDATES", False):
        monkeypatch.setattr("tmtool.tui.live.LiveUpdates.start", lambda self: None)


@pytest.fixture
def tui_env(tmp_path: Path) -> Iterator[Env]:
    """A workspace with one article `news` of four segments."""
    url = f"sqlite:///{tmp_path / 'tui.db'}"
    ws = init_workspace(tmp_path / "ws", database=url, creator="chen", glossary=False)
    engine = make_engine(ws.database_url)
    env = Env(ws, engine, url)
    source = importing.from_documents(ZH, {"en": EN, "ru": RU}, title=None)
    importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    try:
        yield env
    finally:
        engine.dispose()


@pytest.fixture
def app(tui_env: Env) -> TmtoolApp:
    """The app acting as `chen`."""
    return make_app(engine=tui_env.engine, workspace=tui_env.workspace, user_name="chen")
