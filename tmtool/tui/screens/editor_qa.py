"""Quality checks in the editor: markers, the QA panel, jumping to and dismissing a result."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.widgets.text_area import Selection

from tmtool.errors import TmtoolError
from tmtool.services import quality, queries
from tmtool.tui.labels import language_name
from tmtool.tui.screens.dialogs import CommentDialog
from tmtool.tui.screens.editor_host import EditorHost
from tmtool.tui.widgets.qa_panel import QAPanel
from tmtool.tui.widgets.segment_editor import SegmentEditor
from tmtool.tui.widgets.segment_table import SegmentTable

if TYPE_CHECKING:
    pass

QAKey = tuple[int, str]  # (segment position, language)


def _location(text: str, index: int) -> tuple[int, int]:
    """(row, column) of a character offset in a TextArea's text."""
    before = text[: max(0, min(index, len(text)))]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


class QAActions(EditorHost):
    """The editor's QA keys; EditorScreen provides the segment and the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "next_qa_result", "Go to QA result", id="next-qa-result", priority=True),
        Binding("ctrl+o", "dismiss_qa_result", "Dismiss QA", id="dismiss-qa-result", priority=True),
    ]

    view: queries.ArticleView | None
    qa: dict[QAKey, list[quality.QAResult]]
    qa_cursor: int

    def qa_error_counts(self) -> dict[QAKey, int]:
        """Open error results per (position, language), for the table's ⚠ markers."""
        return {
            key: sum(1 for r in results if r.severity == "error")
            for key, results in self.qa.items()
        }

    def segment_results(self) -> list[quality.QAResult]:
        """Open results of the focused segment, every language."""
        segment = self.segment
        if segment is None:
            return []
        return [
            r for (pos, _lang), rs in sorted(self.qa.items()) if pos == segment.position for r in rs
        ]

    def show_qa(self) -> None:
        """Redraw the QA panel for the focused segment."""
        self.qa_cursor = -1
        self.query_one(QAPanel).show_results(self.segment_results())

    def refresh_qa(self) -> None:
        """Re-read the focused segment's results after its text changed."""
        if self.view is not None and self.segment is not None:
            self.load_segment_qa(self.view.id, self.segment.position)

    @work(thread=True, exclusive=True, exit_on_error=False, group="qa")
    def load_segment_qa(self, article_id: int, position: int) -> None:
        """Read current results in a worker (results are recomputed when texts change)."""
        with self.tm_app.session() as session:
            mine = quality.results(session, article_id=article_id, position=position)
        self.app.call_from_thread(self._segment_qa_loaded, position, mine)

    def _segment_qa_loaded(self, position: int, results: list[quality.QAResult]) -> None:
        segment = self.segment
        if self.view is None:
            return
        for key in [k for k in self.qa if k[0] == position]:
            del self.qa[key]
        for result in results:
            self.qa.setdefault((position, result.lang), []).append(result)
        counts = self.qa_error_counts()
        target = next((s for s in self.view.segments if s.position == position), None)
        if target is not None:
            table = self.query_one(SegmentTable)
            for lang in target.translations:
                table.update_target(target, lang, counts.get((position, lang), 0))
        if segment is not None and segment.position == position:
            self.show_qa()

    def action_next_qa_result(self) -> None:
        """Select the text of the next QA result of the focused segment in its editor."""
        results = self.segment_results()
        if not results:
            self.notify("No open QA results for this segment.")
            return
        self.qa_cursor = (self.qa_cursor + 1) % len(results)
        result = results[self.qa_cursor]
        editor = self.query_one(SegmentEditor).editor(result.lang)
        editor.focus()
        editor.selection = Selection(
            _location(editor.text, result.start), _location(editor.text, result.end)
        )
        self.notify(f"{result.check}: {result.message}", timeout=6)

    def action_dismiss_qa_result(self) -> None:
        """Dismiss the selected (or first) QA result of the segment, with a reason."""
        results = self.segment_results()
        if not results:
            self.notify("No open QA results for this segment.")
            return
        result = results[max(self.qa_cursor, 0)]

        def dismissed(reason: str | None) -> None:
            if not reason:
                return
            try:
                with self.tm_app.session() as session:
                    quality.dismiss(
                        session, result_id=result.id, reason=reason, user_name=self.tm_app.user_name
                    )
            except TmtoolError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.refresh_qa()

        what = f"{result.check} ({language_name(result.lang)}): {result.message}"
        self.app.push_screen(CommentDialog(f"Why dismiss {what}?"), dismissed)
