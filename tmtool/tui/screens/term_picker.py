"""Pick one of the focused segment's approved terms to insert into a target."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class TermPicker(ModalScreen[str | None]):
    """A list of (source term, approved target term); Enter returns the target term."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel-term"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        """The title and the choices."""
        with Vertical(id="picker-box"):
            yield Label(self.title_text, id="picker-title")
            yield OptionList(
                *(
                    Option(f"{source}  →  {target}", id=str(n))
                    for n, (source, target) in enumerate(self.choices)
                ),
                id="term-options",
            )

    @on(OptionList.OptionSelected, "#term-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        """Close without inserting."""
        self.dismiss(None)
