"""What a structural change of an article records so that it can be undone exactly.

A `SegmentOperation` payload (JSON) holds:

- ``position``: the segment to show after the change;
- ``shift``: ``{"after": p, "delta": d}`` when positions after `p` moved by `d`;
- ``changed``: the segments the change kept but altered, each with the translations it
  altered, as they were before;
- ``removed``: the segments the change deleted, whole: their translations with every
  revision and QA dismissal, and the comments that moved to a surviving segment;
- ``created``: the ids of the segments the change added;
- ``after``: the source of every segment and the version of every translation as the
  change left them, so that an undo can tell whether anything changed since.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import (
    Article,
    Comment,
    QADismissal,
    Revision,
    Segment,
    SegmentOperation,
    State,
    Translation,
    utcnow,
)
from tmtool.services import events, quality
from tmtool.services.users import get_user, require_role
from tmtool.services.workflow import EDITORS, ConflictError

Row = dict[str, Any]


@dataclass(frozen=True)
class Seen:
    """What the user looked at: segment ids by position and translation versions by id."""

    segments: Mapping[int, int] = field(default_factory=dict)
    versions: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class OperationView:
    """A structural change as it was recorded (or undone)."""

    id: int
    action: str
    user: str
    at: datetime
    position: int
    positions: tuple[int, ...]
    undone: bool


SEGMENT_FIELDS = ("id", "article_id", "position", "paragraph", "source", "source_hash")
TRANSLATION_FIELDS = (
    "id",
    "segment_id",
    "lang",
    "text",
    "state",
    "origin",
    "version",
    "confidence",
    "flag",
    "updated_by",
    "updated_at",
)
REVISION_FIELDS = (
    "id",
    "translation_id",
    "user",
    "at",
    "action",
    "old_text",
    "new_text",
    "old_state",
    "new_state",
    "version",
)
DISMISSAL_FIELDS = (
    "id",
    "translation_id",
    "check",
    "message",
    "reason",
    "user",
    "at",
    "undone_at",
    "undone_by",
)
_TIMES = frozenset({"updated_at", "at", "undone_at"})


def row(obj: Any, fields: tuple[str, ...]) -> Row:
    """The named fields of a model object as JSON-ready values (timestamps as ISO text)."""
    out: Row = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def values(data: Row) -> Row:
    """A row read back from JSON, with its timestamps as datetimes again."""
    return {
        k: datetime.fromisoformat(v) if k in _TIMES and isinstance(v, str) else v
        for k, v in data.items()
    }


def removed_segment(session: Session, segment: Segment, survivor_id: int) -> Row:
    """Everything needed to bring back a segment that is about to be deleted.

    Its comments move to `survivor_id` (the segment that absorbs it); the record keeps
    their ids so that an undo moves them back.
    """
    translations = list(
        session.exec(select(Translation).where(Translation.segment_id == segment.id))
    )
    ids = [t.id for t in translations]
    revisions = list(
        session.exec(
            select(Revision).where(col(Revision.translation_id).in_(ids)).order_by(col(Revision.id))
        )
    )
    dismissals = list(
        session.exec(
            select(QADismissal)
            .where(col(QADismissal.translation_id).in_(ids))
            .order_by(col(QADismissal.id))
        )
    )
    comments = list(session.exec(select(Comment).where(Comment.segment_id == segment.id)))
    for comment in comments:
        comment.segment_id = survivor_id
        session.add(comment)
    return {
        "segment": row(segment, SEGMENT_FIELDS),
        "translations": [row(t, TRANSLATION_FIELDS) for t in translations],
        "revisions": [row(r, REVISION_FIELDS) for r in revisions],
        "dismissals": [row(d, DISMISSAL_FIELDS) for d in dismissals],
        "comments": [c.id for c in comments],
    }


def _insert(session: Session, model: type[Any], data: Row) -> int:
    """Insert a row under its old id when that id is free, else under a new one."""
    data = values(data)
    if session.get(model, data["id"]) is not None:
        data = {k: v for k, v in data.items() if k != "id"}
    obj = model(**data)
    session.add(obj)
    session.flush()
    assert obj.id is not None
    return int(obj.id)


def restore_removed(session: Session, record: Row) -> int:
    """Bring back a segment deleted by a change, with its history; returns its id."""
    segment_id = _insert(session, Segment, record["segment"])
    translation_ids: dict[int, int] = {}
    for data in record["translations"]:
        translation_ids[data["id"]] = _insert(
            session, Translation, {**data, "segment_id": segment_id}
        )
    for data in record["revisions"]:
        _insert(
            session, Revision, {**data, "translation_id": translation_ids[data["translation_id"]]}
        )
    for data in record["dismissals"]:
        tid = translation_ids[data["translation_id"]]
        _insert(session, QADismissal, {**data, "translation_id": tid})
    for comment_id in record["comments"]:
        comment = session.get(Comment, comment_id)
        if comment is not None:
            comment.segment_id = segment_id
            session.add(comment)
    session.flush()
    return segment_id


# -- database helpers shared by the operations and undo --------------------------------------


def lock_article(session: Session, article_id: int) -> Article:
    """The article, locked against other structural changes until the transaction ends.

    The lock is a write (its `updated_at`), not only `SELECT … FOR UPDATE`: SQLite's driver
    starts the transaction at the first write, so without it two changes could both read
    the same segments before either writes. On PostgreSQL the write locks the row as well.
    """
    result = session.execute(
        update(Article)
        .where(col(Article.id) == article_id)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise TmtoolError(f"there is no article with id {article_id}.")
    article = session.get(Article, article_id, populate_existing=True)
    assert article is not None
    return article


def segment_at(session: Session, article_id: int, position: int, seen: Seen) -> Segment:
    segment = session.exec(
        select(Segment).where(Segment.article_id == article_id, Segment.position == position)
    ).first()
    if segment is None:
        raise TmtoolError(f"the article has no segment {position}.")
    expected = seen.segments.get(position)
    if expected is not None and expected != segment.id:
        raise TmtoolError(
            f"segment {position} is no longer the one you were looking at (the article's "
            "segments changed meanwhile); reload the article and try again."
        )
    return segment


def translations_of(session: Session, segment: Segment, seen: Seen) -> dict[str, Translation]:
    """The segment's translations by language, locked, checked against what the user saw."""
    found = session.exec(
        select(Translation)
        .where(Translation.segment_id == segment.id)
        .order_by(col(Translation.lang))
        .with_for_update()
    ).all()
    for t in found:
        expected = seen.versions.get(t.id or 0)
        if expected is not None and expected != t.version:
            raise ConflictError(t)
    return {t.lang: t for t in found}


