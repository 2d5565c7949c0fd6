"""The review story in the editor: reject with a comment, fix, approve, and the history of it."""

from __future__ import annotations

from sqlmodel import col, select
from textual.widgets import DataTable, Static, TextArea

from tests.conftest import Env
from tests.tui.test_editor import SIZE, open_editor, replace_text, stored
from tmtool.models import Comment, Revision, Role, State
from tmtool.services import users
from tmtool.tui.app import TmtoolApp, make_app
from tmtool.tui.screens.dialogs import CommentDialog, ConfirmDialog
from tmtool.tui.screens.editor import EditorScreen
from tmtool.tui.screens.help import HelpScreen
from tmtool.tui.screens.history import HistoryScreen
from tmtool.tui.widgets.segment_editor import TargetEditor
from tmtool.tui.widgets.terms_panel import CommentsPanel


def app_as(env: Env, name: str) -> TmtoolApp:
    return make_app(engine=env.engine, workspace=env.workspace, user_name=name)


def add_people(env: Env) -> None:
    with env.session() as session:
        users.add_user(session, name="wang", roles=[Role.REVIEWER])
    with env.session() as session:
        users.add_user(session, name="ivanova", roles=[Role.TRANSLATOR])


async def test_reject_fix_approve_with_the_whole_story_in_history(tui_env: Env) -> None:
    add_people(tui_env)
    # The reviewer rejects the Russian text of segment 1 with a comment.
    app = app_as(tui_env, "wang")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("r", "f10")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CommentDialog)
        dialog.query_one("#comment-text", TextArea).insert("Падеж: «в Цицикаре».")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(tui_env, 1, "ru").state == State.NEEDS_WORK
    # The translator sees the comment, fixes the text and confirms it.
    app = app_as(tui_env, "ivanova")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Падеж: «в Цицикаре»." in str(screen.query_one(CommentsPanel).render())
        assert not screen.check_action("approve_segment", ())  # no review keys for translators
        await pilot.press("r")
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        await replace_text(pilot, editor, "В Цицикаре прошло совещание.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored(tui_env, 1, "ru").state == State.TRANSLATED
    # The reviewer filters what awaits review, approves it, and reads the history.
    app = app_as(tui_env, "wang")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(screen, EditorScreen)
        assert [screen.view.segments[i].position for i in screen.row_indices] == [1]  # type: ignore[union-attr]
        await pilot.press("r", "f9")
        await pilot.pause()
        assert stored(tui_env, 1, "ru").state == State.APPROVED
        await pilot.press("f11")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one("#revision-table", DataTable)
        actions = [table.get_row_at(r)[3] for r in range(table.row_count)]
        assert actions[-3:] == ["reject", "confirm", "approve"]
        comments = str(history.query_one("#history-comments", Static).render())
        assert "wang" in comments and "Падеж" in comments
        # The confirm revision's diff shows what the translator changed.
        await pilot.press("up")
        await pilot.pause()
        diff = history.query_one("#revision-diff", Static).render()
        assert str(diff) == "В Цицикаре прошло совещание по ключевым проектам."
        struck = [str(diff)[span.start : span.end] for span in diff.spans]  # type: ignore[attr-defined]
        assert struck == [" по ключевым проектам"]
    with tui_env.session() as session:
        assert session.exec(select(Comment.author)).all() == ["wang"]


async def test_restore_an_older_text_as_a_new_revision(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        await replace_text(pilot, editor, "A worse text.")
        await pilot.press("escape", "f11")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("up", "up", "r")  # the English import revision (above it: Russian)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
    restored = stored(tui_env, 1, "en")
    assert restored.text == "Qiqihar held a meeting on key projects."
    with tui_env.session() as session:
        actions = session.exec(
            select(Revision.action)
            .where(Revision.translation_id == restored.id)
            .order_by(col(Revision.id))
        ).all()
    assert actions == ["import", "edit", "restore"]


async def test_bulk_approval_says_how_many_and_records_each(tui_env: Env) -> None:
    app = app_as(tui_env, "chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("e", "ctrl+s", "ctrl+s", "ctrl+s")  # confirm three English segments
        await pilot.press("escape", "f12")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Approve 3 English" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert [stored(tui_env, n, "en").state for n in (1, 2, 3, 4)] == [
        State.APPROVED,
        State.APPROVED,
        State.APPROVED,
        State.EMPTY,
    ]
    with tui_env.session() as session:
        approvals = session.exec(select(Revision).where(Revision.action == "approve")).all()
    assert len(approvals) == 3


async def test_help_lists_keys_with_binding_ids(app: TmtoolApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table", DataTable)
        ids = {table.get_row_at(r)[2] for r in range(table.row_count)}
        assert {"confirm-segment", "approve-segment", "insert-term", "quit"} <= ids
