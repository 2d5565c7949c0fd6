"""Short forms of glossary names, unit conversions and the length model, as pure functions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tmtool.qa import Unit, run_checks
from tmtool.qa.context import DEFAULT_LENGTH, ArticleContext, LengthModel, learn_length
from tmtool.qa.extract import extract
from tmtool.qa.length import clause_counts
from tmtool.qa.termforms import (
    approved_form,
    exonym_of_source,
    is_name_concept,
    short_form,
    transliterations,
)
from tmtool.qa.units import conflict, converted, unit_after


def test_transliterations_read_every_reading_of_heteronyms() -> None:
    assert "bukui" in transliterations("卜奎", "en")
    assert "букуй" in transliterations("卜奎", "ru")
    assert transliterations("ABC", "en") == frozenset()


SHORT_FORMS = [
    # (source term, approved, target, lang, expected)
    (
        "市教育局",
        "Qiqihar Municipal Education Bureau",
        "The Municipal Education Bureau said",
        "en",
        "abbreviation",
    ),
    (
        "市政府",
        "Народное правительство города Цицикар",
        "Городское правительство приняло меры",
        "ru",
        "abbreviation",
    ),
    (
        "扎龙自然保护区",
        "Zhalong Nature Reserve",
        "The Zhalong reserve opened",
        "en",
        "abbreviation",
    ),
    ("龙沙区", "Longsha District", "Longsha launched a campaign", "en", "short form"),
    ("龙沙区", "район Лунша", "В Лунша началась уборка", "ru", "short form"),
    ("齐齐哈尔", "Цицикар", "Цицикарская команда победила", "ru", "abbreviation"),
    ("龙江", "Heilongjiang Province", "Longjiang County held a fair", "en", "transliteration"),
    ("鹤城", "Crane City", "Red-crowned cranes arrive in the city", "en", None),
    ("鹤城", "Город журавлей", "Город встречает японских журавлей", "ru", None),
    ("鹤城", "City of Cranes", "Crane City welcomes visitors", "en", None),
    ("市教育局", "Qiqihar Municipal Education Bureau", "The city said", "en", None),
]


@pytest.mark.parametrize(("term", "approved", "target", "lang", "expected"), SHORT_FORMS)
def test_short_forms(
    term: str, approved: str, target: str, lang: str, expected: str | None
) -> None:
    assert short_form(term, [approved], target, lang) == expected


def test_a_pronoun_stands_for_a_person_named_nearby() -> None:
    args = ("孙珅", ["Sun Shen"], "He stressed that work must go on.", "en")
    assert short_form(*args, person=True, neighbours=("孙珅来到现场。", "")) == "pronoun"
    assert short_form(*args, person=True, neighbours=("会议召开。", "")) is None
    assert short_form(*args, person=False, neighbours=("孙珅来到现场。", "")) is None


def test_names_are_capitalised_vocabulary_is_not() -> None:
    assert is_name_concept([("zh", "鹤城"), ("en", "Crane City")])
    assert is_name_concept([("zh", "克东县"), ("ru", "уезд Кэдун")])
    assert not is_name_concept([("zh", "社区"), ("en", "community"), ("ru", "жилой квартал")])


def test_exonyms_and_approved_forms() -> None:
    assert exonym_of_source("Маньчжурия", "齐齐哈尔至满洲里的列车") == "满洲里"
    assert exonym_of_source("Маньчжурия", "东北振兴") is None
    assert approved_form("Цицикаром", ["Цицикар"], "ru") == "Цицикар"
    assert approved_form("Crane Town", ["Crane City"], "en") == "Crane Town"


def _first(text: str, lang: str) -> object:
    return extract(text, lang).quantities[0]


@pytest.mark.parametrize(
    ("text", "lang", "unit"),
    [
        ("两万斤鲜鱼", "zh", "jin"),
        ("1.5万亩农田", "zh", "mu"),
        ("5000千升", "zh", "kl"),
        ("10 tons of fish", "en", "t"),
        ("a 10,000-mu base", "en", "mu"),
        ("12.5 million tons", "en", "t"),
        ("5,000 kiloliters", "en", "kl"),
        ("21 кг", "ru", "kg"),
        ("10 тыс. му", "ru", "mu"),
        ("1000 гектаров", "ru", "ha"),
        ("10 people", "en", ""),
    ],
)
def test_units_after_quantities(text: str, lang: str, unit: str) -> None:
    quantity = _first(text, lang)
    assert unit_after(extract(text, lang).text, quantity.end, lang) == unit  # type: ignore[attr-defined]


def test_conversions_are_exact_or_rounded_as_translators_round() -> None:
    jin, tons = _first("两万斤", "zh"), _first("10 tons", "en")
    assert converted(jin, tons)  # type: ignore[arg-type]
    assert not converted(jin, _first("20 tons", "en"))  # type: ignore[arg-type]
    mu = _first("1万亩", "zh")
    assert converted(mu, _first("667 hectares", "en"))  # type: ignore[arg-type]
    assert converted(mu, _first("670 hectares", "en"))  # type: ignore[arg-type]
    assert not converted(mu, _first("600 hectares", "en"))  # type: ignore[arg-type]
    assert conflict(_first("42斤", "zh"), _first("42 kg", "en"))  # type: ignore[arg-type]
    assert not conflict(_first("42公斤", "zh"), _first("42 kg", "en"))  # type: ignore[arg-type]


def test_a_wrong_conversion_names_the_right_value() -> None:
    issues = run_checks(Unit("鳙鱼重42斤。", "The carp weighed 42 kilograms.", "zh", "en"))
    assert [i.message for i in issues if i.check == "number_mismatch"] == [
        "42斤 is 21 kg; the target has 42."
    ]


def test_length_models() -> None:
    pairs = [
        (
            "扎龙湿地今年救护野生鸟类八十三只。",
            "The Zhalong wetland rescued 83 wild birds this year.",
        )
    ]
    assert learn_length(pairs * 10, basis="article", minimum=20) is None
    model = learn_length(pairs * 30, basis="article", minimum=20)
    assert model is not None and model.pairs == 30 and model.spread == 0.10  # floored
    assert DEFAULT_LENGTH["en"].basis == "TICO-19"
    assert clause_counts("甲乙丙丁，戊己庚辛，壬癸子丑。", "One two three, four five six.") == (
        3,
        2,
    )


def test_the_length_check_uses_the_context_model() -> None:
    source = "扎龙湿地今年救护野生鸟类83只，其中国家一级保护动物12只，经治疗后已放归自然。"
    target = (
        "The Zhalong wetland has rescued 83 wild birds this year, including 12 of species "
        "under first-class state protection."
    )
    assert run_checks(Unit(source, target, "zh", "en"), only={"length_ratio"}) == []
    news = LengthModel(Decimal("1.36").__float__(), 0.15, 300, "workspace")
    unit = Unit(source, target, "zh", "en", context=ArticleContext(length=news))
    (issue,) = run_checks(unit, only={"length_ratio"})
    assert "short for its source" in issue.message and "in this workspace" in issue.message
    assert issue.severity.value == "warning"
