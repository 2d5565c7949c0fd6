"""QA results of articles: reports, dismissals and counts over the stored results.

How results are stored and kept current is `tmtool.services.qa_store`; every report here
refreshes missing or stale results first, so it is always current.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import QADismissal, QAIssue, Role, Segment, Translation, utcnow
from tmtool.qa import Severity
from tmtool.services.qa_store import (
    EAGER_LIMIT,
    article_or_error,
    chunks,
    ensure_current,
    glossary_stamp,
    recompute,
    refresh,
    term_index,
)
from tmtool.services.retry import retrying
from tmtool.services.users import get_user, require_role

__all__ = [
    "EAGER_LIMIT",
    "DismissalView",
    "QAResult",
    "counts",
    "counts_in",
    "current_results",
    "dismiss",
    "ensure_current",
    "glossary_stamp",
    "open_errors",
    "open_errors_in",
    "recompute",
    "refresh",
    "results",
    "term_index",
    "undo_dismissal",
]


@dataclass(frozen=True)
class QAResult:
    """One QA result of one translation, as reports show it."""

    id: int
    check: str
    severity: str
    segment: int
    lang: str
    start: int
    end: int
    message: str
    dismissed: bool
    dismissal_reason: str | None


@dataclass(frozen=True)
class DismissalView:
    """A recorded dismissal of a QA result."""

    id: int
    translation_id: int
    check: str
    message: str
    reason: str
    user: str
    at: datetime
    undone_at: datetime | None
    undone_by: str | None


def _active_dismissals(
    session: Session, translation_ids: list[int]
) -> dict[tuple[int, str, str], QADismissal]:
    active: dict[tuple[int, str, str], QADismissal] = {}
    for chunk in chunks(translation_ids):
        for dismissal in session.exec(
            select(QADismissal)
            .where(col(QADismissal.translation_id).in_(chunk), col(QADismissal.undone_at).is_(None))
            .order_by(col(QADismissal.id))
        ):
            active[dismissal.translation_id, dismissal.check, dismissal.message] = dismissal
    return active


def current_results(
    session: Session,
    *,
    article_id: int,
    lang: str | None = None,
    include_dismissed: bool = False,
    position: int | None = None,
) -> list[QAResult]:
    """Like `results`, inside the caller's transaction.

    Args:
        session: a session with an open transaction.
        article_id: the article.
        lang: only this target language, when given.
        include_dismissed: True to list dismissed results too.
        position: only this segment, when given (the editor asks after each save).

    Returns:
        The results by segment position, language, errors first, then target offset.
    """
    only: list[int] | None = None
    if position is not None:
        only = [
            tid
            for tid in session.exec(
                select(Translation.id)
                .join(Segment, col(Translation.segment_id) == col(Segment.id))
                .where(Segment.article_id == article_id, Segment.position == position)
            )
            if tid is not None
        ]
    refresh(session, [article_id], only)
    query = (
        select(QAIssue, Segment.position, Translation.lang)
        .join(Translation, col(QAIssue.translation_id) == col(Translation.id))
        .join(Segment, col(Translation.segment_id) == col(Segment.id))
        .where(Segment.article_id == article_id)
    )
    if position is not None:
        query = query.where(Segment.position == position)
    if lang is not None:
        query = query.where(Translation.lang == lang)
    rows = list(session.exec(query))
    active = _active_dismissals(session, sorted({issue.translation_id for issue, _, _ in rows}))
    results = []
    for issue, position, language in rows:
        assert issue.id is not None
        dismissal = active.get((issue.translation_id, issue.check, issue.message))
        if dismissal is not None and not include_dismissed:
            continue
        results.append(
            QAResult(
                id=issue.id,
                check=issue.check,
                severity=issue.severity,
                segment=position,
                lang=language,
                start=issue.start,
                end=issue.end,
                message=issue.message,
                dismissed=dismissal is not None,
                dismissal_reason=dismissal.reason if dismissal is not None else None,
            )
        )
    results.sort(
        key=lambda r: (r.segment, r.lang, r.severity != Severity.ERROR.value, r.start, r.end, r.id)
    )
    return results


def results(
    session: Session,
    *,
    article_id: int,
    lang: str | None = None,
    include_dismissed: bool = False,
    position: int | None = None,
) -> list[QAResult]:
    """The QA results of an article, made current first.

    Args:
        session: a session without an open transaction.
        article_id: the article.
        lang: only this target language, when given.
        include_dismissed: True to list dismissed results too (marked `dismissed`).
        position: only this segment, when given.

    Returns:
        The results by segment position, language, errors first, then target offset.

    Raises:
        TmtoolError: unknown article.
    """

    def attempt() -> list[QAResult]:
        with session.begin():
            article_or_error(session, article_id)
            return current_results(
                session,
                article_id=article_id,
                lang=lang,
                include_dismissed=include_dismissed,
                position=position,
            )

    return retrying(attempt)


def open_errors_in(session: Session, *, article_id: int, lang: str) -> list[QAResult]:
    """Open error-severity results of one language, inside the caller's transaction."""
    return [
        r
        for r in current_results(session, article_id=article_id, lang=lang)
        if r.severity == Severity.ERROR.value
    ]


