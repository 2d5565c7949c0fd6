"""The segment state machine: every change of text or state goes through here.

Each change is an optimistic-locking update (`WHERE id = ? AND version = ?`) and
writes a Revision, so nothing is overwritten without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import Comment, Origin, Revision, Role, Segment, State, Translation, User, utcnow
from tmtool.services import events, quality, tm
from tmtool.services.queries import CellView
from tmtool.services.retry import retrying
from tmtool.services.users import get_user, require_role

EDITORS = (Role.TRANSLATOR, Role.REVIEWER)


def snapshot(t: Translation) -> CellView:
    """A plain copy of a translation that outlives its session."""
    assert t.id is not None
    return CellView(t.id, t.lang, t.text, State(t.state), t.version, t.origin, t.flag, t.updated_by)


class ConflictError(TmtoolError):
    """The translation changed since the caller read it; `current` is what is stored now."""

    def __init__(self, translation: Translation) -> None:
        current = snapshot(translation)
        self.current = current
        super().__init__(
            f"{current.updated_by or 'someone'} changed this {current.lang} translation meanwhile "
            f"(now version {current.version}); reload it and apply your edit again."
        )


@dataclass(frozen=True)
class Change:
    """What a caller wants to happen to one translation."""

    translation_id: int
    expected_version: int
    text: str | None = None
    state: State | None = None
    origin: Origin = Origin.HUMAN


def state_after_edit(state: State, text: str) -> State:
    """The state a translation takes when its text is edited without confirming."""
    if not text.strip():
        return State.EMPTY
    if state == State.EMPTY:
        return State.DRAFT
    if state >= State.APPROVED:
        return State.TRANSLATED
    return state


def _load(session: Session, translation_id: int) -> Translation:
    translation = session.get(Translation, translation_id)
    if translation is None:
        raise TmtoolError(f"there is no translation with id {translation_id}.")
    return translation


def apply_change(session: Session, change: Change, *, user: User, action: str) -> Translation:
    """Apply one change inside the caller's transaction, with a revision.

    A change of text recomputes the translation's QA results in the same transaction.

    Raises:
        ConflictError: the stored version is not `change.expected_version`.
    """
    current = _load(session, change.translation_id)
    if current.version != change.expected_version:
        raise ConflictError(current)
    new_text = current.text if change.text is None else change.text
    new_state = change.state if change.state is not None else State(current.state)
    if change.state is None and new_text != current.text:
        new_state = state_after_edit(State(current.state), new_text)
    if new_text == current.text and new_state == current.state:
        return current
    now = utcnow()
    result = session.execute(
        update(Translation)
        .where(col(Translation.id) == current.id, col(Translation.version) == current.version)
        .values(
            text=new_text,
            state=int(new_state),
            origin=change.origin.value if new_text != current.text else current.origin,
            version=current.version + 1,
            updated_by=user.name,
            updated_at=now,
            flag=None
            if new_text != current.text or new_state >= State.TRANSLATED
            else current.flag,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(current)
        raise ConflictError(_load(session, change.translation_id))
    assert current.id is not None
    session.add(
        Revision(
            translation_id=current.id,
            user=user.name,
            at=now,
            action=action,
            old_text=current.text if new_text != current.text else None,
            new_text=new_text if new_text != current.text else None,
            old_state=current.state,
            new_state=int(new_state),
            version=current.version + 1,
        )
    )
    events.translation_changed(session, current.id)  # delivered to other editors on commit
    if new_text != current.text:
        quality.recompute(session, [current.id])
    session.expire(current)
    return _load(session, change.translation_id)


def fill_empty(
    session: Session,
    *,
    translation_id: int,
    version: int,
    text: str,
    origin: Origin,
    user: User,
    action: str,
    flag: str | None = None,
) -> bool:
    """Prefill an EMPTY translation as a DRAFT, as `apply_change` would, without QA.

    For batch fillers (TM and MT pretranslation): the update is optimistic
    (`WHERE id, version and state EMPTY`), recorded as a revision and announced to open
    editors; the caller recomputes the QA results of the whole batch once, which shares the
    article's context among the batch.

    Returns:
        False when someone wrote there since `version` was read (nothing is changed then).
    """
    now = utcnow()
    result = session.execute(
        update(Translation)
        .where(
            col(Translation.id) == translation_id,
            col(Translation.version) == version,
            col(Translation.state) == int(State.EMPTY),
        )
        .values(
            text=text,
            state=int(State.DRAFT),
            origin=origin.value,
            version=version + 1,
            updated_by=user.name,
            updated_at=now,
            flag=flag,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.add(
        Revision(
            translation_id=translation_id,
            user=user.name,
            at=now,
            action=action,
            old_text="",
            new_text=text,
            old_state=int(State.EMPTY),
            new_state=int(State.DRAFT),
            version=version + 1,
        )
    )
    events.translation_changed(session, translation_id)
    return True


def save_text(
    session: Session,
    *,
    translation_id: int,
    expected_version: int,
    text: str,
    user_name: str,
    confirm: bool = False,
) -> CellView:
    """Save an edited text; with `confirm`, the translator confirms it (state TRANSLATED).

    Saving the stored text unchanged changes nothing, and confirming it unchanged leaves a
    TRANSLATED, APPROVED or FINAL translation as it is: only an edit takes an approved or
    published translation back to TRANSLATED. A busy database is retried.

    Raises:
        ConflictError: the stored version is not `expected_version`.
        TmtoolError: the user may not edit, or confirms an empty text.
    """

    def attempt() -> CellView:
        with session.begin():
            user = get_user(session, user_name)
            require_role(
                user, "confirming a translation" if confirm else "editing a translation", *EDITORS
            )
            if confirm and not text.strip():
                raise TmtoolError("an empty translation cannot be confirmed.")
            current = _load(session, translation_id)
            state: State | None = None
            if confirm and (text != current.text or current.state < State.TRANSLATED):
                state = State.TRANSLATED
            change = Change(translation_id, expected_version, text=text, state=state)
            return snapshot(
                apply_change(session, change, user=user, action="confirm" if confirm else "edit")
            )

    return retrying(attempt)


def _translations(
    session: Session, article_id: int, lang: str, positions: list[int] | None
) -> list[tuple[Segment, Translation]]:
    query = (
        select(Segment, Translation)
        .join(Translation, col(Translation.segment_id) == col(Segment.id))
        .where(Segment.article_id == article_id, Translation.lang == lang)
        .order_by(col(Segment.position))
    )
    if positions:
        query = query.where(col(Segment.position).in_(positions))
    rows = [(s, t) for s, t in session.exec(query)]
    if positions:
        missing = sorted(set(positions) - {s.position for s, _ in rows})
        if missing:
            raise TmtoolError(f"the article has no segment {', '.join(map(str, missing))}.")
    return rows


def review(
    session: Session,
    *,
    article_id: int,
    lang: str,
    positions: list[int] | None,
    user_name: str,
    approve: bool,
    comment: str | None = None,
) -> int:
    """Approve or reject segments of one language; returns how many changed state.

    Approval takes DRAFT or TRANSLATED to APPROVED and leaves APPROVED and FINAL alone;
    EMPTY and NEEDS_WORK are skipped when no positions were named and refused when they
    were. Rejection takes any text (even FINAL) to NEEDS_WORK and needs a comment, which
    is recorded on each rejected segment (also one already NEEDS_WORK, which does not
    count as changed); an approval with a comment records it too. Each change is
    recorded as its own revision; a busy database is retried.

    Raises:
        ConflictError: a translation changed between reading and writing it.
        TmtoolError: the user may not review, or a named segment cannot take the change.
    """
    if not approve and not (comment and comment.strip()):
        raise TmtoolError("a rejection needs a comment saying what to fix (--comment).")

    def attempt() -> int:
        with session.begin():
            user = get_user(session, user_name)
            require_role(user, "approving" if approve else "rejecting", Role.REVIEWER)
            changed = 0
            for segment, translation in _translations(session, article_id, lang, positions):
                target = _review_target(segment, translation, lang, approve, bool(positions))
                if target is None:
                    continue
                if comment and comment.strip():  # an approval may carry a remark too
                    assert segment.id is not None
                    session.add(
                        Comment(
                            segment_id=segment.id, lang=lang, author=user.name, body=comment.strip()
                        )
                    )
                assert translation.id is not None
                before = translation.version
                after = apply_change(
                    session,
                    Change(translation.id, before, state=target),
                    user=user,
                    action="approve" if approve else "reject",
                )
                changed += after.version != before
                if approve and after.state == State.APPROVED and after.version != before:
                    tm.learn(session, segment=segment, translation=after, user_name=user.name)
            return changed

    return retrying(attempt)


def _review_target(
    segment: Segment, translation: Translation, lang: str, approve: bool, named: bool
) -> State | None:
    """The state a review moves a translation to, None to leave it, or a refusal."""
    state = State(translation.state)
    if approve:
        if state in (State.DRAFT, State.TRANSLATED):
            return State.APPROVED
        if named and state < State.APPROVED:
            raise TmtoolError(
                f"segment {segment.position} ({lang}) is {state.name}; only DRAFT or "
                "TRANSLATED text can be approved."
            )
        return None
    if not translation.text.strip():
        if named:
            raise TmtoolError(f"segment {segment.position} ({lang}) has no text to reject.")
        return None
    return State.NEEDS_WORK
