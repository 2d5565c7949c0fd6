"""Driving the editor with the keyboard; what counts is what ends up in the database."""

from __future__ import annotations

from sqlmodel import col, select
from textual.pilot import Pilot

from tests.conftest import Env
from tmtool.models import Revision, Segment, State, Translation
from tmtool.services import workflow
from tmtool.tui.app import TmtoolApp
from tmtool.tui.screens.conflict import ConflictDialog
from tmtool.tui.screens.editor import EditorScreen
from tmtool.tui.widgets.segment_editor import TargetEditor
from tmtool.tui.widgets.segment_table import SegmentTable

SIZE = (180, 48)


def stored(env: Env, position: int, lang: str) -> Translation:
    with env.session() as session:
        return session.exec(
            select(Translation)
            .join(Segment, col(Segment.id) == col(Translation.segment_id))
            .where(Segment.position == position, Translation.lang == lang)
        ).one()


async def open_editor(app: TmtoolApp, pilot: Pilot[None]) -> EditorScreen:
    await app.workers.wait_for_complete()
    await pilot.press("enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


async def replace_text(pilot: Pilot[None], editor: TargetEditor, text: str) -> None:
    editor.select_all()
    await pilot.press("backspace")
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def test_confirm_saves_and_moves_to_next_segment(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        assert screen.index == 0
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TargetEditor) and editor.lang == "en"
        assert editor.text == "Qiqihar held a meeting on key projects."
        await replace_text(pilot, editor, "Qiqihar convened a meeting.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = stored(tui_env, 1, "en")
        assert (saved.text, saved.state, saved.updated_by) == (
            "Qiqihar convened a meeting.",
            State.TRANSLATED,
            "chen",
        )
        assert screen.index == 1
        assert app.screen.query_one(SegmentTable).cursor_row == 1
        assert isinstance(app.focused, TargetEditor) and app.focused.lang == "en"
        assert app.focused.text == "Sun Shen chaired it."


async def test_russian_edit_is_saved_on_leaving_the_editor(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("down", "r")
        editor = app.focused
        assert isinstance(editor, TargetEditor) and editor.lang == "ru"
        await replace_text(pilot, editor, "Совещание провёл Сунь Шэнь.")
        await pilot.press("escape")
        assert isinstance(app.focused, SegmentTable)
        saved = stored(tui_env, 2, "ru")
        assert saved.text == "Совещание провёл Сунь Шэнь."
        assert saved.state == State.DRAFT  # edited, not yet confirmed


async def test_quitting_keeps_unsaved_text(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        await replace_text(pilot, editor, "Typed just before quitting.")
        await pilot.press("ctrl+q")
    assert stored(tui_env, 1, "en").text == "Typed just before quitting."


async def test_next_needing_work_skips_translated_segments(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("e")
        await pilot.press("ctrl+s")  # confirm segment 1 as it is
        await pilot.press("ctrl+s")  # and segment 2
        assert screen.index == 2
        await pilot.press("ctrl+up", "ctrl+up")
        assert screen.index == 0
        await pilot.press("f8")
        assert screen.index == 2
        # Segment 4 has no English at all: empty text cannot be confirmed, and the user is told.
        await pilot.press("ctrl+down", "ctrl+s")
        assert screen.index == 3
        assert stored(tui_env, 4, "en").state == State.EMPTY


async def test_someone_elses_save_is_not_overwritten_silently(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        theirs = stored(tui_env, 1, "en")
        with tui_env.session() as session:
            workflow.save_text(
                session,
                translation_id=theirs.id or 0,
                expected_version=theirs.version,
                text="Their version.",
                user_name="chen",
            )
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        await replace_text(pilot, editor, "My version.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        assert stored(tui_env, 1, "en").text == "Their version."
        await pilot.click("#keep-mine")
        await pilot.pause()
        final = stored(tui_env, 1, "en")
        assert (final.text, final.state) == ("My version.", State.TRANSLATED)
        with tui_env.session() as session:
            texts = [
                r.new_text
                for r in session.exec(
                    select(Revision)
                    .where(Revision.translation_id == final.id)
                    .order_by(col(Revision.id))
                )
            ]
        assert texts == ["Qiqihar held a meeting on key projects.", "Their version.", "My version."]


async def test_article_list_shows_progress(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#article-table")
        assert table.row_count == 1  # type: ignore[attr-defined]
        row = table.get_row("news")  # type: ignore[attr-defined]
        assert row[0] == "news"
        assert "0% ✓" in str(row[4])


async def test_a_conflict_can_be_merged_by_hand(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        theirs = stored(tui_env, 1, "en")
        with tui_env.session() as session:
            workflow.save_text(
                session,
                translation_id=theirs.id or 0,
                expected_version=theirs.version,
                text="Their version.",
                user_name="chen",
            )
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        await replace_text(pilot, editor, "Mine.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.click("#edit-merge")
        await pilot.pause()
        assert isinstance(app.focused, TargetEditor)
        assert app.focused.text == "Mine."
        await replace_text(pilot, app.focused, "Their version, and mine.")
        await pilot.press("escape")
        await pilot.pause()
    final = stored(tui_env, 1, "en")
    assert final.text == "Their version, and mine."
    with tui_env.session() as session:
        texts = [
            r.new_text
            for r in session.exec(
                select(Revision)
                .where(Revision.translation_id == final.id)
                .order_by(col(Revision.id))
            )
        ]
    assert texts == [
        "Qiqihar held a meeting on key projects.",
        "Their version.",
        "Their version, and mine.",
    ]
