"""Tests for tmtool.glossary: finding terms in Chinese, checking English and Russian."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry, TermStatus
from tmtool.glossary import FoundTerm, SourceHit, TermCheck, TermIndex, matching, morphology

P = TermStatus.PREFERRED
A = TermStatus.ADMITTED
D = TermStatus.DEPRECATED


def concept(key: str, *terms: tuple[str, str] | TermEntry) -> ConceptEntry:
    """A concept from (lang, text) pairs (preferred) and full entries."""
    entries = tuple(t if isinstance(t, TermEntry) else TermEntry(t[0], t[1]) for t in terms)
    return ConceptEntry(key, entries)


TERMBASE = Termbase(
    (
        concept(
            "qiqihar",
            ("zh", "齐齐哈尔"),
            ("en", "Qiqihar"),
            TermEntry("en", "Tsitsihar", D),
            ("ru", "Цицикар"),
            TermEntry("ru", "Цицихар", D),
            ("ja", "チチハル"),
            TermEntry("ja", "斉斉哈爾", D),
        ),
        concept(
            "crane_city",
            ("zh", "鹤城"),
            ("en", "Crane City"),
            TermEntry("en", "Crane Town", D),
            ("ru", "Город журавлей"),
            ("de", "Kranichstadt"),
        ),
        concept(
            "party_secretary",
            ("zh", "市委书记"),
            ("en", "Secretary of the CPC Qiqihar Municipal Committee"),
            ("ru", "секретарь Цицикарского горкома КПК"),
        ),
        concept(
            "municipal_committee",
            ("zh", "市委"),
            ("en", "CPC Qiqihar Municipal Committee"),
            TermEntry("en", "Qiqihar Municipal Party Committee", A),
            TermEntry("en", "Municipal Committee", D),
            ("ru", "Цицикарский горком КПК"),
        ),
        concept(
            "longsha",
            ("zh", "龙沙区"),
            TermEntry("zh", "龙沙", D),
            ("en", "Longsha District"),
            ("ru", "район Лунша"),
        ),
        concept("jianhua", ("zh", "建华区"), ("en", "Jianhua District"), ("ru", "район Цзяньхуа")),
        concept(
            "four_mess",
            ("zh", "清四乱"),
            ("en", "Four Mess Removal"),
            ("ru", "ликвидация четырёх беспорядков"),
        ),
        concept(
            "one_policy",
            ("zh", "一企一策"),
            ("en", "one policy for one enterprise"),
            ("ru", "отдельная политика для каждого предприятия"),
        ),
        concept(
            "crrc",
            ("zh", "中车"),
            TermEntry("zh", "CRRC", A),
            TermEntry("en", "CRRC", case_sensitive=True),
            ("ru", "CRRC"),
        ),
        concept(
            "zhalong_reserve",
            ("zh", "扎龙自然保护区"),
            ("en", "Zhalong Nature Reserve"),
            ("ru", "заповедник Чжалун"),
        ),
        concept("zhalong", ("zh", "扎龙"), ("en", "Zhalong"), ("ru", "Чжалун")),
        concept(
            "harbin",
            ("zh", "哈尔滨"),
            ("en", "Harbin"),
            ("ru", "Харбин"),
            TermEntry("ru", "Харбинь", D),
            ("ja", "ハルビン"),
        ),
        concept(
            "gdp",
            ("zh", "GDP"),
            TermEntry("en", "GDP", case_sensitive=True),
            TermEntry("ru", "ВВП", case_sensitive=True),
        ),
        concept("five_g", ("zh", "5G"), ("en", "5G"), ("ru", "5G")),
        concept(
            "it",
            TermEntry("zh", "IT", case_sensitive=True),
            ("en", "information technology"),
            ("ru", "информационные технологии"),
        ),
        concept("evening_news", ("zh", "鹤城晚报"), ("en", "Hecheng Evening News")),
    ),
    title="Qiqihar news desk",
)

INDEX = TermIndex(TERMBASE)

# Found item: (source term, target surface or None when absent); a surface may be
# (text, n) for its n-th occurrence in the target, 0-based.
Surface = str | tuple[str, int] | None
# (source, target, lang, found, missing, forbidden (term, target surface))
Case = tuple[str, str, str, list[tuple[str, Surface]], list[str], list[tuple[str, Surface]]]

CASES: list[Case] = [
    # --- English: plain, possessive, plural, hyphen, case --------------------
    ("齐齐哈尔今天下雪。", "It snowed in Qiqihar today.", "en", [("齐齐哈尔", "Qiqihar")], [], []),
    (
        "齐齐哈尔的冬天很长。",
        "Qiqihar's winter is long.",
        "en",
        [("齐齐哈尔", "Qiqihar's")],
        [],
        [],
    ),
    (
        "齐齐哈尔的冬天很长。",
        "Qiqihar’s winter is long.",
        "en",
        [("齐齐哈尔", "Qiqihar’s")],
        [],
        [],
    ),
    ("齐齐哈尔的冬天很长。", "QIQIHAR winters are long.", "en", [("齐齐哈尔", "QIQIHAR")], [], []),
    ("齐齐哈尔企业", "Qiqihar-based firms", "en", [("齐齐哈尔", "Qiqihar")], [], []),
    (
        "齐齐哈尔的冬天很长。",
        "Tsitsihar winters are long.",
        "en",
        [("齐齐哈尔", None)],
        ["齐齐哈尔"],
        [("Tsitsihar", "Tsitsihar")],
    ),
    (
        "齐齐哈尔的冬天很长。",
        "Qiqihar (formerly Tsitsihar's) winters are long.",
        "en",
        [("齐齐哈尔", "Qiqihar")],
        [],
        [("Tsitsihar", "Tsitsihar's")],
    ),
    ("欢迎来到鹤城。", "Welcome to Crane City.", "en", [("鹤城", "Crane City")], [], []),
    ("鹤城的夏天", "Crane City's summer", "en", [("鹤城", "Crane City's")], [], []),
    ("两个鹤城", "the two Crane Cities", "en", [("鹤城", "Crane Cities")], [], []),
    ("鹤城", "a walk through crane city", "en", [("鹤城", "crane city")], [], []),
    ("鹤城", "the Crane-City marathon", "en", [("鹤城", "Crane-City")], [], []),
    ("鹤城", "in Crane Town", "en", [("鹤城", None)], ["鹤城"], [("Crane Town", "Crane Town")]),
    (
        "鹤城",
        "Crane Town's summer",
        "en",
        [("鹤城", None)],
        ["鹤城"],
        [("Crane Town", "Crane Town's")],
    ),
    (
        "鹤城",
        "Crane City, once called Crane Town",
        "en",
        [("鹤城", "Crane City")],
        [],
        [("Crane Town", "Crane Town")],
    ),
    ("鹤城", "the crane, city birds", "en", [("鹤城", None)], ["鹤城"], []),
    ("鹤城", "the City of Cranes", "en", [("鹤城", None)], ["鹤城"], []),
    ("龙沙区", "Longsha District", "en", [("龙沙区", "Longsha District")], [], []),
    ("龙沙区", "both Longsha Districts", "en", [("龙沙区", "Longsha Districts")], [], []),
    ("龙沙区", "Longsha district's schools", "en", [("龙沙区", "Longsha district's")], [], []),
    ("龙沙区", "in Longsha", "en", [("龙沙区", None)], ["龙沙区"], []),
    # A deprecated Chinese term is a hit of its concept.
    ("龙沙的公园", "parks of Longsha District", "en", [("龙沙", "Longsha District")], [], []),
    # --- Nested Chinese terms -------------------------------------------------
    (
        "齐齐哈尔市委书记",
        "Secretary of the CPC Qiqihar Municipal Committee",
        "en",
        [("齐齐哈尔", "Qiqihar"), ("市委书记", "Secretary of the CPC Qiqihar Municipal Committee")],
        [],
        [],
    ),
    (
        "齐齐哈尔市委书记",
        "Qiqihar's Party chief",
        "en",
        [("齐齐哈尔", "Qiqihar's"), ("市委书记", None)],
        ["市委书记"],
        [],
    ),
    (
        "市委召开会议",
        "The CPC Qiqihar Municipal Committee met.",
        "en",
        [("市委", "CPC Qiqihar Municipal Committee")],
        [],
        [],
    ),
    (
        "市委召开会议",
        "The Qiqihar Municipal Party Committee met.",
        "en",
        [("市委", "Qiqihar Municipal Party Committee")],
        [],
        [],
    ),
    (
        "市委召开会议",
        "The Municipal Committee met.",
        "en",
        [("市委", None)],
        ["市委"],
        [("Municipal Committee", "Municipal Committee")],
    ),
    # A deprecated term inside an approved one is not reported.
    (
        "市委书记讲话",
        "The Secretary of the CPC Qiqihar Municipal Committee spoke.",
        "en",
        [("市委书记", "Secretary of the CPC Qiqihar Municipal Committee")],
        [],
        [],
    ),
    (
        "清四乱行动",
        'the "Four Mess Removal" campaign',
        "en",
        [("清四乱", "Four Mess Removal")],
        [],
        [],
    ),
    ("清四乱行动", "a four-mess removal drive", "en", [("清四乱", "four-mess removal")], [], []),
    ("清四乱行动", "the removal of four messes", "en", [("清四乱", None)], ["清四乱"], []),
    (
        "一企一策",
        "one policy for one enterprise",
        "en",
        [("一企一策", "one policy for one enterprise")],
        [],
        [],
    ),
    (
        "一企一策",
        "the One-Policy-for-One-Enterprise scheme",
        "en",
        [("一企一策", "One-Policy-for-One-Enterprise")],
        [],
        [],
    ),
    ("一企一策", "one policy for each enterprise", "en", [("一企一策", None)], ["一企一策"], []),
    # --- Latin script in Chinese source ---------------------------------------
    (
        "中车齐齐哈尔公司",
        "CRRC Qiqihar Co.",
        "en",
        [("中车", "CRRC"), ("齐齐哈尔", "Qiqihar")],
        [],
        [],
    ),
    (
        "中车齐齐哈尔公司",
        "crrc Qiqihar Co.",
        "en",
        [("中车", None), ("齐齐哈尔", "Qiqihar")],
        ["中车"],
        [],
    ),
    (
        "CRRC齐齐哈尔公司",
        "CRRC Qiqihar Co.",
        "en",
        [("CRRC", "CRRC"), ("齐齐哈尔", "Qiqihar")],
        [],
        [],
    ),
    ("crrc公司", "CRRC Co.", "en", [("crrc", "CRRC")], [], []),
    ("ＣＲＲＣ公司", "the CRRCs", "en", [("ＣＲＲＣ", "CRRCs")], [], []),
    ("CRRCX公司", "CRRCX Co.", "en", [], [], []),
    ("中车CRRC", "CRRC", "en", [("中车", "CRRC"), ("CRRC", "CRRC")], [], []),
    ("GDP增长", "GDP grew", "en", [("GDP", "GDP")], [], []),
    ("gdp增长", "gdp grew", "en", [("gdp", None)], ["gdp"], []),
    ("5G基站", "5G base stations", "en", [("5G", "5G")], [], []),
    ("15G基站", "15G base stations", "en", [], [], []),
    (
        "IT产业",
        "the information technology industry",
        "en",
        [("IT", "information technology")],
        [],
        [],
    ),
    ("it产业", "the it industry", "en", [], [], []),
    # --- Longest match, leftmost first ----------------------------------------
    (
        "扎龙自然保护区",
        "Zhalong Nature Reserve",
        "en",
        [("扎龙自然保护区", "Zhalong Nature Reserve")],
        [],
        [],
    ),
    ("扎龙的丹顶鹤", "the cranes of Zhalong", "en", [("扎龙", "Zhalong")], [], []),
    (
        "扎龙自然保护区",
        "Zhalong",
        "en",
        [("扎龙自然保护区", None)],
        ["扎龙自然保护区"],
        [],
    ),
    (
        "齐齐哈尔哈尔滨",
        "Qiqihar and Harbin",
        "en",
        [("齐齐哈尔", "Qiqihar"), ("哈尔滨", "Harbin")],
        [],
        [],
    ),
    (
        "鹤城晚报报道",
        "Hecheng Evening News reported",
        "en",
        [("鹤城晚报", "Hecheng Evening News")],
        [],
        [],
    ),
    # --- Repeats, nothing at all, glossary-wide forbidden ---------------------
    (
        "齐齐哈尔人爱齐齐哈尔",
        "Qiqihar people love Qiqihar",
        "en",
        [("齐齐哈尔", "Qiqihar"), ("齐齐哈尔", ("Qiqihar", 1))],
        [],
        [],
    ),
    (
        "齐齐哈尔人爱齐齐哈尔",
        "Locals love Qiqihar",
        "en",
        [("齐齐哈尔", "Qiqihar"), ("齐齐哈尔", "Qiqihar")],
        [],
        [],
    ),
    ("鹤城，鹤城", "nothing", "en", [("鹤城", None), ("鹤城", None)], ["鹤城"], []),
    ("今天天气很好。", "Nice weather today.", "en", [], [], []),
    (
        "鹤城",
        "Crane City near Tsitsihar",
        "en",
        [("鹤城", "Crane City")],
        [],
        [("Tsitsihar", "Tsitsihar")],
    ),
    ("今天天气很好。", "Crane Town weather", "en-US", [], [], [("Crane Town", "Crane Town")]),
    # --- Russian: cases, numbers, unknown names, ё ----------------------------
    ("在齐齐哈尔", "в Цицикаре", "ru", [("齐齐哈尔", "Цицикаре")], [], []),
    ("齐齐哈尔的", "жители Цицикара", "ru", [("齐齐哈尔", "Цицикара")], [], []),
    ("齐齐哈尔", "гордится Цицикаром", "ru", [("齐齐哈尔", "Цицикаром")], [], []),
    ("齐齐哈尔", "ЦИЦИКАР", "ru-RU", [("齐齐哈尔", "ЦИЦИКАР")], [], []),
    (
        "齐齐哈尔市委",
        "Цицикарский горком КПК",
        "ru",
        [("齐齐哈尔", None), ("市委", "Цицикарский горком КПК")],
        ["齐齐哈尔"],
        [],
    ),
    (
        "在齐齐哈尔",
        "в Цицихаре",
        "ru",
        [("齐齐哈尔", None)],
        ["齐齐哈尔"],
        [("Цицихар", "Цицихаре")],
    ),
    (
        "在齐齐哈尔",
        "в Цицикаре (Цицихаре)",
        "ru",
        [("齐齐哈尔", "Цицикаре")],
        [],
        [("Цицихар", "Цицихаре")],
    ),
    ("鹤城", "Город журавлей", "ru", [("鹤城", "Город журавлей")], [], []),
    ("在鹤城", "в Городе журавлей", "ru", [("鹤城", "Городе журавлей")], [], []),
    ("鹤城的", "жители Города журавлей", "ru", [("鹤城", "Города журавлей")], [], []),
    ("鹤城", "городами журавлей", "ru", [("鹤城", "городами журавлей")], [], []),
    ("鹤城", "Журавлиный город", "ru", [("鹤城", None)], ["鹤城"], []),
    ("鹤城", "город, журавлей", "ru", [("鹤城", None)], ["鹤城"], []),
    (
        "市委书记",
        "встреча секретаря Цицикарского горкома КПК",
        "ru",
        [("市委书记", "секретаря Цицикарского горкома КПК")],
        [],
        [],
    ),
    (
        "市委书记",
        "с секретарём цицикарского горкома кпк",
        "ru",
        [("市委书记", "секретарём цицикарского горкома кпк")],
        [],
        [],
    ),
    (
        "市委",
        "решение Цицикарского горкома КПК",
        "ru",
        [("市委", "Цицикарского горкома КПК")],
        [],
        [],
    ),
    ("市委", "решение горкома КПК", "ru", [("市委", None)], ["市委"], []),
    ("龙沙区", "в районе Лунша", "ru", [("龙沙区", "районе Лунша")], [], []),
    ("龙沙区", "районы Лунша", "ru", [("龙沙区", "районы Лунша")], [], []),
    ("龙沙区", "Луншаский район", "ru", [("龙沙区", None)], ["龙沙区"], []),
    ("建华区", "в районе Цзяньхуа", "ru", [("建华区", "районе Цзяньхуа")], [], []),
    (
        "清四乱",
        "в рамках ликвидации «четырёх беспорядков»",
        "ru",
        [("清四乱", "ликвидации «четырёх беспорядков")],
        [],
        [],
    ),
    (
        "清四乱",
        "ликвидацию четырех беспорядков",
        "ru",
        [("清四乱", "ликвидацию четырех беспорядков")],
        [],
        [],
    ),
    (
        "一企一策",
        "отдельной политики для каждого предприятия",
        "ru",
        [("一企一策", "отдельной политики для каждого предприятия")],
        [],
        [],
    ),
    ("在哈尔滨", "в Харбине", "ru", [("哈尔滨", "Харбине")], [], []),
    ("在哈尔滨", "в Харбинь", "ru", [("哈尔滨", None)], ["哈尔滨"], [("Харбинь", "Харбинь")]),
    ("从哈尔滨", "из Харбиня", "ru", [("哈尔滨", None)], ["哈尔滨"], [("Харбинь", "Харбиня")]),
    ("哈尔滨", "харбинский вокзал", "ru", [("哈尔滨", None)], ["哈尔滨"], []),
    ("哈尔滨", "Харбинского вокзала", "ru", [("哈尔滨", None)], ["哈尔滨"], []),
    ("GDP增长", "ВВП вырос", "ru", [("GDP", "ВВП")], [], []),
    ("GDP增长", "ввп вырос", "ru", [("GDP", None)], ["GDP"], []),
    ("中车", "компания CRRC", "ru", [("中车", "CRRC")], [], []),
    # A concept without a Russian term is found but never missing.
    ("鹤城晚报", "газета", "ru", [("鹤城晚报", None)], [], []),
    ("鹤城", "Цицихар", "ru", [("鹤城", None)], ["鹤城"], [("Цицихар", "Цицихар")]),
    # --- Other languages: case-insensitive substring --------------------------
    ("齐齐哈尔", "チチハル市で", "ja", [("齐齐哈尔", "チチハル")], [], []),
    (
        "齐齐哈尔",
        "斉斉哈爾で",
        "ja",
        [("齐齐哈尔", None)],
        ["齐齐哈尔"],
        [("斉斉哈爾", "斉斉哈爾")],
    ),
    ("鹤城", "in der kranichstadt", "de", [("鹤城", "kranichstadt")], [], []),
    ("鹤城", "Kranichstädte", "de", [("鹤城", None)], ["鹤城"], []),
    ("齐齐哈尔", "Qiqihar", "fr", [("齐齐哈尔", None)], [], []),
]


def _locate(text: str, surface: str | tuple[str, int]) -> tuple[int, int]:
    """Offsets of the n-th occurrence of a surface text."""
    piece, nth = (surface, 0) if isinstance(surface, str) else surface
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def _expected_found(source: str, target: str, found: list[tuple[str, Surface]]) -> list[Any]:
    expected = []
    pos = 0
    for term, surface in found:
        start = source.index(term, pos)
        pos = start + len(term)
        where = _locate(target, surface) if surface is not None else (None, None)
        expected.append((term, start, pos, surface is not None, *where))
    return expected


@pytest.mark.parametrize(
    ("source", "target", "lang", "found", "missing", "forbidden"),
    CASES,
    ids=[f"{i:02d}-{case[2]}-{case[1][:24]}" for i, case in enumerate(CASES)],
)
def test_check(
    source: str,
    target: str,
    lang: str,
    found: list[tuple[str, Surface]],
    missing: list[str],
    forbidden: list[tuple[str, Surface]],
) -> None:
    result = INDEX.check(source, target, lang)
    got = [
        (f.source, f.start, f.end, f.present, f.target_start, f.target_end) for f in result.found
    ]
    assert got == _expected_found(source, target, found)
    assert result.missing == missing
    expected_forbidden = [(term, *_locate(target, surface or term)) for term, surface in forbidden]
    assert [(f.term, f.start, f.end) for f in result.forbidden] == expected_forbidden


def test_table_is_large() -> None:
    assert len(CASES) >= 70


# --- find: hits, status, exact offsets ----------------------------------------


def test_find_nested_and_two_character_terms() -> None:
    hits = INDEX.find("齐齐哈尔市委书记在鹤城会见龙沙区和龙沙的市委干部")
    assert hits == [
        SourceHit("qiqihar", "齐齐哈尔", 0, 4, P),
        SourceHit("party_secretary", "市委书记", 4, 8, P),
        SourceHit("crane_city", "鹤城", 9, 11, P),
        SourceHit("longsha", "龙沙区", 13, 16, P),
        SourceHit("longsha", "龙沙", 17, 19, D),
        SourceHit("municipal_committee", "市委", 20, 22, P),
    ]


def test_find_latin_terms_keep_their_source_spelling() -> None:
    hits = INDEX.find("中车CRRC、crrc、ＣＲＲＣ与CRRCX和aCRRC")
    assert [(h.term, h.start, h.end, h.status) for h in hits] == [
        ("中车", 0, 2, P),
        ("CRRC", 2, 6, A),
        ("crrc", 7, 11, A),
        ("ＣＲＲＣ", 12, 16, A),
    ]


def test_leftmost_longest_wins_even_over_a_later_longer_term() -> None:
    index = TermIndex(
        Termbase(
            (
                concept("city", ("zh", "齐齐哈尔市")),
                concept("secretary", ("zh", "市委书记")),
                concept("name", ("zh", "齐齐哈尔")),
            )
        )
    )
    # 齐齐哈尔市 starts leftmost and is longest there; 委书记 is left over.
    assert [(h.concept, h.start, h.end) for h in index.find("齐齐哈尔市委书记")] == [("city", 0, 5)]
    assert [(h.concept, h.start, h.end) for h in index.find("在齐齐哈尔")] == [("name", 1, 5)]


def test_unnormalised_and_casefolded_source_offsets() -> None:
    index = TermIndex(
        Termbase(
            (
                concept("street", ("zh", "Straße")),
                concept("istanbul", ("zh", "İstanbul")),
                concept("cafe", ("zh", "Café")),
                concept("ss", ("zh", "ss")),
            )
        )
    )
    source = "在STRASSE、straße和ISTANBUL、İstanbul的Cafe\u0301里"
    hits = [(h.concept, h.term, h.start, h.end) for h in index.find(source)]
    assert hits == [
        ("street", "STRASSE", 1, 8),
        ("street", "straße", 9, 15),
        ("istanbul", "ISTANBUL", 16, 24),
        ("istanbul", "İstanbul", 25, 33),
        ("cafe", "Cafe\u0301", 34, 39),
    ]
    # ß casefolds to "ss": the whole ß matches, never half of it or part of a word.
    assert [(h.concept, h.term, h.start, h.end) for h in index.find("ß")] == [("ss", "ß", 0, 1)]
    assert [h.term for h in index.find("ss与Ss、ßa和Bass")] == ["ss", "Ss"]


def test_find_on_empty_text_and_empty_termbase() -> None:
    assert INDEX.find("") == []
    assert TermIndex(Termbase(())).find("齐齐哈尔") == []
    assert TermIndex(Termbase(())).check("齐齐哈尔", "Qiqihar", "en") == TermCheck([], [], [])


def test_source_lang_option() -> None:
    index = TermIndex(TERMBASE, source_lang="en")
    hits = index.find("Crane City's mayor visited Qiqihar.")
    assert [(h.concept, h.term, h.start, h.end) for h in hits] == [
        ("crane_city", "Crane City", 0, 10),
        ("qiqihar", "Qiqihar", 27, 34),
    ]


# --- check: details -------------------------------------------------------------


def test_approved_lists_preferred_then_admitted_and_replacement() -> None:
    result = INDEX.check("市委", "the Municipal Committee", "en")
    assert result.found == [
        FoundTerm(
            "市委",
            0,
            2,
            "municipal_committee",
            ["CPC Qiqihar Municipal Committee", "Qiqihar Municipal Party Committee"],
            False,
            None,
            None,
        )
    ]
    assert [(f.concept, f.replacement) for f in result.forbidden] == [
        ("municipal_committee", "CPC Qiqihar Municipal Committee")
    ]


def test_forbidden_without_replacement_and_concept_without_target_term() -> None:
    index = TermIndex(Termbase((concept("old", ("zh", "旧称"), TermEntry("en", "Old Name", D)),)))
    result = index.check("旧称", "the Old Names", "en")
    assert result.found == [FoundTerm("旧称", 0, 2, "old", [], False, None, None)]
    assert result.missing == []
    assert [(f.term, f.start, f.end, f.replacement) for f in result.forbidden] == [
        ("Old Name", 4, 13, None)
    ]


def test_unnormalised_target_offsets() -> None:
    target = "с секретаре\u0308м Цицика\u0301рского горкома КПК"
    result = INDEX.check("市委书记", target, "ru")
    (found,) = result.found
    assert (found.present, found.target_start, found.target_end) == (True, 2, len(target))


def test_homonyms_take_the_concept_the_target_uses() -> None:
    index = TermIndex(
        Termbase(
            (
                concept("county", ("zh", "龙江"), ("en", "Longjiang County")),
                concept("province", ("zh", "龙江"), ("en", "Heilongjiang")),
            )
        )
    )
    assert [h.concept for h in index.find("龙江")] == ["county"]
    assert [f.concept for f in index.check("龙江", "in Heilongjiang", "en").found] == ["province"]
    assert [f.concept for f in index.check("龙江", "nowhere", "en").found] == ["county"]


def test_lookup() -> None:
    assert INDEX.lookup("harbin").terms[0] == TermEntry("zh", "哈尔滨")
    with pytest.raises(KeyError, match="no concept 'nope'"):
        INDEX.lookup("nope")


def test_to_json_shape() -> None:
    result = INDEX.check("在鹤城和哈尔滨", "в Городе журавлей и Харбине (Харбинь)", "ru")
    data = result.to_json()
    assert set(data) == {"found", "missing", "forbidden"}
    assert data["missing"] == []
    assert data["found"] == [
        {
            "source": "鹤城",
            "start": 1,
            "end": 3,
            "approved": ["Город журавлей"],
            "present": True,
            "concept": "crane_city",
            "target_start": 2,
            "target_end": 17,
        },
        {
            "source": "哈尔滨",
            "start": 4,
            "end": 7,
            "approved": ["Харбин"],
            "present": True,
            "concept": "harbin",
            "target_start": 20,
            "target_end": 27,
        },
    ]
    assert data["forbidden"] == [
        {"term": "Харбинь", "start": 29, "end": 36, "concept": "harbin", "replacement": "Харбин"}
    ]
    missing = INDEX.check("鹤城", "", "en").to_json()
    assert missing == {
        "found": [
            {
                "source": "鹤城",
                "start": 0,
                "end": 2,
                "approved": ["Crane City"],
                "present": False,
                "concept": "crane_city",
                "target_start": None,
                "target_end": None,
            }
        ],
        "missing": ["鹤城"],
        "forbidden": [],
    }


def test_analyser_called_once_per_word_form(monkeypatch: pytest.MonkeyPatch) -> None:
    morph = morphology.analyzer()
    calls: Counter[str] = Counter()
    parse = morph.parse

    def counting_parse(word: str) -> Any:
        calls[word] += 1
        return parse(word)

    monkeypatch.setattr(morph, "parse", counting_parse)
    morphology.clear_caches()
    try:
        index = TermIndex(TERMBASE)
        targets = ["в Цицикаре", "В ЦИЦИКАРЕ", "в цицикаре и Цицихаре", "Цицикаре, Цицикаре"]
        for _ in range(3):
            for target in targets:
                index.check("在齐齐哈尔", target, "ru")
        assert calls, "the analyser was not used"
        assert set(calls.values()) == {1}
        assert {"в", "цицикаре", "и", "цицихаре", "цицикар"} <= set(calls)
    finally:
        morphology.clear_caches()


def test_prepared_maps_folded_offsets_back() -> None:
    prepared = matching.prepare("aßb")
    assert prepared.folded == "assb"
    assert prepared.aligned(1, 3)
    assert not prepared.aligned(1, 2)
    assert not prepared.aligned(2, 4)
    assert [prepared.to_original(i) for i in range(5)] == [0, 1, 1, 2, 3]


# --- find against a brute-force matcher ------------------------------------------


def _brute_force(terms: list[tuple[str, str, bool]], text: str) -> list[tuple[str, int, int]]:
    """Leftmost-longest valid hits by trying every term at every position."""
    prepared = matching.prepare(text)
    folded = prepared.folded
    entries = []
    for label, term, case_sensitive in terms:
        surface = matching.width_fold(matching.unicodedata.normalize("NFC", term).strip())
        if surface:
            entries.append((label, surface, matching.fold(surface), case_sensitive))

    def valid(start: int, surface: str, key: str, case_sensitive: bool) -> bool:
        end = start + len(key)
        if not folded.startswith(key, start) or not prepared.aligned(start, end):
            return False
        cjk = "\u4e00" <= surface[0] <= "\u9fff" and "\u4e00" <= surface[-1] <= "\u9fff"
        if (
            not cjk
            and matching.is_word_char(surface[0])
            and start > 0
            and matching.is_word_char(folded[start - 1])
        ):
            return False
        if (
            not cjk
            and matching.is_word_char(surface[-1])
            and end < len(folded)
            and matching.is_word_char(folded[end])
        ):
            return False
        if case_sensitive:
            nfc_surface = prepared.nfc[prepared.to_nfc(start) : prepared.to_nfc(end)]
            return matching.width_fold(nfc_surface) == surface
        return True

    hits = []
    pos = 0
    while pos < len(folded):
        best = None
        for label, surface, key, case_sensitive in entries:
            if (best is None or len(key) > best[1]) and valid(pos, surface, key, case_sensitive):
                best = (label, len(key))
        if best is None:
            pos += 1
            continue
        end = pos + best[1]
        hits.append((best[0], prepared.to_original(pos), prepared.to_original(end)))
        pos = end
    return hits


@pytest.mark.parametrize("seed", range(40))
def test_find_matches_brute_force(seed: int) -> None:
    import random

    rng = random.Random(seed)
    alphabet = "齐哈尔市委书记龙沙区aabbAB5ßİＡ\u0301𠀀 -"
    terms = []
    for number in range(rng.randint(1, 25)):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 4)))
        terms.append((f"c{number}", text, rng.random() < 0.2))
    index = TermIndex(
        Termbase(
            tuple(
                concept(label, TermEntry("zh", text, case_sensitive=cs))
                for label, text, cs in terms
            )
        )
    )
    for _ in range(25):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 60)))
        expected = _brute_force(terms, text)
        assert [(h.concept, h.start, h.end) for h in index.find(text)] == expected, (terms, text)


def test_find_long_text_with_rejected_hits() -> None:
    """Rejected hits in a long text: the local re-scan must find what they hid."""
    terms = [("ab", "ab", False), ("bc", "bc", False), ("ab齐哈尔", "ab齐哈尔", False)]
    terms += [(f"w{n}", "齐" * n + "哈", False) for n in range(1, 200)]
    index = TermIndex(Termbase(tuple(concept(label, ("zh", text)) for label, text, _ in terms)))
    text = ("xab齐哈尔" + "齐" * 150 + "哈 abc bc" + "齐" * 300) * 20
    expected = _brute_force(terms, text)
    assert len(expected) > 40
    assert [(h.concept, h.start, h.end) for h in index.find(text)] == expected
