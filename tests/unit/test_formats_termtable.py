"""Tests of CSV and TSV glossaries and of the shared termbase helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmtool.formats import tbx, termtable
from tmtool.formats.base import FormatError
from tmtool.formats.termbase import (
    ConceptEntry,
    Termbase,
    TermEntry,
    TermStatus,
    derived_key,
    normalize_lang,
    parse_status,
)

DATA = Path(__file__).parent.parent / "data" / "glossary"

P, A, D = TermStatus.PREFERRED, TermStatus.ADMITTED, TermStatus.DEPRECATED


def _read(file_name: str) -> Termbase:
    return termtable.read((DATA / file_name).read_bytes(), name=file_name)


def _terms(concept: ConceptEntry) -> list[tuple[str, str, TermStatus]]:
    return [(t.lang, t.text, t.status) for t in concept.terms]


# --- reading ------------------------------------------------------------------------------


def test_reads_csv_with_bom() -> None:
    assert (DATA / "qiqihar_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    termbase = _read("qiqihar_bom.csv")
    assert termbase.source_lang == "zh"
    assert termbase.title is None
    assert termbase.languages() == ["zh", "en", "ru", "de"]
    assert [c.key for c in termbase.concepts] == ["qiqihar", "zh:鹤城", "qing-si-luan", "zh:扎龙"]
    qiqihar, crane_city, campaign, zhalong = termbase.concepts
    assert _terms(qiqihar) == [
        ("zh", "齐齐哈尔", P),
        ("en", "Qiqihar", P),
        ("en", "Tsitsihar", D),
        ("ru", "Цицикар", P),
        ("de", "Qiqihar", P),
    ]
    assert {t.part_of_speech for t in qiqihar.terms} == {"noun"}
    assert qiqihar.subject == "place names"
    assert qiqihar.note is None
    assert _terms(crane_city)[1:3] == [("en", "Crane City", P), ("en", "City of Cranes", A)]
    assert crane_city.note == (
        "Nickname of Qiqihar, after the cranes of Zhalong.\nUse in headlines only."
    )
    assert campaign.terms[1].text == 'clean-up of the "four disorders"'
    assert campaign.terms[4] == TermEntry("de", "Beseitigung der „vier Missstände“")
    # The status column sets the status of each language's first term.
    assert _terms(zhalong) == [("zh", "扎龙", A), ("en", "Zhalong", A), ("ru", "Чжалун", A)]


def test_reads_gb18030_tsv() -> None:
    data = (DATA / "qiqihar_gb18030.tsv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    termbase = _read("qiqihar_gb18030.tsv")
    assert termbase.languages() == ["zh", "en", "ru"]
    assert [c.key for c in termbase.concepts] == ["zh:齐齐哈尔", "zh:鹤城", "zh:嫩江", "zh:清四乱"]
    qiqihar, _, nen, campaign = termbase.concepts
    # "ZH:deprecated" names the deprecated Chinese terms; "remarks" is ignored.
    assert _terms(qiqihar) == [
        ("zh", "齐齐哈尔", P),
        ("zh", "齐市", D),
        ("en", "Qiqihar", P),
        ("ru", "Цицикар", P),
    ]
    assert qiqihar.note == "市名全称"
    assert _terms(nen)[1:3] == [("en", "Nen River", P), ("en", "Nenjiang", A)]
    assert campaign.terms[1].text == '"Four Disorders" clean-up'  # TSV has no quoting


@pytest.mark.parametrize(
    ("file_name", "delimiter"), [("qiqihar_bom.csv", ","), ("qiqihar_gb18030.tsv", "\t")]
)
def test_round_trip_is_identical_and_deterministic(file_name: str, delimiter: str) -> None:
    termbase = _read(file_name)
    written = termtable.write(termbase, delimiter=delimiter)
    again = termtable.read(written, name=file_name)
    assert again == termbase
    assert termtable.write(again, delimiter=delimiter) == written
    assert written.startswith(b"\xef\xbb\xbf")
    assert written.count(b"\r\n") >= len(termbase.concepts) + 1


def test_written_csv_layout() -> None:
    written = termtable.write(_read("qiqihar_bom.csv")).decode("utf-8-sig")
    lines = written.split("\r\n")
    assert lines[0] == "id,zh,en,en:deprecated,ru,de,subject,pos,status,note"
    assert lines[1] == "qiqihar,齐齐哈尔,Qiqihar,Tsitsihar,Цицикар,Qiqihar,place names,noun,,"
    assert lines[2].startswith("zh:鹤城,鹤城,Crane City | City of Cranes,,Город журавлей,")
    assert ',"clean-up of the ""four disorders""",' in written
    assert lines[-2] == "zh:扎龙,扎龙,Zhalong,,Чжалун,,nature conservation,,admitted,"


