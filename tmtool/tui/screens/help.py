"""The key list: every binding of the screen below, with the id to remap it by."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from tmtool.tui.keymap import keymap_path


def _bindings(owner: type[object]) -> list[Binding]:
    found: list[Binding] = []
    for klass in reversed(owner.__mro__):
        for item in vars(klass).get("BINDINGS", []):
            if isinstance(item, Binding) and item.id:
                found.append(item)
    return found


class HelpScreen(ModalScreen[None]):
    """Shows keys, what they do and their binding ids; any key closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark", "dismiss_help", "Close", id="close-help"),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        """Title, table of keys, where to remap them."""
        with Vertical(classes="dialog-box"):
            yield Label("Keys", classes="dialog-title")
            yield DataTable(id="help-table", cursor_type="row", show_cursor=False)
            yield Label(
                f'Remap keys by binding id in {keymap_path()}, e.g. confirm-segment = "f9".'
            )

    def on_mount(self) -> None:
        """Fill the table from the bindings of the screen below and of the app."""
        table = self.query_one("#help-table", DataTable)
        table.add_columns("key", "does", "binding id")
        keymap = self.app._keymap
        seen: set[str] = set()
        for binding in _bindings(type(self.below)) + _bindings(type(self.app)):
            if binding.id in seen or binding.id is None:
                continue
            seen.add(binding.id)
            keys = keymap.get(binding.id, binding.key)
            table.add_row(keys, binding.description or binding.action, binding.id)

    def action_dismiss_help(self) -> None:
        """Close."""
        self.dismiss(None)
