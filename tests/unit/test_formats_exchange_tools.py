"""Exchange files against the standards' schemas, GNU msgfmt, translate-toolkit, other tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from tests.unit.test_formats_exchange import TRICKY, sample
from tmtool.formats import po, tmx, xliff
from tmtool.formats.base import FormatError, to_xml_id
from tmtool.formats.exchange import ExchangeFile, ExchangeUnit, TMEntry, UnitState

DATA = Path(__file__).parent.parent / "data" / "exchange"
SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schemas"
XLIFF_MODULES = {
    "urn:oasis:names:tc:xliff:document:2.0": "xliff_core_2.0.xsd",
    "urn:oasis:names:tc:xliff:glossary:2.0": "glossary.xsd",
    "urn:oasis:names:tc:xliff:metadata:2.0": "metadata.xsd",
}


def _missing(reason: str) -> None:
    """Skip with a visible reason, or fail on CI where everything must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI needs it.")
    pytest.skip(reason)


def _tricky_file(lang: str) -> ExchangeFile:
    units = [
        ExchangeUnit(f"t/{i}", s, t, state)
        for i, (s, t) in enumerate(TRICKY)
        for state in (UnitState.DRAFT, UnitState.TRANSLATED)
    ]
    units = [replace(u, key=f"{u.key}-{u.state.value}") for u in units]
    return ExchangeFile("zh", lang, (*sample(lang, 12).units, *units), article="t")


# --- PO: GNU msgfmt ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        _missing("GNU gettext msgfmt is not installed")
    assert path is not None
    return path


@pytest.mark.parametrize(
    "f",
    [
        sample("en"),
        sample("ru", 30),
        _tricky_file("ru"),
        _tricky_file("en"),
        ExchangeFile("zh", "ru", ()),
    ],
    ids=["en", "ru", "tricky-ru", "tricky-en", "empty"],
)
def test_msgfmt_check_accepts_written_po(msgfmt: str, f: ExchangeFile, tmp_path: Path) -> None:
    path = tmp_path / "out.po"
    path.write_bytes(po.write(f))
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr


def test_po_write_refuses_what_msgfmt_would() -> None:
    unit = ExchangeUnit("a/1", "第一行\n", "first line", UnitState.TRANSLATED)
    with pytest.raises(FormatError, match="line break"):
        po.write(ExchangeFile("zh", "en", (unit,)))
    twice = replace(unit, target="first line\n")
    with pytest.raises(FormatError, match="used twice"):
        po.write(ExchangeFile("zh", "en", (twice, twice)))


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b'msgid "a"\nmsgstr "b\n', 2),
        (b'msgid "a"\nmsgstr "\\"\n', 2),
        (b'msgid "a"\nmsgstr ""\n"x"y"\n', 3),
    ],
    ids=["unclosed", "escaped-quote", "inner-quote"],
)
def test_po_refuses_broken_strings_polib_accepts(data: bytes, line: int) -> None:
    with pytest.raises(FormatError, match=rf"^x\.po .*\(line {line}\)\.$"):
        po.read(data, name="x.po")


def test_po_header_and_comments() -> None:
    text = po.write(sample("ru")).decode()
    assert "Language: ru\\n" in text and "X-Source-Language: zh\\n" in text
    assert "nplurals=3;" in text and "X-Generator: tmtool\\n" in text
    assert "#. term: 鹤城 = Crane City\n" in text
    assert "# Reviewer: check the term.\n" in text
    assert "#, fuzzy, x-needs-work\n" in text and "#, x-approved\n" in text


def test_po_validate_reports_problems_with_lines() -> None:
    data = (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n\nmsgid "x\\n"\nmsgstr "y"\n'
    )
    problems = po.validate(data, name="x.po")
    assert [p.line for p in problems] == [1, 5, 11]
    broken = po.validate(b'msgid "a"\nmsgstr "b"\nbogus line\n', name="x.po")
    assert [p.line for p in broken] == [3]


# --- XLIFF: the OASIS schemas and processing rules ---------------------------------------


def load_xliff_schema() -> etree.XMLSchema:
    """XLIFF 2 core plus the Glossary and Metadata modules, imports resolved locally."""
    folder = SCHEMAS / "xliff-2.1"
    if not (folder / "xliff_core_2.0.xsd").is_file():
        _missing(f"the XLIFF 2.1 schemas are not in {folder}")
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(folder / file).as_uri()}"/>'
        for ns, file in XLIFF_MODULES.items()
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper))


