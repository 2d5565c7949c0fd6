"""A segment's history: every revision with a readable diff, and restoring an older text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tmtool.errors import TmtoolError
from tmtool.models import State
from tmtool.services import queries, review
from tmtool.states import STYLES
from tmtool.textdiff import diff
from tmtool.tui.labels import language_name

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp


def diff_text(old: str, new: str) -> Text:
    """Deleted text struck through in red, inserted text underlined in green."""
    text = Text()
    for piece in diff(old, new):
        style = {"equal": "", "delete": "strike red", "insert": "underline bold green"}[piece.op]
        text.append(piece.text, style=style)
    return text


def _state(value: State | None) -> str:
    return f"{STYLES[value].glyph} {STYLES[value].label}" if value is not None else ""


class HistoryScreen(Screen[bool]):
    """Revisions of one segment (all languages, newest last); R restores the selected text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "restore_revision", "Restore this text", id="restore-revision"),
        Binding("escape", "close", "Back", id="back-from-history"),
    ]

    def __init__(self, segment: queries.SegmentView, article_id: int) -> None:
        super().__init__()
        self.segment = segment
        self.article_id = article_id
        self.revisions: list[review.RevisionView] = []
        self.restored: queries.CellView | None = None

    @property
    def tm_app(self) -> TmtoolApp:
        """The app, typed."""
        return cast("TmtoolApp", self.app)

    def compose(self) -> ComposeResult:
        """Source, revisions, the diff of the selected one, comments."""
        yield Header()
        yield Static(Text(f"#{self.segment.position}  {self.segment.source}"), id="history-source")
        yield DataTable(id="revision-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="revision-diff")
        yield Static("", id="history-comments")
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then load."""
        table = self.query_one("#revision-table", DataTable)
        for label in ("when", "who", "language", "action", "state", "version"):
            table.add_column(label, key=label)
        self.load_history()

    @work(thread=True, exclusive=True, exit_on_error=False, group="history")
    def load_history(self) -> None:
        """Read revisions and comments with a session of the worker's own."""
        with self.tm_app.session() as session:
            revisions = review.history(
                session, article_id=self.article_id, position=self.segment.position
            )
        with self.tm_app.session() as session:
            comments = review.list_comments(
                session, article_id=self.article_id, position=self.segment.position
            )
        self.app.call_from_thread(self._show, revisions, comments)

    def _show(
        self, revisions: list[review.RevisionView], comments: list[review.CommentView]
    ) -> None:
        self.revisions = revisions
        table = self.query_one("#revision-table", DataTable)
        table.clear()
        for rev in revisions:
            change = _state(rev.new_state)
            if rev.old_state is not None and rev.old_state != rev.new_state:
                change = f"{_state(rev.old_state)} → {change}"
            table.add_row(
                rev.at.strftime("%Y-%m-%d %H:%M:%S"),
                rev.user,
                language_name(rev.lang),
                rev.action,
                change,
                str(rev.version),
                key=str(rev.id),
            )
        if revisions:
            table.move_cursor(row=len(revisions) - 1)
        lines = Text()
        for comment in comments:
            mark = "✓" if comment.resolved else "✎"
            lang = f" ({comment.lang})" if comment.lang else ""
            lines.append(
                f"{mark} {comment.created_at:%m-%d %H:%M} {comment.author}{lang}: ",
                style="dim" if comment.resolved else "bold",
            )
            lines.append(comment.body + "\n", style="dim" if comment.resolved else "")
        lines.rstrip()
        self.query_one("#history-comments", Static).update(lines if comments else "No comments.")

    def action_close(self) -> None:
        """Back to the editor, saying whether a text was restored."""
        self.dismiss(self.restored is not None)

    def _selected(self) -> review.RevisionView | None:
        table = self.query_one("#revision-table", DataTable)
        if not self.revisions or table.cursor_row >= len(self.revisions):
            return None
        return self.revisions[table.cursor_row]

    @on(DataTable.RowHighlighted, "#revision-table")
    def _highlighted(self) -> None:
        rev = self._selected()
        panel = self.query_one("#revision-diff", Static)
        if rev is None:
            panel.update("")
        elif rev.old_text is None and rev.new_text is None:
            panel.update(Text(f"{rev.action}: state only, the text did not change.", style="dim"))
        else:
            panel.update(diff_text(rev.old_text or "", rev.new_text or ""))

    def action_restore_revision(self) -> None:
        """Make the selected revision's text the current one, as a new revision."""
        rev = self._selected()
        if rev is None or rev.new_text is None:
            self.notify("Choose a revision that changed the text.")
            return
        cell = self.segment.translations.get(rev.lang)
        if cell is None:
            return
        try:
            with self.tm_app.session() as session:
                current = queries.cell(session, cell.id)
            with self.tm_app.session() as session:
                self.restored = review.restore_revision(
                    session,
                    revision_id=rev.id,
                    expected_version=current.version,
                    user_name=self.tm_app.user_name,
                )
        except TmtoolError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.segment.translations[rev.lang] = self.restored
        self.notify(f"Restored the {language_name(rev.lang)} text of version {rev.version}.")
        self.load_history()
