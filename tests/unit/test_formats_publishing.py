"""DOCX, parallel (HTML, TSV, CSV) and bundle writers: languages, escaping, draft marks."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable

import docx
import lxml.html
import pytest

from tmtool.formats import FormatError, PublishedText, bundle
from tmtool.formats import docx as docx_format
from tmtool.formats.base import DRAFT_NOTICES, draft_notice
from tmtool.formats.parallel import (
    ParallelRow,
    ParallelText,
    write_csv,
    write_html,
    write_tsv,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EVIL = '<script>alert("x")</script> & "quotes", tabs\there'


def _docx(text: PublishedText) -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_format.write(text)))


def _parallel(draft: bool = False, rows: list[ParallelRow] | None = None) -> ParallelText:
    return ParallelText(
        slug="news",
        langs=("zh", "en", "ru"),
        titles={"zh": "鹤城新闻", "en": "Crane City news", "ru": "Новости Города журавлей"},
        rows=rows
        if rows is not None
        else [
            ParallelRow(1, 0, {"zh": "鹤城新闻", "en": "Crane City news", "ru": "Новости"}),
            ParallelRow(
                2, 1, {"zh": "会议召开。", "en": "A meeting, held.", "ru": "Прошло «совещание»."}
            ),
            ParallelRow(3, 1, {"zh": "孙珅主持。", "en": EVIL, "ru": "Сунь Шэнь"}),
            ParallelRow(4, 2, {"zh": "投资90亿元。", "en": "9 billion\nyuan", "ru": "9 млрд"}),
        ],
        draft=draft,
    )


# --- DOCX ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "tag"), [("zh", "zh-CN"), ("en", "en-US"), ("ru", "ru-RU")])
def test_docx_has_title_paragraphs_and_language(lang: str, tag: str) -> None:
    text = PublishedText("news", lang, "鹤城 Город", ["第一段。", "Второй абзац."], draft=False)
    document = _docx(text)
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert paragraphs == [
        ("Heading 1", "鹤城 Город"),
        ("Normal", "第一段。"),
        ("Normal", "Второй абзац."),
    ]
    assert document.core_properties.title == "鹤城 Город"
    assert document.core_properties.language == tag
    assert document.core_properties.content_status == "Final"
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            langs = run._r.findall(f"{W}rPr/{W}lang")
            assert [el.get(f"{W}val") for el in langs] == [tag]
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults is not None and defaults.get(f"{W}val") == tag
    assert all(
        not s.header.paragraphs or not s.header.paragraphs[0].text for s in document.sections
    )


@pytest.mark.parametrize("lang", ["zh", "en", "ru"])
def test_docx_draft_is_marked_in_every_page_header(lang: str) -> None:
    document = _docx(PublishedText("news", lang, "T", ["p"], draft=True))
    for section in document.sections:
        header = " ".join(p.text for p in section.header.paragraphs)
        assert draft_notice(lang) in header and "DRAFT" in header
    assert document.core_properties.content_status == "Draft"
    assert "DRAFT" in document.core_properties.title


def test_docx_keeps_markup_as_text_and_empty_article() -> None:
    data = docx_format.write(PublishedText("news", "en", EVIL, [], draft=False))
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == [EVIL]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml")
    assert b"<script>" not in body and b"&lt;script&gt;" in body


# --- parallel -----------------------------------------------------------------------------


def test_csv_has_bom_header_and_quotes() -> None:
    data = write_csv(_parallel())
    assert data.startswith(b"\xef\xbb\xbfposition,paragraph,zh,en,ru\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["position", "paragraph", "zh", "en", "ru"]
    assert rows[2] == ["2", "1", "会议召开。", "A meeting, held.", "Прошло «совещание»."]
    assert rows[3][3] == EVIL
    assert rows[4][3] == "9 billion\nyuan"
    assert len(rows) == 5


def test_tsv_is_one_line_per_segment_without_quoting() -> None:
    data = write_tsv(_parallel())
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8").split("\n")
    assert lines[0] == "position\tparagraph\tzh\ten\tru"
    assert lines[-1] == ""
    rows = [line.split("\t") for line in lines[:-1]]
    assert all(len(row) == 5 for row in rows)
    assert rows[3][3] == EVIL.replace("\t", " ")
    assert rows[4] == ["4", "2", "投资90亿元。", "9 billion yuan", "9 млрд"]


@pytest.mark.parametrize(
    ("writer", "header"),
    [
        (write_csv, "position,paragraph,zh,en,ru\r\n"),
        (write_tsv, "position\tparagraph\tzh\ten\tru\n"),
    ],
)
def test_table_draft_row_and_empty_article(
    writer: Callable[[ParallelText], bytes], header: str
) -> None:
    text = writer(_parallel(draft=True, rows=[])).decode("utf-8-sig")
    assert text.startswith(header)
    assert all(notice in text.splitlines()[1] for notice in DRAFT_NOTICES.values())
    assert writer(_parallel(rows=[])).decode("utf-8-sig") == header


def test_parallel_html_side_by_side_with_paragraphs_and_escaping() -> None:
    page = write_html(_parallel())
    assert b"<script>" not in page
    root = lxml.html.document_fromstring(page)
    assert root.get("lang") == "zh"
    assert [th.text_content() for th in root.xpath("//thead//th")] == [
        "#",
        "中文",
        "English",
        "Русский",
    ]
    bodies = root.xpath("//tbody")
    assert [b.get("data-paragraph") for b in bodies] == ["0", "1", "2"]
    assert [len(b.xpath("tr")) for b in bodies] == [1, 2, 1]
    evil_cell = root.xpath("//tr[@id='s3']/td[@lang='en']")[0]
    assert evil_cell.text_content() == EVIL
    assert not root.xpath("//*[@class='draft']")


def test_parallel_html_draft_banner_and_empty() -> None:
    page = write_html(_parallel(draft=True, rows=[])).decode()
    root = lxml.html.document_fromstring(page)
    banner = root.xpath("//div[@class='draft']")[0].text_content()
    assert all(notice in banner for notice in DRAFT_NOTICES.values())
    assert root.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert root.xpath("//tbody") == []


# --- bundle -------------------------------------------------------------------------------


def _page(lang: str, *, draft: bool = False, title: str = "鹤城", slug: str = "news") -> bytes:
    return bundle.write_page(
        bundle.BundlePage(
            slug=slug,
            lang=lang,
            langs=("zh", "en", "ru"),
            title=title,
            paragraphs=["第一段。", EVIL],
            published_by="zhao <admin>",
            published_at="2026-11-29T10:00:00+00:00",
            version=3,
            checksum="ab" * 32,
            draft=draft,
        )
    )


def test_bundle_page_switcher_metadata_and_escaping() -> None:
    page = _page("ru")
    text = page.decode()
    assert "<script>" not in text and "zhao &lt;admin&gt;" in text
    root = lxml.html.document_fromstring(page)
    assert root.get("lang") == "ru"
    assert root.xpath("//meta/@charset") == ["utf-8"]
    nav = root.xpath("//nav[@class='languages']")[0]
    assert [el.text_content() for el in nav.xpath("a[@hreflang]|strong")] == [
        "中文",
        "English",
        "Русский",
    ]
    assert nav.xpath("a[@hreflang]/@href") == ["news.zh.html", "news.en.html"]
    assert nav.xpath("strong/@aria-current") == ["page"]
    assert root.xpath("//article/p")[1].text_content() == EVIL
    footer = root.xpath("//footer")[0].text_content()
    assert "Опубликовал" in footer and "sha256:" + "ab" * 32 in footer and "3" in footer
    assert not root.xpath("//*[@class='draft']")
    # Nothing from elsewhere: no scripts, only relative links.
    assert not root.xpath("//script")
    assert all("//" not in href for href in root.xpath("//@href|//@src"))


@pytest.mark.parametrize("lang", ["zh", "en", "ru"])
def test_bundle_draft_page_is_marked(lang: str) -> None:
    root = lxml.html.document_fromstring(_page(lang, draft=True))
    assert root.xpath("//div[@class='draft']")[0].text_content() == draft_notice(lang)
    assert draft_notice(lang) in root.xpath("//title")[0].text_content()


def test_bundle_links_are_percent_encoded() -> None:
    page = _page("en", slug='a b"<x>')
    root = lxml.html.document_fromstring(page)
    assert "a%20b%22%3Cx%3E.zh.html" in root.xpath("//nav/a/@href")


def test_manifest_round_trip_and_index_lists_every_article() -> None:
    manifest = bundle.Manifest()
    for slug, when, draft in (("a", "2026-01-01T00:00:00", False), ("b", "2026-02-01", True)):
        manifest.articles[slug] = bundle.ManifestEntry(
            slug=slug,
            titles={"zh": f"标题<{slug}>", "en": f"Title {slug}"},
            pages={"zh": f"{slug}.zh.html", "en": f"{slug}.en.html"},
            published_by="zhao",
            published_at=when,
            draft=draft,
        )
    again = bundle.read_manifest(bundle.write_manifest(manifest))
    assert again == manifest
    index = bundle.write_index(again)
    root = lxml.html.document_fromstring(index)
    titles = [a.text_content() for a in root.xpath("//a[@class='title']")]
    assert titles == ["标题<b>", "标题<a>"]  # newest first
    assert len(root.xpath("//li[@id='b']//*[@class='label']")) == 1
    assert not root.xpath("//li[@id='a']//*[@class='label']")


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"[]",
        json.dumps({"kind": "other", "articles": []}).encode(),
        json.dumps(
            {
                "kind": "tmtool-bundle",
                "articles": [
                    {
                        "slug": "a",
                        "titles": {},
                        "pages": {"zh": "../../etc/passwd"},
                        "published_by": "x",
                        "published_at": "y",
                        "draft": False,
                    }
                ],
            }
        ).encode(),
    ],
)
def test_foreign_manifest_is_refused(data: bytes) -> None:
    with pytest.raises(FormatError, match="not a tmtool bundle manifest"):
        bundle.read_manifest(data, name="m.json")
