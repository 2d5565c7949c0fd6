"""Reviewing: comments on segments, the history of a translation, restoring an older text.

Approving and rejecting themselves live in `workflow.review`, which records each change
as its own revision; this module adds what a reviewer (or a translator answering one)
needs around it. Every function returns plain dataclasses that outlive the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import Article, Comment, Origin, Revision, Segment, State, Translation
from tmtool.services import events, quality
from tmtool.services.queries import CellView
from tmtool.services.retry import retrying
from tmtool.services.users import get_user, require_role
from tmtool.services.workflow import EDITORS, Change, apply_change, snapshot


@dataclass(frozen=True)
class CommentView:
    """One comment on a segment, optionally about one language."""

    id: int
    segment_id: int
    position: int
    lang: str | None
    author: str
    body: str
    resolved: bool
    created_at: datetime


@dataclass(frozen=True)
class RevisionView:
    """One recorded change of a translation's text or state.

    `old_text`/`new_text` are None when the text did not change (a state change only);
    `version` is the translation's version after the change.
    """

    id: int
    translation_id: int
    lang: str
    user: str
    at: datetime
    action: str
    old_text: str | None
    new_text: str | None
    old_state: State | None
    new_state: State | None
    version: int


def _state(value: int | None) -> State | None:
    return None if value is None else State(value)


def _comment_view(comment: Comment, position: int) -> CommentView:
    assert comment.id is not None
    return CommentView(
        id=comment.id,
        segment_id=comment.segment_id,
        position=position,
        lang=comment.lang,
        author=comment.author,
        body=comment.body,
        resolved=comment.resolved,
        created_at=comment.created_at,
    )


def _revision_view(revision: Revision, lang: str) -> RevisionView:
    assert revision.id is not None
    return RevisionView(
        id=revision.id,
        translation_id=revision.translation_id,
        lang=lang,
        user=revision.user,
        at=revision.at,
        action=revision.action,
        old_text=revision.old_text,
        new_text=revision.new_text,
        old_state=_state(revision.old_state),
        new_state=_state(revision.new_state),
        version=revision.version,
    )


def _article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise TmtoolError(f"there is no article with id {article_id}.")
    return article


def _segment(session: Session, article_id: int, position: int) -> Segment:
    _article(session, article_id)
    segment = session.exec(
        select(Segment).where(Segment.article_id == article_id, Segment.position == position)
    ).first()
    if segment is None:
        raise TmtoolError(f"the article has no segment {position}.")
    return segment


def add_comment(
    session: Session,
    *,
    article_id: int,
    position: int,
    lang: str | None,
    body: str,
    user_name: str,
) -> CommentView:
    """Comment on a segment (about one language, or about the segment as a whole).

    Any user of the workspace may comment.

    Args:
        session: a session without an open transaction.
        article_id: the article.
        position: the segment's 1-based position.
        lang: the target language the comment is about, or None for the whole segment.
        body: the comment; surrounding blank space is dropped.
        user_name: the author.

    Raises:
        TmtoolError: empty body, unknown user, segment or language.
    """
    text = body.strip()
    if not text:
        raise TmtoolError("a comment needs some text.")
    with session.begin():
        user = get_user(session, user_name)
        segment = _segment(session, article_id, position)
        assert segment.id is not None
        if lang is not None:
            has_lang = session.exec(
                select(Translation.id).where(
                    Translation.segment_id == segment.id, Translation.lang == lang
                )
            ).first()
            if has_lang is None:
                raise TmtoolError(f"the article has no {lang} translation.")
        comment = Comment(segment_id=segment.id, lang=lang, author=user.name, body=text)
        session.add(comment)
        session.flush()
        events.comments_changed(session, comment.segment_id)
        return _comment_view(comment, segment.position)


def list_comments(
    session: Session,
    *,
    article_id: int,
    position: int | None = None,
    include_resolved: bool = True,
) -> list[CommentView]:
    """Comments on an article (or on one of its segments), oldest first.

    Args:
        session: a session without an open transaction.
        article_id: the article.
        position: only this segment's comments, when given.
        include_resolved: False to leave resolved comments out.

    Raises:
        TmtoolError: unknown article or segment.
    """
    with session.begin():
        query = (
            select(Comment, Segment.position)
            .join(Segment, col(Comment.segment_id) == col(Segment.id))
            .where(Segment.article_id == article_id)
            .order_by(col(Comment.created_at), col(Comment.id))
        )
        if position is not None:
            query = query.where(Segment.id == _segment(session, article_id, position).id)
        else:
            _article(session, article_id)
        if not include_resolved:
            query = query.where(col(Comment.resolved).is_(False))
        return [_comment_view(comment, pos) for comment, pos in session.exec(query)]


def resolve_comment(
    session: Session, *, comment_id: int, user_name: str, resolved: bool = True
) -> CommentView:
    """Mark a comment resolved (or, with `resolved=False`, open again).

    Any user of the workspace may do it: the translator who fixed a rejected segment
    closes the reviewer's comment as often as the reviewer does, and the flag is only a
    reminder, never a gate.

    Raises:
        TmtoolError: unknown user or comment.
    """
    with session.begin():
        get_user(session, user_name)
        row = session.exec(
            select(Comment, Segment.position)
            .join(Segment, col(Comment.segment_id) == col(Segment.id))
            .where(Comment.id == comment_id)
        ).first()
        if row is None:
            raise TmtoolError(f"there is no comment with id {comment_id}.")
        comment, position = row
        comment.resolved = resolved
        session.add(comment)
        session.flush()
        events.comments_changed(session, comment.segment_id)
        return _comment_view(comment, position)


def history(
    session: Session, *, article_id: int, position: int, lang: str | None = None
) -> list[RevisionView]:
    """Every revision of a segment's translations (or of one language), oldest first.

    Revisions are listed in the order they were recorded, which for one translation is
    also the order of its versions.

    Raises:
        TmtoolError: unknown article or segment.
    """
    with session.begin():
        segment = _segment(session, article_id, position)
        query = (
            select(Revision, Translation.lang)
            .join(Translation, col(Revision.translation_id) == col(Translation.id))
            .where(Translation.segment_id == segment.id)
            .order_by(col(Revision.id))
        )
        if lang is not None:
            query = query.where(Translation.lang == lang)
        return [_revision_view(revision, lng) for revision, lng in session.exec(query)]


def get_revision(session: Session, *, revision_id: int) -> RevisionView:
    """One revision, or a clear error."""
    with session.begin():
        row = session.exec(
            select(Revision, Translation.lang)
            .join(Translation, col(Revision.translation_id) == col(Translation.id))
            .where(Revision.id == revision_id)
        ).first()
        if row is None:
            raise TmtoolError(f"there is no revision with id {revision_id}.")
        return _revision_view(*row)


def text_after(revisions: list[Revision], index: int, current_text: str) -> str:
    """The text a translation had right after `revisions[index]`.

    Args:
        revisions: all revisions of one translation, in version order.
        index: which one.
        current_text: the text stored now.

    Returns:
        The revision's own new text; for a change of state only, the old text of the next
        change of text (or the current text when none followed).
    """
    own = revisions[index].new_text
    if own is not None:
        return own
    for later in revisions[index + 1 :]:
        if later.new_text is not None:
            return later.old_text or ""
    return current_text


def restore_revision(
    session: Session, *, revision_id: int, expected_version: int, user_name: str
) -> CellView:
    """Make the text a translation had after a revision its current text again.

    The restore is a new change (action "restore") with its own revision, subject to the
    same optimistic locking and the same roles as editing; like any edit it takes an
    APPROVED or FINAL translation back to TRANSLATED. Restoring the text that is stored
    already changes nothing.

    Args:
        session: a session without an open transaction.
        revision_id: the revision whose resulting text to restore.
        expected_version: the translation's version the caller last saw.
        user_name: the acting user.

    Raises:
        ConflictError: the translation's version is not `expected_version`.
        TmtoolError: unknown revision or user, or the user may not edit.
    """

    def attempt() -> CellView:
        with session.begin():
            user = get_user(session, user_name)
            require_role(user, "restoring a translation", *EDITORS)
            target = session.get(Revision, revision_id)
            if target is None:
                raise TmtoolError(f"there is no revision with id {revision_id}.")
            translation = session.get(Translation, target.translation_id)
            assert translation is not None
            revisions = list(
                session.exec(
                    select(Revision)
                    .where(Revision.translation_id == target.translation_id)
                    .order_by(col(Revision.version), col(Revision.id))
                )
            )
            text = text_after(revisions, revisions.index(target), translation.text)
            change = Change(target.translation_id, expected_version, text=text, origin=Origin.HUMAN)
            return snapshot(apply_change(session, change, user=user, action="restore"))

    return retrying(attempt)


def bulk_approve_candidates(
    session: Session,
    *,
    article_id: int,
    lang: str,
    states: tuple[State, ...] = (State.TRANSLATED,),
) -> list[int]:
    """Positions of the segments a bulk approval of one language would touch.

    The approval itself is `workflow.review(..., positions=...)`, which records each
    segment's approval as its own revision. Segments with an open error-severity QA
    result in `lang` are left out: a reviewer looks at those one by one.

    Raises:
        TmtoolError: unknown article.
    """
    with session.begin():
        _article(session, article_id)
        blocked = {
            r.segment for r in quality.open_errors_in(session, article_id=article_id, lang=lang)
        }
        positions = list(
            session.exec(
                select(Segment.position)
                .join(Translation, col(Translation.segment_id) == col(Segment.id))
                .where(
                    Segment.article_id == article_id,
                    Translation.lang == lang,
                    col(Translation.state).in_([int(s) for s in states]),
                )
                .order_by(col(Segment.position))
            )
        )
        return [p for p in positions if p not in blocked]
