"""Tests of decoding, plain text and Markdown in tmtool.formats."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from tmtool.errors import TmtoolError
from tmtool.formats import Document, FormatError, PublishedText, markdown, plaintext
from tmtool.formats.encoding import decode

DATA = Path(__file__).parent.parent / "data" / "formats"

ZH = (
    "齐齐哈尔市今年冬季旅游季正式启动，扎龙自然保护区迎来首批游客。"
    "市文化广电和旅游局表示，今年将推出冰雪观鹤等十余条精品线路。"
)
ZH_TRADITIONAL = (
    "齊齊哈爾市今年冬季旅遊季正式啟動，扎龍自然保護區迎來首批遊客。"
    "市文化廣電和旅遊局表示，今年將推出冰雪觀鶴等十餘條精品路線。"
)
RU = (
    "В Цицикаре открылся зимний туристический сезон. Первые гости приехали "
    "в заповедник Чжалун, чтобы увидеть японских журавлей."
)
RU_SHORT = "Мост открыт. Движение восстановлено."
EN = "Qiqihar opened its winter season. The first visitors came to see the cranes."


# --- encoding -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ZH, "utf-8"),
        (ZH, "utf-8-sig"),
        (RU, "utf-16"),  # with BOM, native order
        (ZH, "utf-32"),
        (ZH, "gb18030"),
        (ZH + "㐀", "gb18030"),  # a character outside GBK
        (ZH, "gbk"),
        (ZH, "gb2312"),
        (ZH_TRADITIONAL, "big5"),
        (ZH_TRADITIONAL, "gb18030"),
        (RU, "cp1251"),
        (RU, "koi8_r"),
        (RU_SHORT, "cp1251"),
        (RU_SHORT, "koi8_r"),
        ("Мир. Дом.", "koi8_r"),
        ("市政府召开会议。会议很成功。", "gb18030"),
        ("齊齊哈爾新聞。今天天氣很好。", "big5"),
        (EN + " Цицикар — «город журавлей».", "cp1251"),
    ],
)
def test_decode_recognises_encodings(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), name="a.txt") == text


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_decode_utf16_with_bom(bom: bytes) -> None:
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    assert decode(bom + (ZH + RU).encode(codec), name="a.txt") == ZH + RU


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [EN, RU, ZH, "Qiqihar 齐齐哈尔 2024: 嫩江大桥通车。"])
def test_decode_utf16_without_bom(codec: str, text: str) -> None:
    assert decode(text.encode(codec), name="a.txt") == text


def test_decode_normalises_newlines_and_nfc() -> None:
    data = "Цицикар\r\nе\u0308лка\rCafe\u0301\n".encode()
    assert decode(data, name="a.txt") == "Цицикар\nёлка\nCafé\n"


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")]
)
def test_decode_empty(data: bytes) -> None:
    with pytest.raises(FormatError, match=r"^draft\.txt is empty\.$"):
        decode(data, name="draft.txt")


def _png() -> bytes:
    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(512))


@pytest.mark.parametrize(
    "data",
    [
        _png(),
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
        bytes(range(1, 9)) * 20 + b"some text",  # control characters, no NUL
    ],
)
def test_decode_binary(data: bytes) -> None:
    with pytest.raises(FormatError, match=r"^photo\.txt looks like a binary file, not text\.$"):
        decode(data, name="photo.txt")


@pytest.mark.parametrize("data", [bytes(range(0x80, 0x100)) * 3, b"\x98\x98\x80\x81\x98abc"])
def test_decode_undecodable(data: bytes) -> None:
    with pytest.raises(FormatError, match="cannot recognise; save it as UTF-8") as info:
        decode(data, name="old.txt")
    assert str(info.value).startswith("old.txt is in an encoding")


def test_format_error_is_a_tmtool_error() -> None:
    assert issubclass(FormatError, TmtoolError)


# --- plain text -----------------------------------------------------------


def test_plaintext_blocks_join_cjk_without_space() -> None:
    doc = plaintext.read((DATA / "zhalong_cranes_zh.txt").read_bytes(), name="z.txt")
    assert doc.title is None
    assert doc.paragraphs == [
        "12月1日，扎龙国家级自然保护区迎来今冬首批观鹤游客。"
        "来自哈尔滨、大庆等地的三百余名游客在核心区观测点观看了丹顶鹤野化放飞表演。",
        "据保护区管理局介绍，今年冬季越冬的丹顶鹤数量达到二百四十余只，比去年同期增加约"
        "百分之十二。工作人员每天定时投放玉米和小鱼，“确保鹤群安全越冬”。",
        "市旅游局表示，今年冬季将推出Zhalong Crane Tour等十余条精品线路。",
    ]


def test_plaintext_cp1251_file_with_crlf() -> None:
    doc = plaintext.read((DATA / "nenjiang_bridge_ru_cp1251.txt").read_bytes(), name="r.txt")
    assert len(doc.paragraphs) == 2
    assert doc.paragraphs[0].startswith("Цицикар, 28 ноября. После семи месяцев")
    assert "Нэньцзян снова открыт" in doc.paragraphs[0]


def test_plaintext_without_blank_lines_has_one_paragraph_per_line() -> None:
    data = "第一段。\n  Second paragraph.  \nТретий абзац.\n".encode()
    assert plaintext.read(data, name="a.txt").paragraphs == [
        "第一段。",
        "Second paragraph.",
        "Третий абзац.",
    ]


def test_plaintext_leading_and_trailing_blank_lines_do_not_count() -> None:
    data = b"\n\nFirst line.\nSecond line.\n\n\n"
    assert plaintext.read(data, name="a.txt").paragraphs == ["First line.", "Second line."]


def test_plaintext_read_lines_keeps_alignment() -> None:
    data = "\n第一行\r\n  \nthird line  \n\n\n".encode()
    assert plaintext.read_lines(data, name="a.txt") == ["", "第一行", "", "third line"]


# --- Markdown -------------------------------------------------------------


def test_markdown_sample_file() -> None:
    doc = markdown.read((DATA / "crane_festival_en.md").read_bytes(), name="c.md")
    assert doc == Document(
        title="Qiqihar Opens Its Winter Crane Season",
        paragraphs=[
            "The Zhalong nature reserve welcomed its first winter visitors on 1 December, "
            "with more than 300 people watching the red-crowned cranes.",
            "Getting there",
            "A new shuttle bus runs from the railway station to the reserve, see the "
            "city transport bureau for the timetable.",
            "Six return trips every day",
            "Tickets cost 15 yuan per person",
            '"We expect visitors from all over the country," said a tourism official.',
            "Advertisement: buy tickets now",
            "Visitors are asked to keep their distance and not to feed the birds_or use "
            "flash photography.",
        ],
    )


def test_markdown_atx_title_and_cjk_soft_breaks() -> None:
    source = "## 导语\n\n# 齐齐哈尔 *冬季* 旅游\n\n扎龙保护区迎来\n首批游客。\n\n# 第二个标题\n"
    doc = markdown.read(source.encode(), name="a.md")
    assert doc.title == "齐齐哈尔 冬季 旅游"
    assert doc.paragraphs == ["导语", "扎龙保护区迎来首批游客。", "第二个标题"]


def test_markdown_without_heading_uses_front_matter_title_or_none() -> None:
    assert markdown.read(b"Just text.\n", name="a.md") == Document(None, ["Just text."])
    source = b"---\ntitle: 'Bridge'\n---\nText.\n"
    assert markdown.read(source, name="a.md") == Document("Bridge", ["Text."])


# --- writers and round trips ----------------------------------------------

TEXTS = [
    PublishedText(
        "cranes",
        "zh",
        "扎龙迎来首批游客",
        ["扎龙保护区迎来首批游客。", "票价为每人十五元。"],
        False,
    ),
    PublishedText("bridge", "ru", "Мост открыт", ["После ремонта мост открыт.", RU], False),
    PublishedText(
        "tricky",
        "en",
        "Bridge <reopens> & more #1",
        [
            "# not a heading",
            "- not a list",
            "+ nor this",
            "* nor this",
            "1. not numbered",
            "> not a quote",
            "Temperatures < -30°C & wind; see <b>this</b> &amp; *that* _too_ `code` [x](y) \\ end",
            "2024. год",
            "---",
            "<div>not html</div>",
            "ends with #",
        ],
        False,
    ),
]


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: t.slug)
@pytest.mark.parametrize("draft", [False, True])
def test_markdown_round_trip(text: PublishedText, draft: bool) -> None:
    version = PublishedText(text.slug, text.lang, text.title, text.paragraphs, draft)
    doc = markdown.read(markdown.write(version), name="a.md")
    assert doc == Document(text.title, text.paragraphs)


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: t.slug)
@pytest.mark.parametrize("draft", [False, True])
def test_plaintext_round_trip(text: PublishedText, draft: bool) -> None:
    version = PublishedText(text.slug, text.lang, text.title, text.paragraphs, draft)
    doc = plaintext.read(plaintext.write(version), name="a.txt")
    assert doc == Document(None, [text.title, *text.paragraphs])


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("zh", "【草稿，不得发布】"),
        ("zh-Hans-CN", "【草稿，不得发布】"),
        ("ru", "[ЧЕРНОВИК — не для публикации]"),
        ("en", "[DRAFT — not for publication]"),
        ("de", "[DRAFT — not for publication]"),
    ],
)
def test_text_writers_mark_drafts(lang: str, notice: str) -> None:
    draft = PublishedText("s", lang, "Title", ["Body."], True)
    final = PublishedText("s", lang, "Title", ["Body."], False)
    txt = plaintext.write(draft).decode()
    assert txt.startswith(notice + "\n\nTitle\n\nBody.")
    assert notice in markdown.write(draft).decode()
    assert notice not in plaintext.write(final).decode()
    assert notice not in markdown.write(final).decode()
    assert plaintext.write(final) == b"Title\n\nBody.\n"
    assert markdown.write(final) == b"# Title\n\nBody.\n"
