"""Working together in the editor: other people's saves appear live, and who is where.

The app's watcher (`tmtool.tui.live`) hands every batch of changes to `workspace_changed`.
Changed rows are re-read and redrawn in place: the cursor stays where it is, and so does
text the user has not saved yet. When someone else changed the very translation the user
is editing, the user's text is kept on top of the version they started from, so their next
save meets the version check and the conflict dialog lets them choose.

Presence: a heartbeat writes where this editor is (article, segment, language) every few
seconds, and a bar above the table shows the others, with a marker in the table.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from textual import work

from tmtool.errors import TmtoolError
from tmtool.services import events, queries
from tmtool.tui.live import call_soon
from tmtool.tui.screens.editor_host import EditorHost
from tmtool.tui.widgets.presence import PresenceBar, position_cell
from tmtool.tui.widgets.segment_editor import SegmentEditor
from tmtool.tui.widgets.segment_table import SegmentTable, target_cell

if TYPE_CHECKING:
    pass

HEARTBEAT_SECONDS = 3.0
"""A marker is rewritten this often while nothing moves (it expires after 15 s)."""
TICK_SECONDS = 1.0
"""How often the editor checks whether its position moved (and then writes at once)."""


class LiveActions(EditorHost):
    """Live updates and presence for the editor; EditorScreen provides the segment and app."""

    view: queries.ArticleView | None
    index: int
    dirty: set[str]
    row_indices: list[int]
    review_filter: bool
    presence_id: str = ""
    others: tuple[events.PresenceView, ...] = ()
    _marked: frozenset[int] = frozenset()
    _sent: tuple[int, int | None, str | None] | None = None
    _sent_at: float = 0.0

    def on_mount(self) -> None:
        """Add the presence bar under the title and start the heartbeat."""
        self.presence_id = uuid.uuid4().hex
        self.mount(PresenceBar(id="presence-bar"), after="#article-title")
        self.set_interval(TICK_SECONDS, self.send_heartbeat)

    def on_unmount(self) -> None:
        """Take this editor's marker away (a crash leaves it to expire instead)."""
        try:
            with self.tm_app.session() as session:
                events.leave(session, session_id=self.presence_id)
        except SQLAlchemyError:
            pass

    # -- presence -------------------------------------------------------------------------

    def send_heartbeat(self) -> None:
        """Write where this editor is when it moved, or when the marker is getting old."""
        if self.view is None:
            return
        segment = self.segment
        here = (self.view.id, segment.position if segment else None, self._focused_lang())
        if here == self._sent and time.monotonic() - self._sent_at < HEARTBEAT_SECONDS:
            return
        self._sent, self._sent_at = here, time.monotonic()
        self.exchange_presence(*here, write=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="presence")
    def exchange_presence(
        self, article_id: int, position: int | None, lang: str | None, *, write: bool
    ) -> None:
        """Write this editor's marker (with `write`) and read the others', off the UI thread.

        A busy or unreachable database costs one heartbeat: the marker simply ages.
        """
        app = self.tm_app
        try:
            if write:
                with app.session() as session:
                    events.heartbeat(
                        session,
                        session_id=self.presence_id,
                        user_name=app.user_name,
                        article_id=article_id,
                        position=position,
                        lang=lang,
                    )
            with app.session() as session:
                others = events.present(
                    session, article_id=article_id, exclude_session=self.presence_id
                )
        except (SQLAlchemyError, TmtoolError):
            return
        call_soon(app, self._show_presence, article_id, tuple(others))

    def _still_showing(self, article_id: int | None = None) -> bool:
        """Whether a reply about `article_id` may still touch the editor (see still_shown)."""
        if article_id is not None and (self.view is None or self.view.id != article_id):
            return False
        return self.still_shown()

    def _show_presence(self, article_id: int, others: tuple[events.PresenceView, ...]) -> None:
        if not self._still_showing(article_id):
            return
        self.others = others
        self.query_one(PresenceBar).show_people(list(others))
        self.show_presence_markers()

    def show_presence_markers(self, *, rebuilt: bool = False) -> None:
        """Mark the rows where others are; `rebuilt`: the table was just filled afresh."""
        if self.view is None:
            return
        people: dict[int, list[events.PresenceView]] = defaultdict(list)
        for person in self.others:
            if person.position is not None:
                people[person.position].append(person)
        marked = frozenset(people)
        redraw = marked if rebuilt else marked ^ self._marked
        self._marked = marked
        if not redraw:
            return
        table = self.query_one(SegmentTable)
        for index in self.row_indices:
            segment = self.view.segments[index]
            if segment.position in redraw:
                table.update_cell(
                    str(segment.id),
                    "position",
                    position_cell(segment.position, people[segment.position]),
                )

    # -- live updates ---------------------------------------------------------------------

    def workspace_changed(self, changes: events.Changes) -> None:
        """Re-read what others changed in this article (and who is here now)."""
        view = self.view
        if view is None or not changes.touches(view.id):
            return
        if changes.presence or changes.everything:
            segment = self.segment
            self.exchange_presence(
                view.id, segment.position if segment else None, self._focused_lang(), write=False
            )
        if view.id in changes.restructured:
            if self.dirty:
                self.flush()  # keep the user's text before the segments are read afresh
            self.load_article()  # segments were merged, split or moved
            return
        known = {c.id: c.version for s in view.segments for c in s.translations.values()}
        if changes.everything:
            ids = list(known)
        else:
            mine = [t for t in changes.translations if t.article_id == view.id]
            if any(t.translation_id not in known for t in mine):
                self.load_article()  # segments were added, merged or split: read it afresh
                return
            ids = [t.translation_id for t in mine if t.version > known[t.translation_id]]
        if ids:
            self.read_changed_cells(view.id, ids)
        focused = self.segment
        if focused is not None and any(s == focused.id for _, s in changes.comments):
            self.refresh_panels()

    @work(thread=True, exit_on_error=False, group="live")
    def read_changed_cells(self, article_id: int, translation_ids: list[int]) -> None:
        """Read the changed translations with a session of the worker's own."""
        try:
            with self.tm_app.session() as session:
                cells = events.read_cells(session, translation_ids)
        except SQLAlchemyError:
            return  # the database went away; the watcher reloads everything when it is back
        call_soon(self.tm_app, self.apply_cells, article_id, cells)

    def _unsaved(self, lang: str, cell: queries.CellView) -> bool:
        return lang in self.dirty or self.query_one(SegmentEditor).editor(lang).text != cell.text

    def apply_cells(self, article_id: int, cells: list[queries.CellView]) -> None:
        """Show newer versions of translations; keep the user's cursor and unsaved text."""
        view = self.view
        if view is None or not self._still_showing(article_id):
            return
        where = {
            cell.id: (segment, lang)
            for segment in view.segments
            for lang, cell in segment.translations.items()
        }
        table = self.query_one(SegmentTable)
        focused = self.segment
        errors = self.qa_error_counts()
        shown = {view.segments[i].id for i in self.row_indices}
        focus_changed = False
        for new in cells:
            if new.id not in where:
                continue
            segment, lang = where[new.id]
            old = segment.translations[lang]
            if new.version <= old.version:
                continue  # our own save, or older news
            if segment is focused and self._unsaved(lang, old):
                # The table shows what is stored; the editor keeps the user's text.
                table.update_cell(
                    str(segment.id), lang, target_cell(new, errors.get((segment.position, lang), 0))
                )
                self._changed_under_edit(segment, lang, new)
                continue
            segment.translations[lang] = new
            if segment.id in shown:
                table.update_target(segment, lang, errors.get((segment.position, lang), 0))
            if segment is focused:
                self._reload_editor(lang, new)
                focus_changed = True
        if self.review_filter:
            self.show_rows()
        if focus_changed:
            self.refresh_panels()

    def _reload_editor(self, lang: str, cell: queries.CellView) -> None:
        segment_editor = self.query_one(SegmentEditor)
        editor = segment_editor.editor(lang)
        if editor.text != cell.text:
            row, column = editor.cursor_location
            editor.load_text(cell.text)
            row = min(row, editor.document.line_count - 1)
            editor.cursor_location = (row, min(column, len(editor.document.get_line(row))))
        segment_editor.show_state(lang, cell)

    def _changed_under_edit(
        self, segment: queries.SegmentView, lang: str, theirs: queries.CellView
    ) -> None:
        """Someone saved the translation the user is editing: keep the user's text.

        The segment keeps the version the user started from, so the next save is refused by
        the version check and the conflict dialog shows both texts.
        """
        self.notify(
            f"{theirs.updated_by or 'Someone'} changed the {lang} text of segment "
            f"{segment.position} while you were editing it (now {theirs.state.name}, "
            f"version {theirs.version}). Your text is kept; saving it shows both versions.",
            title="Changed meanwhile",
            severity="warning",
            timeout=15,
        )

    def connection_changed(self, problem: str | None) -> None:
        """Say that the database is gone; once it is back, save what the user typed meanwhile."""
        if not self._still_showing():
            return
        self.query_one(PresenceBar).show_problem(problem)
        segment = self.segment
        if problem is not None or segment is None:
            return
        editors = self.query_one(SegmentEditor)
        for lang, cell in segment.translations.items():
            if editors.editor(lang).text != cell.text:
                self.dirty.add(lang)
        if self.dirty:
            self.flush()
