"""Snapshots of the main layouts: the article list and the three-column editor."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tmtool.tui.app import TmtoolApp

SIZE = (160, 40)


async def _settle(pilot: Pilot[Any]) -> None:
    # Workers hand results back to the UI thread, which may start another worker.
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_article_list(snap_compare: Any, app: TmtoolApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_editor_three_columns(snap_compare: Any, app: TmtoolApp) -> None:
    async def open_and_edit(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("down", "r")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_and_edit)
