"""`tmtool comment`, `history`, `restore` and `user role`: JSON shapes and one-sentence
errors, on both databases."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, select

from tests.conftest import Env
from tests.db.test_cli import run
from tests.db.test_review import _cell, _import, _save
from tmtool.models import User


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
