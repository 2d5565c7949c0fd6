"""Comments, history, restoring, bulk-approval candidates and roles, on both databases."""

from __future__ import annotations

import itertools

import pytest
from sqlmodel import select

from tests.conftest import Env
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.models import Comment, Revision, Role, State, User
from tmtool.services import importing, queries, review, users, workflow

ZH = Document(title=None, paragraphs=["齐齐哈尔市召开会议。会议由孙珅主持。", "全市投资90亿元。"])
EN = Document(
    title=None,
    paragraphs=["Qiqihar held a meeting. Sun Shen chaired it.", "The city invested 9 billion."],
)


def _import(env: Env) -> int:
    source = importing.from_documents(ZH, {"en": EN}, title=None)
    article = importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    assert article.id is not None
    return article.id


def _add_user(env: Env, name: str, *roles: Role) -> None:
    users.add_user(env.session(), name=name, roles=list(roles))


def _cell(env: Env, position: int, lang: str = "en") -> queries.CellView:
    view = queries.article_view(env.session(), "news")
    return view.segments[position - 1].translations[lang]


def _save(env: Env, position: int, text: str, *, user: str = "chen", confirm: bool = False) -> None:
    cell = _cell(env, position)
    workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text=text,
        user_name=user,
        confirm=confirm,
    )


# -- comments ---------------------------------------------------------------------------------


def test_comments_thread_in_time_order_and_resolve(env: Env) -> None:
    article_id = _import(env)
    _add_user(env, "li", Role.TRANSLATOR)
    _add_user(env, "nobody")
    first = review.add_comment(
        env.session(),
        article_id=article_id,
        position=2,
        lang="en",
        body="  Who chaired it?  ",
        user_name="chen",
    )
    second = review.add_comment(
        env.session(),
        article_id=article_id,
        position=2,
        lang=None,
        body="Sun Shen, see the source.",
        user_name="li",
    )
    other = review.add_comment(
        env.session(), article_id=article_id, position=1, lang="ru", body="Padezh.", user_name="li"
    )
    assert (first.body, first.position, first.lang, first.author) == (
        "Who chaired it?",
        2,
        "en",
        "chen",
    )
    assert first.resolved is False and first.created_at <= second.created_at
    thread = review.list_comments(env.session(), article_id=article_id, position=2)
    assert [c.id for c in thread] == [first.id, second.id]
    everything = review.list_comments(env.session(), article_id=article_id)
    assert [c.id for c in everything] == [first.id, second.id, other.id]

    # Any user of the workspace may resolve, even one without a role; and reopen.
    resolved = review.resolve_comment(env.session(), comment_id=first.id, user_name="nobody")
    assert resolved.resolved is True and resolved.body == "Who chaired it?"
    open_ = review.list_comments(env.session(), article_id=article_id, include_resolved=False)
    assert [c.id for c in open_] == [second.id, other.id]
    assert queries.list_articles(env.session(), ("en", "ru"))[0].open_comments == 2
    reopened = review.resolve_comment(
        env.session(), comment_id=first.id, user_name="li", resolved=False
    )
    assert reopened.resolved is False


@pytest.mark.parametrize(
    ("position", "lang", "body", "user", "message"),
    [
        (2, "en", "   ", "chen", "a comment needs some text."),
        (9, "en", "Hm.", "chen", "the article has no segment 9."),
        (1, "fr", "Hm.", "chen", "the article has no fr translation."),
        (1, None, "Hm.", "ghost", "ghost is not a user of this workspace"),
    ],
)
def test_bad_comments_are_refused(
    env: Env, position: int, lang: str | None, body: str, user: str, message: str
) -> None:
    article_id = _import(env)
    with pytest.raises(TmtoolError) as caught:
        review.add_comment(
            env.session(),
            article_id=article_id,
            position=position,
            lang=lang,
            body=body,
            user_name=user,
        )
    assert str(caught.value).startswith(message)
    with env.session() as session:
        assert session.exec(select(Comment)).first() is None


def test_unknown_comment_segment_and_article(env: Env) -> None:
    article_id = _import(env)
    with pytest.raises(TmtoolError, match=r"^there is no comment with id 99\.$"):
        review.resolve_comment(env.session(), comment_id=99, user_name="chen")
    with pytest.raises(TmtoolError, match=r"^the article has no segment 5\.$"):
        review.list_comments(env.session(), article_id=article_id, position=5)
    with pytest.raises(TmtoolError, match=r"^there is no article with id 999\.$"):
        review.list_comments(env.session(), article_id=999)


