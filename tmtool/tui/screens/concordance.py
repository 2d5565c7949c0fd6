"""Concordance search: a phrase anywhere in the memory's sources or targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tmtool.errors import TmtoolError
from tmtool.services import tm

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp


def _highlight(text: str, phrase: str) -> Text:
    out = Text(text)
    out.highlight_words([phrase], style="bold reverse yellow")
    return out


class ConcordanceDialog(ModalScreen[None]):
    """Type a phrase, press Enter: every unit holding it, newest first; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close-concordance"),
    ]

    def __init__(self, phrase: str = "") -> None:
        super().__init__()
        self.phrase = phrase

    def compose(self) -> ComposeResult:
        """Title, the phrase, the results."""
        with Vertical(id="concordance-box"):
            yield Label("Concordance: a phrase in the memory's sources or targets")
            yield Input(self.phrase, placeholder="phrase, then Enter", id="concordance-input")
            with VerticalScroll(id="concordance-scroll"):
                yield Static("", id="concordance-results")

    def on_mount(self) -> None:
        """Search at once when a phrase was given."""
        if self.phrase.strip():
            self.search(self.phrase.strip())

    @on(Input.Submitted, "#concordance-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.query_one("#concordance-results", Static).update("searching…")
            self.search(event.value.strip())

    @work(thread=True, exclusive=True, exit_on_error=False, group="concordance")
    def search(self, phrase: str) -> None:
        """Look the phrase up with a session of the worker's own."""
        app = cast("TmtoolApp", self.app)
        try:
            with app.session() as session:
                found = tm.concordance(session, workspace=app.workspace, phrase=phrase)
        except TmtoolError as exc:
            app.call_from_thread(self._show_problem, str(exc))
            return
        app.call_from_thread(self._show, phrase, found)

    def _show_problem(self, message: str) -> None:
        self.query_one("#concordance-results", Static).update(message)

    def _show(self, phrase: str, found: list[tm.Match]) -> None:
        rows = Text()
        if not found:
            rows.append(f"No unit holds {phrase}.", style="dim")
        for match in found:
            rows.append(f"[{match.lang}] ", style="bold")
            rows.append_text(_highlight(match.source, phrase))
            rows.append("\n     ")
            rows.append_text(_highlight(match.target, phrase))
            rows.append(f"   {match.creator} {match.article or ''}\n", style="dim")
        self.query_one("#concordance-results", Static).update(rows)

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)