def test_tbx_glossary_survives_csv_and_tsv() -> None:
    source = tbx.read((DATA / "qiqihar_basic.tbx").read_bytes(), name="qiqihar_basic.tbx")
    for delimiter, name in ((",", "out.csv"), ("\t", "out.tsv")):
        again = termtable.read(termtable.write(source, delimiter=delimiter), name=name)
        assert [c.key for c in again.concepts] == [c.key for c in source.concepts]
        assert again.languages() == ["zh", "en", "ru", "de"]
        assert [t.text for c in again.concepts for t in c.terms if t.lang == "de"] == [
            "Qiqihar",
            "Kranichstadt",
            "Beseitigung der „vier Missstände“",
            "Mandschurenkranich",
        ]
        for before, after in zip(source.concepts, again.concepts, strict=True):
            assert _terms(after) == _terms(before)
            assert (after.subject, after.note) == (before.subject, before.note)


def test_tsv_cells_stay_on_one_line() -> None:
    termbase = Termbase(
        (
            ConceptEntry(
                "c1",
                (TermEntry("zh", "鹤城"), TermEntry("en", '"Crane City"')),
                note="line one\nline\ttwo",
            ),
        )
    )
    written = termtable.write(termbase, delimiter="\t")
    assert written.decode("utf-8-sig").split("\r\n")[1] == (
        'c1\t鹤城\t"""Crane City"""\tline one line two'
    )
    again = termtable.read(written, name="x.tsv").concepts[0]
    assert again.terms[1].text == '"Crane City"'
    assert again.note == "line one line two"


def test_columns_follow_every_concepts_term_order() -> None:
    # The first concept has no English term; English still comes before Russian.
    data = "en,ru\n,Цицикар\nCrane City,Город журавлей\n".encode()
    termbase = termtable.read(data, name="x.csv")
    assert termbase.source_lang == "en"
    assert termbase.languages() == ["ru", "en"]
    written = termtable.write(termbase)
    assert written.decode("utf-8-sig").startswith("id,en,ru\r\n")
    assert termtable.read(written, name="x.csv") == termbase


# --- delimiters and columns ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "delimiter"),
    [
        ("zh;en;note\n齐齐哈尔;Qiqihar;a, b\n", "excel.csv", None),
        ("zh\ten\tnote\n齐齐哈尔\tQiqihar\ta, b\n", "export.txt", None),
        ("zh\ten\tnote\n齐齐哈尔\tQiqihar\ta, b\n", "export.tsv", None),
        ("zh|en|note\n齐齐哈尔|Qiqihar|a, b\n", "pipes.txt", "|"),
    ],
)
def test_delimiter_comes_from_the_name_or_the_header(
    data: str, name: str, delimiter: str | None
) -> None:
    if delimiter == "|":
        # "|" also separates terms, so a pipe-delimited file cannot hold several.
        termbase = termtable.read(data.encode(), name=name, delimiter=delimiter)
    else:
        termbase = termtable.read(data.encode(), name=name)
    [concept] = termbase.concepts
    assert _terms(concept) == [("zh", "齐齐哈尔", P), ("en", "Qiqihar", P)]
    assert concept.note == "a, b"


def test_language_columns_are_normalised_and_unknown_columns_ignored() -> None:
    data = "ID,ZH_cn,En-GB,Comment,Source,EN-gb:Deprecated\nq1,齐齐哈尔,Qiqihar,x,y,Tsitsihar\n"
    termbase = termtable.read(data.encode(), name="x.csv")
    assert termbase.source_lang == "zh-CN"
    [concept] = termbase.concepts
    assert concept.key == "q1"
    assert _terms(concept) == [
        ("zh-CN", "齐齐哈尔", P),
        ("en-GB", "Qiqihar", P),
        ("en-GB", "Tsitsihar", D),
    ]


