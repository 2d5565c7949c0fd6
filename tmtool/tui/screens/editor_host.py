"""What the editor's mixins may use of the editor: one declaration for all of them.

Each group of editor keys (review, terms, QA, suggestions, structure, live updates, export)
is a mixin of `EditorScreen`; they call back into the editor for its app, languages, the
focused segment and a few actions. Type checkers see those here; at run time the editor
itself provides them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from tmtool.services import quality, queries
    from tmtool.tui.app import TmtoolApp

QAResults = dict[tuple[int, str], list["quality.QAResult"]]


class EditorHost(Screen[None]):
    """The editor as its mixins know it."""

    def still_shown(self) -> bool:
        """Whether a worker's reply may still touch the editor's widgets.

        Replies from threads arrive through the app's queue, so one can land while the
        screen, or the whole app, is being taken down and the widgets are already gone.
        """
        return self.is_mounted and self.is_attached and bool(self.query("SegmentTable"))

    if TYPE_CHECKING:

        @property
        def tm_app(self) -> TmtoolApp: ...

        @property
        def langs(self) -> tuple[str, ...]: ...

        @property
        def segment(self) -> queries.SegmentView | None: ...

        @property
        def is_reviewer(self) -> bool: ...

        def _focused_lang(self) -> str | None: ...

        def flush(self) -> None: ...

        def show_rows(self) -> None: ...

        def refresh_panels(self) -> None: ...

        def load_article(self) -> object: ...

        def action_move(self, step: int) -> None: ...

        def qa_error_counts(self) -> dict[tuple[int, str], int]: ...

        def _stored(self, segment: queries.SegmentView, cell: queries.CellView) -> None: ...

        def _loaded(self, view: queries.ArticleView, qa: QAResults) -> None: ...

        def _qa_loaded(self, qa: QAResults) -> None: ...
