"""Who else is in the article: a one-line bar, and a marker for the segment table."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tmtool.services.events import PresenceView

MARKER = "●"
MARKER_STYLE = "bold magenta"


def presence_label(person: PresenceView) -> str:
    """`wang · segment 12 (ru)`; `wang · reading` when no segment is known."""
    if person.position is None:
        return f"{person.user} · reading"
    where = f"segment {person.position}"
    return f"{person.user} · {where} ({person.lang})" if person.lang else f"{person.user} · {where}"


def position_cell(position: int, people: list[PresenceView]) -> Text:
    """The segment table's `#` cell: the position, and a marker when someone else is there."""
    cell = Text(str(position), style="dim")
    if people:
        cell.append(f" {MARKER}", style=MARKER_STYLE)
    return cell


class PresenceBar(Static):
    """One line above the segment table: the others in this article, or a connection problem.

    Empty (and taking no room) when you are alone and the database is reachable.
    """

    DEFAULT_CSS = """
    PresenceBar {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    PresenceBar.-shown {
        display: block;
    }
    PresenceBar.-problem {
        color: $warning;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.people: list[PresenceView] = []
        self.problem: str | None = None
        self._shown = ""

    def show_people(self, people: list[PresenceView]) -> None:
        """Show who else is here."""
        self.people = people
        self._redraw()

    def show_problem(self, problem: str | None) -> None:
        """Show that the database cannot be reached (None: it can again)."""
        self.problem = problem
        self._redraw()

    @property
    def label(self) -> str:
        """The bar's text, as plain text."""
        if self.problem:
            return f"⚠ {self.problem} Your text stays in the editor."
        if not self.people:
            return ""
        return "Also here:  " + "   ".join(f"{MARKER} {presence_label(p)}" for p in self.people)

    def _redraw(self) -> None:
        label = self.label
        if label == self._shown:
            return  # a heartbeat that changes nothing repaints nothing
        self._shown = label
        self.set_class(bool(label), "-shown")
        self.set_class(bool(self.problem), "-problem")
        text = Text(label)
        if not self.problem:
            text.highlight_words([MARKER], style=MARKER_STYLE)
        self.update(text)
