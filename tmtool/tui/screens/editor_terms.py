"""Terminology in the editor: highlights, the terms panel, inserting and adding terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType

from tmtool.formats.termbase import TermEntry, TermStatus
from tmtool.glossary import TermCheck, TermIndex
from tmtool.glossary.suggest import unknown_names
from tmtool.names import NameSuggestion
from tmtool.services import queries, review
from tmtool.tui.labels import language_name
from tmtool.tui.messages import GlossaryLoaded
from tmtool.tui.screens.concept_dialog import ConceptDialog, ConceptDraft, store_concept
from tmtool.tui.screens.editor_host import EditorHost
from tmtool.tui.screens.term_picker import TermPicker
from tmtool.tui.widgets.segment_editor import SegmentEditor
from tmtool.tui.widgets.terms_panel import CommentsPanel, TermsPanel

if TYPE_CHECKING:
    pass


class TermActions(EditorHost):
    """The editor's terminology keys; EditorScreen provides the segment and the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "insert_term", "Insert term", id="insert-term", priority=True),
        Binding("f7", "add_term", "Add term", id="add-term", priority=True),
    ]

    names: list[NameSuggestion]
    view: queries.ArticleView | None

    # -- terminology ------------------------------------------------------------------------

    def on_glossary_loaded(self, _message: GlossaryLoaded) -> None:
        """Redraw the highlights and the terms panel with the new index."""
        if self.view is not None:
            self.show_rows()
            self.refresh_panels()

    def refresh_terms(self) -> None:
        """Check the focused segment's targets against the glossary, off the UI thread."""
        segment = self.segment
        if segment is None or self.view is None:
            return
        targets = {lang: cell.text for lang, cell in segment.translations.items()}
        self.check_terms(self.view.id, segment.position, segment.source, targets)

    @work(thread=True, exclusive=True, exit_on_error=False, group="terms")
    def check_terms(
        self, article_id: int, position: int, source: str, targets: dict[str, str]
    ) -> None:
        """Check terms, spot unknown names and read comments, off the UI thread."""
        with self.tm_app.session() as session:
            comments = review.list_comments(
                session, article_id=article_id, position=position, include_resolved=False
            )
        self.app.call_from_thread(self._show_comments, position, comments)
        index = self.tm_app.term_index
        if index is None:
            return
        checks = {lang: index.check(source, text, lang) for lang, text in targets.items()}
        names = unknown_names(index, source)
        self.app.call_from_thread(self._show_checks, index, position, source, checks, names)

    def _show_comments(self, position: int, comments: list[review.CommentView]) -> None:
        if self.segment is not None and self.segment.position == position:
            self.query_one(CommentsPanel).show_comments(comments)

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