@pytest.fixture(scope="module")
def xliff_schema() -> etree.XMLSchema:
    return load_xliff_schema()


@pytest.mark.parametrize(
    "f",
    [sample("en"), sample("ru", 30), _tricky_file("ru"), ExchangeFile("zh", "en", ())],
    ids=["en", "ru", "tricky", "empty"],
)
def test_xliff_validates_against_xsd(xliff_schema: etree.XMLSchema, f: ExchangeFile) -> None:
    document = etree.fromstring(xliff.write(f))
    assert xliff_schema.validate(document), xliff_schema.error_log
    assert xliff.validate(xliff.write(f), name="x.xlf") == []


def test_xliff_schema_catches_a_broken_module(xliff_schema: etree.XMLSchema) -> None:
    data = xliff.write(sample()).replace(b"<gls:term>", b"<gls:definition/><gls:term>", 1)
    assert not xliff_schema.validate(etree.fromstring(data))


def test_xliff_ids_and_states_in_output() -> None:
    text = xliff.write(sample()).decode()
    assert '<unit id="survey_x002F_2">' in text
    assert '<segment state="initial" subState="tmtool:needs-work">' in text
    assert '<segment state="reviewed">' in text and 'srcLang="zh" trgLang="en"' in text


def test_xliff_write_refuses_control_characters_and_bad_languages() -> None:
    unit = ExchangeUnit("a/1", "源\x01", "", UnitState.EMPTY)
    with pytest.raises(FormatError, match="a/1"):
        xliff.write(ExchangeFile("zh", "en", (unit,)))
    with pytest.raises(FormatError, match="language tag"):
        xliff.write(ExchangeFile("zh CN", "en", ()))


XLIFF2_HEAD = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="{v}" srcLang="zh"{t}>'


def _x2(body: str, version: str = "2.1", trg: str = ' trgLang="en"') -> bytes:
    return (XLIFF2_HEAD.format(v=version, t=trg) + "\n" + body + "\n</xliff>").encode()


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (_x2('<file id="f"><unit id="u"><segment/></unit></file>', "3.0"), 1, "2.0 or 2.1"),
        (_x2('<file id="f"/>\n<file id="f"/>'), 3, "file id"),
        (_x2('<file id="f"><unit id="u"/>\n<group id="u"/></file>'), 3, "group id"),
        (
            _x2('<file id="f"><unit id="u"><segment id="s"/>\n<ignorable id="s"/></unit></file>'),
            3,
            "ignorable id",
        ),
        (_x2('<file id="f"><unit id="u">\n<segment subState="a:b"/></unit></file>'), 3, "only"),
        (
            _x2(
                '<file id="f"><unit id="u">\n<segment state="initial" subState="x"/></unit></file>'
            ),
            3,
            "prefixed",
        ),
        (_x2('<file id="f"><unit id="u">\n<segment state="final"/></unit></file>'), 3, "target"),
        (
            _x2(
                '<file id="f"><unit id="u"><segment><source/>\n<target/></segment></unit></file>',
                trg="",
            ),
            3,
            "trgLang",
        ),
        (
            _x2(
                '<file id="f"><unit id="u"><segment>\n'
                '<source xml:lang="ru"/></segment></unit></file>'
            ),
            3,
            "match",
        ),
    ],
    ids=["version", "file", "group", "segment", "substate", "prefix", "target", "trglang", "lang"],
)
def test_xliff_processing_rules(data: bytes, line: int, words: str) -> None:
    problems = xliff.validate(data, name="x.xlf")
    assert len(problems) == 1, problems
    assert problems[0].line == line and words in problems[0].message


def test_xliff12_rules() -> None:
    data = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        b'<file source-language="zh" original="a" datatype="plaintext"><body>\n'
        b'<trans-unit id="1"><source>a</source><target>b</target></trans-unit>\n'
        b'<trans-unit id="1"><source>c</source></trans-unit></body></file></xliff>'
    )
    problems = xliff.validate(data, name="x.xlf")
    assert [(p.line, "target-language" in p.message or "id" in p.message) for p in problems] == [
        (2, True),
        (3, True),
    ]
    assert xliff.validate((DATA / "memoq_export.xlf").read_bytes(), name="m.xlf") == []
    assert xliff.validate((DATA / "okapi_xliff20.xlf").read_bytes(), name="o.xlf") == []


