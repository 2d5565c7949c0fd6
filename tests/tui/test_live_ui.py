"""Two editors on one workspace: each sees the other's approvals, comments and whereabouts.

Both apps run in the same test, on SQLite and on PostgreSQL. The waits are bounded loops of
`pilot.pause()`; nothing asserts how fast a change arrives (docs/team.md has the figures).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from rich.text import Text
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.conftest import Env
from tests.tui.conftest import EN, RU, ZH
from tests.tui.test_editor import SIZE, open_editor, replace_text, stored
from tmtool.models import Article, Role, Segment, State
from tmtool.services import events, importing, segments, users, workflow
from tmtool.states import STYLES
from tmtool.tui.app import TmtoolApp, make_app
from tmtool.tui.screens.articles import ArticleListScreen
from tmtool.tui.screens.conflict import ConflictDialog
from tmtool.tui.screens.editor import EditorScreen
from tmtool.tui.widgets.presence import MARKER, PresenceBar
from tmtool.tui.widgets.segment_editor import SegmentEditor, TargetEditor
from tmtool.tui.widgets.segment_table import SegmentTable

LIVE_UPDATES = True  # tests/tui/conftest.py keeps the watcher off elsewhere
WAIT_SECONDS = 30.0


@pytest.fixture
def team(env: Env) -> Env:
    """The `news` article on SQLite or PostgreSQL, a translator `li` and a reviewer `wang`."""
    source = importing.from_documents(ZH, {"en": EN, "ru": RU}, title=None)
    importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    users.add_user(env.session(), name="li", roles=[Role.TRANSLATOR])
    users.add_user(env.session(), name="wang", roles=[Role.REVIEWER])
    return env


def app_as(env: Env, name: str) -> TmtoolApp:
    return make_app(engine=env.engine, workspace=env.workspace, user_name=name)


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds; fail after a generous bound."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"after {WAIT_SECONDS} s still not: {what}")
        await pilot.pause(0.1)


def cell_text(screen: EditorScreen, row: int, column: str) -> str:
    table = screen.query_one(SegmentTable)
    value = table.get_cell(str(screen.view.segments[row].id), column)  # type: ignore[union-attr]
    return value.plain if isinstance(value, Text) else str(value)


async def test_an_approval_in_one_editor_appears_in_the_other(team: Env) -> None:
    translator, reviewer = app_as(team, "li"), app_as(team, "wang")
    async with translator.run_test(size=SIZE) as a, reviewer.run_test(size=SIZE) as b:
        mine = await open_editor(translator, a)
        theirs = await open_editor(reviewer, b)
        assert mine.view is not None and theirs.view is not None
        # The translator is typing in the Russian of segment 2 and has not saved yet.
        await a.press("down", "r")
        editor = translator.focused
        assert isinstance(editor, TargetEditor) and editor.lang == "ru"
        await replace_text(a, editor, "Черновик")
        row, column = editor.cursor_location
        # The reviewer approves segment 1 in both languages (from the table).
        await b.press("f9")
        await b.pause()
        assert stored(team, 1, "en").state == State.APPROVED
        first = mine.view.segments[0]

        def approved() -> bool:
            return all(c.state == State.APPROVED for c in first.translations.values())

        await until(a, approved, "segment 1 approved in the translator's editor")
        assert cell_text(mine, 0, "en").startswith(STYLES[State.APPROVED].glyph)
        # The unsaved text and the cursor are where the translator left them.
        assert translator.focused is editor and editor.text == "Черновик"
        assert editor.cursor_location == (row, column)
        assert stored(team, 2, "ru").text != "Черновик"
        # Each sees where the other is.
        bar = mine.query_one(PresenceBar)
        await until(a, lambda: "wang · segment" in bar.label, "wang in the presence bar")
        where = next(p.position for p in mine.others if p.user == "wang")
        assert where is not None
        row_of = {s.position: i for i, s in enumerate(mine.view.segments)}
        await until(
            a,
            lambda: MARKER in cell_text(mine, row_of[where], "position"),
            "a marker on wang's row",
        )
        other_bar = theirs.query_one(PresenceBar)
        await until(b, lambda: "li · segment 2 (ru)" in other_bar.label, "li in the reviewer's bar")


async def test_a_save_under_an_unsaved_edit_leads_to_the_conflict_dialog(team: Env) -> None:
    translator = app_as(team, "li")
    async with translator.run_test(size=SIZE) as a:
        screen = await open_editor(translator, a)
        await a.press("e")
        editor = translator.focused
        assert isinstance(editor, TargetEditor)
        await replace_text(a, editor, "Mine")
        before = stored(team, 1, "en")
        with team.session() as session:
            workflow.save_text(
                session,
                translation_id=before.id or 0,
                expected_version=before.version,
                text="Theirs.",
                user_name="wang",
            )
        await until(
            a,
            lambda: any(
                "while you were editing" in str(n.message) for n in translator._notifications
            ),
            "a notice that the text changed meanwhile",
        )
        assert editor.text == "Mine"
        await a.press("ctrl+s")
        await a.pause()
        assert isinstance(translator.screen, ConflictDialog)
        assert screen.segment is not None
    assert stored(team, 1, "en").text == "Theirs."


async def test_a_comment_and_an_edit_without_unsaved_text_are_shown(team: Env) -> None:
    translator = app_as(team, "li")
    async with translator.run_test(size=SIZE) as a:
        screen = await open_editor(translator, a)
        before = stored(team, 1, "ru")
        with team.session() as session:
            workflow.save_text(
                session,
                translation_id=before.id or 0,
                expected_version=before.version,
                text="Совещание прошло в Цицикаре.",
                user_name="wang",
            )
        editors = screen.query_one(SegmentEditor)
        await until(
            a,
            lambda: editors.editor("ru").text == "Совещание прошло в Цицикаре.",
            "the other person's text in the (unedited) focused editor",
        )
        assert screen.segment is not None
        assert screen.segment.translations["ru"].version == before.version + 1


async def test_the_article_list_refreshes_its_progress(team: Env) -> None:
    translator = app_as(team, "li")
    async with translator.run_test(size=SIZE) as a:
        await translator.workers.wait_for_complete()
        await a.pause()
        screen = translator.screen
        assert isinstance(screen, ArticleListScreen)
        table = screen.query_one("#article-table", DataTable)

        def progress() -> str:
            value = table.get_cell("news", "lang-en")
            return value.plain if isinstance(value, Text) else str(value)

        before = progress()
        with team.session() as session:
            article = session.exec(select(Article)).one()
        with team.session() as session:
            workflow.review(
                session,
                article_id=article.id or 0,
                lang="en",
                positions=None,
                user_name="wang",
                approve=True,
            )
        await until(a, lambda: progress() != before, "new progress in the article list")


async def test_a_merge_elsewhere_makes_the_editor_read_the_article_afresh(team: Env) -> None:
    translator = app_as(team, "li")
    async with translator.run_test(size=SIZE) as a:
        screen = await open_editor(translator, a)
        assert screen.view is not None
        before = len(screen.view.segments)
        with team.session() as session:
            article = session.exec(select(Article).where(Article.slug == "news")).one()
            assert article.id is not None
            article_id = article.id
        segments.merge_with_next(
            team.session(), article_id=article_id, position=1, user_name="chen"
        )

        def shorter() -> bool:
            return screen.view is not None and len(screen.view.segments) == before - 1

        await until(a, shorter, "the merged article in the editor")
        assert screen.view is not None
        with team.session() as session:
            merged = session.exec(
                select(Segment).where(Segment.article_id == article_id, Segment.position == 1)
            ).one()
        assert screen.view.segments[0].source == merged.source
        assert screen.view.segments[0].id == merged.id


async def test_news_that_arrives_after_the_editor_closed_is_dropped(team: Env) -> None:
    """Replies from threads queue on the app; one may land after the editor is gone."""
    app = app_as(team, "li")
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        view = editor.view
        assert view is not None
        someone = events.PresenceView(
            session_id="elsewhere",
            user="wang",
            article_id=view.id,
            position=1,
            lang="ru",
            seen_at=datetime.now(UTC),
        )
        cells = [c for s in view.segments for c in s.translations.values()][:1]
        app.pop_screen()
        await pilot.pause()
        assert isinstance(app.screen, ArticleListScreen)
        editor._show_presence(view.id, (someone,))
        editor.apply_cells(view.id, cells)
        editor.connection_changed("the database server cannot be reached.")
        await pilot.pause()
        assert isinstance(app.screen, ArticleListScreen)
    assert app.return_code in (None, 0)
