"""The dialog shown when someone else saved the same translation first."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tmtool.services.queries import CellView
from tmtool.tui.labels import language_name

Choice = Literal["theirs", "mine", "merge"]


class ConflictDialog(ModalScreen[Choice]):
    """Shows their text and mine; returns which one to keep."""

    def __init__(self, theirs: CellView, mine: str) -> None:
        super().__init__()
        self.theirs = theirs
        self.mine = mine

    def compose(self) -> ComposeResult:
        """Both texts and the two choices."""
        with Vertical(id="conflict-box"):
            yield Label(
                f"{self.theirs.updated_by or 'Someone'} saved this "
                f"{language_name(self.theirs.lang)} "
                f"text while you were editing (now version {self.theirs.version}).",
                id="conflict-title",
            )
            yield Label("Theirs:", classes="conflict-label")
            yield Static(Text(self.theirs.text), id="conflict-theirs")
            yield Label("Yours:", classes="conflict-label")
            yield Static(Text(self.mine), id="conflict-mine")
            with Horizontal(id="conflict-buttons"):
                yield Button("Keep theirs", id="keep-theirs", variant="primary")
                yield Button("Overwrite with mine", id="keep-mine", variant="warning")
                yield Button("Edit a merge", id="edit-merge")

    @on(Button.Pressed, "#keep-theirs")
    def _keep_theirs(self) -> None:
        self.dismiss("theirs")

    @on(Button.Pressed, "#edit-merge")
    def _edit_merge(self) -> None:
        self.dismiss("merge")

    @on(Button.Pressed, "#keep-mine")
    def _keep_mine(self) -> None:
        self.dismiss("mine")