# --- TMX: the DTD ------------------------------------------------------------------------


def load_tmx_dtd() -> etree.DTD:
    """The TMX 1.4b DTD from the shared schemas."""
    path = SCHEMAS / "tmx-1.4" / "tmx14.dtd"
    if not path.is_file():
        _missing(f"the TMX 1.4 DTD is not at {path}")
    return etree.DTD(str(path))


@pytest.fixture(scope="module")
def tmx_dtd() -> etree.DTD:
    return load_tmx_dtd()


ENTRIES = [
    TMEntry(
        {"zh": "鹤城<欢迎>您 & 我", "en": 'Crane City "welcomes" you', "ru": "Журавлиный\nгород"},
        created_by="anna",
        created_at=datetime(2026, 3, 2, 10, 15, tzinfo=UTC),
        note="From survey/3",
    ),
    TMEntry({"en": "only English first", "zh": "中文在后"}),
    TMEntry({"zh": "无译文", "en": "", "ru": ""}),
]


def test_tmx_validates_against_dtd(tmx_dtd: etree.DTD) -> None:
    for entries in (ENTRIES, []):
        data = tmx.write(entries)
        assert tmx_dtd.validate(etree.fromstring(data)), tmx_dtd.error_log
        assert tmx.validate(data, name="m.tmx") == []


def test_tmx_round_trip_keeps_metadata_and_orders_source_first() -> None:
    data = tmx.write(ENTRIES)
    assert b'creationdate="20260302T101500Z" creationid="anna"' in data
    assert b'<tuv xml:lang="zh"><seg>\xe4\xb8\xad' in data  # the source variant comes first
    without_empty = [
        replace(e, variants={k: v for k, v in e.variants.items() if v}) for e in ENTRIES
    ]
    assert tmx.read(data, name="m.tmx") == without_empty


def test_tmx_validate_reports_structure() -> None:
    data = b'<tmx version="1.4"><header srclang="zh"/><body>\n<tu/>\n<tu><tuv/></tu></body></tmx>'
    messages = [(p.line, p.message) for p in tmx.validate(data, name="m.tmx")]
    assert len([m for _line, m in messages if "header" in m]) == 6
    assert (2, "A <tu> needs at least one <tuv>.") in messages
    assert (3, "A <tuv> needs an xml:lang attribute.") in messages
    assert (3, "A <tuv> needs a <seg>.") in messages


# --- translate-toolkit reads what we write ----------------------------------------------


def test_translate_toolkit_reads_our_po() -> None:
    from translate.storage import po as ttk_po

    f = _tricky_file("ru")
    store = ttk_po.pofile.parsestring(po.write(f))
    units = [u for u in store.units if not u.isheader()]
    assert [(u.getcontext(), u.source, u.target) for u in units] == [
        (u.key, u.source, u.target) for u in f.units
    ]
    assert [u.isfuzzy() for u in units] == [
        u.state in (UnitState.DRAFT, UnitState.NEEDS_WORK) for u in f.units
    ]


def test_translate_toolkit_reads_our_xliff2() -> None:
    from translate.storage import xliff2 as ttk_xliff2

    f = _tricky_file("en")
    store = ttk_xliff2.Xliff2File.parsestring(xliff.write(f))
    assert [(u.getid(), u.source, u.target or "") for u in store.units] == [
        (to_xml_id(u.key), u.source, u.target) for u in f.units
    ]
    assert [u.istranslated() for u in store.units] == [
        u.state in (UnitState.TRANSLATED, UnitState.APPROVED, UnitState.FINAL) for u in f.units
    ]


def test_translate_toolkit_reads_our_tmx() -> None:
    from translate.storage import tmx as ttk_tmx

    store = ttk_tmx.tmxfile.parsestring(tmx.write(ENTRIES[:2]))
    assert [(u.source, u.target) for u in store.units] == [
        (ENTRIES[0].variants["zh"], ENTRIES[0].variants["en"]),
        ("中文在后", "only English first"),
    ]


# --- files from other tools -------------------------------------------------------------


