"""Review in the editor: approve, reject with a comment, bulk approval, comments, history."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from tmtool.errors import TmtoolError
from tmtool.models import Role, State
from tmtool.services import queries, review, workflow
from tmtool.tui.labels import language_name
from tmtool.tui.screens.dialogs import CommentDialog, ConfirmDialog
from tmtool.tui.screens.editor_host import EditorHost
from tmtool.tui.screens.help import HelpScreen
from tmtool.tui.screens.history import HistoryScreen

if TYPE_CHECKING:
    pass

REVIEW_ACTIONS = frozenset(
    {"approve_segment", "reject_segment", "bulk_approve", "toggle_review_filter"}
)


class ReviewActions(EditorHost):
    """The editor's review keys; shown to reviewers and admins only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "approve_segment", "Approve", id="approve-segment", priority=True),
        Binding("f10", "reject_segment", "Reject", id="reject-segment", priority=True),
        Binding("f12", "bulk_approve", "Approve all confirmed", id="bulk-approve", priority=True),
        Binding(
            "ctrl+f",
            "toggle_review_filter",
            "Awaiting review",
            id="filter-awaiting-review",
            priority=True,
        ),
        Binding("f5", "add_comment", "Comment", id="add-comment", priority=True),
        Binding("f11", "show_history", "History", id="show-history", priority=True),
        Binding("f1", "show_help", "Keys", id="show-help", priority=True),
        Binding("question_mark", "show_help", "Keys", id="show-help-letter", show=False),
    ]

    view: queries.ArticleView | None
    review_filter: bool

    @property
    def is_reviewer(self) -> bool:
        """Whether the acting user may approve and reject."""
        roles = {r.strip() for r in self.tm_app.roles.split(",")}
        return bool(roles & {Role.REVIEWER.value, Role.ADMIN.value})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the review keys from users who are not reviewers."""
        if action in REVIEW_ACTIONS:
            return self.is_reviewer
        return True

    def _review_langs(self) -> list[str]:
        lang = self._focused_lang()
        return [lang] if lang else list(self.langs)

    def _reload_cells(self, segment: queries.SegmentView) -> None:
        with self.tm_app.session() as session:
            for lang, cell in list(segment.translations.items()):
                segment.translations[lang] = queries.cell(session, cell.id)
        self.show_rows()
        self.refresh_panels()

    def _review(self, *, approve: bool, comment: str | None = None) -> int:
        segment = self.segment
        if segment is None or self.view is None:
            return 0
        self.flush()
        changed = 0
        for lang in self._review_langs():
            cell = segment.translations.get(lang)
            if cell is None:
                continue
            if approve and cell.state not in (State.DRAFT, State.TRANSLATED):
                continue
            if not approve and not cell.text.strip():
                continue
            try:
                with self.tm_app.session() as session:
                    changed += workflow.review(
                        session,
                        article_id=self.view.id,
                        lang=lang,
                        positions=[segment.position],
                        user_name=self.tm_app.user_name,
                        approve=approve,
                        comment=comment,
                    )
            except TmtoolError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return changed
        self._reload_cells(segment)
        return changed

    def action_approve_segment(self) -> None:
        """Approve the focused language (or every language, from the table) and move on."""
        if self._review(approve=True):
            self.action_move(1)
        elif self.segment is not None:
            self.notify("Nothing here awaits approval.")

    def action_reject_segment(self) -> None:
        """Send the focused language (or every language) back with a comment."""
        if self.segment is None:
            return
        names = ", ".join(language_name(lang) for lang in self._review_langs())

        def rejected(comment: str | None) -> None:
            if comment and self._review(approve=False, comment=comment):
                self.notify(f"Sent back: {names}.")

        self.app.push_screen(CommentDialog(f"What needs fixing ({names})?"), rejected)

    def action_bulk_approve(self) -> None:
        """Approve every TRANSLATED segment of the language(s), after a confirmation."""
        if self.view is None:
            return
        self.flush()
        article_id = self.view.id
        candidates: dict[str, list[int]] = {}
        with self.tm_app.session() as session:
            for lang in self._review_langs():
                candidates[lang] = review.bulk_approve_candidates(
                    session, article_id=article_id, lang=lang
                )
        total = sum(len(p) for p in candidates.values())
        if not total:
            self.notify("No confirmed (TRANSLATED) segments await approval.")
            return
        counts = " and ".join(
            f"{len(p)} {language_name(lang)}" for lang, p in candidates.items() if p
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            approved = 0
            try:
                for lang, positions in candidates.items():
                    if positions:
                        with self.tm_app.session() as session:
                            approved += workflow.review(
                                session,
                                article_id=article_id,
                                lang=lang,
                                positions=positions,
                                user_name=self.tm_app.user_name,
                                approve=True,
                            )
            except TmtoolError as exc:
                self.notify(str(exc), severity="error", timeout=8)
            self.notify(f"Approved {approved} segments, each recorded in its history.")
            self.load_article()

        self.app.push_screen(
            ConfirmDialog(f"Approve {counts} confirmed segments of {self.view.slug}?"), confirmed
        )

    def action_toggle_review_filter(self) -> None:
        """Show only segments awaiting review, or all of them again."""
        self.review_filter = not self.review_filter
        self.show_rows()
        self.notify("Showing segments awaiting review." if self.review_filter else "Showing all.")

    def action_add_comment(self) -> None:
        """Comment on the focused segment (for the focused language, if any)."""
        segment, view = self.segment, self.view
        if segment is None or view is None:
            return
        lang = self._focused_lang()

        def add(body: str | None) -> None:
            if not body:
                return
            try:
                with self.tm_app.session() as session:
                    review.add_comment(
                        session,
                        article_id=view.id,
                        position=segment.position,
                        lang=lang,
                        body=body,
                        user_name=self.tm_app.user_name,
                    )
            except TmtoolError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.refresh_panels()

        where = f" ({language_name(lang)})" if lang else ""
        self.app.push_screen(CommentDialog(f"Comment on segment {segment.position}{where}"), add)

    def action_show_history(self) -> None:
        """Every revision of the focused segment, with diffs."""
        segment, view = self.segment, self.view
        if segment is None or view is None:
            return
        self.flush()

        def closed(restored: bool | None) -> None:
            if restored:
                self.load_article()

        self.app.push_screen(HistoryScreen(segment, view.id), closed)

    def action_show_help(self) -> None:
        """The keys of this screen."""
        self.app.push_screen(HelpScreen(self))
