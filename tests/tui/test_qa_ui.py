"""Quality checks in the editor: a wrong magnitude is marked, shown, selected and dismissed."""

from __future__ import annotations

from sqlmodel import select

from tests.conftest import Env
from tests.tui.test_editor import SIZE, open_editor, replace_text
from tmtool.models import QADismissal
from tmtool.tui.app import TmtoolApp
from tmtool.tui.screens.dialogs import CommentDialog
from tmtool.tui.widgets.qa_panel import QAPanel
from tmtool.tui.widgets.segment_editor import TargetEditor
from tmtool.tui.widgets.segment_table import SegmentTable


async def test_wrong_magnitude_is_caught_shown_and_dismissed(app: TmtoolApp, tui_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("down", "down", "e")  # 今年全市计划投资90亿元。
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        assert str(screen.query_one(QAPanel).render()) == ""  # "9 billion yuan" is right
        await replace_text(pilot, editor, "The city plans to invest 90 billion yuan.")
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = str(screen.query_one(QAPanel).render())
        assert "number_mismatch" in panel and "9 billion" in panel
        row = screen.query_one(SegmentTable).get_row_at(2)
        assert "⚠" in str(row[2])
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.focused, TargetEditor)
        assert "90 billion" in app.focused.selected_text
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CommentDialog)
        dialog.query_one("#comment-text").insert("Checked with the desk: the figure is right.")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "number_mismatch" not in str(screen.query_one(QAPanel).render())
    with tui_env.session() as session:
        dismissal = session.exec(select(QADismissal)).one()
    assert (dismissal.check, dismissal.user) == ("number_mismatch", "chen")
    assert dismissal.reason == "Checked with the desk: the figure is right."
