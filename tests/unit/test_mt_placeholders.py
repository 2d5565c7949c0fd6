"""Glossary-safe MT in pure code: placeholders out and back, Russian cases, flags."""

from __future__ import annotations

import pytest

from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry, TermStatus
from tmtool.glossary import TermIndex
from tmtool.mt import mask, russian, unmask
from tmtool.mt.pipeline import finish, needs_engine
from tmtool.mt.settings import load_settings

D = TermStatus.DEPRECATED
A = TermStatus.ADMITTED


def concept(key: str, *terms: tuple[str, str] | TermEntry) -> ConceptEntry:
    return ConceptEntry(key, tuple(t if isinstance(t, TermEntry) else TermEntry(*t) for t in terms))


INDEX = TermIndex(
    Termbase(
        (
            concept("crane", ("zh", "鹤城"), ("en", "Crane City"), ("ru", "Город журавлей")),
            concept(
                "qiqihar",
                ("zh", "齐齐哈尔"),
                ("en", "Qiqihar"),
                ("ru", "Цицикар"),
                TermEntry("ru", "Цицихар", D),
            ),
            concept(
                "zhalong",
                ("zh", "扎龙保护区"),
                ("en", "Zhalong Nature Reserve"),
                ("ru", "Национальный природный заповедник Чжалун"),
            ),
            concept("cpc", ("zh", "中共"), ("en", "CPC"), ("ru", "КПК")),
            concept("nehe", ("zh", "讷河"), ("en", "Nehe"), TermEntry("ru", "Нэхэ", A)),
            concept("only-en", ("zh", "龙沙"), ("en", "Longsha")),
        )
    )
)


def test_mask_numbers_terms_leftmost_and_skips_those_without_a_target_term() -> None:
    masked = mask("龙沙的鹤城和齐齐哈尔，鹤城。", INDEX, "ru")
    assert masked.text == "龙沙的[T1]和[T2]，[T3]。"
    assert [(s.number, s.source, s.target) for s in masked.slots] == [
        (1, "鹤城", "Город журавлей"),
        (2, "齐齐哈尔", "Цицикар"),
        (3, "鹤城", "Город журавлей"),
    ]
    assert mask("龙沙的鹤城。", INDEX, "en").text == "[T1]的[T2]。"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Совещание прошло в [T1].", "Совещание прошло в Городе журавлей."),
        ("Делегация прибыла в [T1].", "Делегация прибыла в Город журавлей."),
        ("Делегация из [T1] приехала.", "Делегация из Города журавлей приехала."),
        ("Мэр рассказал о [T1].", "Мэр рассказал о Городе журавлей."),
        ("Все дороги ведут к [T1].", "Все дороги ведут к Городу журавлей."),
        ("Он гордится [T1]ом.", "Он гордится Городом журавлей."),
        ("Совещание прошло в [ T1 ].", "Совещание прошло в Городе журавлей."),
        ("Совещание прошло в 【T1】.", "Совещание прошло в Городе журавлей."),
        ("Совещание прошло в T1.", "Совещание прошло в Городе журавлей."),
        ("Совещание прошло в [t1].", "Совещание прошло в Городе журавлей."),
    ],
)
def test_russian_case_restored_from_context(answer: str, expected: str) -> None:
    restored = unmask(mask("会议在鹤城举行。", INDEX, "ru"), answer, "ru")
    assert (restored.text, restored.flags, restored.lost) == (expected, [], [])


def test_multiword_term_inflects_up_to_its_head() -> None:
    restored = unmask(mask("在扎龙保护区。", INDEX, "ru"), "Птицы гнездятся в [T1].", "ru")
    assert restored.text == "Птицы гнездятся в Национальном природном заповеднике Чжалун."


def test_adjective_before_placeholder_tells_the_case() -> None:
    masked = mask("新齐齐哈尔。", INDEX, "ru")
    restored = unmask(masked, "Жители нового [T1] довольны.", "ru")
    assert restored.text == "Жители нового Цицикара довольны."


def test_no_clue_gives_base_form_and_a_flag() -> None:
    restored = unmask(mask("鹤城欢迎你。", INDEX, "ru"), "Вас приветствует [T1].", "ru")
    assert restored.text == "Вас приветствует Город журавлей."
    assert restored.flags == [
        "«Город журавлей» (鹤城) is in its base form; check that its case fits."
    ]


def test_indeclinable_term_needs_no_flag() -> None:
    restored = unmask(mask("中共讷河。", INDEX, "ru"), "Комитет [T1] города [T2].", "ru")
    assert (restored.text, restored.flags) == ("Комитет КПК города Нэхэ.", [])


def test_lost_placeholder_is_flagged_and_reported_missing() -> None:
    masked = mask("鹤城和齐齐哈尔。", INDEX, "ru")
    draft = finish(masked, "Совещание прошло в [T2].", "ru", INDEX)
    assert draft.text == "Совещание прошло в Цицикаре."
    assert draft.flags == [
        "the engine dropped the term 鹤城 (Город журавлей), so it is missing; insert it."
    ]


def test_forbidden_term_written_by_the_engine_is_flagged() -> None:
    masked = mask("会议。", INDEX, "ru")
    draft = finish(masked, "Совещание в Цицихаре.", "ru", INDEX)
    assert draft.flags == ["Цицихар is a forbidden term; write Цицикар."]


def test_english_term_at_sentence_start_is_capitalised() -> None:
    index = TermIndex(Termbase((concept("dt", ("zh", "中心城区"), ("en", "downtown area")),)))
    restored = unmask(mask("中心城区很美。", index, "en"), "[T1] is nice. So is the [T1].", "en")
    assert restored.text == "Downtown area is nice. So is the downtown area."


def test_a_source_that_is_only_terms_needs_no_engine() -> None:
    assert not needs_engine("[T1]，[T2]。2024")
    assert needs_engine("[T1]举行")


@pytest.mark.parametrize(
    ("term", "case", "expected"),
    [
        ("Цицикар", "loct", "Цицикаре"),
        ("район Лунша", "gent", "района Лунша"),
        ("Хулун-Буир", "loct", "Хулун-Буире"),
        ("Северо-Восточный Китай", "ablt", "Северо-Восточным Китаем"),
        ("центральные районы города", "loct", "центральных районах города"),
        ("провинция Хэйлунцзян", "accs", "провинцию Хэйлунцзян"),
        ("КПК", "gent", None),
    ],
)
def test_inflect_terms(term: str, case: str, expected: str | None) -> None:
    assert russian.inflect(term, case) == expected


def test_pivot_route_from_settings() -> None:
    settings = load_settings({"engine": "libretranslate", "pivot_ru": "en"})
    assert settings.route("zh", "ru") == [("zh", "en"), ("en", "ru")]
    assert settings.route("zh", "en") == [("zh", "en")]
