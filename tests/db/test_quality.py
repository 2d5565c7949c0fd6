"""Stored QA results: recomputation, dismissals, the gates and the report, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.conftest import Env
from tmtool.cli import main
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.formats.termbase import TermEntry, TermStatus
from tmtool.models import QADismissal, QAIssue, QARun, Role, State
from tmtool.services import (
    importing,
    publishing,
    quality,
    queries,
    review,
    terminology,
    users,
    workflow,
)

ZH = Document(
    title=None,
    paragraphs=["齐齐哈尔市召开会议。会议由孙珅主持。", "全市投资90亿元。鹤城迎来游客。"],
)
EN = Document(
    title=None,
    paragraphs=[
        "Qiqihar held a meeting. Sun Shen chaired it.",
        "The city invested 90 billion yuan. Crane Town welcomed visitors.",
    ],
)
ERROR_SENTENCE = (
    "news (en) has 1 open QA error (first: segment 3, number_mismatch); "
    "fix or dismiss them, or use --draft."
)


def _import(env: Env, langs: tuple[str, ...] = ("en",)) -> int:
    source = importing.from_documents(ZH, {"en": EN}, title=None)
    article = importing.import_article(
        env.session(), slug="news", source=source, target_langs=langs, user_name="chen"
    )
    assert article.id is not None
    return article.id


def _cell(env: Env, position: int, lang: str = "en") -> queries.CellView:
    return queries.article_view(env.session(), "news").segments[position - 1].translations[lang]


def _save(env: Env, position: int, text: str, *, confirm: bool = False) -> None:
    cell = _cell(env, position)
    workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text=text,
        user_name="chen",
        confirm=confirm,
    )


def _stored(env: Env, position: int) -> list[str]:
    """The checks of the stored results of one translation, read straight from the table."""
    cell = _cell(env, position)
    with env.session() as session:
        return sorted(
            session.exec(select(QAIssue.check).where(QAIssue.translation_id == cell.id)).all()
        )


def _errors(env: Env, article_id: int) -> list[tuple[int, str]]:
    return [
        (r.segment, r.check)
        for r in quality.open_errors(env.session(), article_id=article_id, lang="en")
    ]


def _add_glossary(env: Env) -> None:
    terminology.save_concept(
        env.session(),
        concept_id=None,
        terms=[
            TermEntry("zh", "鹤城"),
            TermEntry("en", "Crane City"),
            TermEntry("en", "Crane Town", status=TermStatus.DEPRECATED),
        ],
        user_name="chen",
    )


def test_results_are_stored_at_import_and_recomputed_on_save(env: Env) -> None:
    article_id = _import(env)
    assert _stored(env, 3) == ["number_mismatch"]  # computed in the import's transaction
    assert _stored(env, 1) == []
    with env.session() as session:
        runs = session.exec(select(QARun)).all()
    assert len(runs) == 4  # every translation has a run, including results-free ones
    _save(env, 3, "The city invested 9 billion yuan.")
    assert _stored(env, 3) == []  # recomputed by the save itself
    assert _errors(env, article_id) == []
    _save(env, 3, "The city invested 19 billion yuan.")
    assert _stored(env, 3) == ["number_mismatch"]
    result = quality.results(env.session(), article_id=article_id, lang="en")[0]
    assert (result.segment, result.lang, result.severity) == (3, "en", "error")
    assert result.message == "90亿 is 9 billion; the target has 19 billion."
    assert not result.dismissed


def test_empty_translations_get_no_results(env: Env) -> None:
    article_id = _import(env, langs=("en", "ru"))
    assert quality.results(env.session(), article_id=article_id, lang="ru") == []
    _save(env, 3, "")
    assert _stored(env, 3) == []


def test_dismissal_hides_a_result_and_undo_brings_it_back(env: Env) -> None:
    article_id = _import(env)
    users.add_user(env.session(), name="li", roles=[Role.TRANSLATOR])
    users.add_user(env.session(), name="wang", roles=[Role.REVIEWER])
    (result,) = quality.results(env.session(), article_id=article_id, lang="en")
    with pytest.raises(TmtoolError, match=r"^a dismissal needs a reason \(--reason\)\.$"):
        quality.dismiss(env.session(), result_id=result.id, reason=" ", user_name="wang")
    with pytest.raises(TmtoolError, match="needs the reviewer role"):
        quality.dismiss(env.session(), result_id=result.id, reason="fine", user_name="li")
    dismissal = quality.dismiss(
        env.session(), result_id=result.id, reason="the source is a typo", user_name="wang"
    )
    assert (dismissal.user, dismissal.reason, dismissal.undone_at) == (
        "wang",
        "the source is a typo",
        None,
    )
    assert quality.results(env.session(), article_id=article_id) == []
    (hidden,) = quality.results(env.session(), article_id=article_id, include_dismissed=True)
    assert (hidden.id, hidden.dismissed, hidden.dismissal_reason) == (
        result.id,
        True,
        "the source is a typo",
    )
    with pytest.raises(TmtoolError, match="is dismissed already"):
        quality.dismiss(env.session(), result_id=result.id, reason="again", user_name="wang")
    undone = quality.undo_dismissal(env.session(), result_id=result.id, user_name="chen")
    assert (undone.id, undone.undone_by) == (dismissal.id, "chen")
    assert undone.undone_at is not None
    assert [r.id for r in quality.results(env.session(), article_id=article_id)] == [result.id]
    with pytest.raises(TmtoolError, match="is undone already"):
        quality.undo_dismissal(env.session(), dismissal_id=dismissal.id, user_name="chen")
    with env.session() as session:
        recorded = session.exec(select(QADismissal)).one()
    assert (recorded.user, recorded.reason, recorded.undone_by) == (
        "wang",
        "the source is a typo",
        "chen",
    )


def test_a_dismissal_survives_recomputation_of_the_same_problem(env: Env) -> None:
    article_id = _import(env)
    (result,) = quality.results(env.session(), article_id=article_id)
    quality.dismiss(env.session(), result_id=result.id, reason="agreed", user_name="chen")
    _save(env, 3, "The city invested 90 billion yuan!")  # same problem, new text
    assert _errors(env, article_id) == []
    _save(env, 3, "The city invested 91 billion yuan.")  # another problem: open again
    assert _errors(env, article_id) == [(3, "number_mismatch")]


def test_publishing_gate_refuses_until_fixed(env: Env, tmp_path: Path) -> None:
    article_id = _import(env)
    workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=None,
        user_name="chen",
        approve=True,
    )

    def export(draft: bool = False) -> list[publishing.ExportedFile]:
        return publishing.export_article(
            env.session(),
            slug="news",
            fmt="txt",
            langs=["en"],
            out_dir=tmp_path / "out",
            user_name="chen",
            draft=draft,
        )

    with pytest.raises(TmtoolError) as refused:
        export()
    assert str(refused.value) == ERROR_SENTENCE
    assert export(draft=True)[0].draft  # a draft is always possible
    _save(env, 3, "The city invested 9 billion yuan.")
    workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=[3],
        user_name="chen",
        approve=True,
    )
    assert not export()[0].draft
    assert _cell(env, 3).state == State.FINAL


def test_publishing_gate_passes_after_dismissal(env: Env, tmp_path: Path) -> None:
    article_id = _import(env)
    workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=None,
        user_name="chen",
        approve=True,
    )
    (progress,) = [r.progress["en"] for r in queries.list_articles(env.session(), ("en",))]
    assert (progress.qa_errors, progress.publishable) == (1, False)
    (result,) = quality.open_errors(env.session(), article_id=article_id, lang="en")
    quality.dismiss(env.session(), result_id=result.id, reason="checked", user_name="chen")
    (progress,) = [r.progress["en"] for r in queries.list_articles(env.session(), ("en",))]
    assert (progress.qa_errors, progress.publishable) == (0, True)
    files = publishing.export_article(
        env.session(),
        slug="news",
        fmt="txt",
        langs=["en"],
        out_dir=tmp_path / "out",
        user_name="chen",
    )
    assert [f.lang for f in files] == ["en"]


def test_bulk_candidates_leave_out_qa_errors(env: Env) -> None:
    article_id = _import(env)
    for position in (1, 2, 3, 4):
        _save(env, position, _cell(env, position).text, confirm=True)
    assert review.bulk_approve_candidates(env.session(), article_id=article_id, lang="en") == [
        1,
        2,
        4,
    ]
    _save(env, 3, "The city invested 9 billion yuan.", confirm=True)
    assert review.bulk_approve_candidates(env.session(), article_id=article_id, lang="en") == [
        1,
        2,
        3,
        4,
    ]


def test_glossary_change_makes_results_stale(env: Env) -> None:
    article_id = _import(env)
    assert _errors(env, article_id) == [(3, "number_mismatch")]
    _add_glossary(env)
    # Nothing was recomputed by the glossary edit; the report notices the new stamp.
    assert _stored(env, 4) == []
    assert _errors(env, article_id) == [
        (3, "number_mismatch"),
        (4, "term_forbidden"),
        (4, "term_missing"),
    ]
    assert _stored(env, 4) == ["term_forbidden", "term_missing"]
    _save(env, 4, "Crane City welcomed visitors.")
    assert _errors(env, article_id) == [(3, "number_mismatch")]
    assert quality.ensure_current(env.session(), article_id=article_id) == 0
    concept = terminology.search_concepts(env.session(), "鹤城")[0]
    terminology.save_concept(
        env.session(),
        concept_id=concept.id,
        terms=[TermEntry("zh", "鹤城"), TermEntry("en", "City of Cranes")],
        user_name="chen",
    )
    assert quality.ensure_current(env.session(), article_id=article_id) == 4
    assert _errors(env, article_id) == [(3, "number_mismatch"), (4, "term_missing")]


def test_qa_command_json_shape_and_dismissal(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    _import(env)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--workspace", str(env.workspace.root), "--user", "chen", *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run("qa", "news", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert list(report) == ["results"]
    (item,) = report["results"]
    required = {"check", "severity", "segment", "lang", "start", "end", "message"}
    assert required <= set(item)
    assert {k: item[k] for k in required} == {
        "check": "number_mismatch",
        "severity": "error",
        "segment": 3,
        "lang": "en",
        "start": 18,
        "end": 28,
        "message": "90亿 is 9 billion; the target has 90 billion.",
    }
    code, out, _ = run("qa", "news", "--lang", "ru", "--json")
    assert (code, json.loads(out)) == (0, {"results": []})
    code, out, _ = run("qa", "news")
    assert code == 0
    assert out.splitlines() == [
        f"#{item['id']} [3 en] ✗ error number_mismatch 18-28: "
        "90亿 is 9 billion; the target has 90 billion."
    ]
    code, out, err = run("qa", "dismiss", str(item["id"]))
    assert code != 0
    assert "--reason" in err
    code, out, err = run("qa", "dismiss", str(item["id"]), "--reason", "known", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["reason"] == "known"
    code, out, _ = run("qa", "news", "--json")
    assert json.loads(out) == {"results": []}
    code, out, _ = run("qa", "news", "--all", "--json")
    assert json.loads(out)["results"][0]["dismissed"] is True
    code, out, err = run("qa", "undo", str(item["id"]))
    assert (code, err) == (0, "")
    assert out.startswith("Undid dismissal #")
    code, out, _ = run("qa", "news", "--json")
    assert len(json.loads(out)["results"]) == 1
    code, _, err = run("qa", "undo", "999999")
    assert (code, err) == (
        1,
        "tmtool: there is no QA result with id 999999; `tmtool qa SLUG --all` lists them.\n",
    )
    code, out, _ = run("articles", "--json")
    progress = json.loads(out)["articles"][0]["progress"]["en"]
    assert (progress["qa_errors"], progress["qa_warnings"], progress["publishable"]) == (
        1,
        0,
        False,
    )


def test_results_need_a_known_article(env: Env) -> None:
    with pytest.raises(TmtoolError, match=r"^there is no article with id 999\.$"):
        quality.results(env.session(), article_id=999)
    with env.session() as session:
        assert session.exec(select(col(QAIssue.id))).all() == []
