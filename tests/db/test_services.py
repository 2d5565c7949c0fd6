"""Import, edit, review and export through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, func, select

from tests.conftest import Env
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.models import Article, Origin, Revision, Role, Segment, State, Translation
from tmtool.services import importing, publishing, queries, users, workflow

ZH = Document(
    title=None,
    paragraphs=["齐齐哈尔市召开会议。会议由孙珅主持。", "全市投资90亿元。项目进展顺利！"],
)
EN = Document(
    title=None,
    paragraphs=[
        "Qiqihar held a meeting. Sun Shen chaired it.",
        "The city invested 9 billion yuan. The projects are going well!",
    ],
)
RU = Document(title=None, paragraphs=["В Цицикаре прошло совещание. Его провёл Сунь Шэнь."])


def _import(env: Env, slug: str = "news") -> Article:
    source = importing.from_documents(ZH, {"en": EN, "ru": RU}, title=None)
    return importing.import_article(
        env.session(), slug=slug, source=source, target_langs=("en", "ru"), user_name="chen"
    )


def _cell(env: Env, position: int, lang: str) -> queries.CellView:
    view = queries.article_view(env.session(), "news")
    return view.segments[position - 1].translations[lang]


def test_import_segments_and_pairs_drafts(env: Env) -> None:
    _import(env)
    view = queries.article_view(env.session(), "news")
    assert [s.source for s in view.segments] == [
        "齐齐哈尔市召开会议。",
        "会议由孙珅主持。",
        "全市投资90亿元。",
        "项目进展顺利！",
    ]
    assert [s.paragraph for s in view.segments] == [1, 1, 2, 2]
    en = [s.translations["en"] for s in view.segments]
    assert [c.text for c in en] == [
        "Qiqihar held a meeting.",
        "Sun Shen chaired it.",
        "The city invested 9 billion yuan.",
        "The projects are going well!",
    ]
    assert {c.state for c in en} == {State.DRAFT}
    assert {c.origin for c in en} == {Origin.ALIGNED.value}
    assert all(c.flag is None for c in en)
    # The Russian draft lacks the second paragraph: its sentences go where they belong,
    # and the segments it does not translate are flagged.
    ru = [s.translations["ru"] for s in view.segments]
    assert [c.text for c in ru] == ["В Цицикаре прошло совещание.", "Его провёл Сунь Шэнь.", "", ""]
    assert ru[0].flag is None and ru[2].flag and ru[3].flag


def test_duplicate_slug_is_refused_and_leaves_nothing(env: Env) -> None:
    _import(env)
    with pytest.raises(TmtoolError, match="exists already"):
        _import(env)
    with env.session() as session:
        assert session.exec(select(func.count(col(Article.id)))).one() == 1
        assert session.exec(select(func.count(col(Segment.id)))).one() == 4


def test_failed_import_writes_nothing(env: Env) -> None:
    with env.session() as session:
        users.add_user(session, name="ghost", roles=[Role.REVIEWER])
    source = importing.from_documents(ZH, {"en": EN}, title=None)
    with pytest.raises(TmtoolError, match="not a user"):
        importing.import_article(
            env.session(), slug="x", source=source, target_langs=("en", "ru"), user_name="nobody"
        )
    with env.session() as session:
        assert session.exec(select(func.count(col(Segment.id)))).one() == 0


def test_confirm_records_revision_and_state(env: Env) -> None:
    _import(env)
    cell = _cell(env, 1, "en")
    saved = workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text="Qiqihar convened a meeting.",
        user_name="chen",
        confirm=True,
    )
    assert saved.state == State.TRANSLATED
    assert saved.version == cell.version + 1
    with env.session() as session:
        revisions = list(session.exec(select(Revision).where(Revision.translation_id == cell.id)))
    assert [r.action for r in revisions] == ["import", "confirm"]
    assert revisions[-1].old_text == "Qiqihar held a meeting."
    assert revisions[-1].new_text == "Qiqihar convened a meeting."
    assert (revisions[-1].old_state, revisions[-1].new_state) == (State.DRAFT, State.TRANSLATED)


def test_stale_version_is_a_conflict_not_a_lost_update(env: Env) -> None:
    _import(env)
    cell = _cell(env, 2, "en")
    workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text="First.",
        user_name="chen",
    )
    with pytest.raises(workflow.ConflictError) as caught:
        workflow.save_text(
            env.session(),
            translation_id=cell.id,
            expected_version=cell.version,
            text="Second.",
            user_name="chen",
        )
    assert caught.value.current.text == "First."
    assert _cell(env, 2, "en").text == "First."


def test_roles_are_enforced(env: Env) -> None:
    _import(env)
    with env.session() as session:
        users.add_user(session, name="ivanova", roles=[Role.TRANSLATOR])
    article_id = queries.article_view(env.session(), "news").id
    with pytest.raises(
        TmtoolError, match="ivanova is a translator; approving needs the reviewer role"
    ):
        workflow.review(
            env.session(),
            article_id=article_id,
            lang="en",
            positions=[1],
            user_name="ivanova",
            approve=True,
        )


def test_editing_approved_text_drops_it_to_translated(env: Env) -> None:
    _import(env)
    article_id = queries.article_view(env.session(), "news").id
    assert (
        workflow.review(
            env.session(),
            article_id=article_id,
            lang="en",
            positions=[1],
            user_name="chen",
            approve=True,
        )
        == 1
    )
    cell = _cell(env, 1, "en")
    assert cell.state == State.APPROVED
    saved = workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text="Changed.",
        user_name="chen",
    )
    assert saved.state == State.TRANSLATED


def test_reject_needs_a_comment(env: Env) -> None:
    _import(env)
    article_id = queries.article_view(env.session(), "news").id
    with pytest.raises(TmtoolError, match="needs a comment"):
        workflow.review(
            env.session(),
            article_id=article_id,
            lang="en",
            positions=[1],
            user_name="chen",
            approve=False,
        )
    workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=[1],
        user_name="chen",
        approve=False,
        comment="Use 'convened'.",
    )
    assert _cell(env, 1, "en").state == State.NEEDS_WORK
    summary = queries.list_articles(env.session(), ("en", "ru"))[0]
    assert summary.open_comments == 1


def test_final_export_needs_every_segment_approved(env: Env, tmp_path: Path) -> None:
    _import(env)
    with pytest.raises(TmtoolError, match="not finished"):
        publishing.export_article(
            env.session(),
            slug="news",
            fmt="txt",
            langs=["en"],
            out_dir=tmp_path / "out",
            user_name="chen",
        )
    assert not list((tmp_path / "out").glob("*.txt"))
    article_id = queries.article_view(env.session(), "news").id
    workflow.review(
        env.session(),
        article_id=article_id,
        lang="en",
        positions=None,
        user_name="chen",
        approve=True,
    )
    files = publishing.export_article(
        env.session(),
        slug="news",
        fmt="txt",
        langs=["en"],
        out_dir=tmp_path / "out",
        user_name="chen",
    )
    text = files[0].path.read_text(encoding="utf-8")
    assert "Qiqihar held a meeting. Sun Shen chaired it.\n\nThe city invested" in text
    assert "DRAFT" not in text
    with env.session() as session:
        states = set(session.exec(select(Translation.state).where(Translation.lang == "en")))
    assert states == {State.FINAL}


def test_draft_export_marks_itself_and_fills_gaps(env: Env, tmp_path: Path) -> None:
    _import(env)
    files = publishing.export_article(
        env.session(),
        slug="news",
        fmt="md",
        langs=["ru"],
        out_dir=tmp_path,
        user_name="chen",
        draft=True,
    )
    text = files[0].path.read_text(encoding="utf-8")
    assert "ЧЕРНОВИК" in text
    with env.session() as session:
        assert (
            session.exec(
                select(func.count(col(Translation.id))).where(Translation.state == State.FINAL)
            ).one()
            == 0
        )


def test_progress_counts_chinese_characters(env: Env) -> None:
    _import(env)
    cell = _cell(env, 1, "en")
    workflow.save_text(
        env.session(),
        translation_id=cell.id,
        expected_version=cell.version,
        text=cell.text,
        user_name="chen",
        confirm=True,
    )
    summary = queries.list_articles(env.session(), ("en", "ru"))[0]
    assert summary.characters == 9 + 7 + 7 + 6
    en = summary.progress["en"]
    assert en.segments[State.TRANSLATED] == 1
    assert en.share(State.TRANSLATED) == pytest.approx(100 * 9 / 29)
    assert not en.publishable


def test_headlines_become_paragraph_zero_and_title_the_export(env: Env, tmp_path: Path) -> None:
    zh = Document(title=None, paragraphs=["鹤城召开重点项目推进会", *ZH.paragraphs])
    en = Document(title="Crane City holds a meeting on key projects", paragraphs=EN.paragraphs)
    source = importing.from_documents(zh, {"en": en}, title=None)
    importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    view = queries.article_view(env.session(), "news")
    assert view.title == "鹤城召开重点项目推进会"
    assert [s.paragraph for s in view.segments] == [0, 1, 1, 2, 2]
    assert view.segments[0].translations["en"].text == en.title
    assert view.segments[1].translations["en"].text == "Qiqihar held a meeting."
    files = publishing.export_article(
        env.session(),
        slug="news",
        fmt="md",
        langs=["en", "zh"],
        out_dir=tmp_path,
        user_name="chen",
        draft=True,
    )
    assert "# Crane City holds a meeting on key projects\n" in files[0].path.read_text(
        encoding="utf-8"
    )
    assert "# 鹤城召开重点项目推进会\n" in files[1].path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("paragraph", "lang", "expected"),
    [
        ("孙珅到龙沙区调研重点项目", "zh", True),
        ("孙珅到龙沙区调研重点项目。", "zh", False),
        ("Sun Shen Inspects Key Projects in Longsha District", "en", True),
        ("Sun Shen inspected the projects.", "en", False),
        ("Сунь Шэнь осмотрел ключевые проекты в районе Лунша", "ru", True),
        ("“一企一策”助企纾困", "zh", True),
    ],
)
def test_headline_detection(paragraph: str, lang: str, expected: bool) -> None:
    assert importing.looks_like_title(paragraph, lang) is expected
