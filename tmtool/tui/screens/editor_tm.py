"""TM and MT suggestions in the editor: the panel, its workers, and the keys that insert."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.events import DescendantFocus
from textual.worker import get_current_worker

from tmtool.errors import TmtoolError
from tmtool.models import Origin
from tmtool.services import mt, queries, tm, workflow
from tmtool.services.importing import source_hash
from tmtool.tui.screens.concordance import ConcordanceDialog
from tmtool.tui.screens.editor_host import EditorHost
from tmtool.tui.widgets.segment_editor import SegmentEditor, TargetEditor
from tmtool.tui.widgets.suggestions import SHOWN, SuggestionsPanel

if TYPE_CHECKING:
    pass


def _insert_bindings() -> list[BindingType]:
    return [
        Binding(
            f"alt+{n}",
            f"insert_tm({n})",
            f"Insert TM {n}",
            id=f"insert-tm-{n}",
            show=False,
            priority=True,
        )
        for n in range(1, SHOWN + 1)
    ]


class SuggestionActions(EditorHost):
    """The editor's suggestion keys; EditorScreen provides the segment and the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *_insert_bindings(),
        Binding("alt+0", "insert_mt", "Insert MT", id="insert-mt", show=False, priority=True),
        Binding("alt+c", "concordance", "Concordance", id="tm-concordance", priority=True),
    ]

    view: queries.ArticleView | None
    index: int
    dirty: set[str]

    # -- looking up -------------------------------------------------------------------------

    def suggestion_lang(self) -> str:
        """The language suggestions are for: the target being edited, else the first."""
        return self._focused_lang() or self.langs[0]

    def refresh_suggestions(self) -> None:
        """Look up TM matches (and MT) for the focused segment, off the UI thread."""
        segment = self.segment
        if segment is None or self.view is None:
            return
        lang = self.suggestion_lang()
        self.query_one(SuggestionsPanel).show_loading(segment.source, lang)
        segments = self.view.segments
        prev_hash = source_hash(segments[self.index - 1].source) if self.index > 0 else None
        following = self.index + 1 < len(segments)
        next_hash = source_hash(segments[self.index + 1].source) if following else None
        query = tm.Query(segment.source, prev_hash, next_hash, context=True)
        self.lookup_tm(segment.position, lang, query)
        self.lookup_mt(segment.position, lang, segment.source)

    @on(DescendantFocus)
    def _suggestions_follow_language(self, event: DescendantFocus) -> None:
        panel = self.query_one(SuggestionsPanel)
        if isinstance(event.widget, TargetEditor) and event.widget.lang != panel.lang:
            self.refresh_suggestions()

    def _current(self, position: int, lang: str) -> bool:
        segment = self.segment
        return (
            segment is not None
            and self.still_shown()
            and segment.position == position
            and (self.suggestion_lang() == lang)
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="tm-lookup")
    def lookup_tm(self, position: int, lang: str, query: tm.Query) -> None:
        """Find matches with a session of the worker's own; a newer lookup cancels this one."""
        app = self.tm_app
        worker = get_current_worker()
        try:
            with app.session() as session:
                [found] = tm.lookup_many(
                    session, workspace=app.workspace, queries_=[query], lang=lang, limit=SHOWN
                )
        except TmtoolError as exc:
            found = []
            app.call_from_thread(self.notify, str(exc), severity="warning")
        if not worker.is_cancelled:
            app.call_from_thread(self._show_matches, position, lang, query.text, found)

    def _show_matches(self, position: int, lang: str, source: str, found: list[tm.Match]) -> None:
        if self._current(position, lang):
            self.query_one(SuggestionsPanel).show_matches(source, lang, found)

    @work(thread=True, exclusive=True, exit_on_error=False, group="mt-suggest")
    def lookup_mt(self, position: int, lang: str, source: str) -> None:
        """Ask the workspace's MT engine, if it has one; problems become one line."""
        app = self.tm_app
        worker = get_current_worker()
        try:
            if mt.settings_of(app.workspace).engine in ("", "none"):
                return
            with app.session() as session:
                suggestion = mt.suggest(
                    session=session, workspace=app.workspace, source=source, lang=lang
                )
        except TmtoolError as exc:
            if not worker.is_cancelled:
                app.call_from_thread(self._show_mt_problem, position, lang, str(exc))
            return
        if not worker.is_cancelled:
            app.call_from_thread(self._show_mt, position, lang, suggestion)

    def _show_mt(self, position: int, lang: str, suggestion: mt.MTSuggestion) -> None:
        if self._current(position, lang):
            panel = self.query_one(SuggestionsPanel)
            panel.show_mt(suggestion.text, suggestion.engine, list(suggestion.flags))

    def _show_mt_problem(self, position: int, lang: str, message: str) -> None:
        if self._current(position, lang):
            self.query_one(SuggestionsPanel).show_mt_problem(message)

    # -- inserting --------------------------------------------------------------------------

    def _use(self, text: str, origin: Origin) -> None:
        segment = self.segment
        panel = self.query_one(SuggestionsPanel)
        lang = panel.lang
        if segment is None or segment.source != panel.source or lang not in segment.translations:
            return
        self.flush()
        cell = segment.translations[lang]
        try:
            with self.tm_app.session() as session:
                saved = tm.use_suggestion(
                    session,
                    translation_id=cell.id,
                    expected_version=cell.version,
                    text=text,
                    user_name=self.tm_app.user_name,
                    origin=origin,
                )
        except workflow.ConflictError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        except TmtoolError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self._stored(segment, saved)
        editor = self.query_one(SegmentEditor).editor(lang)
        editor.load_text(saved.text)
        editor.focus()

    def action_insert_tm(self, number: int) -> None:
        """Replace the target being edited with TM match `number` (DRAFT, origin tm)."""
        matches = self.query_one(SuggestionsPanel).matches
        if not 1 <= number <= len(matches):
            self.notify(f"There is no TM match {number} for this segment.")
            return
        self._use(matches[number - 1].target, Origin.TM)

    def action_insert_mt(self) -> None:
        """Replace the target being edited with the MT suggestion (DRAFT, origin mt)."""
        text = self.query_one(SuggestionsPanel).mt_text
        if not text:
            self.notify("There is no machine translation for this segment.")
            return
        self._use(text, Origin.MT)

    def action_concordance(self) -> None:
        """Search the memory for a phrase: the selected source text, or one typed."""
        selected = self.query_one(SegmentEditor).source_area.selected_text.strip()
        self.app.push_screen(ConcordanceDialog(selected))
