"""Fixing the segmentation in the editor: merge, split at the cursor, move a sentence, undo.

Each key saves unsaved text first, then makes one recorded change through
`tmtool.services.segments` against the versions on screen, and reloads the article with
the cursor on the resulting segment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from sqlmodel import Session
from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

from tmtool.errors import TmtoolError
from tmtool.models import State
from tmtool.services import quality, queries, segments, workflow
from tmtool.tui.labels import language_name
from tmtool.tui.screens.dialogs import ConfirmDialog
from tmtool.tui.screens.editor_host import EditorHost
from tmtool.tui.widgets.segment_editor import SegmentEditor, TargetEditor

if TYPE_CHECKING:
    pass

Operation = Callable[[Session, segments.Seen], segments.OperationView]


def seen_in(view: queries.ArticleView) -> segments.Seen:
    """What the editor shows: segment ids by position, translation versions by id."""
    return segments.Seen(
        segments={s.position: s.id for s in view.segments},
        versions={c.id: c.version for s in view.segments for c in s.translations.values()},
    )


def cursor_offset(area: TextArea) -> int:
    """The cursor's position in a text area as a character offset into its text."""
    row, column = area.cursor_location
    lines = area.text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + column


class StructureActions(EditorHost):
    """The editor's keys that change segments; EditorScreen provides the rest.

    The keys stay out of the footer (it is full); F1 lists them with their binding ids.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "alt+m",
            "merge_with_next",
            "Merge with next",
            id="merge-with-next",
            priority=True,
            show=False,
        ),
        Binding(
            "alt+s",
            "split_segment",
            "Split at cursor",
            id="split-segment",
            priority=True,
            show=False,
        ),
        Binding(
            "alt+pageup",
            "move_sentence('previous')",
            "Sentence to previous segment",
            id="move-sentence-previous",
            priority=True,
            show=False,
        ),
        Binding(
            "alt+pagedown",
            "move_sentence('next')",
            "Sentence to next segment",
            id="move-sentence-next",
            priority=True,
            show=False,
        ),
        Binding(
            "alt+u",
            "undo_structure",
            "Undo merge/split/move",
            id="undo-structure",
            priority=True,
            show=False,
        ),
    ]

    view: queries.ArticleView | None
    index: int
    dirty: set[str]
    qa: dict[tuple[int, str], list[quality.QAResult]]

    def _saved_first(self) -> queries.SegmentView | None:
        """Save unsaved text; the focused segment when that went through, else None."""
        if self.view is None or self.segment is None:
            return None
        self.flush()
        if self.dirty or self.app.screen is not self:  # a save conflict is being resolved
            self.notify("Settle the unsaved text first, then try again.", severity="warning")
            return None
        return self.segment

    def _change(self, operation: Operation, done: str) -> None:
        """Make one structural change, then show the article as it is now."""
        view = self.view
        if view is None:
            return
        try:
            with self.tm_app.session() as session:
                result = operation(session, seen_in(view))
        except workflow.ConflictError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            self._reload(self.segment.position if self.segment else 1)
            return
        except TmtoolError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self._reload(result.position)
        self.notify(done.format(n=result.position, action=result.action, user=result.user))

    def _reload(self, position: int) -> None:
        """Read the article again and put the cursor on segment `position`."""
        assert self.view is not None
        try:
            with self.tm_app.session() as session:
                view = queries.article_view(session, self.view.slug)
        except TmtoolError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        if not view.segments:
            return
        self.dirty.clear()
        self.view = view
        positions = [s.position for s in view.segments]
        self.index = positions.index(min(max(position, 1), positions[-1]))
        self._loaded(view, {})
        self._load_all_qa(view.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="structure-qa")
    def _load_all_qa(self, article_id: int) -> None:
        """The QA results by (position, language), in a worker: positions have moved."""
        try:
            with self.tm_app.session() as session:
                found = quality.results(session, article_id=article_id)
        except TmtoolError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        qa: dict[tuple[int, str], list[quality.QAResult]] = {}
        for result in found:
            qa.setdefault((result.segment, result.lang), []).append(result)
        self.app.call_from_thread(self._qa_loaded, qa)

    def _needs_confirmation(self, first: queries.SegmentView, second: queries.SegmentView) -> str:
        """Why a merge deserves a question (empty when it does not)."""
        reasons: list[str] = []
        if first.paragraph != second.paragraph:
            reasons.append("they are in different paragraphs")
        approved = sorted(
            {
                language_name(c.lang)
                for s in (first, second)
                for c in s.translations.values()
                if c.state >= State.APPROVED
            }
        )
        if approved:
            reasons.append(f"approved {' and '.join(approved)} text goes back to translated")
        return "; ".join(reasons)

    def action_merge_with_next(self) -> None:
        """Merge the focused segment with the next one (asking first when it costs something)."""
        segment = self._saved_first()
        if segment is None or self.view is None:
            return
        following = next(
            (s for s in self.view.segments if s.position == segment.position + 1), None
        )
        if following is None:
            self.notify("This is the last segment; there is nothing to merge it with.")
            return
        article_id, position = self.view.id, segment.position

        def merge() -> None:
            self._change(
                lambda session, seen: segments.merge_with_next(
                    session,
                    article_id=article_id,
                    position=position,
                    user_name=self.tm_app.user_name,
                    seen=seen,
                ),
                "Merged segments {n} and the next one (Alt+U undoes it).",
            )

        why = self._needs_confirmation(segment, following)
        if not why:
            merge()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                merge()

        self.app.push_screen(
            ConfirmDialog(f"Merge segments {position} and {position + 1}? ({why})"), answered
        )

    def action_split_segment(self) -> None:
        """Split the focused segment where the cursor is, in a translation or in the source."""
        segment = self._saved_first()
        if segment is None or self.view is None:
            return
        focused = self.focused
        pane = self.query_one(SegmentEditor)
        source_at: int | None = None
        target_at: dict[str, int] = {}
        if isinstance(focused, TargetEditor):
            target_at[focused.lang] = cursor_offset(focused)
        elif focused is pane.source_area:
            source_at = cursor_offset(pane.source_area)
        else:
            self.notify(
                "Put the cursor where the segment should be split, in the Chinese text or in "
                "a translation, then press Alt+S."
            )
            return
        article_id, position = self.view.id, segment.position
        self._change(
            lambda session, seen: segments.split(
                session,
                article_id=article_id,
                position=position,
                source_at=source_at,
                target_at=target_at,
                user_name=self.tm_app.user_name,
                seen=seen,
            ),
            "Split segment {n} in two (Alt+U undoes it).",
        )

    def action_move_sentence(self, direction: str) -> None:
        """Move the first sentence of the focused text to the previous segment, or the last
        one to the next segment."""
        focused = self.focused
        if not isinstance(focused, TargetEditor):
            self.notify("Put the cursor in the English or Russian text whose sentence should move.")
            return
        segment = self._saved_first()
        if segment is None or self.view is None:
            return
        article_id, position, lang = self.view.id, segment.position, focused.lang
        way: segments.Direction = "previous" if direction == "previous" else "next"
        self._change(
            lambda session, seen: segments.move_sentence(
                session,
                article_id=article_id,
                position=position,
                lang=lang,
                direction=way,
                user_name=self.tm_app.user_name,
                seen=seen,
            ),
            f"Moved a {language_name(lang)} sentence to the {way} segment (Alt+U undoes it).",
        )

    def action_undo_structure(self) -> None:
        """Undo the article's latest merge, split or move."""
        if self._saved_first() is None or self.view is None:
            return
        article_id = self.view.id
        self._change(
            lambda session, _seen: segments.undo_last(
                session, article_id=article_id, user_name=self.tm_app.user_name
            ),
            "Undid {user}'s {action} at segment {n}.",
        )
