"""Tests of HTML reading and writing, and of file dispatch in tmtool.formats."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tmtool.formats import (
    EXTENSIONS,
    WRITERS,
    Document,
    FormatError,
    PublishedText,
    html,
    read_document,
    read_lines,
)

DATA = Path(__file__).parent.parent / "data" / "formats"

PAGE_FURNITURE = [
    "首页",
    "本地新闻",
    "政务公开",
    "当前位置",
    "相关新闻",
    "我市召开冬季安全生产工作会议",
    "版权所有",
    "网站标识码",
    "分享到",
    "搜索",
    "无障碍浏览",
    "最新信息",
    "技术支持",
]


def _all_text(doc: Document) -> str:
    return "\n".join([doc.title or "", *doc.paragraphs])


def test_whole_utf8_page_keeps_only_the_article() -> None:
    doc = read_document(DATA / "qiqihar_news_utf8.html")
    assert doc.title == "齐齐哈尔市扎龙保护区迎来今冬首批丹顶鹤观测游客"
    assert len(doc.paragraphs) == 5
    assert doc.paragraphs[0].startswith("12月1日，扎龙国家级自然保护区迎来今冬首批观鹤游客。")
    assert doc.paragraphs[3] == (
        "市文化广电和旅游局负责人表示，今年将结合冰雪节推出“观鹤、赏雪、品美食”"
        "等十余条冬季精品线路，并在景区内增设取暖驿站和医疗服务点。"
    )
    assert doc.paragraphs[4].endswith("共同守护这一珍稀物种。")
    text = _all_text(doc)
    for furniture in PAGE_FURNITURE:
        assert furniture not in text


def test_whole_gb2312_page_honours_meta_charset() -> None:
    data = (DATA / "qiqihar_bridge_gb2312.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = html.read(data, name="bridge.html")
    # The site name after "--" in <title> is dropped.
    assert doc.title == "嫩江大桥维修加固工程全面完工 双向车道恢复通行"
    assert len(doc.paragraphs) == 4
    assert doc.paragraphs[0].startswith("11月27日上午，历时七个月的嫩江大桥维修加固工程全面完工")
    assert doc.paragraphs[-1].endswith("下一步，我市还将对城区其他三座桥梁进行安全检测。")
    text = _all_text(doc)
    for furniture in PAGE_FURNITURE:
        assert furniture not in text


def test_meta_charset_ignored_when_bytes_are_utf8() -> None:
    source = (DATA / "qiqihar_news_utf8.html").read_text(encoding="utf-8")
    data = source.replace('<meta charset="utf-8">', '<meta charset="gb2312">').encode()
    assert html.read(data, name="a.html") == read_document(DATA / "qiqihar_news_utf8.html")


def test_http_equiv_charset_and_unknown_label() -> None:
    body = "<p>齐齐哈尔市今年冬季旅游季正式启动。扎龙保护区迎来首批游客。</p>"
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=GBK">{body}'
    assert html.read(page.encode("gbk"), name="a.html").paragraphs == [
        "齐齐哈尔市今年冬季旅游季正式启动。扎龙保护区迎来首批游客。"
    ]
    page = f'<meta charset="x-unknown">{body}'
    assert html.read(page.encode("gb18030"), name="a.html").paragraphs == [
        "齐齐哈尔市今年冬季旅游季正式启动。扎龙保护区迎来首批游客。"
    ]


def test_fragment_read_with_lxml() -> None:
    doc = read_document(DATA / "fragment_en.html")
    assert doc == Document(
        title="Qiqihar Reopens the Nenjiang Bridge",
        paragraphs=[
            "After seven months of repairs, the Nenjiang Bridge reopened to traffic "
            "on 27 November. All four lanes are open again.",
            "The city housing bureau said the repairs extend the bridge\u2019s life by "
            "twenty years & raise its capacity by about 30\u00a0percent.",
            "What comes next",
            "Safety checks on three more bridges",
            "New lighting along the river bank",
        ],
    )


def test_fragment_breaks_entities_and_nesting() -> None:
    source = (
        "<p>第一行<br>第二行</p><p>A &amp;amp; B &lt;tag&gt;</p>"
        "<ul><li>Пункт <p>вложенный абзац</p></li></ul><style>p {}</style>"
    )
    doc = html.read(source.encode(), name="a.html")
    assert doc == Document(
        None, ["第一行", "第二行", "A &amp; B <tag>", "Пункт", "вложенный абзац"]
    )


def test_russian_whole_page() -> None:
    source = """<!DOCTYPE html><html lang="ru"><head><meta charset="windows-1251">
    <title>Зимний сезон в Цицикаре | Новости города</title></head><body>
    <header><nav><a href="/">Главная</a> <a href="/news">Новости</a></nav></header>
    <main><article><h1>Зимний сезон в Цицикаре</h1>
    <p>В Цицикаре открылся зимний туристический сезон. Первые гости приехали в
    заповедник Чжалун, чтобы увидеть японских журавлей.</p>
    <p>Городские власти предложили туристам более десяти маршрутов, включая ледовые
    скульптуры, катание на коньках и знаменитое местное барбекю.</p>
    <p>Автобус от вокзала до заповедника ходит шесть раз в день, билет стоит пятнадцать
    юаней.</p></article></main>
    <footer>© 2024 Правительство Цицикара. Все права защищены.</footer></body></html>"""
    doc = html.read(source.encode("cp1251"), name="ru.html")
    assert doc.title == "Зимний сезон в Цицикаре"
    assert len(doc.paragraphs) == 3
    assert doc.paragraphs[0].startswith("В Цицикаре открылся зимний туристический сезон.")
    assert "Главная" not in _all_text(doc)
    assert "права защищены" not in _all_text(doc)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    source = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Before &xxe; after.</p>'
        "</body></html>"
    )
    page = tmp_path / "page.xhtml"
    page.write_text(source, encoding="utf-8")
    doc = read_document(page)
    assert "TOP-SECRET" not in _all_text(doc)
    assert doc.paragraphs[-1].startswith("Before")


@pytest.mark.parametrize(
    "source",
    [
        "<html><body><nav><a href='/'>首页</a></nav><script>var a = 1;</script></body></html>",
        "<div><img src='a.png'></div>",
    ],
)
def test_no_article_text(source: str) -> None:
    with pytest.raises(FormatError, match=r"^page\.html has no article text\.$"):
        html.read(source.encode(), name="page.html")


# --- writer -----------------------------------------------------------------

TEXTS = [
    PublishedText(
        "cranes",
        "zh",
        "扎龙迎来首批游客",
        ["扎龙保护区迎来首批游客。", "票价为每人十五元。"],
        False,
    ),
    PublishedText(
        "bridge", "ru", "Мост открыт", ["После ремонта мост «открыт».", "Второй абзац."], False
    ),
    PublishedText(
        "tricky",
        "en",
        'Bridge <reopens> & "more" #1',
        ["# not a heading", "Temperatures < -30°C & wind; <b>bold</b> &amp; 'quotes'", "> x"],
        False,
    ),
]


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: t.slug)
@pytest.mark.parametrize("draft", [False, True])
def test_html_round_trip(text: PublishedText, draft: bool) -> None:
    version = PublishedText(text.slug, text.lang, text.title, text.paragraphs, draft)
    assert html.read(html.write(version), name="a.html") == Document(text.title, text.paragraphs)


@pytest.mark.parametrize("draft", [False, True])
def test_html_writer_output_is_a_complete_page(draft: bool) -> None:
    text = PublishedText("tricky", "zh-Hans", "标题 <b>", ["第一段 & <i>", "第二段"], draft)
    output = html.write(text).decode("utf-8")
    assert output.startswith("<!DOCTYPE html>\n")
    assert "<b>" not in output
    assert "<i>" not in output
    root = lxml.html.document_fromstring(output)
    assert root.get("lang") == "zh-Hans"
    assert root.xpath("//meta/@charset") == ["utf-8"]
    assert root.xpath("//meta[@name='viewport']/@content")
    assert root.xpath("//meta[@name='generator']/@content") == ["tmtool"]
    assert root.xpath("//article/h1")[0].text_content() == "标题 <b>"
    assert [p.text_content() for p in root.xpath("//article/p")] == ["第一段 & <i>", "第二段"]
    style = root.xpath("//style")[0].text_content()
    assert '"Noto Sans CJK SC"' in style
    assert '"Noto Sans"' in style
    banners = root.xpath("//*[contains(concat(' ', @class, ' '), ' draft ')]")
    assert len(banners) == (1 if draft else 0)
    assert ("【草稿，不得发布】" in output) is draft
    if draft:
        assert banners[0].text_content() == "【草稿，不得发布】"
        assert root.xpath("//title")[0].text_content().startswith("【草稿，不得发布】")


# --- dispatch and file problems ---------------------------------------------


def test_writers_and_extensions() -> None:
    assert set(WRITERS) == set(EXTENSIONS) == {"txt", "md", "html", "docx"}
    assert EXTENSIONS == {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx"}
    text = PublishedText("s", "en", "Title", ["Body."], False)
    for fmt, writer in WRITERS.items():
        if fmt != "docx":  # a zip archive; tests/unit/test_formats_publishing.py reads it
            assert writer(text).decode("utf-8").count("Body.") == 1, fmt


@pytest.mark.parametrize("suffix", [".txt", ".TEXT", ".md", ".markdown", ".html", ".htm"])
def test_read_document_dispatches_by_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_text("# 标题\n\n<p>正文第一段。</p>\n", encoding="utf-8")
    doc = read_document(path)
    expected = {
        ".txt": Document(None, ["# 标题", "<p>正文第一段。</p>"]),
        ".md": Document("标题", ["正文第一段。"]),
        ".html": Document(None, ["正文第一段。"]),
    }
    key = {".text": ".txt", ".markdown": ".md", ".htm": ".html"}.get(suffix.lower(), suffix)
    assert doc == expected[key.lower()]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(FormatError, match=r"nope\.txt does not exist\.$"):
        read_document(path)
    with pytest.raises(FormatError, match="does not exist"):
        read_lines(path)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(FormatError, match=r"folder\.txt is a folder, not a file\.$"):
        read_document(folder)


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "article.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(FormatError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith("article.docx is not a supported kind of file;")
    for suffix in (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"):
        assert suffix in message


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("text", encoding="utf-8")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(FormatError, match=r"locked\.txt cannot be read: permission denied\.$"):
        read_document(path)


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024 + 1)  # sparse: takes no disk space
    with pytest.raises(FormatError, match=r"^huge\.txt is larger than the 50 MB"):
        read_document(path)


def test_empty_and_binary_files_through_read_document(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"\n\n")
    with pytest.raises(FormatError, match=r"^empty\.md is empty\.$"):
        read_document(empty)
    image = tmp_path / "image.html"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(FormatError, match="binary file"):
        read_document(image)


def test_read_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.md"
    path.write_bytes("# 标题\r\n\r\n第二行\r\n\r\n".encode("gb18030"))
    assert read_lines(path) == ["# 标题", "", "第二行"]
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(FormatError, match=r"^page\.html is an HTML file"):
        read_lines(page)
    other = tmp_path / "data.csv"
    other.write_text("a,b", encoding="utf-8")
    with pytest.raises(FormatError, match=r"^data\.csv is not a supported kind of file"):
        read_lines(other)