# -- history and restore ----------------------------------------------------------------------


def test_history_is_oldest_first_with_old_and_new_values(env: Env) -> None:
    article_id = _import(env)
    _save(env, 1, "Qiqihar convened a meeting.")
    _save(env, 1, "Qiqihar convened a meeting.", confirm=True)
    workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=[1],
        user_name="chen",
        approve=True,
    )
    revisions = review.history(env.session(), article_id=article_id, position=1)
    assert [(r.action, r.version, r.lang, r.user) for r in revisions] == [
        ("import", 1, "en", "chen"),
        ("edit", 2, "en", "chen"),
        ("confirm", 3, "en", "chen"),
        ("approve", 4, "en", "chen"),
    ]
    assert [(r.old_text, r.new_text) for r in revisions] == [
        (None, "Qiqihar held a meeting."),
        ("Qiqihar held a meeting.", "Qiqihar convened a meeting."),
        (None, None),
        (None, None),
    ]
    assert [(r.old_state, r.new_state) for r in revisions] == [
        (State.EMPTY, State.DRAFT),
        (State.DRAFT, State.DRAFT),
        (State.DRAFT, State.TRANSLATED),
        (State.TRANSLATED, State.APPROVED),
    ]
    assert all(a.at <= b.at for a, b in itertools.pairwise(revisions))
    assert review.history(env.session(), article_id=article_id, position=1, lang="ru") == []
    with pytest.raises(TmtoolError, match=r"^the article has no segment 7\.$"):
        review.history(env.session(), article_id=article_id, position=7)


def test_restore_makes_a_new_revision_and_bumps_the_version(env: Env) -> None:
    article_id = _import(env)
    _save(env, 1, "Second text.")
    _save(env, 1, "Second text.", confirm=True)
    workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=[1],
        user_name="chen",
        approve=True,
    )
    _add_user(env, "li", Role.TRANSLATOR)
    revisions = review.history(env.session(), article_id=article_id, position=1)
    imported = revisions[0]
    before = _cell(env, 1)
    assert (before.state, before.version) == (State.APPROVED, 4)

    restored = review.restore_revision(
        env.session(), revision_id=imported.id, expected_version=before.version, user_name="li"
    )
    assert restored.text == "Qiqihar held a meeting."
    assert restored.version == 5
    assert restored.state == State.TRANSLATED  # an edit of approved text drops it
    after = review.history(env.session(), article_id=article_id, position=1)
    assert len(after) == len(revisions) + 1
    last = after[-1]
    assert (last.action, last.user, last.version) == ("restore", "li", 5)
    assert (last.old_text, last.new_text) == ("Second text.", "Qiqihar held a meeting.")
    assert (last.old_state, last.new_state) == (State.APPROVED, State.TRANSLATED)

    # A state-only revision restores the text as it was right after it: the confirmed text.
    confirm = next(r for r in revisions if r.action == "confirm")
    again = review.restore_revision(
        env.session(), revision_id=confirm.id, expected_version=5, user_name="li"
    )
    assert (again.text, again.version) == ("Second text.", 6)

    # Restoring the text that is stored already changes nothing.
    same = review.restore_revision(
        env.session(), revision_id=confirm.id, expected_version=6, user_name="li"
    )
    assert same.version == 6
    assert len(review.history(env.session(), article_id=article_id, position=1)) == 6


def test_restore_with_a_stale_version_is_a_conflict(env: Env) -> None:
    article_id = _import(env)
    _save(env, 2, "Mine.")
    imported = review.history(env.session(), article_id=article_id, position=2)[0]
    with pytest.raises(workflow.ConflictError) as caught:
        review.restore_revision(
            env.session(), revision_id=imported.id, expected_version=1, user_name="chen"
        )
    assert caught.value.current.text == "Mine."
    assert caught.value.current.version == 2
    assert _cell(env, 2).text == "Mine."
    assert len(review.history(env.session(), article_id=article_id, position=2)) == 2


