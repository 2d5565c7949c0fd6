"""Tests of TBX glossaries: reading, writing, validating, refusing unsafe XML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from tmtool.formats import tbx
from tmtool.formats.base import FormatError, Problem, from_xml_id, to_xml_id
from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry, TermStatus

DATA = Path(__file__).parent.parent / "data" / "glossary"
SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "tbx"
ROUND_TRIP_FILES = ["qiqihar_basic.tbx", "qiqihar_ed3_dct.tbx", "qiqihar_martif_v2.tbx"]

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<tbx type="TBX-Basic" style="dca" xml:lang="zh" xmlns="urn:iso:std:iso:30042:ed-2">\n'
    "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n"
    "<text><body>\n"
)
FOOTER = "</body></text>\n</tbx>\n"


def _doc(body: str) -> bytes:
    return (HEADER + body + FOOTER).encode("utf-8")


def _concept(inner: str, concept_id: str = "c1") -> str:
    return f'<conceptEntry id="{concept_id}">{inner}</conceptEntry>\n'


OK_CONCEPT = _concept('<langSec xml:lang="zh"><termSec><term>鹤城</term></termSec></langSec>')


def _read(file_name: str) -> Termbase:
    return tbx.read((DATA / file_name).read_bytes(), name=file_name)


def _terms(termbase: Termbase, key: str) -> list[tuple[str, str, TermStatus]]:
    concept = next(c for c in termbase.concepts if c.key == key)
    return [(t.lang, t.text, t.status) for t in concept.terms]


@pytest.fixture(scope="module")
def official_rng() -> etree.RelaxNG:
    """The official TBX core structure schema, from the shared schema folder."""
    path = SCHEMAS / "TBXcoreStructV03.rng"
    if not path.is_file():
        reason = f"the official TBX schema {path} is not available"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI needs it.")
        pytest.skip(reason)
    return etree.RelaxNG(etree.parse(str(path)))


# --- reading ------------------------------------------------------------------------------


def test_reads_tbx_basic_with_every_language() -> None:
    termbase = _read("qiqihar_basic.tbx")
    assert termbase.title == "齐齐哈尔新闻术语表"
    assert termbase.source_lang == "zh"
    assert termbase.languages() == ["zh", "en", "ru", "de"]
    assert [c.key for c in termbase.concepts] == ["qiqihar", "crane-city", "qing-si-luan", "c4"]
    qiqihar = termbase.concepts[0]
    assert qiqihar.subject == "place names"
    assert _terms(termbase, "qiqihar") == [
        ("zh", "齐齐哈尔", TermStatus.PREFERRED),
        ("en", "Qiqihar", TermStatus.PREFERRED),
        ("en", "Tsitsihar", TermStatus.DEPRECATED),  # supersededTerm-admn-sts
        ("ru", "Цицикар", TermStatus.PREFERRED),  # no status: preferred
        ("de", "Qiqihar", TermStatus.PREFERRED),
    ]
    english = qiqihar.terms[1]
    assert english.case_sensitive
    assert english.note is None  # the case-sensitive marker is not a note
    assert english.part_of_speech == "noun"
    assert qiqihar.terms[2].note == "Old postal romanisation; do not use in news copy."
    assert not qiqihar.terms[2].case_sensitive


def test_reads_notes_definitions_and_grouped_categories() -> None:
    termbase = _read("qiqihar_basic.tbx")
    crane_city = termbase.concepts[1]
    assert crane_city.note == "Nickname of Qiqihar, after the red-crowned cranes of Zhalong."
    assert [(t.text, t.status) for t in crane_city.terms if t.lang == "en"] == [
        ("Crane City", TermStatus.PREFERRED),
        ("City of Cranes", TermStatus.ADMITTED),
    ]
    assert [t.text for t in crane_city.terms if t.lang == "de"] == ["Kranichstadt"]
    campaign = termbase.concepts[2]
    # A definition in a descripGrp at langSec level becomes the concept note.
    assert campaign.note == "清理河湖乱占、乱采、乱堆、乱建问题的专项行动。"
    assert campaign.subject == "river management"
    assert _terms(termbase, "qing-si-luan")[1:3] == [
        ("en", "clean-up of the four disorders", TermStatus.PREFERRED),  # in a termNoteGrp
        ("en", "four chaos clean-up", TermStatus.DEPRECATED),
    ]
    assert campaign.terms[4].text == "Beseitigung der „vier Missstände“"


def test_reads_ed3_namespace_and_dct_style_categories() -> None:
    termbase = _read("qiqihar_ed3_dct.tbx")
    assert termbase.title == "齐齐哈尔 TBX 3.0 export"
    assert termbase.languages() == ["zh", "en", "ru", "ja"]
    bridge = termbase.concepts[0]
    assert bridge.key == "nenjiang-bridge"
    assert bridge.subject == "transport"
    assert bridge.note == "Road bridge over the Nen River in Qiqihar."
    assert [(t.text, t.status, t.part_of_speech, t.case_sensitive) for t in bridge.terms] == [
        ("嫩江大桥", TermStatus.PREFERRED, "noun", False),
        ("Nenjiang Bridge", TermStatus.PREFERRED, "noun", True),
        ("Nen River Bridge", TermStatus.ADMITTED, None, False),
        ("мост через Нуньцзян", TermStatus.PREFERRED, None, False),
    ]
    assert _terms(termbase, "zhalong")[2] == ("ja", "扎竜自然保護区", TermStatus.PREFERRED)


def test_reads_legacy_martif_file() -> None:
    termbase = _read("qiqihar_martif_v2.tbx")  # has a DOCTYPE naming an external DTD
    assert termbase.title == "鹤城新闻术语（旧版导出）"
    assert termbase.languages() == ["zh", "en", "ru", "de"]
    # termEntry ids that are not XML IDs are kept; a missing id gets a derived key.
    assert [c.key for c in termbase.concepts] == ["1", "zh:鹤城", "c-qingsiluan"]
    first = termbase.concepts[0]
    assert first.subject == "place names"
    assert first.terms[0].part_of_speech == "noun"  # "Noun" in the file
    assert _terms(termbase, "1")[1:3] == [
        ("en", "Qiqihar", TermStatus.PREFERRED),
        ("en", "Tsitsihar", TermStatus.DEPRECATED),  # normativeAuthorization
    ]
    assert first.terms[1].case_sensitive
    assert first.terms[2].note == "Postal romanisation used before 1979."
    crane_city = termbase.concepts[1]
    assert crane_city.note == "齐齐哈尔市的别称。"
    assert _terms(termbase, "zh:鹤城") == [
        ("zh", "鹤城", TermStatus.ADMITTED),  # ntig/termGrp, normativeAuthorization "admitted"
        ("en", "Crane City", TermStatus.PREFERRED),
        ("ru", "Город журавлей", TermStatus.PREFERRED),
    ]
    assert _terms(termbase, "c-qingsiluan")[2] == ("en", "four chaos", TermStatus.DEPRECATED)


# --- writing ------------------------------------------------------------------------------


@pytest.mark.parametrize("file_name", ROUND_TRIP_FILES)
def test_round_trip_is_identical_and_deterministic(file_name: str) -> None:
    termbase = _read(file_name)
    written = tbx.write(termbase)
    again = tbx.read(written, name="again.tbx")
    assert again == termbase
    assert tbx.write(again) == written
    assert tbx.write(termbase) == written


@pytest.mark.parametrize("file_name", ROUND_TRIP_FILES)
def test_written_file_passes_official_schema_and_own_validator(
    file_name: str, official_rng: etree.RelaxNG
) -> None:
    written = tbx.write(_read(file_name))
    document = etree.fromstring(written)
    assert official_rng.validate(document), official_rng.error_log
    assert tbx.validate(written, name="written.tbx") == []


def test_example_file_passes_official_schema_and_own_validator(
    official_rng: etree.RelaxNG,
) -> None:
    data = (DATA / "qiqihar_basic.tbx").read_bytes()
    assert official_rng.validate(etree.fromstring(data)), official_rng.error_log
    assert tbx.validate(data, name="qiqihar_basic.tbx") == []


def test_written_file_is_pretty_tbx_basic() -> None:
    written = tbx.write(_read("qiqihar_basic.tbx"))
    text = written.decode("utf-8")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<tbx ")
    root = etree.fromstring(written)
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    assert '\n        <langSec xml:lang="de">\n' in text
    assert "<term>Kranichstadt</term>" in text
    assert "<note>case-sensitive</note>" in text
    assert '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>' in text
    assert '<descrip type="subjectField">place names</descrip>' in text


def test_keys_that_are_not_xml_ids_survive(official_rng: etree.RelaxNG) -> None:
    keys = ["zh:齐齐哈尔", "17", "zh:鹤城 Crane City", "a_x0041_b", "-dash", "々"]
    termbase = Termbase(
        tuple(
            ConceptEntry(key, (TermEntry("zh", f"术语{index}"),)) for index, key in enumerate(keys)
        )
    )
    written = tbx.write(termbase)
    assert official_rng.validate(etree.fromstring(written)), official_rng.error_log
    assert [c.key for c in tbx.read(written, name="keys.tbx").concepts] == keys
    assert to_xml_id("zh:齐齐哈尔") == "zh_x003A_齐齐哈尔"
    assert from_xml_id("qing-si-luan") == "qing-si-luan"


def test_writes_notes_line_by_line_and_unknown_parts_of_speech_as_other(
    official_rng: etree.RelaxNG,
) -> None:
    termbase = Termbase(
        (
            ConceptEntry(
                "c1",
                (
                    TermEntry("zh", "齐齐哈尔", part_of_speech="properNoun", note="地名\n不要缩写"),
                    TermEntry("en_US", "Qiqihar", TermStatus.ADMITTED, case_sensitive=True),
                ),
                note="first line\nsecond line",
            ),
        ),
        title="Test",
        source_lang="zh",
    )
    written = tbx.write(termbase)
    assert official_rng.validate(etree.fromstring(written)), official_rng.error_log
    again = tbx.read(written, name="x.tbx").concepts[0]
    assert again.note == "first line\nsecond line"
    assert again.terms[0].note == "地名\n不要缩写"
    assert again.terms[0].part_of_speech == "other"
    assert again.terms[1].lang == "en-US"
    assert again.terms[1].case_sensitive
    assert again.terms[1].status is TermStatus.ADMITTED


def test_empty_termbase_is_valid(official_rng: etree.RelaxNG) -> None:
    written = tbx.write(Termbase(()))
    assert official_rng.validate(etree.fromstring(written)), official_rng.error_log
    assert tbx.read(written, name="empty.tbx") == Termbase(())


@pytest.mark.parametrize(
    ("concepts", "message"),
    [
        ((ConceptEntry("c1", ()),), 'The concept "c1" has no terms.'),
        ((ConceptEntry("", (TermEntry("zh", "鹤城"),)),), 'The concept "" has no key.'),
        (
            (ConceptEntry("c1", (TermEntry("zh", "鹤城"),)),) * 2,
            'The concept "c1" has a key used twice.',
        ),
        (
            (ConceptEntry("c1", (TermEntry("zh CN", "鹤城"),)),),
            '"zh CN" is not a valid language tag such as zh, en or ru.',
        ),
    ],
    ids=["no terms", "no key", "same key", "bad language"],
)
def test_write_refuses_what_tbx_cannot_hold(
    concepts: tuple[ConceptEntry, ...], message: str
) -> None:
    with pytest.raises(FormatError) as caught:
        tbx.write(Termbase(concepts))
    assert str(caught.value) == message


# --- unsafe and broken files --------------------------------------------------------------


@pytest.mark.parametrize("file_name", ["billion_laughs.tbx", "external_entity.tbx"])
def test_refuses_entity_declarations(file_name: str) -> None:
    data = (DATA / file_name).read_bytes()
    with pytest.raises(FormatError) as caught:
        tbx.read(data, name=file_name)
    assert str(caught.value) == f"{file_name} declares XML entities; tmtool does not read them."
    problems = tbx.validate(data, name=file_name)
    assert problems == [Problem(3, "The file declares XML entities, which tmtool does not read.")]


def test_refuses_entity_declarations_in_utf16() -> None:
    text = (DATA / "external_entity.tbx").read_text(encoding="utf-8")
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(FormatError, match="declares XML entities"):
        tbx.read(data, name="utf16.tbx")


def test_accepts_doctype_without_entities_and_loads_nothing() -> None:
    data = _doc(OK_CONCEPT).replace(
        b"<tbx ", b'<!DOCTYPE tbx SYSTEM "file:///nonexistent/tbx.dtd">\n<tbx ', 1
    )
    assert [c.key for c in tbx.read(data, name="doctype.tbx").concepts] == ["c1"]


def test_malformed_xml_names_the_line() -> None:
    data = (DATA / "malformed.tbx").read_bytes()
    with pytest.raises(FormatError) as caught:
        tbx.read(data, name="malformed.tbx")
    message = str(caught.value)
    assert message.startswith("malformed.tbx is not well-formed XML: ")
    assert message.endswith("(line 15).")
    [problem] = tbx.validate(data, name="malformed.tbx")
    assert problem.line == 15
    assert problem.message.startswith("Not well-formed XML: ")


def test_refuses_files_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _doc(OK_CONCEPT)
    monkeypatch.setattr(tbx, "MAX_GLOSSARY_SIZE", len(data) - 1)
    with pytest.raises(FormatError, match=r"^big\.tbx is larger than the"):
        tbx.read(data, name="big.tbx")
    assert tbx.validate(data, name="big.tbx")[0].line == 0


def test_the_real_size_limit_is_100_mb() -> None:
    from tmtool.formats.termbase import MAX_GLOSSARY_SIZE

    assert MAX_GLOSSARY_SIZE == 100 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty.tbx is empty."),
        (
            b"<tmx version='1.4'><body/></tmx>",
            "empty.tbx is not a TBX file; its root element is <tmx>.",
        ),
        (
            b"<tbx xmlns='urn:example'><text/></tbx>",
            "empty.tbx is not a TBX file; its root element is <tbx>.",
        ),
        (
            b"<martif type='TBX'><martifHeader/></martif>",
            "empty.tbx has no <text> element, so it holds no glossary.",
        ),
        (
            _doc(_concept("<langSec>\n<termSec><term>鹤城</term></termSec></langSec>")),
            "empty.tbx line 5: a <langSec> has no xml:lang, so the language of its terms "
            "is unknown.",
        ),
        (
            _doc(_concept('<langSec xml:lang="zh">\n<termSec><note>x</note></termSec></langSec>')),
            "empty.tbx line 6: a <termSec> has no <term>.",
        ),
        (
            _doc(OK_CONCEPT + OK_CONCEPT),
            "empty.tbx line 6: the concept id c1 is used twice; concept ids must be unique.",
        ),
    ],
    ids=["empty", "tmx", "other namespace", "no text", "no xml:lang", "no term", "same id"],
)
def test_refuses_files_missing_required_parts(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        tbx.read(data, name="empty.tbx")
    assert str(caught.value) == message


def test_read_refuses_unknown_status_with_its_line() -> None:
    with pytest.raises(FormatError) as caught:
        tbx.read((DATA / "invalid_basic.tbx").read_bytes(), name="invalid_basic.tbx")
    assert str(caught.value).startswith(
        'invalid_basic.tbx line 22: "approvedTerm-admn-sts" is not a term status tmtool knows'
    )


def test_read_skips_empty_terms_and_concepts_left_without_terms() -> None:
    body = _concept(
        '<langSec xml:lang="zh"><termSec><term> </term></termSec>'
        "<termSec><term>鹤 \n 城</term></termSec></langSec>"
    ) + _concept('<langSec xml:lang="en"><termSec><term/></termSec></langSec>', "c2")
    termbase = tbx.read(_doc(body), name="x.tbx")
    assert [(c.key, [t.text for t in c.terms]) for c in termbase.concepts] == [("c1", ["鹤 城"])]


# --- validation ---------------------------------------------------------------------------


def test_validate_reports_termnote_at_langsec_and_bad_status_with_lines(
    official_rng: etree.RelaxNG,
) -> None:
    data = (DATA / "invalid_basic.tbx").read_bytes()
    assert tbx.validate(data, name="invalid_basic.tbx") == [
        Problem(14, "A termNote is only allowed in a termSec, not in a langSec."),
        Problem(
            22,
            '"approvedTerm-admn-sts" is not a valid administrativeStatus; use '
            "preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts, "
            "supersededTerm-admn-sts.",
        ),
    ]
    # The core structure schema catches the misplaced termNote too (the picklist
    # is a Schematron rule, which the RelaxNG schema does not check).
    assert not official_rng.validate(etree.fromstring(data))


STRUCTURE_ERRORS = {
    "duplicate id": (OK_CONCEPT + OK_CONCEPT, "The id c1 is also used on line 5."),
    "missing id": (
        '<conceptEntry><langSec xml:lang="zh"><termSec><term>x</term></termSec></langSec>'
        "</conceptEntry>",
        'A conceptEntry needs an id that is an XML name, not "".',
    ),
    "id not an XML name": (
        _concept('<langSec xml:lang="zh"><termSec><term>x</term></termSec></langSec>', "1a"),
        'A conceptEntry needs an id that is an XML name, not "1a".',
    ),
    "langSec without xml:lang": (
        _concept("<langSec><termSec><term>x</term></termSec></langSec>"),
        "A langSec needs an xml:lang attribute with a valid language tag.",
    ),
    "two terms": (
        _concept(
            '<langSec xml:lang="zh"><termSec><term>x</term><term>y</term></termSec></langSec>'
        ),
        "A termSec needs exactly one term.",
    ),
    "no langSec": (_concept(""), "A conceptEntry needs at least one langSec."),
    "no termSec": (_concept('<langSec xml:lang="zh"/>'), "A langSec needs at least one termSec."),
    "termNote at concept level": (
        _concept(
            '<termNote type="partOfSpeech">noun</termNote>'
            '<langSec xml:lang="zh"><termSec><term>x</term></termSec></langSec>'
        ),
        "A termNote is only allowed in a termSec, not in a conceptEntry.",
    ),
    "unknown element": (
        _concept('<langSec xml:lang="zh"><termSec><term>x</term><gloss/></termSec></langSec>'),
        "<gloss> is not a TBX element.",
    ),
}


@pytest.mark.parametrize("case", list(STRUCTURE_ERRORS))
def test_validate_agrees_with_official_schema_on_structure(
    case: str, official_rng: etree.RelaxNG
) -> None:
    body, message = STRUCTURE_ERRORS[case]
    data = _doc(body)
    problems = tbx.validate(data, name="x.tbx")
    assert [p.message for p in problems] == [message]
    assert all(p.line >= 5 for p in problems)
    assert not official_rng.validate(etree.fromstring(data))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            _concept(
                '<langSec xml:lang="zh"><termSec><term>x</term>'
                '<termNote type="partOfSpeech">properNoun</termNote></termSec></langSec>'
            ),
            '"properNoun" is not a valid partOfSpeech; use adjective, adverb, noun, other, verb.',
        ),
        (
            _concept(
                '<langSec xml:lang="zh"><descrip type="subjectField">news</descrip>'
                "<termSec><term>x</term></termSec></langSec>"
            ),
            "subjectField is not allowed in a langSec.",
        ),
        (
            _concept(
                '<descrip type="comment">x</descrip>'
                '<langSec xml:lang="zh"><termSec><term>x</term></termSec></langSec>'
            ),
            '<descrip type="comment"> is not in TBX-Basic; use subjectField, definition, context.',
        ),
        (
            _concept('<langSec xml:lang="zh"><termSec><term> </term></termSec></langSec>'),
            "A term is empty.",
        ),
    ],
    ids=["partOfSpeech picklist", "subjectField level", "descrip type", "empty term"],
)
def test_validate_reports_tbx_basic_dialect_rules(body: str, message: str) -> None:
    assert [p.message for p in tbx.validate(_doc(body), name="x.tbx")] == [message]


def test_validate_reports_wrong_root_namespace_and_attributes() -> None:
    data = _doc(OK_CONCEPT).replace(b'style="dca"', b'style="dct"')
    assert tbx.validate(data, name="x.tbx") == [Problem(2, '<tbx> needs style="dca".')]
    assert [p.message for p in tbx.validate(_read_bytes("qiqihar_ed3_dct.tbx"), name="x")][:3] == [
        "The namespace is not urn:iso:std:iso:30042:ed-2.",
        '<tbx> needs style="dca".',
        "<subjectField> is a DCT-style element, not allowed in DCA-style TBX.",
    ]
    assert tbx.validate(_read_bytes("qiqihar_martif_v2.tbx"), name="x") == [
        Problem(3, "The root element is <martif>; TBX-Basic files start with <tbx>.")
    ]


def _read_bytes(file_name: str) -> bytes:
    return (DATA / file_name).read_bytes()
