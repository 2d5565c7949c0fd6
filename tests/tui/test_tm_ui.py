"""TM and MT suggestions in the editor: the panel follows the cursor, one key inserts."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from tests.conftest import Env
from tests.mt_server import MTServer, refused_url
from tests.tui.test_editor import SIZE, open_editor, stored
from tmtool import workspace
from tmtool.models import Article, Origin, State
from tmtool.services import tm, workflow
from tmtool.tm.files import Pair
from tmtool.tui.app import TmtoolApp, make_app
from tmtool.tui.screens.concordance import ConcordanceDialog
from tmtool.tui.widgets.segment_editor import TargetEditor
from tmtool.tui.widgets.suggestions import SuggestionsPanel, source_with_differences

CRANES_EN = "Red-crowned cranes arrived in Zhalong."
CRANES_RU = "В Чжалун прилетели японские журавли."


@pytest.fixture
def tm_app(tui_env: Env) -> TmtoolApp:
    """Segment 4 (扎龙迎来丹顶鹤。) has a fuzzy English match and an exact Russian one."""
    tm.import_pairs(
        tui_env.session(),
        pairs=[
            Pair("zh", "扎龙迎来了丹顶鹤。", "en", CRANES_EN),
            Pair("zh", "扎龙迎来丹顶鹤。", "ru", CRANES_RU),
        ],
        user_name="chen",
    )
    return make_app(engine=tui_env.engine, workspace=tui_env.workspace, user_name="chen")


def panel_text(app: TmtoolApp) -> str:
    return app.screen.query_one(SuggestionsPanel).plain()


async def test_insert_key_puts_the_match_into_the_database(tm_app: TmtoolApp, tui_env: Env) -> None:
    app = tm_app
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        assert "no TM match" in panel_text(app)  # segment 1 has none
        await pilot.press("down", "down", "down", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.focused, TargetEditor) and app.focused.lang == "en"
        shown = panel_text(app)
        assert "alt+1" in shown and CRANES_EN in shown
        assert "扎龙迎来了丹顶鹤。" in shown
        await pilot.press("alt+1")
        await pilot.pause()
        assert app.focused.text == CRANES_EN
    row = stored(tui_env, 4, "en")
    assert (row.text, row.origin, row.state) == (CRANES_EN, Origin.TM.value, State.DRAFT)


async def test_the_panel_follows_the_language_being_edited(tm_app: TmtoolApp, tui_env: Env) -> None:
    app = tm_app
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("down", "down", "down", "r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = panel_text(app)
        assert "Русский" in shown or "ru" in shown.lower()
        assert CRANES_RU in shown and "101 ctx" not in shown and "100%" in shown
        await pilot.press("alt+2")  # only one match: nothing happens but a notice
        await pilot.press("alt+1")
        await pilot.pause()
    row = stored(tui_env, 4, "ru")
    assert (row.text, row.origin, row.state) == (CRANES_RU, "tm", State.DRAFT)


async def test_an_approved_sentence_is_offered_in_context(tui_env: Env) -> None:
    with tui_env.session() as session:
        article_id = session.exec(select(Article.id)).one()
    assert article_id is not None
    workflow.review(
        tui_env.session(),
        article_id=article_id,
        lang="en",
        positions=[2],
        user_name="chen",
        approve=True,
    )
    app = make_app(engine=tui_env.engine, workspace=tui_env.workspace, user_name="chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "101 ctx" in panel_text(app)


async def test_concordance_dialog_lists_units_with_the_phrase(tm_app: TmtoolApp) -> None:
    app = tm_app
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("alt+c")
        await pilot.pause()
        assert isinstance(app.screen, ConcordanceDialog)
        app.screen.query_one(Input).value = "丹顶鹤"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = str(app.screen.query_one("#concordance-results", Static).render())
        assert CRANES_EN in results and CRANES_RU in results
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConcordanceDialog)


def with_mt(env: Env, url: str) -> workspace.Workspace:
    settings = {"engine": "libretranslate", "url": url, "timeout": 2, "retries": 0}
    path = env.workspace.root / "tmtool.toml"
    before = path.read_text(encoding="utf-8").split("[mt]")[0]
    table = "".join(f"{name} = {json.dumps(value)}\n" for name, value in settings.items())
    path.write_text(f"{before}[mt]\n{table}", encoding="utf-8")
    return workspace.load(env.workspace.root)


async def test_machine_translation_row_inserts_with_alt_0(
    tui_env: Env, mt_server: MTServer
) -> None:
    mt_server.table["扎龙迎来丹顶鹤。"] = "Cranes came to Zhalong."
    ws = with_mt(tui_env, mt_server.url)
    app = make_app(engine=tui_env.engine, workspace=ws, user_name="chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("down", "down", "down", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Cranes came to Zhalong." in panel_text(app)
        await pilot.press("alt+0")
        await pilot.pause()
    row = stored(tui_env, 4, "en")
    assert (row.text, row.origin, row.state) == ("Cranes came to Zhalong.", "mt", State.DRAFT)


async def test_an_unreachable_engine_is_one_line_and_editing_goes_on(tui_env: Env) -> None:
    ws = with_mt(tui_env, refused_url())
    app = make_app(engine=tui_env.engine, workspace=ws, user_name="chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("down", "down", "down", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = [line for line in panel_text(app).splitlines() if line.startswith("MT:")]
        assert len(lines) == 1
        await pilot.press("O", "k", "ctrl+s")
        await pilot.pause()
    row = stored(tui_env, 4, "en")
    assert (row.text, row.state) == ("Ok", State.TRANSLATED)


def test_differences_are_highlighted() -> None:
    text = source_with_differences("扎龙迎来丹顶鹤。", "扎龙迎来了第一批丹顶鹤。")
    assert text.plain == "扎龙迎来了第一批丹顶鹤。"
    marked = [text.plain[span.start : span.end] for span in text.spans]
    assert marked == ["了第一批"]


async def test_the_keys_are_in_the_help_with_their_ids(tm_app: TmtoolApp) -> None:
    app = tm_app
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#help-table", DataTable)
        ids = {str(table.get_row_at(row)[2]) for row in range(table.row_count)}
        assert {"insert-tm-1", "insert-tm-5", "insert-mt", "tm-concordance"} <= ids