def open_errors(session: Session, *, article_id: int, lang: str) -> list[QAResult]:
    """Open (not dismissed) error-severity results of one language of an article.

    Raises:
        TmtoolError: unknown article.
    """
    return [
        r
        for r in results(session, article_id=article_id, lang=lang)
        if r.severity == Severity.ERROR.value
    ]


def _view(dismissal: QADismissal) -> DismissalView:
    assert dismissal.id is not None
    return DismissalView(
        id=dismissal.id,
        translation_id=dismissal.translation_id,
        check=dismissal.check,
        message=dismissal.message,
        reason=dismissal.reason,
        user=dismissal.user,
        at=dismissal.at,
        undone_at=dismissal.undone_at,
        undone_by=dismissal.undone_by,
    )


def _issue(session: Session, result_id: int) -> QAIssue:
    issue = session.get(QAIssue, result_id)
    if issue is None:
        raise TmtoolError(
            f"there is no QA result with id {result_id}; `tmtool qa SLUG --all` lists them."
        )
    return issue


def dismiss(session: Session, *, result_id: int, reason: str, user_name: str) -> DismissalView:
    """Record that a QA result is not a problem, with the reason (reviewers and admins).

    Raises:
        TmtoolError: no reason, unknown user or result, a user without the reviewer role,
            or a result that is dismissed already.
    """
    if not reason.strip():
        raise TmtoolError("a dismissal needs a reason (--reason).")

    def attempt() -> DismissalView:
        with session.begin():
            require_role(get_user(session, user_name), "dismissing a QA result", Role.REVIEWER)
            issue = _issue(session, result_id)
            key = (issue.translation_id, issue.check, issue.message)
            if key in _active_dismissals(session, [issue.translation_id]):
                raise TmtoolError(f"QA result {result_id} is dismissed already.")
            dismissal = QADismissal(
                translation_id=issue.translation_id,
                check=issue.check,
                message=issue.message,
                reason=reason.strip(),
                user=user_name,
                at=utcnow(),
            )
            session.add(dismissal)
            session.flush()
            return _view(dismissal)

    return retrying(attempt)


def undo_dismissal(
    session: Session,
    *,
    user_name: str,
    dismissal_id: int | None = None,
    result_id: int | None = None,
) -> DismissalView:
    """Undo a dismissal (named by its id, or by the id of the result it hides).

    The dismissal stays recorded, with who undid it and when; the result is open again.

    Raises:
        TmtoolError: neither or both ids given, unknown user, result or dismissal, a user
            without the reviewer role, or nothing to undo.
    """
    if (dismissal_id is None) == (result_id is None):
        raise TmtoolError("name either the dismissal or the QA result whose dismissal to undo.")

    def attempt() -> DismissalView:
        with session.begin():
            require_role(get_user(session, user_name), "undoing a dismissal", Role.REVIEWER)
            if result_id is not None:
                issue = _issue(session, result_id)
                found = _active_dismissals(session, [issue.translation_id]).get(
                    (issue.translation_id, issue.check, issue.message)
                )
                if found is None:
                    raise TmtoolError(f"QA result {result_id} is not dismissed.")
            else:
                found = session.get(QADismissal, dismissal_id)
                if found is None:
                    raise TmtoolError(f"there is no dismissal with id {dismissal_id}.")
                if found.undone_at is not None:
                    raise TmtoolError(f"dismissal {dismissal_id} is undone already.")
            found.undone_at, found.undone_by = utcnow(), user_name
            session.add(found)
            session.flush()
            return _view(found)

    return retrying(attempt)


def counts_in(
    session: Session, target_langs: Sequence[str]
) -> dict[int, dict[str, tuple[int, int]]]:
    """Like `counts`, inside the caller's transaction."""
    refresh(session)
    rows = session.execute(
        sa_select(
            col(Segment.article_id),
            col(Translation.id),
            col(Translation.lang),
            col(QAIssue.check),
            col(QAIssue.severity),
            col(QAIssue.message),
        )
        .join(Translation, col(QAIssue.translation_id) == col(Translation.id))
        .join(Segment, col(Translation.segment_id) == col(Segment.id))
    ).all()
    active = _active_dismissals(session, sorted({row[1] for row in rows}))
    tally: dict[int, dict[str, list[int]]] = defaultdict(
        lambda: {lang: [0, 0] for lang in target_langs}
    )
    for article_id, tid, lang, check, severity, message in rows:
        if lang not in target_langs or (tid, check, message) in active:
            continue
        tally[article_id][lang][0 if severity == Severity.ERROR.value else 1] += 1
    return {
        article_id: {lang: (n[0], n[1]) for lang, n in per_lang.items()}
        for article_id, per_lang in tally.items()
    }


def counts(session: Session, target_langs: Sequence[str]) -> dict[int, dict[str, tuple[int, int]]]:
    """Open QA errors and warnings per article and language, for the article list.

    Args:
        session: a session without an open transaction.
        target_langs: the languages to count.

    Returns:
        ``{article_id: {lang: (errors, warnings)}}``; articles without open results are absent.
    """

    def attempt() -> dict[int, dict[str, tuple[int, int]]]:
        with session.begin():
            return counts_in(session, target_langs)

    return retrying(attempt)