def test_reads_poedit_po() -> None:
    f = po.read((DATA / "poedit_ru.po").read_bytes(), name="poedit_ru.po")
    assert (f.source_lang, f.target_lang, f.tool, f.article) == (
        "zh-CN",
        "ru",
        "Poedit 3.4.2",
        None,
    )
    assert [(u.key, u.state) for u in f.units] == [
        ("齐齐哈尔市召开“清四乱”工作会议", UnitState.TRANSLATED),
        ("鹤城风光", UnitState.DRAFT),
        ("联系我们", UnitState.EMPTY),
    ]
    assert f.units[0].target == "В Цицикаре прошло совещание по кампании «Четыре беспорядка»"


def test_reads_omegat_tmx() -> None:
    entries = tmx.read((DATA / "omegat_project_save.tmx").read_bytes(), name="project_save.tmx")
    assert [e.variants for e in entries] == [
        {
            "zh-CN": "齐齐哈尔是黑龙江省第二大城市。",
            "en-US": "Qiqihar is the second largest city of Heilongjiang Province.",
        },
        {"zh-CN": "鹤城欢迎您", "en-US": "Crane City welcomes you"},
        {"zh-CN": "联系我们", "en-US": "Contact us"},
    ]


def test_reads_tmx11_with_lang_attribute() -> None:
    entries = tmx.read((DATA / "legacy_tmx11.tmx").read_bytes(), name="old.tmx")
    assert [e.variants for e in entries] == [
        {"zh-CN": "扎龙自然保护区", "ru-RU": "Заповедник Чжалун"},
        {"zh-CN": "嫩江", "en-GB": "Nen River"},
    ]
    assert entries[0].created_by == "DESK"
    assert entries[0].created_at == datetime(2004, 8, 17, 10, 30, 10, tzinfo=UTC)


def test_reads_memoq_xliff12() -> None:
    f = xliff.read((DATA / "memoq_export.xlf").read_bytes(), name="news.mqxliff")
    assert (f.source_lang, f.target_lang, f.tool) == ("zh-CN", "en-US", "MemoQ")
    assert [(u.key, u.source, u.target, u.state) for u in f.units] == [
        (
            "1",
            "齐齐哈尔市2026年春季招聘会开幕",
            "Qiqihar opens its 2026 spring job fair",
            UnitState.TRANSLATED,
        ),
        ("2", "鹤城欢迎您", "Crane City welcomes you", UnitState.APPROVED),
        ("3", "联系我们", "", UnitState.EMPTY),
        ("4", "扎龙湿地", "Zhalong Wetland", UnitState.DRAFT),
    ]
    assert f.units[0].notes == ("Check the year.",)


def test_reads_xliff20_from_another_tool() -> None:
    f = xliff.read((DATA / "okapi_xliff20.xlf").read_bytes(), name="news.xlf")
    assert (f.source_lang, f.target_lang, f.tool, f.article) == ("zh-CN", "en-US", None, None)
    assert [(u.key, u.source, u.target, u.state) for u in f.units] == [
        (
            "tu1",
            "齐齐哈尔市召开会议。 会议由市长主持。",
            "Qiqihar holds a meeting. The mayor chaired it.",
            UnitState.TRANSLATED,
        ),
        ("tu2", "鹤城新闻", "Crane City News", UnitState.FINAL),
        ("tu3", "联系我们", "", UnitState.EMPTY),
    ]


def test_several_files_get_prefixed_keys() -> None:
    one = xliff.write(sample()).decode()
    start, end = one.index("<file "), one.index("</file>") + len("</file>")
    doubled = (
        one[:end]
        + one[start:end].replace('id="f1"', 'id="f2"').replace('"survey"', '"other"')
        + one[end:]
    )
    keys = [u.key for u in xliff.read(doubled.encode(), name="two.xlf").units]
    assert keys[0] == "survey#survey/1" and len(keys) == 12


def test_xliff_paragraph_groups_survive_non_adjacent_paragraphs() -> None:
    units = tuple(
        ExchangeUnit(f"a/{n}", f"句{n}", f"S{n}", UnitState.TRANSLATED, paragraph=p)
        for n, p in enumerate([1, 1, 2, 1, None, 2, 2])
    )
    f = ExchangeFile("zh", "en", units)
    data = xliff.write(f)
    assert b'<group id="p1-2" type="tmtool:paragraph">' in data
    assert xliff.read(data, name="a.xlf").units == units
    assert xliff.validate(data, name="a.xlf") == []
