"""Translation memory on both databases: learning, lookups, analysis, pre-translation."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from tests.conftest import Env
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.models import Revision, Role, Segment, State, TMUnit, Translation
from tmtool.services import importing, tm, tm_articles, tm_cache, users, workflow
from tmtool.services.tm import Query
from tmtool.tm.files import Pair

ZH = ["齐齐哈尔市召开全市重点项目推进会。", "会议由孙珅主持。", "今年全市计划投资90亿元。"]
EN = ["Qiqihar held a meeting on key projects.", "Sun Shen chaired it.", "The city plans 9 bn."]


def add_article(env: Env, slug: str, zh: list[str], en: list[str] | None = None) -> int:
    drafts = {"en": Document(title=None, paragraphs=[" ".join(en)])} if en else {}
    source = importing.from_documents(
        Document(title=None, paragraphs=["".join(zh)]), drafts, title=None
    )
    article = importing.import_article(
        env.session(), slug=slug, source=source, target_langs=("en", "ru"), user_name="chen"
    )
    assert article.id is not None
    return article.id


def approve(env: Env, article_id: int, lang: str = "en") -> int:
    return workflow.review(
        env.session(),
        article_id=article_id,
        lang=lang,
        positions=None,
        user_name="chen",
        approve=True,
    )


def units(env: Env) -> list[TMUnit]:
    with env.session() as session:
        return list(session.exec(select(TMUnit).order_by(col(TMUnit.id))))


@pytest.fixture
def learned(env: Env) -> Env:
    """The three sentences approved in English."""
    article_id = add_article(env, "news", ZH, EN)
    assert approve(env, article_id) == 3
    return env


def test_approval_feeds_the_memory_with_context(learned: Env) -> None:
    stored = units(learned)
    assert [(u.source_text, u.target_lang, u.target_text) for u in stored] == list(
        zip(ZH, ["en"] * 3, EN, strict=True)
    )
    middle = stored[1]
    assert (middle.article, middle.creator, middle.origin) == ("news", "chen", "approved")
    assert middle.prev_hash == importing.source_hash(ZH[0])
    assert middle.next_hash == importing.source_hash(ZH[2])
    assert stored[0].prev_hash is None


def test_approving_the_same_pair_again_merges(learned: Env) -> None:
    article_id = add_article(learned, "again", ZH, EN)
    approve(learned, article_id)
    assert len(units(learned)) == 3
    assert {u.article for u in units(learned)} == {"again"}


def test_exact_in_context_and_fuzzy_matches(learned: Env) -> None:
    ws = learned.workspace
    h = importing.source_hash
    found = tm.lookup_many(
        learned.session(),
        workspace=ws,
        queries_=[
            Query(ZH[1], h(ZH[0]), h(ZH[2]), context=True),
            Query(ZH[1], None, None, context=True),
            Query("齐齐哈尔市召开全市重点项目推进会议。"),
            Query("完全不同的句子。"),
        ],
        lang="en",
    )
    assert [m.score for m in found[0]] == [101.0]
    assert [m.score for m in found[1]] == [100.0]
    assert found[2][0].target == EN[0]
    assert 90 < found[2][0].score < 100
    assert found[3] == []
    assert tm.search(learned.session(), workspace=ws, text=ZH[0], lang="ru") == []


def test_threshold_from_option_and_from_the_workspace(learned: Env) -> None:
    query = "齐齐哈尔市召开重点项目会。"
    score = tm.search(learned.session(), workspace=learned.workspace, text=query, threshold=50)[0]
    assert score.score < 90
    assert tm.search(learned.session(), workspace=learned.workspace, text=query, threshold=90) == []
    strict = type(learned.workspace)(
        root=learned.workspace.root,
        database=learned.workspace.database,
        extra={"tm": {"threshold": 95}},
    )
    assert tm.default_threshold(strict) == 95.0
    with pytest.raises(TmtoolError, match="from 1 to 100"):
        tm.search(learned.session(), workspace=learned.workspace, text=query, threshold=0)


def test_a_unit_added_later_is_found_and_the_index_survives_a_restart(learned: Env) -> None:
    ws = learned.workspace
    assert tm.search(learned.session(), workspace=ws, text="扎龙迎来丹顶鹤。") == []
    assert tm_cache.index_path(ws).is_file()
    tm.import_pairs(
        learned.session(),
        pairs=[Pair("zh", "扎龙迎来丹顶鹤。", "ru", "Прилетели журавли.")],
        user_name="chen",
    )
    assert tm.search(learned.session(), workspace=ws, text="扎龙迎来丹顶鹤")[0].lang == "ru"
    tm_cache.forget(ws)  # as a new process would: the file, then the units added since
    found = tm.search(learned.session(), workspace=ws, text="扎龙迎来了丹顶鹤。")
    assert found[0].target == "Прилетели журавли."
    with learned.session() as session, session.begin():
        session.delete(session.exec(select(TMUnit).where(TMUnit.target_lang == "ru")).one())
    tm_cache.forget(ws)
    assert tm.search(learned.session(), workspace=ws, text="扎龙迎来了丹顶鹤。") == []


def test_import_merges_duplicates(env: Env) -> None:
    pairs = [
        Pair("zh", ZH[0], "en", EN[0]),
        Pair("zh", ZH[0], "en", EN[0]),
        Pair("zh", ZH[0], "ru", "Совещание."),
    ]
    report = tm.import_pairs(env.session(), pairs=pairs, user_name="chen")
    assert (report.added, report.merged) == (2, 1)
    report = tm.import_pairs(env.session(), pairs=pairs, user_name="chen")
    assert (report.added, report.merged) == (0, 3)
    assert tm.unit_count(env.session()) == 2
    assert {p.target for p in tm.export_pairs(env.session())} == {EN[0], "Совещание."}


def test_concordance_searches_source_and_target(learned: Env) -> None:
    ws = learned.workspace
    by_source = tm.concordance(learned.session(), workspace=ws, phrase="孙珅")
    assert [m.target for m in by_source] == [EN[1]]
    by_target = tm.concordance(learned.session(), workspace=ws, phrase="key projects")
    assert [m.source for m in by_target] == [ZH[0]]
    assert tm.concordance(learned.session(), workspace=ws, phrase="100%") == []


def test_analyze_counts_segments_and_characters_per_band(learned: Env) -> None:
    add_article(learned, "next", [ZH[0], ZH[1], "今年全市计划投资95亿元。", "扎龙迎来丹顶鹤。"])
    result = tm_articles.analyze(
        learned.session(), workspace=learned.workspace, slug="next", workers=1
    )
    en = result.langs["en"]
    assert (result.segments, en["exact"].segments, en["context"].segments) == (4, 1, 1)
    assert en["95-99"].segments + en["85-94"].segments == 1
    assert en["none"].segments == 1
    assert en["none"].characters == 7
    assert (
        sum(c.segments for c in result.langs["ru"].values()) == result.langs["ru"]["none"].segments
    )


def test_pretranslate_fills_empty_segments_as_tm_drafts(learned: Env) -> None:
    article_id = add_article(learned, "next", [ZH[1], "今年全市计划投资95亿元。"])
    report = tm_articles.pretranslate(
        learned.session(), workspace=learned.workspace, slug="next", lang="en", user_name="chen"
    )
    assert (report.filled, report.empty) == (1, 2)
    report = tm_articles.pretranslate(
        learned.session(),
        workspace=learned.workspace,
        slug="next",
        lang="en",
        user_name="chen",
        threshold=80,
    )
    assert (report.filled, report.empty) == (1, 1)
    with learned.session() as session:
        rows = session.exec(
            select(Translation, Segment)
            .join(Segment, col(Segment.id) == col(Translation.segment_id))
            .where(Segment.article_id == article_id, Translation.lang == "en")
            .order_by(col(Segment.position))
        ).all()
        assert [(t.text, t.state, t.origin) for t, _ in rows] == [
            (EN[1], State.DRAFT, "tm"),
            (EN[2], State.DRAFT, "tm"),
        ]
        actions = session.exec(
            select(Revision.action).where(col(Revision.translation_id).in_([t.id for t, _ in rows]))
        ).all()
        assert actions == ["pretranslate", "pretranslate"]


def test_pretranslate_shares_lookups_between_processes(
    learned: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tm, "PARALLEL_FROM", 1)
    add_article(learned, "next", [ZH[1], "今年全市计划投资95亿元。", ZH[0]])
    report = tm_articles.pretranslate(
        learned.session(),
        workspace=learned.workspace,
        slug="next",
        lang="en",
        user_name="chen",
        threshold=80,
        workers=2,
    )
    assert (report.filled, report.empty) == (3, 3)


def test_pretranslate_needs_an_editor_and_a_target_language(learned: Env) -> None:
    users.add_user(learned.session(), name="pub", roles=[Role.PUBLISHER])
    with pytest.raises(TmtoolError, match="needs the translator role"):
        tm_articles.pretranslate(
            learned.session(), workspace=learned.workspace, slug="news", lang="en", user_name="pub"
        )
    with pytest.raises(TmtoolError, match="not a target language"):
        tm_articles.pretranslate(
            learned.session(), workspace=learned.workspace, slug="news", lang="fr", user_name="chen"
        )
