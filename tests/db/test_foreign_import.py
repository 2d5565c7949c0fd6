"""Files written by other tools become new articles; tmtool's own TMX goes back to its article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.conftest import Env
from tmtool.errors import TmtoolError
from tmtool.formats import Document, tmx
from tmtool.models import Article, Origin, Revision, Segment, State, Translation
from tmtool.services import exchange, foreign, importing, queries

DATA = Path(__file__).parent.parent / "data" / "exchange"


def _import(
    env: Env, path: Path, slug: str | None = None
) -> list[exchange.ImportReport] | foreign.NewArticle:
    return foreign.import_file(
        env.session(),
        data=path.read_bytes(),
        name=path.name,
        slug=slug,
        title=None,
        source_lang="zh",
        target_langs=("en", "ru"),
        user_name="chen",
    )


def _cells(env: Env, slug: str, lang: str) -> list[tuple[str, str, State, str]]:
    view = queries.article_view(env.session(), slug)
    return [
        (
            s.source,
            s.translations[lang].text,
            s.translations[lang].state,
            s.translations[lang].origin,
        )
        for s in view.segments
    ]


def _counts(env: Env) -> tuple[int, int, int]:
    with env.session() as s:
        return (
            len(s.exec(select(Article.id)).all()),
            len(s.exec(select(Translation.id)).all()),
            len(s.exec(select(Revision.id)).all()),
        )


def test_memoq_xliff_12_becomes_an_article_with_english_drafts(env: Env) -> None:
    made = _import(env, DATA / "memoq_export.xlf")
    assert isinstance(made, foreign.NewArticle)
    assert (made.slug, made.segments, made.drafts, made.tool) == (
        "memoq_export",
        4,
        {"en": 3},
        "MemoQ",
    )
    cells = _cells(env, "memoq_export", "en")
    assert cells[0][:2] == (
        "齐齐哈尔市2026年春季招聘会开幕",
        "Qiqihar opens its 2026 spring job fair",
    )
    # Whatever the other tool called it, a delivered target is a draft here until confirmed.
    assert {state for _s, text, state, _o in cells if text} == {State.DRAFT}
    assert {origin for _s, text, _st, origin in cells if text} == {Origin.IMPORTED.value}
    assert cells[2][1:3] == ("", State.EMPTY)
    assert {text for _s, text, _st, _o in _cells(env, "memoq_export", "ru")} == {""}


def test_poedit_po_becomes_an_article_with_russian_drafts(env: Env) -> None:
    made = _import(env, DATA / "poedit_ru.po", slug="gallery")
    assert isinstance(made, foreign.NewArticle)
    assert (made.slug, made.segments, made.drafts) == ("gallery", 3, {"ru": 2})
    cells = _cells(env, "gallery", "ru")
    assert cells[0][1] == "В Цицикаре прошло совещание по кампании «Четыре беспорядка»"


def test_omegat_tmx_becomes_an_article(env: Env) -> None:
    made = _import(env, DATA / "omegat_project_save.tmx")
    assert isinstance(made, foreign.NewArticle)
    assert made.segments == 3 and made.drafts == {"en": 3}


def test_tmx_11_with_both_languages_keeps_each_on_its_segment(env: Env) -> None:
    made = _import(env, DATA / "legacy_tmx11.tmx")
    assert isinstance(made, foreign.NewArticle)
    assert made.drafts == {"ru": 1, "en": 1}
    ru = [text for _s, text, _st, _o in _cells(env, made.slug, "ru")]
    en = [text for _s, text, _st, _o in _cells(env, made.slug, "en")]
    assert bool(ru[0]) != bool(ru[1]) and bool(en[0]) != bool(en[1]) and bool(ru[0]) != bool(en[0])


def test_a_source_in_another_language_is_refused_and_nothing_written(
    env: Env, tmp_path: Path
) -> None:
    before = _counts(env)
    english = tmp_path / "english.xlf"
    english.write_bytes(
        (DATA / "memoq_export.xlf")
        .read_bytes()
        .replace(b'source-language="zh-CN"', b'source-language="de"')
    )
    with pytest.raises(TmtoolError, match=r"^english.xlf translates from de, but this workspace"):
        _import(env, english)
    assert _counts(env) == before


def test_a_taken_slug_is_refused(env: Env) -> None:
    _import(env, DATA / "memoq_export.xlf")
    before = _counts(env)
    with pytest.raises(TmtoolError, match="exists already"):
        _import(env, DATA / "memoq_export.xlf")
    assert _counts(env) == before


def test_tmtool_tmx_updates_both_languages_of_its_article_at_once(env: Env, tmp_path: Path) -> None:
    zh = Document(title=None, paragraphs=["齐齐哈尔市召开会议。会议由孙珅主持。"])
    en = Document(title=None, paragraphs=["Qiqihar held a meeting. Sun Shen chaired it."])
    source = importing.from_documents(zh, {"en": en}, title=None)
    importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    path = exchange.export_exchange(
        env.session(),
        slug="news",
        fmt="tmx",
        langs=["en", "ru"],
        out_dir=tmp_path,
        user_name="chen",
    )[0].path
    entries = tmx.read(path.read_bytes(), name=path.name)
    entries[1].variants["en"] = "Sun Shen presided."
    entries[1].variants["ru"] = "Совещание провёл Сунь Шэнь."
    path.write_bytes(tmx.write(entries))
    reports = _import(env, path)
    assert isinstance(reports, list)
    assert sorted((r.lang, r.changed) for r in reports) == [("en", 1), ("ru", 1)]
    assert _cells(env, "news", "en")[1][1] == "Sun Shen presided."
    assert _cells(env, "news", "ru")[1][1] == "Совещание провёл Сунь Шэнь."
    with env.session() as s:
        assert len(s.exec(select(Article.id)).all()) == 1
        positions = s.exec(select(Segment.position).order_by(col(Segment.position))).all()
        assert list(positions) == [1, 2]


def test_cli_reports_a_new_article_as_json(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    from tmtool.cli import main

    code = main(
        [
            "--workspace",
            str(env.workspace.root),
            "--user",
            "chen",
            "import",
            str(DATA / "okapi_xliff20.xlf"),
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["created"] is True and out["segments"] == 3 and out["drafts"] == {"en": 2}
