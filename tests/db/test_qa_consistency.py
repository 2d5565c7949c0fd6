"""Article-level QA on both databases: consistency with peers and the TM, learned lengths."""

from __future__ import annotations

from sqlmodel import col, select

from tests.conftest import Env
from tmtool.formats import Document
from tmtool.models import Segment, State, TMUnit, Translation
from tmtool.services import importing, quality, queries, workflow
from tmtool.services.qa_context import ContextReader
from tmtool.services.qa_store import term_index

ZH = Document(
    title=None,
    paragraphs=["会议由孙珅主持。会议结束。", "全市投资9亿元。会议结束。", "鹤城迎来游客。"],
)
EN = Document(
    title=None,
    paragraphs=[
        "Sun Shen chaired the meeting. The meeting ended.",
        "The city invested 900 million yuan. The meeting closed.",
        "The meeting ended.",
    ],
)


def _import(env: Env, slug: str = "news", zh: Document = ZH, en: Document = EN) -> int:
    source = importing.from_documents(zh, {"en": en}, title=None)
    article = importing.import_article(
        env.session(), slug=slug, source=source, target_langs=("en",), user_name="chen"
    )
    assert article.id is not None
    return article.id


def _found(env: Env, article_id: int, check: str) -> list[tuple[int, str]]:
    return [
        (r.segment, r.message)
        for r in quality.results(env.session(), article_id=article_id, lang="en")
        if r.check == check
    ]


def _save(env: Env, position: int, text: str) -> None:
    cell = queries.article_view(env.session(), "news").segments[position - 1].translations["en"]
    workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text=text,
        user_name="chen",
    )


def test_same_source_translated_differently_warns_on_both_and_clears_together(env: Env) -> None:
    article_id = _import(env)
    found = _found(env, article_id, "inconsistent_translation")
    assert [position for position, _ in found] == [2, 4]
    assert "Segment 4 has the same source, translated “The meeting closed.”" in found[0][1]
    assert all(
        r.severity == "warning"
        for r in quality.results(env.session(), article_id=article_id)
        if r.check.startswith("inconsistent")
    )
    _save(env, 4, "The meeting ended.")
    # The save recomputes segment 4; segment 2 depends on it and is recomputed by the report.
    assert _found(env, article_id, "inconsistent_translation") == []


def test_one_translation_for_two_sources_warns(env: Env) -> None:
    article_id = _import(env)
    # 鹤城迎来游客。 (5) is translated "The meeting ended.", like 会议结束。 (2).
    found = _found(env, article_id, "inconsistent_source")
    assert [position for position, _ in found] == [2, 5]
    assert "Segment 5 has the same translation for another source" in found[0][1]


def test_approved_tm_units_of_other_articles_count_and_the_article_own_do_not(env: Env) -> None:
    article_id = _import(env)
    assert not [m for p, m in _found(env, article_id, "inconsistent_translation") if p == 3]
    with env.session() as session, session.begin():
        for article, target in (
            ("other", "The city put 900 million yuan into it."),
            ("news", "Something else entirely."),
        ):
            session.add(
                TMUnit(
                    source_text="全市投资9亿元。",
                    source_hash=importing.source_hash("全市投资9亿元。"),
                    target_lang="en",
                    target_text=target,
                    target_hash=importing.source_hash(target),
                    article=article,
                )
            )
    found = [m for p, m in _found(env, article_id, "inconsistent_translation") if p == 3]
    assert found == [
        "The translation memory has this source approved as “The city put 900 million yuan "
        "into it.”."
    ]


def test_the_length_model_is_learned_from_enough_approved_pairs(env: Env) -> None:
    paragraphs = [f"第{n}次会议在龙沙区召开，研究部署了重点工作。" for n in range(1, 61)]
    targets = [
        f"Meeting No. {n} was held in Longsha District to plan key tasks." for n in range(1, 61)
    ]
    article_id = _import(env, "many", Document(None, paragraphs), Document(None, targets))
    with env.session() as session, session.begin():
        reader = ContextReader(session, term_index(session)[1])
        assert (
            reader.prepare(article_id, "en", 1, paragraphs[0], targets[0]).length.basis == "article"
        )  # type: ignore[union-attr]
        for translation in session.exec(
            select(Translation)
            .join(Segment, col(Translation.segment_id) == col(Segment.id))
            .where(Segment.article_id == article_id)
        ):
            translation.state = int(State.APPROVED)
            session.add(translation)
    with env.session() as session, session.begin():
        reader = ContextReader(session, term_index(session)[1])
        model = reader.prepare(article_id, "en", 1, paragraphs[0], targets[0]).length
        assert model is not None and (model.basis, model.pairs) == ("workspace", 60)