def test_rows_without_terms_are_skipped_and_short_rows_accepted() -> None:
    data = "id,zh,en,note\nempty,,,only a note\n,鹤城\n\n".encode()
    termbase = termtable.read(data, name="x.csv")
    assert [(c.key, _terms(c)) for c in termbase.concepts] == [("zh:鹤城", [("zh", "鹤城", P)])]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "x.csv is empty."),
        (b" \r\n", "x.csv is empty."),
        (b",,\r\n,,\r\n", "x.csv is empty."),
        (
            "term,translation\n齐齐哈尔,Qiqihar\n".encode(),
            "x.csv has no language column; name columns zh, en, ru.",
        ),
        ("zh,en,ZH\n鹤城,Crane City,鹤城\n".encode(), "x.csv has the column ZH twice."),
        (
            "zh,status\n鹤城,approved\n".encode(),
            'x.csv line 2: "approved" is not a status tmtool knows; '
            "use preferred, admitted or deprecated.",
        ),
        (
            "zh,en\n鹤城,Crane City\n鹤城,City of Cranes\n".encode(),
            "x.csv line 3: the concept zh:鹤城 is also on line 2; "
            "give every row a different id in an id column.",
        ),
        (
            "id,zh\nc1,鹤城\nc1,齐齐哈尔\n".encode(),
            "x.csv line 3: the concept c1 is also on line 2; "
            "give every row a different id in an id column.",
        ),
    ],
    ids=["empty", "blank", "no cells", "no language", "column twice", "status", "key", "id"],
)
def test_refuses_unreadable_tables(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        termtable.read(data, name="x.csv")
    assert str(caught.value) == message


def test_statuses_in_the_status_column() -> None:
    data = (
        "id,zh,en,status\n"
        "a,鹤城,Crane City,preferredTerm-admn-sts\n"
        "b,齐市,Qiqihar city,Deprecated\n"
        "c,嫩江,Nen River,\n"
    ).encode()
    statuses = [[t.status for t in c.terms] for c in termtable.read(data, name="x.csv").concepts]
    assert statuses == [[P, P], [D, D], [P, P]]


def test_write_refuses_terms_containing_the_separator() -> None:
    termbase = Termbase((ConceptEntry("c1", (TermEntry("en", "Qiqihar | Tsitsihar"),)),))
    with pytest.raises(FormatError, match=r'contains "\|"'):
        termtable.write(termbase)


def test_write_puts_preferred_terms_first() -> None:
    termbase = Termbase(
        (
            ConceptEntry(
                "c1",
                (
                    TermEntry("zh", "鹤城"),
                    TermEntry("en", "City of Cranes", A),
                    TermEntry("en", "Crane City", P),
                    TermEntry("en", "Crane Town", D),
                ),
            ),
        )
    )
    lines = termtable.write(termbase).decode("utf-8-sig").split("\r\n")
    assert lines[:2] == ["id,zh,en,en:deprecated", "c1,鹤城,Crane City | City of Cranes,Crane Town"]


# --- termbase helpers ---------------------------------------------------------------------


def test_languages_in_first_seen_order() -> None:
    termbase = Termbase(
        (
            ConceptEntry("a", (TermEntry("ru", "Цицикар"), TermEntry("zh", "齐齐哈尔"))),
            ConceptEntry("b", (TermEntry("de", "Kranichstadt"), TermEntry("ru", "x"))),
        )
    )
    assert termbase.languages() == ["ru", "zh", "de"]
    assert Termbase(()).languages() == []


def test_normalize_lang() -> None:
    assert normalize_lang(" ZH-cn ") == "zh-CN"
    assert normalize_lang("en_GB") == "en-GB"
    assert normalize_lang("RU") == "ru"
    assert normalize_lang("zh-HANS-cn") == "zh-Hans-CN"
    assert normalize_lang("de-CH-1996") == "de-CH-1996"
    assert normalize_lang("en-x-QQ-Ab") == "en-x-qq-ab"


def test_derived_key_prefers_a_source_term_that_is_not_deprecated() -> None:
    terms = [TermEntry("en", "Crane City"), TermEntry("zh", "齐市", D), TermEntry("zh", "鹤城")]
    assert derived_key(terms, "zh") == "zh:鹤城"
    assert derived_key(terms[:1], "zh") == "en:Crane City"
    assert derived_key([], "zh") is None


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("preferred", P),
        ("Admitted", A),
        ("deprecated", D),
        ("preferredTerm-admn-sts", P),
        ("admittedTerm-admn-sts", A),
        ("deprecatedTerm-admn-sts", D),
        ("supersededTerm-admn-sts", D),
        ("standardizedTerm-admn-sts", P),
        ("legal", P),
        ("forbidden", D),
        ("approved", None),
        ("", None),
    ],
)
def test_parse_status(value: str, status: TermStatus | None) -> None:
    assert parse_status(value) is status
