"""The editor: the segment table above, the focused segment's editors below."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TextArea

from tmtool.errors import TmtoolError
from tmtool.formats.termbase import TermEntry, TermStatus
from tmtool.glossary import TermCheck, TermIndex
from tmtool.glossary.suggest import unknown_names
from tmtool.models import State
from tmtool.names import NameSuggestion
from tmtool.services import queries, workflow
from tmtool.states import legend
from tmtool.tui.labels import language_name
from tmtool.tui.messages import GlossaryLoaded
from tmtool.tui.screens.concept_dialog import ConceptDialog, ConceptDraft, store_concept
from tmtool.tui.screens.conflict import Choice, ConflictDialog
from tmtool.tui.screens.term_picker import TermPicker
from tmtool.tui.widgets.segment_editor import SegmentEditor, TargetEditor
from tmtool.tui.widgets.segment_table import SegmentTable
from tmtool.tui.widgets.terms_panel import TermsPanel

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp

AUTOSAVE_SECONDS = 0.6


class EditorScreen(Screen[None]):
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
        Binding("f4", "insert_term", "Insert term", id="insert-term", priority=True),
        Binding("f7", "add_term", "Add term", id="add-term", priority=True),
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
        except TmtoolError as exc:
            app.call_from_thread(self.notify, str(exc), severity="error")
            return
        app.call_from_thread(self._loaded, view)

    def _loaded(self, view: queries.ArticleView) -> None:
        self.view = view
        self.query_one("#article-title", Static).update(
            f"{view.title}   [dim]{view.slug} · {len(view.segments)} segments[/]"
        )
        table = self.query_one(SegmentTable)
        table.show_segments(view.segments, self.tm_app.term_index)
        if view.segments:
            self._focus_segment(0)
        table.focus()

    def on_resize(self, event: Resize) -> None:
        """Share a changed width among the text columns."""
        if self.view is None or abs(event.size.width - self._layout_width) < 4:
            return
        self._layout_width = event.size.width
        table = self.query_one(SegmentTable)
        row = table.cursor_row
        table.set_columns(event.size.width)
        table.show_segments(self.view.segments, self.tm_app.term_index)
        table.move_cursor(row=row)

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
        self.query_one(SegmentEditor).show_segment(self.view.segments[index])
        self.refresh_terms()

    @on(SegmentTable.SegmentFocused)
    def _segment_focused(self, event: SegmentTable.SegmentFocused) -> None:
        if self.view is not None and event.index != self.index:
            self._focus_segment(event.index)

    def _go_to(self, index: int) -> None:
        """Move the table cursor (which focuses the segment) and keep the editing language."""
        if self.view is None or not self.view.segments:
            return
        index = max(0, min(index, len(self.view.segments) - 1))
        focused = self.focused
        self.query_one(SegmentTable).move_cursor(row=index, animate=False)
        if index != self.index:
            self._focus_segment(index)
        if isinstance(focused, TargetEditor):
            self.query_one(SegmentEditor).editor(focused.lang).focus()

    def action_move(self, step: int) -> None:
        """Go to the next (1) or previous (-1) segment."""
        self._go_to(self.index + step)

    def _focused_lang(self) -> str | None:
        focused = self.focused
        return focused.lang if isinstance(focused, TargetEditor) else None

    def action_next_needing_work(self) -> None:
        """Go to the next segment not yet translated in the focused language (or in any)."""
        if self.view is None:
            return
        lang = self._focused_lang()
        langs = (lang,) if lang else self.langs
        count = len(self.view.segments)
        for step in range(1, count + 1):
            index = (self.index + step) % count
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
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self.flush) if self.dirty else None

    def flush(self) -> None:
        """Save every language with unsaved text in the focused segment."""
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
            with self.tm_app.session() as session:
                saved = workflow.save_text(
                    session,
                    translation_id=cell.id,
                    expected_version=cell.version,
                    text=text,
                    user_name=self.tm_app.user_name,
                    confirm=confirm,
                )
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

    def _stored(self, segment: queries.SegmentView, cell: queries.CellView) -> None:
        segment.translations[cell.lang] = cell
        self.dirty.discard(cell.lang)
        self.query_one(SegmentTable).update_target(segment, cell.lang)
        if segment is self.segment:
            self.query_one(SegmentEditor).show_state(cell.lang, cell)
            self.refresh_terms()

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
                    with self.tm_app.session() as session:
                        saved = workflow.save_text(
                            session,
                            translation_id=theirs.id,
                            expected_version=theirs.version,
                            text=mine,
                            user_name=self.tm_app.user_name,
                            confirm=confirm,
                        )
                except TmtoolError as exc:
                    self.notify(str(exc), severity="error", timeout=8)
                    return
                self._stored(segment, saved)
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
            if self.view is not None and self.index + 1 < len(self.view.segments):
                self._go_to(self.index + 1)
            self.query_one(SegmentEditor).editor(lang).focus()

    # -- terminology ------------------------------------------------------------------------

    def on_glossary_loaded(self, _message: GlossaryLoaded) -> None:
        """Redraw the highlights and the terms panel with the new index."""
        if self.view is None:
            return
        table = self.query_one(SegmentTable)
        row = table.cursor_row
        table.show_segments(self.view.segments, self.tm_app.term_index)
        table.move_cursor(row=row, animate=False)
        self.refresh_terms()

    def refresh_terms(self) -> None:
        """Check the focused segment's targets against the glossary, off the UI thread."""
        segment = self.segment
        if segment is None or self.tm_app.term_index is None:
            return
        targets = {lang: cell.text for lang, cell in segment.translations.items()}
        self.check_terms(self.tm_app.term_index, segment.position, segment.source, targets)

    @work(thread=True, exclusive=True, exit_on_error=False, group="terms")
    def check_terms(
        self, index: TermIndex, position: int, source: str, targets: dict[str, str]
    ) -> None:
        """Run the glossary check; a newer check cancels this one's result."""
        checks = {lang: index.check(source, text, lang) for lang, text in targets.items()}
        names = unknown_names(index, source)
        self.app.call_from_thread(self._show_checks, index, position, source, checks, names)

    def _show_checks(
        self,
        index: TermIndex,
        position: int,
        source: str,
        checks: dict[str, TermCheck],
        names: list[NameSuggestion],
    ) -> None:
        if self.segment is not None and self.segment.position == position:
            self.names = names
            self.query_one(TermsPanel).show_checks(index, source, checks, names)

    def action_insert_term(self) -> None:
        """Choose one of the segment's glossary terms and insert it at the cursor."""
        segment, index = self.segment, self.tm_app.term_index
        if segment is None or index is None:
            return
        lang = self._focused_lang() or self.langs[0]
        choices: list[tuple[str, str]] = []
        for hit in index.find(segment.source):
            for term in index.lookup(hit.concept).terms:
                usable = term.lang == lang and term.status != TermStatus.DEPRECATED
                if usable and (hit.term, term.text) not in choices:
                    choices.append((hit.term, term.text))
        for name in self.names:
            suggestion = name.russian if lang == "ru" else name.english
            if suggestion and (name.text, suggestion) not in choices:
                choices.append((name.text, suggestion))
        if not choices:
            self.notify(f"No {language_name(lang)} glossary term for this segment.")
            return
        editor = self.query_one(SegmentEditor).editor(lang)

        def insert(text: str | None) -> None:
            editor.focus()
            if text:
                editor.insert(text)

        self.app.push_screen(TermPicker(f"Insert into {language_name(lang)}", choices), insert)

    def action_add_term(self) -> None:
        """Add a concept from the text selected in the source (and in the targets)."""
        pane = self.query_one(SegmentEditor)
        zh = pane.source_area.selected_text.strip()
        if not zh:
            self.notify("Select the Chinese term in the source first (Tab to it, Shift+arrows).")
            return
        terms = [TermEntry(lang="zh", text=zh)]
        for lang in self.langs:
            selected = pane.editor(lang).selected_text.strip()
            if selected:
                terms.append(TermEntry(lang=lang, text=selected))

        def save(draft: ConceptDraft | None) -> None:
            store_concept(self.tm_app, draft)

        self.app.push_screen(ConceptDialog(("zh", *self.langs), terms=terms), save)
