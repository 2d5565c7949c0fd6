"""Every (role, state, action) combination against the table of DESIGN.md "Segment states".

Who may do what: translators move EMPTY/DRAFT/NEEDS_WORK → TRANSLATED; reviewers approve
(DRAFT or TRANSLATED → APPROVED) or reject (any state with text → NEEDS_WORK, with a
comment) and may edit; publishers publish (APPROVED → FINAL); admins may do everything.
Editing an APPROVED or FINAL translation drops it back to TRANSLATED.

The expected outcomes are written out below by hand, one row per (user, action), one
column per starting state; they are not derived from the code under test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from itertools import product
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from tests.conftest import Env
from tmtool.errors import TmtoolError
from tmtool.models import Article, Comment, Publication, Revision, Segment, State, Translation, User
from tmtool.services import publishing, workflow

E, D, NW, T, A, F = (
    State.EMPTY,
    State.DRAFT,
    State.NEEDS_WORK,
    State.TRANSLATED,
    State.APPROVED,
    State.FINAL,
)
STATES = (E, D, NW, T, A, F)
USERS = {"tran": "translator", "rev": "reviewer", "pub": "publisher", "adm": "admin", "none": ""}
ACTIONS = ("edit", "edit+confirm", "confirm", "approve", "reject", "publish")
STORED = "Qiqihar held a meeting."  # the text of every state but EMPTY before the action
EDITED = "Qiqihar convened a meeting."

EMPTY_CONFIRM = "an empty translation cannot be confirmed."
EMPTY_APPROVE = "segment 1 (en) is EMPTY; only DRAFT or TRANSLATED text can be approved."
NW_APPROVE = "segment 1 (en) is NEEDS_WORK; only DRAFT or TRANSLATED text can be approved."
NO_TEXT = "segment 1 (en) has no text to reject."
UNFINISHED = (
    "one (en) is not finished: 1 of 1 segments are not approved (first: 1); "
    "use --draft to export it anyway."
)

Outcome = State | str
# Columns: EMPTY, DRAFT, NEEDS_WORK, TRANSLATED, APPROVED, FINAL.
EXPECTED: dict[tuple[str, str], tuple[Outcome, ...]] = {
    ("tran", "edit"): (D, D, NW, T, T, T),
    ("tran", "edit+confirm"): (T, T, T, T, T, T),
    ("tran", "confirm"): (EMPTY_CONFIRM, T, T, T, A, F),
    ("tran", "approve"): ("tran is a translator; approving needs the reviewer role.",) * 6,
    ("tran", "reject"): ("tran is a translator; rejecting needs the reviewer role.",) * 6,
    ("tran", "publish"): ("tran is a translator; publishing needs the publisher role.",) * 6,
    ("rev", "edit"): (D, D, NW, T, T, T),
    ("rev", "edit+confirm"): (T, T, T, T, T, T),
    ("rev", "confirm"): (EMPTY_CONFIRM, T, T, T, A, F),
    ("rev", "approve"): (EMPTY_APPROVE, A, NW_APPROVE, A, A, F),
    ("rev", "reject"): (NO_TEXT, NW, NW, NW, NW, NW),
    ("rev", "publish"): ("rev is a reviewer; publishing needs the publisher role.",) * 6,
    ("pub", "edit"): ("pub is a publisher; editing a translation needs the translator role.",) * 6,
    ("pub", "edit+confirm"): (
        "pub is a publisher; confirming a translation needs the translator role.",
    )
    * 6,
    ("pub", "confirm"): ("pub is a publisher; confirming a translation needs the translator role.",)
    * 6,
    ("pub", "approve"): ("pub is a publisher; approving needs the reviewer role.",) * 6,
    ("pub", "reject"): ("pub is a publisher; rejecting needs the reviewer role.",) * 6,
    ("pub", "publish"): (UNFINISHED, UNFINISHED, UNFINISHED, UNFINISHED, F, F),
    ("adm", "edit"): (D, D, NW, T, T, T),
    ("adm", "edit+confirm"): (T, T, T, T, T, T),
    ("adm", "confirm"): (EMPTY_CONFIRM, T, T, T, A, F),
    ("adm", "approve"): (EMPTY_APPROVE, A, NW_APPROVE, A, A, F),
    ("adm", "reject"): (NO_TEXT, NW, NW, NW, NW, NW),
    ("adm", "publish"): (UNFINISHED, UNFINISHED, UNFINISHED, UNFINISHED, F, F),
    ("none", "edit"): ("none is without a role; editing a translation needs the translator role.",)
    * 6,
    ("none", "edit+confirm"): (
        "none is without a role; confirming a translation needs the translator role.",
    )
    * 6,
    ("none", "confirm"): (
        "none is without a role; confirming a translation needs the translator role.",
    )
    * 6,
    ("none", "approve"): ("none is without a role; approving needs the reviewer role.",) * 6,
    ("none", "reject"): ("none is without a role; rejecting needs the reviewer role.",) * 6,
    ("none", "publish"): ("none is without a role; publishing needs the publisher role.",) * 6,
}
# The revision each action records when it changes something.
RECORDED = {
    "edit": "edit",
    "edit+confirm": "confirm",
    "confirm": "confirm",
    "approve": "approve",
    "reject": "reject",
    "publish": "publish",
}


def _setup(env: Env) -> tuple[int, int]:
    """Users of every role (and one without), and a one-segment article with English."""
    with env.session() as session, session.begin():
        for name, roles in USERS.items():
            session.add(User(name=name, roles=roles))
        article = Article(slug="one", title="One")
        session.add(article)
        session.flush()
        assert article.id is not None
        source = "齐齐哈尔市召开会议。"
        segment = Segment(
            article_id=article.id,
            position=1,
            paragraph=1,
            source=source,
            source_hash=hashlib.sha256(source.encode()).hexdigest(),
        )
        session.add(segment)
        session.flush()
        assert segment.id is not None
        translation = Translation(segment_id=segment.id, lang="en")
        session.add(translation)
        session.flush()
        assert translation.id is not None
        return article.id, translation.id


def _put(env: Env, translation_id: int, state: State) -> None:
    """Set the translation's state (and a text that fits it) directly, at version 1."""
    with env.session() as session, session.begin():
        session.execute(
            update(Translation)
            .where(col(Translation.id) == translation_id)
            .values(text="" if state == E else STORED, state=int(state), version=1)
        )


