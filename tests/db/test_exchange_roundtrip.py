"""PO, XLIFF and TMX exchange exports and their import back, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.conftest import Env
from tests.unit.test_formats_exchange_tools import load_tmx_dtd, load_xliff_schema
from tmtool import demo
from tmtool.cli import main
from tmtool.db import make_engine
from tmtool.errors import TmtoolError
from tmtool.formats import Document, po, tmx, xliff
from tmtool.formats.exchange import UnitState
from tmtool.models import Article, Revision, Role, State, Translation
from tmtool.services import exchange, importing, queries, users

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


@pytest.fixture
def article(env: Env) -> Env:
    source = importing.from_documents(ZH, {"en": EN, "ru": RU}, title=None)
    importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    users.add_user(env.session(), name="tom", roles=[Role.TRANSLATOR])
    return env


def _export(env: Env, fmt: str, out: Path, langs: tuple[str, ...] = ("en",)) -> Path:
    files = exchange.export_exchange(
        env.session(), slug="news", fmt=fmt, langs=list(langs), out_dir=out, user_name="tom"
    )
    return files[0].path


def _state(env: Env) -> list[tuple[str, int, int]]:
    with env.session() as s:
        rows = s.exec(select(Translation).order_by(col(Translation.id)))
        return [(t.text, t.state, t.version) for t in rows]


def _import(env: Env, path: Path, user: str = "tom") -> exchange.ImportReport:
    return exchange.import_exchange(
        env.session(), data=path.read_bytes(), name=path.name, user_name=user
    )


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_roundtrip_changes_exactly_the_edited_segment(
    article: Env, fmt: str, tmp_path: Path
) -> None:
    path = _export(article, fmt, tmp_path / "out")
    assert path.name == f"news.en.{'po' if fmt == 'po' else 'xlf'}"
    before = _state(article)
    unedited = _import(article, path)
    assert (unedited.changed, unedited.unchanged) == (0, 4)
    assert _state(article) == before
    path.write_bytes(
        path.read_bytes().replace(b"Sun Shen chaired it.", b"Sun Shen presided over it.")
    )
    report = _import(article, path)
    assert (report.slug, report.lang, report.changed, report.unchanged) == ("news", "en", 1, 3)
    after = _state(article)
    changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1
    assert after[changed[0]][0] == "Sun Shen presided over it."
    with article.session() as s:
        revisions = list(s.exec(select(Revision).where(Revision.user == "tom")))
    assert [(r.action, r.new_text) for r in revisions] == [("import", "Sun Shen presided over it.")]


def test_translated_unit_in_po_is_confirmed(article: Env, tmp_path: Path) -> None:
    path = _export(article, "po", tmp_path)
    f = po.read(path.read_bytes(), name=path.name)
    first = f.units[0]
    assert first.state.name == "DRAFT"
    units = (replace(first, state=UnitState.TRANSLATED), *f.units[1:])
    edited = replace(f, units=units)
    path.write_bytes(po.write(edited))
    report = _import(article, path)
    assert report.changed == 1
    cell = queries.article_view(article.session(), "news").segments[0].translations["en"]
    assert (cell.state, cell.text, cell.updated_by) == (
        State.TRANSLATED,
        "Qiqihar held a meeting.",
        "tom",
    )


def test_foreign_or_stale_files_are_refused(article: Env, tmp_path: Path) -> None:
    path = _export(article, "xliff", tmp_path)
    before = _state(article)
    stale = tmp_path / "stale.xlf"
    stale.write_bytes(path.read_bytes().replace("全市投资".encode(), "全省投资".encode()))
    with pytest.raises(TmtoolError) as caught:
        _import(article, stale)
    assert str(caught.value) == (
        "stale.xlf does not belong to any article here (unit 3's source differs)."
    )
    other = tmp_path / "other.xlf"
    other.write_bytes(path.read_bytes().replace(b"news/", b"gone/").replace(b"news_", b"gone_"))
    with pytest.raises(TmtoolError, match=r"^other.xlf does not belong to any article here \("):
        _import(article, other)
    assert _state(article) == before


def test_tmx_holds_every_language(article: Env, tmp_path: Path) -> None:
    path = _export(article, "tmx", tmp_path, ("en", "ru"))
    data = path.read_bytes()
    assert path.name == "news.tmx"
    assert tmx.validate(data, name=path.name) == []
    entries = tmx.read(data, name=path.name)
    assert len(entries) == 4
    assert set(entries[0].variants) == {"zh", "en", "ru"}
    assert set(entries[3].variants) == {"zh", "en"}  # the empty ru target is left out


def test_exchange_export_is_no_publication(article: Env, tmp_path: Path) -> None:
    before = _state(article)
    path = _export(article, "xliff", tmp_path, ("ru",))
    assert xliff.validate(path.read_bytes(), name=path.name) == []
    assert _state(article) == before


def test_cli_export_and_import(
    article: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(article.workspace.root)
    out = tmp_path / "out"
    options = ["--format", "po", "--lang", "en,ru", "--out", str(out), "--json"]
    code = main(["--workspace", root, "--user", "tom", "export", "news", *options])
    files = json.loads(capsys.readouterr().out)["files"]
    assert code == 0 and [Path(f["path"]).name for f in files] == ["news.en.po", "news.ru.po"]
    code = main(["--workspace", root, "--user", "tom", "import", str(out / "news.ru.po"), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {
        "slug": "news",
        "lang": "ru",
        "changed": 0,
        "unchanged": 4,
    }


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    ws = demo.build(tmp_path_factory.mktemp("demo") / "demo", user="chen")
    engine = make_engine(ws.database_url)
    yield engine
    engine.dispose()


def test_demo_po_export_passes_msgfmt(demo_engine: Engine, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext msgfmt is not installed; CI needs it.")
        pytest.skip("GNU gettext msgfmt is not installed")
    with Session(demo_engine) as s:
        slugs = [a.slug for a in s.exec(select(Article))]
    assert slugs
    terms = 0
    for slug in slugs:
        for f in exchange.export_exchange(
            Session(demo_engine),
            slug=slug,
            fmt="po",
            langs=["en", "ru"],
            out_dir=tmp_path,
            user_name="chen",
        ):
            result = subprocess.run(
                [msgfmt, "--check", "-o", os.devnull, str(f.path)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            terms += f.path.read_text(encoding="utf-8").count("#. term: ")
    assert terms  # the demo glossary's terms travel as extracted comments


def test_demo_xliff_and_tmx_exports_pass_the_schemas(demo_engine: Engine, tmp_path: Path) -> None:
    """Every demo article, as XLIFF per language and as TMX: the OASIS XSD and the TMX DTD."""
    schema, dtd = load_xliff_schema(), load_tmx_dtd()
    with Session(demo_engine) as s:
        slugs = [a.slug for a in s.exec(select(Article))]
    checked = {"xliff": 0, "tmx": 0}
    for slug in slugs:
        for fmt, check in (("xliff", schema), ("tmx", dtd)):
            for f in exchange.export_exchange(
                Session(demo_engine),
                slug=slug,
                fmt=fmt,
                langs=["en", "ru"],
                out_dir=tmp_path / fmt,
                user_name="chen",
            ):
                document = etree.parse(str(f.path)).getroot()
                assert check.validate(document), (f.path.name, check.error_log)
                checked[fmt] += 1
    assert checked == {"xliff": 2 * len(slugs), "tmx": len(slugs)}


def test_import_needs_an_editor(article: Env, tmp_path: Path) -> None:
    users.add_user(article.session(), name="pia", roles=[Role.PUBLISHER])
    path = _export(article, "po", tmp_path)
    with pytest.raises(TmtoolError, match="importing translations needs the translator role"):
        _import(article, path, user="pia")
