"""Comments, history, restoring, bulk-approval candidates and roles, on both databases."""

from __future__ import annotations

import itertools
import json

import pytest
from sqlmodel import col, select

from tests.conftest import Env
from tests.db.test_cli import run
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
    _save(env, 3, "Three.", confirm=True)
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


# -- command line -----------------------------------------------------------------------------


def test_cli_comments(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    _import(env)
    code, out, err = run(
        env,
        capsys,
        "comment",
        "add",
        "news",
        "--segment",
        "2",
        "--lang",
        "en",
        "Check the name.",
        "--json",
    )
    assert (code, err) == (0, "")
    added = json.loads(out)
    assert set(added) == {"id", "segment", "lang", "author", "body", "resolved", "created_at"}
    assert (added["segment"], added["lang"], added["author"], added["body"], added["resolved"]) == (
        2,
        "en",
        "chen",
        "Check the name.",
        False,
    )
    run(env, capsys, "comment", "add", "news", "--segment", "1", "Whole segment.")
    code, out, _ = run(env, capsys, "comment", "list", "news", "--json")
    listed = json.loads(out)
    assert code == 0 and listed["slug"] == "news"
    assert [(c["segment"], c["lang"], c["body"]) for c in listed["comments"]] == [
        (2, "en", "Check the name."),
        (1, None, "Whole segment."),
    ]
    code, out, _ = run(env, capsys, "comment", "list", "news", "--segment", "1", "--json")
    assert [c["body"] for c in json.loads(out)["comments"]] == ["Whole segment."]
    code, out, _ = run(env, capsys, "comment", "resolve", str(added["id"]), "--json")
    assert code == 0 and json.loads(out)["resolved"] is True
    code, out, _ = run(env, capsys, "comment", "list", "news", "--open", "--json")
    assert [c["body"] for c in json.loads(out)["comments"]] == ["Whole segment."]
    code, out, _ = run(env, capsys, "comment", "list", "news")
    assert code == 0 and "✓ chen" in out and "Whole segment." in out

    for args, message in [
        (("comment", "add", "news", "--segment", "9", "Hm."), "the article has no segment 9."),
        (("comment", "add", "news", "--segment", "1", " "), "a comment needs some text."),
        (("comment", "resolve", "4711"), "there is no comment with id 4711."),
        (
            ("comment", "list", "nowhere"),
            "there is no article 'nowhere'; `tmtool articles` lists them.",
        ),
    ]:
        code, out, err = run(env, capsys, *args)
        assert (code, out, err) == (1, "", f"tmtool: {message}\n")


def test_cli_history_and_restore(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    _import(env)
    _save(env, 1, "Edited.")
    code, out, err = run(env, capsys, "history", "news", "--segment", "1", "--lang", "en", "--json")
    assert (code, err) == (0, "")
    shown = json.loads(out)
    assert (shown["slug"], shown["segment"]) == ("news", 1)
    first, second = shown["revisions"]
    assert set(first) == {
        "id",
        "lang",
        "user",
        "at",
        "action",
        "old_text",
        "new_text",
        "old_state",
        "new_state",
        "version",
    }
    assert (first["action"], first["new_text"], first["old_state"], first["new_state"]) == (
        "import",
        "Qiqihar held a meeting.",
        "EMPTY",
        "DRAFT",
    )
    assert (second["action"], second["old_text"], second["new_text"], second["version"]) == (
        "edit",
        "Qiqihar held a meeting.",
        "Edited.",
        2,
    )
    code, out, _ = run(env, capsys, "restore", str(first["id"]), "--json")
    assert code == 0
    assert json.loads(out) == {
        "restored": first["id"],
        "translation": {
            "id": _cell(env, 1).id,
            "lang": "en",
            "text": "Qiqihar held a meeting.",
            "state": "DRAFT",
            "version": 3,
            "origin": "human",
            "flag": None,
        },
    }
    code, out, _ = run(env, capsys, "history", "news", "--segment", "1")
    assert code == 0 and out.count("\n") == 3 and "restore" in out
    code, out, err = run(env, capsys, "restore", "999")
    assert (code, out, err) == (1, "", "tmtool: there is no revision with id 999.\n")
    code, out, err = run(env, capsys, "history", "news", "--segment", "8")
    assert (code, out, err) == (1, "", "tmtool: the article has no segment 8.\n")


def test_cli_user_role(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(env, capsys, "user", "add", "li", "--role", "translator")[0] == 0
    capsys.readouterr()
    code, out, err = run(
        env, capsys, "user", "role", "li", "--role", "reviewer,translator", "--json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {"name": "li", "roles": ["translator", "reviewer"]}
    code, out, _ = run(env, capsys, "user", "list", "--json")
    assert {"name": "li", "roles": ["translator", "reviewer"]} in json.loads(out)["users"]
    code, out, err = run(env, capsys, "user", "role", "chen", "--role", "reviewer")
    assert (code, out) == (1, "")
    assert err == (
        "tmtool: chen is the last admin; make another user an admin before taking the role away.\n"
    )
    code, _, err = run(env, capsys, "user", "role", "li", "--role", "boss")
    assert code == 1
    assert err == (
        "tmtool: 'boss' is not a role; roles are translator, reviewer, publisher, admin.\n"
    )
    code, out, _ = run(env, capsys, "user", "role", "li", "--role", "publisher")
    assert (code, out) == (0, "li now has the roles publisher.\n")
    with env.session() as session:
        assert session.exec(select(User.roles).where(col(User.name) == "li")).one() == "publisher"