def _count(session: Session, model: type[Revision] | type[Comment] | type[Publication]) -> int:
    return session.exec(select(func.count(col(model.id)))).one()


def _actions(
    env: Env, article_id: int, translation_id: int, out_dir: Path
) -> dict[str, Callable[[str, str], object]]:
    def save(text: str, user: str, confirm: bool) -> object:
        return workflow.save_text(
            env.session(),
            translation_id=translation_id,
            expected_version=1,
            text=text,
            user_name=user,
            confirm=confirm,
        )

    def review(user: str, approve: bool) -> object:
        return workflow.review(
            env.session(),
            article_id=article_id,
            lang="en",
            positions=[1],
            user_name=user,
            approve=approve,
            comment=None if approve else "Use 'convened'.",
        )

    return {
        "edit": lambda user, _stored: save(EDITED, user, False),
        "edit+confirm": lambda user, _stored: save(EDITED, user, True),
        "confirm": lambda user, stored: save(stored, user, True),
        "approve": lambda user, _stored: review(user, True),
        "reject": lambda user, _stored: review(user, False),
        "publish": lambda user, _stored: publishing.export_article(
            env.session(), slug="one", fmt="txt", langs=["en"], out_dir=out_dir, user_name=user
        ),
    }


def test_every_role_state_and_action(env: Env, tmp_path: Path) -> None:
    assert set(EXPECTED) == set(product(USERS, ACTIONS))
    assert all(len(row) == len(STATES) for row in EXPECTED.values())
    article_id, translation_id = _setup(env)
    actions = _actions(env, article_id, translation_id, tmp_path / "out")
    problems: list[str] = []
    checked = 0
    for (user, action), row in EXPECTED.items():
        for start, expected in zip(STATES, row, strict=True):
            _put(env, translation_id, start)
            stored = "" if start == E else STORED
            with env.session() as session:
                before = {m: _count(session, m) for m in (Revision, Comment, Publication)}
            case = f"{user} {action} {start.name}"
            refused: str | None = None
            try:
                actions[action](user, stored)
            except TmtoolError as exc:
                refused = str(exc)
            with env.session() as session:
                t = session.get(Translation, translation_id)
                assert t is not None
                after = {m: _count(session, m) for m in (Revision, Comment, Publication)}
                last = session.exec(
                    select(Revision)
                    .where(Revision.translation_id == translation_id)
                    .order_by(col(Revision.id).desc())
                ).first()
            checked += 1
            if isinstance(expected, str):
                if refused != expected:
                    problems.append(f"{case}: expected refusal {expected!r}, got {refused!r}")
                elif (t.state, t.text, t.version) != (start, stored, 1) or after != before:
                    problems.append(f"{case}: refused but changed something")
                continue
            if refused is not None:
                problems.append(f"{case}: expected {expected.name}, refused: {refused}")
                continue
            outcome = State(t.state)
            text = EDITED if action in ("edit", "edit+confirm") else stored
            changed = expected != start or text != stored
            if (outcome, t.text, t.version) != (expected, text, 2 if changed else 1):
                problems.append(
                    f"{case}: expected {expected.name} {text!r} v{2 if changed else 1}, "
                    f"got {outcome.name} {t.text!r} v{t.version}"
                )
            revisions = after[Revision] - before[Revision]
            if revisions != int(changed):
                problems.append(f"{case}: {revisions} revisions recorded")
            elif changed and (
                last is None
                or (last.action, last.user, last.old_state, last.new_state, last.version)
                != (RECORDED[action], user, start, expected, 2)
            ):
                problems.append(f"{case}: wrong revision {last}")
            comments = after[Comment] - before[Comment]
            if comments != (action == "reject"):
                problems.append(f"{case}: {comments} comments recorded")
            publications = after[Publication] - before[Publication]
            if publications != (action == "publish"):
                problems.append(f"{case}: {publications} publications recorded")
    assert checked == len(USERS) * len(ACTIONS) * len(STATES) == 180
    assert not problems, "\n".join(problems)
