"""Anchors shared by a Chinese sentence and its translations: numbers, dates, Latin, terms."""

from __future__ import annotations

from tmtool.align.anchors import GlossaryAnchors, latin_tokens, sentence_anchors
from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry
from tmtool.glossary import TermIndex


def test_chinese_numerals_meet_english_and_russian_numbers() -> None:
    (zh,) = sentence_anchors(["全市投资九十亿元，建设5G基站。"], "zh")
    (en,) = sentence_anchors(["The city invested 9 billion yuan in 5G."], "en", latin={"5g"})
    (ru,) = sentence_anchors(["Город вложил 9 млрд юаней в 5G."], "ru", latin={"5g"})
    assert "n:9E+9" in zh and zh == en == ru


def test_ten_thousands_and_dates() -> None:
    (zh,) = sentence_anchors(["6月18日，游客达到12万人次。"], "zh")
    (en,) = sentence_anchors(["On June 18, visitors reached 120,000."], "en")
    (ru,) = sentence_anchors(["18 июня число туристов достигло 120 тысяч."], "ru")
    assert {"d:6-18", "n:1.2E+5"} <= zh
    assert {"d:6-18", "n:1.2E+5"} <= en
    assert {"d:6-18", "n:1.2E+5"} <= ru


def test_only_latin_tokens_of_the_chinese_count_in_targets() -> None:
    zh = sentence_anchors(["会议在APEC框架下举行。"], "zh")
    assert latin_tokens(zh) == {"apec"}
    (en,) = sentence_anchors(["The APEC meeting was held in Qiqihar."], "en", latin={"apec"})
    assert en == {"l:apec"}


def _termbase() -> Termbase:
    return Termbase(
        concepts=(
            ConceptEntry(
                key="crane-city",
                terms=(
                    TermEntry("zh", "鹤城"),
                    TermEntry("en", "Crane City"),
                    TermEntry("ru", "Журавлиный город"),
                ),
            ),
        )
    )


def test_glossary_terms_anchor_by_their_approved_equivalents() -> None:
    terms = GlossaryAnchors(TermIndex(_termbase()))
    source = "鹤城迎来游客。"
    (zh,) = sentence_anchors([source], "zh", terms=terms)
    en = sentence_anchors(
        ["Crane City welcomed visitors.", "Visitors came."], "en", terms=terms, source=source
    )
    ru = sentence_anchors(["Журавлиный город встретил туристов."], "ru", terms=terms, source=source)
    assert zh == {"t:crane-city"}
    assert en == [{"t:crane-city"}, set()]
    assert ru == [{"t:crane-city"}]