def test_restore_needs_an_editing_role_and_a_revision(env: Env) -> None:
    article_id = _import(env)
    _add_user(env, "wang", Role.PUBLISHER)
    imported = review.history(env.session(), article_id=article_id, position=1)[0]
    with pytest.raises(TmtoolError) as caught:
        review.restore_revision(
            env.session(), revision_id=imported.id, expected_version=1, user_name="wang"
        )
    assert str(caught.value) == (
        "wang is a publisher; restoring a translation needs the translator role."
    )
    with pytest.raises(TmtoolError, match=r"^there is no revision with id 12345\.$"):
        review.restore_revision(
            env.session(), revision_id=12345, expected_version=1, user_name="chen"
        )


def test_bulk_approve_candidates(env: Env) -> None:
    article_id = _import(env)
    _save(env, 1, "One.", confirm=True)
    _save(env, 3, "The city invested 9 billion yuan.", confirm=True)  # no QA error
    assert review.bulk_approve_candidates(env.session(), article_id=article_id, lang="en") == [1, 3]
    assert review.bulk_approve_candidates(
        env.session(), article_id=article_id, lang="en", states=(State.DRAFT, State.TRANSLATED)
    ) == [1, 2, 3]
    assert review.bulk_approve_candidates(env.session(), article_id=article_id, lang="ru") == []
    # Approval stays workflow.review and records each segment as its own revision.
    changed = workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=[1, 3],
        user_name="chen",
        approve=True,
    )
    assert changed == 2
    with env.session() as session:
        approvals = session.exec(select(Revision).where(Revision.action == "approve")).all()
    assert len(approvals) == 2


# -- roles ------------------------------------------------------------------------------------


def _roles(env: Env, name: str) -> str:
    with env.session() as session:
        user = session.exec(select(User).where(User.name == name)).one()
        return user.roles


def test_set_roles(env: Env) -> None:
    _add_user(env, "li", Role.TRANSLATOR)
    users.set_roles(
        env.session(),
        name="li",
        roles=[Role.REVIEWER, Role.TRANSLATOR, Role.REVIEWER],
        user_name="chen",
    )
    assert _roles(env, "li") == "translator,reviewer"
    with pytest.raises(TmtoolError) as caught:
        users.set_roles(env.session(), name="chen", roles=[Role.TRANSLATOR], user_name="li")
    assert (
        str(caught.value) == "li is a reviewer and translator; changing roles needs the admin role."
    )
    with pytest.raises(TmtoolError) as caught:
        users.set_roles(env.session(), name="chen", roles=[Role.REVIEWER], user_name="chen")
    assert str(caught.value) == (
        "chen is the last admin; make another user an admin before taking the role away."
    )
    assert _roles(env, "chen") == "admin"
    with pytest.raises(TmtoolError, match=r"^name at least one role\.$"):
        users.set_roles(env.session(), name="li", roles=[], user_name="chen")
    with pytest.raises(TmtoolError, match=r"^ghost is not a user of this workspace"):
        users.set_roles(env.session(), name="ghost", roles=[Role.ADMIN], user_name="chen")
    # With a second admin, the first may step down.
    users.set_roles(env.session(), name="li", roles=[Role.ADMIN], user_name="chen")
    users.set_roles(env.session(), name="chen", roles=[Role.REVIEWER], user_name="chen")
    assert (_roles(env, "chen"), _roles(env, "li")) == ("reviewer", "admin")
    with pytest.raises(TmtoolError, match=r"^li is the last admin"):
        users.set_roles(env.session(), name="li", roles=[Role.PUBLISHER], user_name="li")


def test_saving_or_confirming_unchanged_text_keeps_an_approval(env: Env) -> None:
    article_id = _import(env)
    _save(env, 1, "Qiqihar held a meeting.", confirm=True)

    def review_1(approve: bool) -> int:
        return workflow.review(
            env.session(),
            article_id=article_id,
            lang="en",
            positions=[1],
            user_name="chen",
            approve=approve,
            comment=None if approve else "Use 'convened'.",
        )

    assert review_1(True) == 1
    approved = _cell(env, 1)
    _save(env, 1, approved.text)
    _save(env, 1, approved.text, confirm=True)
    assert _cell(env, 1) == approved
    # Rejecting twice: the second comment is recorded, but nothing else changes.
    assert (review_1(False), review_1(False)) == (1, 0)
    assert _cell(env, 1).version == approved.version + 1
    comments = review.list_comments(env.session(), article_id=article_id, position=1)
    assert [c.body for c in comments] == ["Use 'convened'."] * 2
