"""Small dialogs: a comment to write, a yes/no confirmation."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea


class CommentDialog(ModalScreen[str | None]):
    """Ask for a comment; returns its text, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel-comment"),
        Binding("ctrl+s", "save", "Save", id="save-comment", priority=True),
    ]

    def __init__(self, title: str, *, required: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.required = required

    def compose(self) -> ComposeResult:
        """The prompt, the text and the buttons."""
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(id="comment-text", soft_wrap=True)
            yield Label("", id="comment-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", id="save-comment", variant="primary")
                yield Button("Cancel", id="cancel-comment")

    def on_mount(self) -> None:
        """Start typing at once."""
        self.query_one("#comment-text", TextArea).focus()

    def action_save(self) -> None:
        """Return the comment, unless one is required and it is empty."""
        text = self.query_one("#comment-text", TextArea).text.strip()
        if self.required and not text:
            self.query_one("#comment-error", Label).update("Say what needs fixing.")
            return
        self.dismiss(text or None)

    @on(Button.Pressed, "#save-comment")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel-comment")
    def action_cancel(self) -> None:
        """Close without a comment."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A question with Yes and No; Enter answers yes, Escape no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "No", id="confirm-no"),
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n", "answer(False)", "No", id="confirm-no-letter", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog-box"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes", id="answer-yes", variant="primary")
                yield Button("No", id="answer-no")

    def on_mount(self) -> None:
        """Yes has the focus, so Enter confirms."""
        self.query_one("#answer-yes", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed, "#answer-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#answer-no")
    def _no(self) -> None:
        self.dismiss(False)