def set_translation(
    session: Session,
    t: Translation,
    *,
    text: str,
    state: State,
    action: str,
    user: str,
    now: datetime,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Change a translation (one version up), with a revision when text or state change."""
    text_changed = text != t.text
    state_changed = int(state) != t.state
    new: dict[str, Any] = dict(extra or {})
    if not text_changed and not state_changed and all(getattr(t, k) == v for k, v in new.items()):
        return
    if text_changed and "flag" not in new:
        new["flag"] = None  # the user has looked at the pairing
    assert t.id is not None
    result = session.execute(
        update(Translation)
        .where(col(Translation.id) == t.id, col(Translation.version) == t.version)
        .values(
            text=text,
            state=int(state),
            version=t.version + 1,
            updated_by=user,
            updated_at=now,
            **new,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(t)
        raise ConflictError(session.get(Translation, t.id) or t)
    if text_changed or state_changed:
        session.add(
            Revision(
                translation_id=t.id,
                user=user,
                at=now,
                action=action,
                old_text=t.text if text_changed else None,
                new_text=text if text_changed else None,
                old_state=t.state,
                new_state=int(state),
                version=t.version + 1,
            )
        )
    session.expire(t)


def shift_positions(session: Session, article_id: int, after: int, delta: int) -> None:
    """Move every position after `after` by `delta`, never colliding on the way.

    Both databases check the unique (article, position) constraint row by row, so the
    positions go negative first and come back shifted.
    """
    session.flush()
    session.execute(
        update(Segment)
        .where(col(Segment.article_id) == article_id, col(Segment.position) > after)
        .values(position=-(col(Segment.position) + delta))
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Segment)
        .where(col(Segment.article_id) == article_id, col(Segment.position) < 0)
        .values(position=-col(Segment.position))
        .execution_options(synchronize_session=False)
    )
    session.expire_all()


def recompute_around(session: Session, article_id: int, low: int, high: int) -> None:
    """Recompute the QA results of positions low..high and of their neighbours."""
    session.flush()
    ids = session.exec(
        select(Translation.id)
        .join(Segment, col(Segment.id) == col(Translation.segment_id))
        .where(
            Segment.article_id == article_id,
            col(Segment.position) >= low - 1,
            col(Segment.position) <= high + 1,
        )
    ).all()
    quality.recompute(session, [i for i in ids if i is not None])


def after_state(
    session: Session, segment_ids: Iterable[int], langs: Iterable[str] | None = None
) -> Row:
    """The sources and the translations (of `langs`, default all) as a change left them."""
    session.flush()
    wanted = None if langs is None else set(langs)
    segments: dict[str, str] = {}
    translations: dict[str, list[Any]] = {}
    for segment_id in segment_ids:
        segment = session.get(Segment, segment_id)
        assert segment is not None
        segments[str(segment_id)] = segment.source
        for t in session.exec(select(Translation).where(Translation.segment_id == segment_id)):
            if wanted is None or t.lang in wanted:
                translations[str(t.id)] = [t.version, t.text, t.state]
    return {"segments": segments, "translations": translations}


def record_operation(
    session: Session,
    article: Article,
    *,
    user: str,
    action: str,
    now: datetime,
    payload: Row,
    positions: tuple[int, ...],
) -> OperationView:
    assert article.id is not None
    article.updated_at = now
    session.add(article)
    operation = SegmentOperation(
        article_id=article.id, user=user, action=action, payload=json.dumps(payload), at=now
    )
    session.add(operation)
    session.flush()
    assert operation.id is not None
    events.article_restructured(session, article.id)
    return OperationView(operation.id, action, user, now, payload["position"], positions, False)


def begin(session: Session, article_id: int, user_name: str, doing: str) -> tuple[Article, str]:
    user = get_user(session, user_name)
    require_role(user, doing, *EDITORS)
    return lock_article(session, article_id), user.name
