"""DOCX, parallel and bundle exports through the service and the CLI, on both databases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import lxml.html
import pytest
from sqlmodel import col, func, select

from tests.conftest import Env
from tmtool.cli import main
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.formats.base import DRAFT_NOTICES, draft_notice
from tmtool.models import Article, Publication, Role, State, Translation
from tmtool.services import importing, publishing, queries, users, workflow

ZH = Document(
    title=None,
    paragraphs=[
        "鹤城召开重点项目推进会",
        "齐齐哈尔市召开会议。会议由孙珅主持。",
        "全市投资90亿元。",
    ],
)
EN = Document(
    title="Crane City holds a meeting on key projects",
    paragraphs=[
        "Qiqihar held a meeting. Sun Shen chaired it <script>alert(1)</script>.",
        "The city invested 9 billion yuan.",
    ],
)
RU = Document(
    title="В Городе журавлей прошло совещание по ключевым проектам",
    paragraphs=["В Цицикаре прошло совещание. Его провёл Сунь Шэнь.", "Инвестиции — 9 млрд юаней."],
)
ALL_FORMATS = sorted(publishing.PUBLISH_FORMATS)


def _import(env: Env, slug: str = "news") -> int:
    source = importing.from_documents(ZH, {"en": EN, "ru": RU}, title=None)
    article = importing.import_article(
        env.session(), slug=slug, source=source, target_langs=("en", "ru"), user_name="chen"
    )
    assert article.id is not None
    return article.id


def _approve(env: Env, article_id: int, *langs: str) -> None:
    for lang in langs:
        workflow.review(
            env.session(),
            article_id=article_id,
            lang=lang,
            positions=None,
            user_name="chen",
            approve=True,
        )


def _export(
    env: Env, out: Path, fmt: str, *, user: str = "zhao", draft: bool = False
) -> list[publishing.ExportedFile]:
    return publishing.export_article(
        env.session(),
        slug="news",
        fmt=fmt,
        langs=["en", "ru"],
        out_dir=out,
        user_name=user,
        draft=draft,
    )


def _publications(env: Env) -> list[Publication]:
    with env.session() as session:
        return list(session.exec(select(Publication).order_by(col(Publication.id))))


def _states(env: Env) -> set[State]:
    with env.session() as session:
        return {State(s) for s in session.exec(select(Translation.state))}


def _text(path: Path) -> str:
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for section in document.sections:
            parts += [p.text for p in section.header.paragraphs]
        return "\n".join(parts)
    return path.read_bytes().decode("utf-8-sig")


@pytest.fixture
def publisher(env: Env) -> str:
    with env.session() as session:
        users.add_user(session, name="zhao", roles=[Role.PUBLISHER])
        users.add_user(session, name="li", roles=[Role.TRANSLATOR])
    return "zhao"


@pytest.mark.usefixtures("publisher")
@pytest.mark.parametrize("fmt", ["docx", "parallel-html", "parallel-csv", "bundle"])
def test_final_export_records_publications_and_finalises(
    env: Env, tmp_path: Path, fmt: str
) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en", "ru")
    files = _export(env, tmp_path / "out", fmt)
    assert all(f.path.parent == (tmp_path / "out").resolve() for f in files)
    assert all(f.path.is_file() for f in files)
    publications = _publications(env)
    assert sorted(p.lang for p in publications) == ["en", "ru"]
    assert {p.user for p in publications} == {"zhao"}
    assert {p.format for p in publications} == {fmt}
    by_path = {str(f.path): f.checksum for f in files}
    assert all(by_path[p.path] == p.checksum for p in publications)
    assert _states(env) == {State.FINAL}
    for f in files:
        text = _text(f.path)
        assert not any(notice in text for notice in DRAFT_NOTICES.values())


@pytest.mark.usefixtures("publisher")
def test_docx_per_language(env: Env, tmp_path: Path) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en", "ru")
    files = _export(env, tmp_path, "docx")
    assert [(f.lang, f.path.name) for f in files] == [
        ("en", "news.en.docx"),
        ("ru", "news.ru.docx"),
    ]
    document = docx.Document(str(files[1].path))
    assert document.paragraphs[0].text == RU.title
    assert document.paragraphs[1].text == RU.paragraphs[0]
    assert document.core_properties.language == "ru-RU"


@pytest.mark.usefixtures("publisher")
def test_parallel_tables_name_their_languages(env: Env, tmp_path: Path) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en")
    (file,) = publishing.export_article(
        env.session(),
        slug="news",
        fmt="parallel-csv",
        langs=["en"],
        out_dir=tmp_path,
        user_name="zhao",
    )
    assert (file.path.name, file.lang) == ("news.zh-en.csv", "zh,en")
    rows = list(csv.reader(io.StringIO(file.path.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == ["position", "paragraph", "zh", "en"]
    assert rows[1] == ["1", "0", "鹤城召开重点项目推进会", EN.title]
    assert [r[1] for r in rows[1:]] == ["0", "1", "1", "2"]
    assert [p.lang for p in _publications(env)] == ["en"]


@pytest.mark.usefixtures("publisher")
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_draft_export_marks_every_output_and_changes_nothing(
    env: Env, tmp_path: Path, fmt: str
) -> None:
    _import(env)
    files = _export(env, tmp_path, fmt, user="li", draft=True)
    for f in files:
        if f.path.suffix in (".css", ".json"):
            continue
        text = _text(f.path)
        langs = f.lang.split(",") if f.lang else ["zh"]
        assert all(draft_notice(lang) in text for lang in langs), f.path.name
    assert _publications(env) == []
    assert State.FINAL not in _states(env)


@pytest.mark.usefixtures("publisher")
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_unfinished_final_export_is_refused_and_writes_nothing(
    env: Env, tmp_path: Path, fmt: str
) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en")
    out = tmp_path / "out"
    with pytest.raises(TmtoolError, match=r"^news \(ru\) is not finished: .*use --draft"):
        _export(env, out, fmt)
    assert list(out.iterdir()) == []
    assert _publications(env) == []
    assert State.FINAL not in _states(env)


@pytest.mark.usefixtures("publisher")
@pytest.mark.parametrize("fmt", ["docx", "parallel-tsv", "bundle"])
def test_translator_may_only_export_drafts(env: Env, tmp_path: Path, fmt: str) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en", "ru")
    with pytest.raises(
        TmtoolError, match=r"^li is a translator; publishing needs the publisher role"
    ):
        _export(env, tmp_path / "out", fmt, user="li")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert _export(env, tmp_path / "out", fmt, user="li", draft=True)


@pytest.mark.usefixtures("publisher")
@pytest.mark.parametrize("fmt", ["docx", "parallel-html", "bundle"])
def test_slug_cannot_escape_the_output_folder(env: Env, tmp_path: Path, fmt: str) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en", "ru")
    with env.session() as session, session.begin():
        article = session.get(Article, article_id)
        assert article is not None
        article.slug = "../../escaped"
    out = tmp_path / "a" / "out"
    with pytest.raises(TmtoolError, match="refusing to write outside"):
        publishing.export_article(
            env.session(),
            slug="../../escaped",
            fmt=fmt,
            langs=["en"],
            out_dir=out,
            user_name="zhao",
        )
    assert [p for p in (tmp_path / "a").rglob("*") if p.is_file()] == []
    assert not (tmp_path / "escaped.en.docx").exists()
    assert _publications(env) == []


@pytest.mark.usefixtures("publisher")
def test_empty_article_exports(env: Env, tmp_path: Path) -> None:
    with env.session() as session, session.begin():
        session.add(Article(slug="news", title="空文章", origin="test"))
    for fmt in ALL_FORMATS:
        files = _export(env, tmp_path / fmt, fmt)
        assert files, fmt
    page = (tmp_path / "bundle" / "news.ru.html").read_text(encoding="utf-8")
    assert "<h1>空文章</h1>" in page


@pytest.mark.usefixtures("publisher")
def test_bundle_index_grows_with_each_article(env: Env, tmp_path: Path) -> None:
    first = _import(env, "news")
    second = _import(env, "second")
    _approve(env, first, "en", "ru")
    _export(env, tmp_path, "bundle")
    publishing.export_article(
        env.session(),
        slug="second",
        fmt="bundle",
        langs=["en"],
        out_dir=tmp_path,
        user_name="zhao",
        draft=True,
    )
    assert second
    root = lxml.html.document_fromstring((tmp_path / "index.html").read_bytes())
    assert sorted(root.xpath("//li/@id")) == ["news", "second"]
    assert root.xpath("//li[@id='second']//a[@hreflang]/@href") == [
        "second.zh.html",
        "second.en.html",
    ]
    assert len(root.xpath("//li[@id='second']//*[@class='label']")) == 1
    manifest = json.loads((tmp_path / "tmtool-bundle.json").read_text(encoding="utf-8"))
    assert [a["slug"] for a in manifest["articles"]] == ["news", "second"]
    page = lxml.html.document_fromstring((tmp_path / "news.en.html").read_bytes())
    footer = page.xpath("//footer")[0].text_content()
    assert "zhao" in footer and "sha256:" in footer
    assert page.xpath("//footer//dd")[2].text_content() == "1"
    assert "<script>alert(1)</script>" not in (tmp_path / "news.en.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.usefixtures("publisher")
def test_bundle_refuses_a_foreign_index(env: Env, tmp_path: Path) -> None:
    _import(env)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the site's own index</p>", encoding="utf-8")
    with pytest.raises(TmtoolError, match=r"index\.html that tmtool did not write"):
        _export(env, site, "bundle", draft=True)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


@pytest.mark.usefixtures("publisher")
def test_cli_export_bundle_json_and_refusal(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(env)
    base = ["--workspace", str(env.workspace.root)]
    out = tmp_path / "site"
    code = main([*base, "--user", "zhao", "export", "news", "--format", "bundle", "--lang", "en,ru",
                 "--out", str(out)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith("tmtool: news (en) is not finished:")
    assert captured.err.count("\n") == 1
    assert not out.exists() or list(out.iterdir()) == []
    code = main([*base, "--user", "li", "export", "news", "--format", "bundle", "--lang", "en,ru",
                 "--out", str(out), "--draft", "--json"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    names = [Path(f["path"]).name for f in json.loads(captured.out)["files"]]
    assert names[:3] == ["news.zh.html", "news.en.html", "news.ru.html"]
    assert set(names[3:]) == {"index.html", "tmtool-bundle.css", "tmtool-bundle.json"}
    view = queries.article_view(env.session(), "news")
    assert len(view.segments) == 4
    with env.session() as session:
        assert session.exec(select(func.count(col(Publication.id)))).one() == 0


@pytest.mark.usefixtures("publisher")
def test_draft_bundle_does_not_replace_the_published_one(env: Env, tmp_path: Path) -> None:
    article_id = _import(env)
    _approve(env, article_id, "en", "ru")
    _export(env, tmp_path, "bundle")
    published = (tmp_path / "news.en.html").read_bytes()
    with pytest.raises(TmtoolError, match="holds the published version of news"):
        _export(env, tmp_path, "bundle", draft=True)
    assert (tmp_path / "news.en.html").read_bytes() == published
    second = _export(env, tmp_path, "bundle")  # a new final version is welcome
    page = lxml.html.document_fromstring(second[1].path.read_bytes())
    assert page.xpath("//footer//dd")[2].text_content() == "2"
