"""The editor: the segment table above, the focused segment's editors below."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TextArea

from tmtool.errors import TmtoolError
from tmtool.models import State
from tmtool.names import NameSuggestion
from tmtool.services import quality, queries, workflow
from tmtool.states import legend
from tmtool.tui.screens.conflict import Choice, ConflictDialog
from tmtool.tui.screens.editor_live import LiveActions
from tmtool.tui.screens.editor_qa import QAActions
from tmtool.tui.screens.editor_review import ReviewActions
from tmtool.tui.screens.editor_structure import StructureActions
from tmtool.tui.screens.editor_terms import TermActions
from tmtool.tui.screens.editor_tm import SuggestionActions
from tmtool.tui.screens.export_dialog import ExportActions
from tmtool.tui.widgets.qa_panel import QAPanel
from tmtool.tui.widgets.segment_editor import SegmentEditor, TargetEditor
from tmtool.tui.widgets.segment_table import SegmentTable
from tmtool.tui.widgets.suggestions import SuggestionsPanel
from tmtool.tui.widgets.terms_panel import CommentsPanel, TermsPanel

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp

AUTOSAVE_SECONDS = 0.6


class EditorScreen(
    ReviewActions,
    TermActions,
    QAActions,
    LiveActions,
    StructureActions,
    ExportActions,
    SuggestionActions,
):
    """Edit one article: every change is saved at once, Ctrl+S confirms and moves on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm_segment", "Confirm", id="confirm-segment", priority=True),
        Binding("ctrl+down,alt+down", "move(1)", "Next", id="next-segment", priority=True),
        Binding("ctrl+up,alt+up", "move(-1)", "Previous", id="previous-segment", priority=True),
        Binding(
            "f8,ctrl+g", "next_needing_work", "Next to do", id="next-needing-work", priority=True
        ),
        Binding("f2", "edit('en')", "English", id="edit-english"),
        Binding("f3", "edit('ru')", "Русский", id="edit-russian"),
        Binding("e", "edit('en')", "Edit en", id="edit-english-letter", show=False),
        Binding("r", "edit('ru')", "Edit ru", id="edit-russian-letter", show=False),
        Binding("escape", "leave", "Back", id="back"),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.view: queries.ArticleView | None = None
        self.index = 0
        self.dirty: set[str] = set()
        self._autosave: Timer | None = None
        self._layout_width = 0
        self.names: list[NameSuggestion] = []
        self.row_indices: list[int] = []
        self.review_filter = False
        self.qa: dict[tuple[int, str], list[quality.QAResult]] = {}
        self.qa_cursor = -1
        self.merge_pending: dict[str, str] = {}

    @property
    def tm_app(self) -> TmtoolApp:
        """The app, typed."""
        return cast("TmtoolApp", self.app)

    @property
    def langs(self) -> tuple[str, ...]:
        """Target languages of the workspace."""
        return self.tm_app.workspace.target_langs

    def compose(self) -> ComposeResult:
        """Title, table, editing pane, legend and key bar."""
        yield Header()
        yield Static(f"Loading {self.slug}…", id="article-title")
        yield SegmentTable(self.langs, id="segment-table")
        yield SegmentEditor(self.langs, id="segment-editor")
        yield TermsPanel("", id="terms-panel")
        yield QAPanel("", id="qa-panel")
        yield SuggestionsPanel(id="suggestions-panel")
        yield CommentsPanel("", id="comments-panel")
        yield Static(legend() + "   ⚑ check the pairing", id="legend")
        yield Footer()

    def on_mount(self) -> None:
        """Lay out the table and load the article in a worker."""
        self.query_one(SegmentTable).set_columns(self.app.size.width)
        self._layout_width = self.app.size.width
        self.load_article()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_article(self) -> None:
        """Read the article with a session of the worker's own."""
        app = self.tm_app
        try:
            with app.session() as session:
                view = queries.article_view(session, self.slug)
            app.call_from_thread(self._loaded, view, self.qa)
            # The text first, then the QA results: a fresh large import computes them now.
            with app.session() as session:
                found = quality.results(session, article_id=view.id)
        except TmtoolError as exc:
            app.call_from_thread(self.notify, str(exc), severity="error")
            return
        qa: dict[tuple[int, str], list[quality.QAResult]] = {}
        for result in found:
            qa.setdefault((result.segment, result.lang), []).append(result)
        app.call_from_thread(self._qa_loaded, qa)

    def _loaded(
        self, view: queries.ArticleView, qa: dict[tuple[int, str], list[quality.QAResult]]
    ) -> None:
        if not self.still_shown():
            return
        position = self.segment.position if self.segment is not None else 1
        self.view = view
        self.qa = qa
        self.query_one("#article-title", Static).update(
            f"{view.title}   [dim]{view.slug} · {len(view.segments)} segments[/]"
        )
        self.show_rows()
        index = next((i for i, s in enumerate(view.segments) if s.position == position), 0)
        if view.segments:
            self._go_to(index if index in self.row_indices else (self.row_indices or [0])[0])
            self._focus_segment(self.index)
        if not isinstance(self.focused, TargetEditor):
            self.query_one(SegmentTable).focus()

    def _qa_loaded(self, qa: dict[tuple[int, str], list[quality.QAResult]]) -> None:
        if not self.still_shown():
            return
        self.qa = qa
        self.show_rows()
        self.show_qa()

    def awaits_review(self, segment: queries.SegmentView) -> bool:
        """A translator confirmed it and no reviewer has approved it yet (any language)."""
        return any(c.state == State.TRANSLATED for c in segment.translations.values())

    def show_rows(self) -> None:
        """Fill the table with every segment, or with those awaiting review."""
        if self.view is None:
            return
        segments = self.view.segments
        self.row_indices = [
            i for i, s in enumerate(segments) if not self.review_filter or self.awaits_review(s)
        ]
        table = self.query_one(SegmentTable)
        table.show_segments(
            [segments[i] for i in self.row_indices], self.tm_app.term_index, self.qa_error_counts()
        )
        if self.index in self.row_indices:
            table.move_cursor(row=self.row_indices.index(self.index), animate=False)
        self.show_presence_markers(rebuilt=True)

    def on_resize(self, event: Resize) -> None:
        """Share a changed width among the text columns."""
        if self.view is None or abs(event.size.width - self._layout_width) < 4:
            return
        self._layout_width = event.size.width
        self.query_one(SegmentTable).set_columns(event.size.width)
        self.show_rows()

    # -- focus and navigation -------------------------------------------------------------

    @property
    def segment(self) -> queries.SegmentView | None:
        """The focused segment."""
        if self.view is None or not self.view.segments:
            return None
        return self.view.segments[self.index]

    def _focus_segment(self, index: int) -> None:
        self.flush()
        assert self.view is not None
        self.index = index
        self.dirty.clear()
        self.merge_pending.clear()
        self.query_one(SegmentEditor).show_segment(self.view.segments[index])
        self.refresh_terms()
        self.show_qa()
        self.refresh_suggestions()

    def refresh_panels(self) -> None:
        """After a change to the focused segment: terms, comments and QA results again."""
        self.refresh_terms()
        self.refresh_qa()

    @on(SegmentTable.SegmentFocused)
    def _segment_focused(self, event: SegmentTable.SegmentFocused) -> None:
        if self.view is None or event.index >= len(self.row_indices):
            return
        index = self.row_indices[event.index]
        if index != self.index:
            self._focus_segment(index)

    def _go_to(self, index: int) -> None:
        """Move the table cursor (which focuses the segment) and keep the editing language."""
        if self.view is None or index not in self.row_indices:
            return
        focused = self.focused
        self.query_one(SegmentTable).move_cursor(row=self.row_indices.index(index), animate=False)
        if index != self.index:
            self._focus_segment(index)
        if isinstance(focused, TargetEditor):
            self.query_one(SegmentEditor).editor(focused.lang).focus()

    def action_move(self, step: int) -> None:
        """Go to the next (1) or previous (-1) segment shown."""
        if self.index in self.row_indices:
            row = max(0, min(self.row_indices.index(self.index) + step, len(self.row_indices) - 1))
            self._go_to(self.row_indices[row])

    def _focused_lang(self) -> str | None:
        focused = self.focused
        return focused.lang if isinstance(focused, TargetEditor) else None

    def action_next_needing_work(self) -> None:
        """Go to the next segment not yet translated in the focused language (or in any)."""
        if self.view is None:
            return
        lang = self._focused_lang()
        langs = (lang,) if lang else self.langs
        start = self.row_indices.index(self.index) if self.index in self.row_indices else -1
        count = len(self.row_indices)
        for step in range(1, count + 1):
            index = self.row_indices[(start + step) % count]
            cells = self.view.segments[index].translations
            if any(cells[lg].state < State.TRANSLATED for lg in langs if lg in cells):
                self._go_to(index)
                return
        self.notify("Every segment is translated.")

    def action_edit(self, lang: str) -> None:
        """Put the cursor in a language's editor."""
        if lang in self.langs and self.segment is not None:
            self.query_one(SegmentEditor).editor(lang).focus()

    def action_leave(self) -> None:
        """From an editor back to the table; from the table back to the article list."""
        if isinstance(self.focused, TargetEditor):
            self.flush()
            self.query_one(SegmentTable).focus()
            return
        self.flush()
        self.app.pop_screen()

    # -- saving ---------------------------------------------------------------------------

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        editor = event.text_area
        segment = self.segment
        if not isinstance(editor, TargetEditor) or segment is None:
            return
        cell = segment.translations.get(editor.lang)
        changed = cell is not None and editor.text != cell.text
        if changed:
            self.dirty.add(editor.lang)
        else:
            self.dirty.discard(editor.lang)
        self.query_one(SegmentEditor).show_state(editor.lang, cell, dirty=changed)
        if self._autosave is not None:
            self._autosave.stop()
        if self.merge_pending.get(editor.lang) == editor.text:
            return  # a merge waits for the user's first edit (or leaving) before it is saved
        self.merge_pending.pop(editor.lang, None)
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self.flush) if self.dirty else None

    def flush(self) -> None:
        """Save every language with unsaved text in the focused segment."""
        if self._autosave is not None:  # this flush is the save a pending autosave would do
            self._autosave.stop()
            self._autosave = None
        for lang in sorted(self.dirty):
            self.save(lang, confirm=False)

    def save(self, lang: str, *, confirm: bool) -> bool:
        """Save one language of the focused segment; True when it is stored."""
        segment = self.segment
        cell = segment.translations.get(lang) if segment else None
        if segment is None or cell is None:
            return False
        text = self.query_one(SegmentEditor).editor(lang).text
        if not confirm and text == cell.text:
            self.dirty.discard(lang)
            return True
        try:
            saved = self._write(cell, text, confirm=confirm)
        except workflow.ConflictError as exc:
            self.dirty.discard(lang)
            self._resolve_conflict(segment, lang, exc.current, text, confirm)
            return False
        except TmtoolError as exc:
            self.dirty.discard(lang)
            self.notify(str(exc), severity="error", timeout=8)
            return False
        self._stored(segment, saved)
        return True

    def _write(self, cell: queries.CellView, text: str, *, confirm: bool) -> queries.CellView:
        """Save `text` over the version of `cell` the user saw."""
        with self.tm_app.session() as session:
            return workflow.save_text(
                session,
                translation_id=cell.id,
                expected_version=cell.version,
                text=text,
                user_name=self.tm_app.user_name,
                confirm=confirm,
            )

    def _stored(self, segment: queries.SegmentView, cell: queries.CellView) -> None:
        segment.translations[cell.lang] = cell
        self.dirty.discard(cell.lang)
        errors = self.qa_error_counts().get((segment.position, cell.lang), 0)
        self.query_one(SegmentTable).update_target(segment, cell.lang, errors)
        if segment is self.segment:
            self.query_one(SegmentEditor).show_state(cell.lang, cell)
            self.refresh_panels()

    def _resolve_conflict(
        self,
        segment: queries.SegmentView,
        lang: str,
        theirs: queries.CellView,
        mine: str,
        confirm: bool,
    ) -> None:
        def chosen(choice: Choice | None) -> None:
            if choice == "mine":
                segment.translations[lang] = theirs
                try:
                    saved = self._write(theirs, mine, confirm=confirm)
                except TmtoolError as exc:
                    self.notify(str(exc), severity="error", timeout=8)
                    return
                self._stored(segment, saved)
            elif choice == "merge" and segment is self.segment:
                # Your text stays in the editor, now based on their version: the next save
                # (after you merge) replaces theirs knowingly, through the same version check.
                self._stored(segment, theirs)
                editor = self.query_one(SegmentEditor).editor(lang)
                self.merge_pending[lang] = mine
                editor.load_text(mine)
                self.dirty.add(lang)
                editor.focus()
                self.notify(
                    f"{theirs.updated_by or 'Their'} text: {theirs.text}", title="Merge", timeout=60
                )
            else:
                self._stored(segment, theirs)
                if segment is self.segment:
                    self.query_one(SegmentEditor).editor(lang).load_text(theirs.text)

        self.app.push_screen(ConflictDialog(theirs, mine), chosen)

    def action_confirm_segment(self) -> None:
        """Confirm the focused language's text (TRANSLATED) and go to the next segment."""
        lang = self._focused_lang() or self.langs[0]
        others = self.dirty - {lang}
        for other in sorted(others):
            self.save(other, confirm=False)
        if self.save(lang, confirm=True):
            self.action_move(1)
            self.query_one(SegmentEditor).editor(lang).focus()
