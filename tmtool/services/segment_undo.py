"""Taking back an article's latest structural change, and the list of such changes."""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import Comment, Segment, SegmentOperation, State, Translation, utcnow
from tmtool.services import events
from tmtool.services.retry import retrying
from tmtool.services.segment_records import (
    OperationView,
    Row,
    begin,
    recompute_around,
    restore_removed,
    set_translation,
    shift_positions,
)


def _check_unchanged(session: Session, operation: SegmentOperation, after: Row) -> None:
    """Refuse an undo that would throw away a later change.

    A translation counts as unchanged when its text and state are what the change left,
    even under a newer version (an undo of a later change restores them that way).
    """
    what = operation.action.replace("-", " ")
    for segment_id, source in after["segments"].items():
        segment = session.get(Segment, int(segment_id))
        if segment is None or segment.source != source:
            raise TmtoolError(
                f"a segment changed after the {what} by {operation.user}; it cannot be undone."
            )
    for translation_id, (version, text, state) in after["translations"].items():
        found = session.exec(
            select(Translation, Segment.position)
            .join(Segment, col(Segment.id) == col(Translation.segment_id))
            .where(Translation.id == int(translation_id))
            .with_for_update(of=Translation)
        ).first()
        if found is None or (
            found[0].version != version and (found[0].text, found[0].state) != (text, state)
        ):
            who = found[0].updated_by if found else "someone"
            where = f"segment {found[1]} ({found[0].lang})" if found else "a translation"
            raise TmtoolError(
                f"{who} changed {where} after the {what} by {operation.user}; undoing it would "
                "lose that change, so it is refused."
            )


def undo_last(session: Session, *, article_id: int, user_name: str) -> OperationView:
    """Undo the article's latest structural change not undone yet, exactly.

    Segments, positions, texts and states come back as they were; a segment the change
    deleted comes back with its history and comments. Restored translations take a new
    version with an ``undo-…`` revision. Calling it again undoes the change before.

    Args:
        session: a session without an open transaction.
        article_id: the article.
        user_name: the acting user (translator, reviewer or admin).

    Returns:
        The operation, now undone; `position` is the segment to show.

    Raises:
        TmtoolError: nothing to undo, a later change in the way, a role.
    """

    def attempt() -> OperationView:
        with session.begin():
            article, user = begin(session, article_id, user_name, "undoing a change of segments")
            operation = session.exec(
                select(SegmentOperation)
                .where(
                    SegmentOperation.article_id == article_id,
                    col(SegmentOperation.undone_at).is_(None),
                )
                .order_by(col(SegmentOperation.id).desc())
            ).first()
            if operation is None:
                raise TmtoolError(f"there is no change of segments to undo in {article.slug}.")
            payload: Row = json.loads(operation.payload)
            _check_unchanged(session, operation, payload["after"])
            now = utcnow()
            keeper = payload["changed"][0]["segment"]["id"]
            for segment_id in payload["created"]:
                for comment in session.exec(
                    select(Comment).where(Comment.segment_id == segment_id)
                ):
                    comment.segment_id = keeper
                    session.add(comment)
                session.flush()
                created = session.get(Segment, segment_id)
                if created is not None:
                    session.delete(created)
            session.flush()
            shift = payload["shift"]
            if shift:
                shift_positions(
                    session, article_id, shift["after"] + shift["delta"], -shift["delta"]
                )
            positions: list[int] = []
            action = f"undo-{operation.action}"[:30]
            for entry in payload["changed"]:
                before = entry["segment"]
                segment = session.get(Segment, before["id"])
                assert segment is not None
                segment.source, segment.source_hash = before["source"], before["source_hash"]
                segment.paragraph = before["paragraph"]
                session.add(segment)
                positions.append(segment.position)
                for data in entry["translations"]:
                    t = session.get(Translation, data["id"])
                    assert t is not None
                    extra = {k: data[k] for k in ("origin", "confidence", "flag")}
                    set_translation(
                        session,
                        t,
                        text=data["text"],
                        state=State(data["state"]),
                        action=action,
                        user=user,
                        now=now,
                        extra=extra,
                    )
            for record in payload["removed"]:
                restore_removed(session, record)
                positions.append(record["segment"]["position"])
            low, high = min(positions), max(positions)
            recompute_around(session, article_id, low, high)
            operation.undone_at, operation.undone_by = now, user
            session.add(operation)
            events.article_restructured(session, article_id)
            article.updated_at = now
            session.add(article)
            assert operation.id is not None
            return OperationView(
                operation.id,
                operation.action,
                operation.user,
                operation.at,
                payload["position"],
                tuple(sorted(positions)),
                True,
            )

    return retrying(attempt)


def history(session: Session, *, article_id: int) -> list[OperationView]:
    """The article's structural changes, newest first."""
    with session.begin():
        operations = session.exec(
            select(SegmentOperation)
            .where(SegmentOperation.article_id == article_id)
            .order_by(col(SegmentOperation.id).desc())
        ).all()
        views: list[OperationView] = []
        for operation in operations:
            assert operation.id is not None
            payload = json.loads(operation.payload)
            views.append(
                OperationView(
                    operation.id,
                    operation.action,
                    operation.user,
                    operation.at,
                    payload["position"],
                    tuple(sorted(e["segment"]["position"] for e in payload["changed"])),
                    operation.undone_at is not None,
                )
            )
        return views
