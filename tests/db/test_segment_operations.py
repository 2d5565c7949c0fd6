"""Merging, splitting, moving sentences and undoing it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import col, select

from tests.conftest import Env
from tmtool.cli import main
from tmtool.errors import TmtoolError
from tmtool.models import (
    Comment,
    QADismissal,
    QAIssue,
    Revision,
    Role,
    Segment,
    SegmentOperation,
    State,
    Translation,
)
from tmtool.services import importing, quality, queries, review, segments, users, workflow

# One line per segment; a blank line separates paragraphs. Segment 1 holds two Chinese
# sentences whose English and Russian were glued into it; segment 3's English holds the
# sentence that belongs to segment 4.
ZH = [
    "齐齐哈尔市召开会议。会议由孙珅主持。",
    "全市投资90亿元。",
    "",
    "扎龙迎来丹顶鹤。",
    "游客很多。",
]
EN = [
    "Qiqihar held a meeting. Sun Shen chaired it.",
    "The city invested 9 billion yuan.",
    "",
    "Red-crowned cranes arrived in Zhalong. Many tourists came.",
    "",
]
RU = [
    "В Цицикаре прошло совещание. Его провёл Сунь Шэнь.",
    "Город вложил 9 млрд юаней.",
    "",
    "В Чжалун прилетели журавли.",
    "Туристов много.",
]

Rows = list[tuple[Any, ...]]


def _import(env: Env) -> int:
    source = importing.from_lines(
        ZH, {"en": EN, "ru": RU}, title="news", names={"en": "en.txt", "ru": "ru.txt"}
    )
    article = importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    assert article.id is not None
    return article.id


def _state_of(env: Env) -> Rows:
    """Everything a structural change touches, in a comparable form."""
    with env.session() as session:
        rows: Rows = []
        for s in session.exec(select(Segment).order_by(col(Segment.position))):
            rows.append(("segment", s.id, s.position, s.paragraph, s.source, s.source_hash))
        for t in session.exec(select(Translation).order_by(col(Translation.id))):
            rows.append(("translation", t.id, t.segment_id, t.lang, t.text, t.state, t.origin))
            rows.append(("more", t.id, t.confidence, t.flag))
        for r in session.exec(select(Revision).order_by(col(Revision.id))):
            rows.append(("revision", r.translation_id, r.action, r.old_text, r.new_text))
        for c in session.exec(select(Comment).order_by(col(Comment.id))):
            rows.append(("comment", c.id, c.segment_id, c.body))
        return rows


def _texts(env: Env, lang: str) -> list[str]:
    view = queries.article_view(env.session(), "news")
    return [s.translations[lang].text for s in view.segments]


def _view(env: Env) -> queries.ArticleView:
    return queries.article_view(env.session(), "news")


def _seen(view: queries.ArticleView) -> segments.Seen:
    return segments.Seen(
        segments={s.position: s.id for s in view.segments},
        versions={c.id: c.version for s in view.segments for c in s.translations.values()},
    )


def _revisions(env: Env, translation_id: int) -> list[str]:
    with env.session() as session:
        return list(
            session.exec(
                select(Revision.action)
                .where(Revision.translation_id == translation_id)
                .order_by(col(Revision.id))
            ).all()
        )


def _positions_are_dense(env: Env) -> None:
    positions = [s.position for s in _view(env).segments]
    assert positions == list(range(1, len(positions) + 1))


def _save(env: Env, position: int, lang: str, text: str, *, confirm: bool = False) -> None:
    cell = _view(env).segments[position - 1].translations[lang]
    workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text=text,
        user_name="chen",
        confirm=confirm,
    )


def _approve(env: Env, article_id: int, lang: str, positions: list[int]) -> None:
    workflow.review(
        env.session(),
        article_id=article_id,
        lang=lang,
        positions=positions,
        user_name="chen",
        approve=True,
    )


def test_import_gives_the_layout_the_tests_expect(env: Env) -> None:
    _import(env)
    view = _view(env)
    assert [s.source for s in view.segments] == [ZH[0], ZH[1], ZH[3], ZH[4]]
    assert [s.paragraph for s in view.segments] == [1, 1, 2, 2]


# -- split -------------------------------------------------------------------------------------


def test_split_at_the_cursor_in_a_target_cuts_the_source_at_the_matching_sentence(
    env: Env,
) -> None:
    article_id = _import(env)
    before = _state_of(env)
    english = _view(env).segments[0].translations["en"]
    cursor = english.text.index("Sun")
    done = segments.split(
        env.session(),
        article_id=article_id,
        position=1,
        target_at={"en": cursor},
        user_name="chen",
        seen=_seen(_view(env)),
    )
    assert (done.action, done.position, done.positions) == ("split", 1, (1, 2))
    view = _view(env)
    assert [s.source for s in view.segments[:3]] == [
        "齐齐哈尔市召开会议。",
        "会议由孙珅主持。",
        ZH[1],
    ]
    assert [s.paragraph for s in view.segments] == [1, 1, 1, 2, 2]
    assert _texts(env, "en")[:2] == ["Qiqihar held a meeting.", "Sun Shen chaired it."]
    # Russian has as many sentences as the source: cut after the first as well.
    assert _texts(env, "ru")[:2] == ["В Цицикаре прошло совещание.", "Его провёл Сунь Шэнь."]
    _positions_are_dense(env)
    first, second = view.segments[0], view.segments[1]
    assert first.id == before[0][1]  # the first part keeps the segment (and its history)
    for lang in ("en", "ru"):
        assert first.translations[lang].state == State.DRAFT
        assert second.translations[lang].state == State.DRAFT
        assert first.translations[lang].version == 2
        assert _revisions(env, first.translations[lang].id) == ["import", "split"]
        assert _revisions(env, second.translations[lang].id) == ["split"]
    with env.session() as session:
        hashes = {s.source: s.source_hash for s in session.exec(select(Segment))}
    assert hashes["会议由孙珅主持。"] == importing.source_hash("会议由孙珅主持。")
    # Undo restores everything exactly; the restored translations have a new version.
    undone = segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    assert (undone.action, undone.undone, undone.position) == ("split", True, 1)
    after = _state_of(env)
    assert [r for r in after if r[0] != "revision"] == [r for r in before if r[0] != "revision"]
    restored = _view(env).segments[0].translations["en"]
    assert restored.version == 3
    assert _revisions(env, restored.id) == ["import", "split", "undo-split"]
    _positions_are_dense(env)


def test_split_at_a_source_offset_cuts_each_target_at_its_matching_boundary(env: Env) -> None:
    article_id = _import(env)
    segments.split(env.session(), article_id=article_id, position=3, source_at=4, user_name="chen")
    view = _view(env)
    assert [s.source for s in view.segments[2:4]] == ["扎龙迎来", "丹顶鹤。"]
    # Two English sentences: the boundary nearest to 4/8 of the length.
    assert _texts(env, "en")[2:4] == [
        "Red-crowned cranes arrived in Zhalong.",
        "Many tourists came.",
    ]
    # One Russian sentence stays whole in the first part; the second part is empty.
    assert _texts(env, "ru")[2:4] == ["В Чжалун прилетели журавли.", ""]
    assert view.segments[3].translations["ru"].state == State.EMPTY
    assert [s.paragraph for s in view.segments] == [1, 1, 2, 2, 2]


def test_split_with_explicit_target_offsets(env: Env) -> None:
    article_id = _import(env)
    segments.split(
        env.session(),
        article_id=article_id,
        position=1,
        source_at=len("齐齐哈尔市召开会议。"),
        target_at={"en": 0, "ru": len(RU[0])},
        user_name="chen",
    )
    assert _texts(env, "en")[:2] == ["", EN[0]]
    assert _texts(env, "ru")[:2] == [RU[0], ""]
    first = _view(env).segments[0].translations["en"]
    assert first.state == State.EMPTY


@pytest.mark.parametrize(
    ("position", "source_at", "target_at", "message"),
    [
        (1, 0, None, "source text in both parts"),
        (1, len(ZH[0]), None, "source text in both parts"),
        (3, None, None, "say where to split"),
        (2, None, {"en": 5}, "single sentence"),
        (1, 3, {"en": 500}, "outside the en text"),
        (1, 3, {"de": 1}, "no de translation"),
        (9, 3, None, "no segment 9"),
    ],
)
def test_split_refuses_unclear_cuts_and_changes_nothing(
    env: Env, position: int, source_at: int | None, target_at: dict[str, int] | None, message: str
) -> None:
    article_id = _import(env)
    before = _state_of(env)
    with pytest.raises(TmtoolError, match=message):
        segments.split(
            env.session(),
            article_id=article_id,
            position=position,
            source_at=source_at,
            target_at=target_at,
            user_name="chen",
        )
    assert _state_of(env) == before


def test_split_of_an_approved_segment_drops_both_parts_to_translated(env: Env) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en", [1])
    segments.split(env.session(), article_id=article_id, position=1, source_at=10, user_name="chen")
    en = [s.translations["en"] for s in _view(env).segments[:2]]
    assert [c.state for c in en] == [State.TRANSLATED, State.TRANSLATED]
    ru = [s.translations["ru"] for s in _view(env).segments[:2]]
    assert [c.state for c in ru] == [State.DRAFT, State.DRAFT]


# -- merge -------------------------------------------------------------------------------------


def test_merge_with_next_joins_sources_and_texts_and_undo_restores_exactly(env: Env) -> None:
    article_id = _import(env)
    view = _view(env)
    second = view.segments[1]
    review.add_comment(
        env.session(), article_id=article_id, position=2, lang="en", body="Check", user_name="chen"
    )
    _save(env, 2, "en", "The city invested 9 billion yuan in all.", confirm=True)
    before = _state_of(env)
    done = segments.merge_with_next(
        env.session(), article_id=article_id, position=1, user_name="chen", seen=_seen(_view(env))
    )
    assert (done.action, done.position) == ("merge", 1)
    view = _view(env)
    assert len(view.segments) == 3
    _positions_are_dense(env)
    merged = view.segments[0]
    assert merged.source == ZH[0] + ZH[1]
    assert merged.translations["en"].text == EN[0] + " The city invested 9 billion yuan in all."
    # DRAFT + TRANSLATED gives the lower state.
    assert merged.translations["en"].state == State.DRAFT
    assert merged.translations["ru"].text == RU[0] + " " + RU[1]
    assert [s.source for s in view.segments[1:]] == [ZH[3], ZH[4]]
    assert _revisions(env, merged.translations["en"].id) == ["import", "merge"]
    with env.session() as session:
        assert session.get(Segment, second.id) is None
        comment = session.exec(select(Comment)).one()
        assert comment.segment_id == merged.id  # the comment went with the text
        operation = session.exec(select(SegmentOperation)).one()
        assert (operation.action, operation.user, operation.undone_at) == ("merge", "chen", None)
    segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    after = _state_of(env)
    # Everything is back, the deleted segment with its id, texts, comment and history.
    assert [r for r in after if r[0] != "revision"] == [r for r in before if r[0] != "revision"]
    assert [r for r in after if r in before] == before
    added = [r for r in after if r not in before]
    assert [r[2] for r in added] == ["merge", "merge", "undo-merge", "undo-merge"]
    _positions_are_dense(env)
    with env.session() as session:
        operation = session.exec(select(SegmentOperation)).one()
        assert operation.undone_by == "chen" and operation.undone_at is not None


def test_merge_across_a_paragraph_keeps_the_first_paragraph(env: Env) -> None:
    article_id = _import(env)
    segments.merge_with_next(env.session(), article_id=article_id, position=2, user_name="chen")
    view = _view(env)
    assert [s.paragraph for s in view.segments] == [1, 1, 2]
    assert view.segments[1].source == ZH[1] + ZH[3]


def test_merge_states_lower_and_empty_sides(env: Env) -> None:
    article_id = _import(env)
    _approve(env, article_id, "ru", [3, 4])
    _save(env, 3, "en", EN[3], confirm=True)  # TRANSLATED; segment 4 has no English
    segments.merge_with_next(env.session(), article_id=article_id, position=3, user_name="chen")
    merged = _view(env).segments[2]
    # Both approved, the text changed: at most TRANSLATED, as an edit would.
    assert merged.translations["ru"].state == State.TRANSLATED
    # An untranslated side counts as DRAFT: part of the source has no confirmed text.
    assert merged.translations["en"].text == EN[3]
    assert merged.translations["en"].state == State.DRAFT


def test_merge_refusals(env: Env) -> None:
    article_id = _import(env)
    with pytest.raises(TmtoolError, match="segment 4 is the last one"):
        segments.merge_with_next(env.session(), article_id=article_id, position=4, user_name="chen")
    users.add_user(env.session(), name="guest", roles=[Role.PUBLISHER])
    with pytest.raises(TmtoolError, match="needs the translator role"):
        segments.merge_with_next(
            env.session(), article_id=article_id, position=1, user_name="guest"
        )


def test_headline_is_never_merged_with_the_body(env: Env) -> None:
    from tmtool.formats import Document

    source = importing.from_documents(
        Document(title=None, paragraphs=["鹤城新闻", "齐齐哈尔市召开会议。"]), {}, title=None
    )
    article = importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en",), user_name="chen"
    )
    assert [s.paragraph for s in _view(env).segments] == [0, 1]
    assert article.id is not None
    with pytest.raises(TmtoolError, match="headline"):
        segments.merge_with_next(env.session(), article_id=article.id, position=1, user_name="chen")


# -- move --------------------------------------------------------------------------------------


def test_move_last_sentence_to_the_next_segment_and_back(env: Env) -> None:
    article_id = _import(env)
    before = _state_of(env)
    done = segments.move_sentence(
        env.session(),
        article_id=article_id,
        position=3,
        lang="en",
        direction="next",
        user_name="chen",
    )
    assert (done.action, done.positions) == ("move-next", (3, 4))
    assert _texts(env, "en")[2:] == [
        "Red-crowned cranes arrived in Zhalong.",
        "Many tourists came.",
    ]
    view = _view(env)
    assert view.segments[3].translations["en"].state == State.DRAFT  # was EMPTY
    assert view.segments[3].translations["en"].origin == "imported"
    assert _texts(env, "ru") == [RU[0], RU[1], RU[3], RU[4]]  # other languages untouched
    assert _revisions(env, view.segments[3].translations["en"].id) == ["move-sentence"]
    # And to the previous segment again: the first sentence goes to the end.
    segments.move_sentence(
        env.session(),
        article_id=article_id,
        position=4,
        lang="en",
        direction="previous",
        user_name="chen",
    )
    assert _texts(env, "en")[2:] == [EN[3], ""]
    assert _view(env).segments[3].translations["en"].state == State.EMPTY
    # Two undos, newest first, give the imported state back.
    segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    assert _texts(env, "en")[2:] == [
        "Red-crowned cranes arrived in Zhalong.",
        "Many tourists came.",
    ]
    segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    after = _state_of(env)
    assert [r for r in after if r[0] != "revision"] == [r for r in before if r[0] != "revision"]
    with pytest.raises(TmtoolError, match="no change of segments to undo in news"):
        segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    assert [v.undone for v in segments.history(env.session(), article_id=article_id)] == [
        True,
        True,
    ]


def test_move_refusals(env: Env) -> None:
    article_id = _import(env)
    with pytest.raises(TmtoolError, match="segment 1 is the first one"):
        segments.move_sentence(
            env.session(),
            article_id=article_id,
            position=1,
            lang="en",
            direction="previous",
            user_name="chen",
        )
    with pytest.raises(TmtoolError, match="segment 4 has no en text"):
        segments.move_sentence(
            env.session(),
            article_id=article_id,
            position=4,
            lang="en",
            direction="previous",
            user_name="chen",
        )


def test_moving_out_of_an_approved_translation_drops_it_to_translated(env: Env) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en", [1, 2])
    segments.move_sentence(
        env.session(),
        article_id=article_id,
        position=1,
        lang="en",
        direction="next",
        user_name="chen",
    )
    en = [s.translations["en"] for s in _view(env).segments[:2]]
    assert [c.text for c in en] == ["Qiqihar held a meeting.", "Sun Shen chaired it. " + EN[1]]
    assert [c.state for c in en] == [State.TRANSLATED, State.TRANSLATED]


# -- locking and undo refusals ------------------------------------------------------------------


def test_a_change_since_the_users_view_is_a_conflict(env: Env) -> None:
    article_id = _import(env)
    seen = _seen(_view(env))
    _save(env, 2, "ru", "Город вложил 9 млрд юаней в проекты.")
    before = _state_of(env)
    with pytest.raises(workflow.ConflictError) as caught:
        segments.merge_with_next(
            env.session(), article_id=article_id, position=1, user_name="chen", seen=seen
        )
    assert caught.value.current.lang == "ru"
    assert _state_of(env) == before
    # A segment that is no longer at its position.
    segments.split(env.session(), article_id=article_id, position=1, source_at=10, user_name="chen")
    stale = segments.Seen(segments=seen.segments)
    with pytest.raises(TmtoolError, match="no longer the one you were looking at"):
        segments.move_sentence(
            env.session(),
            article_id=article_id,
            position=3,
            lang="en",
            direction="next",
            user_name="chen",
            seen=stale,
        )


def test_undo_is_refused_when_a_later_edit_would_be_lost(env: Env) -> None:
    article_id = _import(env)
    segments.split(env.session(), article_id=article_id, position=1, source_at=10, user_name="chen")
    _save(env, 2, "en", "Sun Shen chaired the meeting.")
    before = _state_of(env)
    with pytest.raises(TmtoolError, match=r"chen changed segment 2 \(en\) after the split"):
        segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    assert _state_of(env) == before


def test_split_then_merge_then_two_undos(env: Env) -> None:
    article_id = _import(env)
    before = _state_of(env)
    segments.split(env.session(), article_id=article_id, position=1, source_at=10, user_name="chen")
    segments.merge_with_next(env.session(), article_id=article_id, position=2, user_name="chen")
    assert [s.source for s in _view(env).segments] == [
        "齐齐哈尔市召开会议。",
        "会议由孙珅主持。" + ZH[1],
        ZH[3],
        ZH[4],
    ]
    segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    after = _state_of(env)
    assert [r for r in after if r[0] != "revision"] == [r for r in before if r[0] != "revision"]
    _positions_are_dense(env)


def test_qa_results_are_current_and_dismissals_come_back_with_their_segment(env: Env) -> None:
    article_id = _import(env)
    _save(env, 2, "en", "The city invested 8 billion yuan.")
    found = quality.results(env.session(), article_id=article_id)
    wrong = [r for r in found if r.segment == 2 and r.lang == "en"]
    assert wrong, "the changed number is reported"
    quality.dismiss(env.session(), result_id=wrong[0].id, reason="as agreed", user_name="chen")
    segments.merge_with_next(env.session(), article_id=article_id, position=1, user_name="chen")
    with env.session() as session, session.begin():
        assert quality.refresh(session, [article_id]) == 0  # nothing stale left behind
        assert session.exec(select(QADismissal)).all() == []
    segments.undo_last(env.session(), article_id=article_id, user_name="chen")
    with env.session() as session, session.begin():
        assert quality.refresh(session, [article_id]) == 0
        dismissal = session.exec(select(QADismissal)).one()
        assert (dismissal.reason, dismissal.check) == ("as agreed", wrong[0].check)
        assert session.exec(select(QAIssue.id)).all()
    again = quality.results(env.session(), article_id=article_id, include_dismissed=True)
    assert [r.dismissed for r in again if r.segment == 2 and r.lang == "en"] == [True]


# -- command line ------------------------------------------------------------------------------


def _cli(env: Env, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(env.workspace.root), "--user", "chen", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_split_merge_move_undo_with_json(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    _import(env)
    before = _state_of(env)
    code, out, err = _cli(
        env, capsys, "segment", "split", "news", "--segment", "1", "--en-at", "24", "--json"
    )
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["operation"]["action"] == "split" and result["segment"] == 1
    assert result["count"] == 5
    assert [s["position"] for s in result["segments"]] == [1, 2]
    assert [s["translations"]["en"]["text"] for s in result["segments"]] == [
        "Qiqihar held a meeting.",
        "Sun Shen chaired it.",
    ]
    assert result["segments"][1]["translations"]["ru"] == {
        "text": "Его провёл Сунь Шэнь.",
        "state": "DRAFT",
        "version": 1,
        "origin": "imported",
        "flag": None,
    }
    code, out, _ = _cli(
        env,
        capsys,
        "segment",
        "move",
        "news",
        "--segment",
        "4",
        "--lang",
        "en",
        "--to",
        "next",
        "--json",
    )
    assert code == 0 and [s["position"] for s in json.loads(out)["segments"]] == [4, 5]
    code, out, _ = _cli(env, capsys, "segment", "merge", "news", "--segment", "1", "--json")
    merged = json.loads(out)
    assert code == 0 and merged["count"] == 4
    assert merged["segments"][0]["source"] == ZH[0]
    code, out, _ = _cli(env, capsys, "segment", "history", "news", "--json")
    assert [o["action"] for o in json.loads(out)["operations"]] == ["merge", "move-next", "split"]
    for _ in range(3):
        code, out, err = _cli(env, capsys, "segment", "undo", "news", "--json")
        assert (code, err) == (0, "") and json.loads(out)["operation"]["undone"] is True
    after = _state_of(env)
    assert [r for r in after if r[0] != "revision"] == [r for r in before if r[0] != "revision"]
    code, out, err = _cli(env, capsys, "segment", "undo", "news")
    assert (code, out) == (1, "")
    assert err == "tmtool: there is no change of segments to undo in news.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("merge", "news", "--segment", "4"), "segment 4 is the last one"),
        (("split", "news", "--segment", "1"), "say where to split segment 1"),
        (("split", "nope", "--segment", "1", "--at", "3"), "there is no article 'nope'"),
        (("move", "news", "--segment", "1", "--lang", "en", "--to", "previous"), "first one"),
    ],
)
def test_cli_errors_are_one_sentence(
    env: Env, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    _import(env)
    code, out, err = _cli(env, capsys, "segment", *args, "--json")
    assert (code, out) == (1, "")
    assert err.startswith("tmtool: ") and message in err and err.count("\n") == 1


def test_undo_brings_a_merged_segment_back_even_when_its_ids_were_taken(env: Env) -> None:
    article_id = _import(env)
    users.add_user(env.session(), name="li", roles=[Role.TRANSLATOR])
    last = _view(env).segments[3]
    segments.merge_with_next(env.session(), article_id=article_id, position=3, user_name="li")
    # SQLite hands the deleted (largest) ids to the next rows: another article takes them.
    source = importing.from_lines(["别的文章。"], {"ru": ["Другая статья."]}, title="x", names={})
    importing.import_article(
        env.session(), slug="other", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    segments.undo_last(env.session(), article_id=article_id, user_name="li")
    back = _view(env).segments[3]
    if env.url.startswith("sqlite"):
        assert back.id != last.id  # restored under a new id, its history remapped
    assert (back.position, back.paragraph, back.source) == (4, 2, ZH[4])
    assert {lang: c.text for lang, c in back.translations.items()} == {"en": "", "ru": RU[4]}
    assert back.translations["ru"].version == last.translations["ru"].version
    assert _revisions(env, back.translations["ru"].id) == ["import"]
    other = queries.article_view(env.session(), "other")
    assert [s.source for s in other.segments] == ["别的文章。"]
    assert other.segments[0].translations["ru"].text == "Другая статья."


def test_two_users_merging_the_same_segments_at_once_merge_once(env: Env) -> None:
    import threading

    article_id = _import(env)
    seen = _seen(_view(env))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def merge() -> None:
        session = env.session()
        barrier.wait()
        try:
            segments.merge_with_next(
                session, article_id=article_id, position=1, user_name="chen", seen=seen
            )
            outcomes.append("merged")
        except TmtoolError as exc:  # ConflictError is one too
            outcomes.append(type(exc).__name__)
        finally:
            session.close()

    threads = [threading.Thread(target=merge) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("merged") == 1
    assert sources_now(env) == [ZH[0] + ZH[1], ZH[3], ZH[4]]
    _positions_are_dense(env)


def sources_now(env: Env) -> list[str]:
    return [s.source for s in _view(env).segments]
