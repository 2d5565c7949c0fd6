"""Tests for tmtool.segment: sentences, paragraphs, unit counts, cell widths."""

from __future__ import annotations

import random

import pytest

from tmtool.segment import cell_width, count_units, split_paragraphs, split_sentences

# (text, semicolon, expected sentences)
ZH_CASES: list[tuple[str, bool, list[str]]] = [
    # Closing quote after 。 stays with its sentence.
    (
        "他说：“我们要加快建设。”随后市长离开了会场。",
        False,
        ["他说：“我们要加快建设。”", "随后市长离开了会场。"],
    ),
    # Doubled ellipsis ends a sentence, also at the very end.
    ("雪越下越大……街上几乎没有行人。", False, ["雪越下越大……", "街上几乎没有行人。"]),
    ("他说：“我们要加快建设。”随后……", False, ["他说：“我们要加快建设。”", "随后……"]),
    # Midline ellipsis used by some Chinese fonts and editors.
    ("他说⋯⋯我们再看看。", False, ["他说⋯⋯", "我们再看看。"]),
    # A single ellipsis character does not end a sentence.
    ("他犹豫了…然后点了点头。", False, ["他犹豫了…然后点了点头。"]),
    # Runs of marks stay together.
    ("真的吗！？市民们纷纷追问。", False, ["真的吗！？", "市民们纷纷追问。"]),
    ("太冷了！！！气温跌破零下三十度。", False, ["太冷了！！！", "气温跌破零下三十度。"]),
    ("“你去哪儿？”他问。", False, ["“你去哪儿？”", "他问。"]),
    # Closing brackets after the end mark stay too; an opening one does not.
    ("（详见附件。）下一步将公布名单。", False, ["（详见附件。）", "下一步将公布名单。"]),
    (
        "本报记者报道。《齐齐哈尔日报》今日出版。",
        False,
        ["本报记者报道。", "《齐齐哈尔日报》今日出版。"],
    ),
    # Nested corner quotes.
    (
        "他说：「市长表示『必须按期完工。』」随后散会。",
        False,
        ["他说：「市长表示『必须按期完工。』」", "随后散会。"],
    ),
    # Splits inside a quotation that goes on: simple and predictable.
    (
        "他说：“工程已完工。下一步是验收。”",
        False,
        ["他说：“工程已完工。", "下一步是验收。”"],
    ),
    # Semicolon only with the flag.
    ("一期工程已完工；二期工程明年开工。", False, ["一期工程已完工；二期工程明年开工。"]),
    ("一期工程已完工；二期工程明年开工。", True, ["一期工程已完工；", "二期工程明年开工。"]),
    # Dates, decimals and numbers with commas: no end mark, no split.
    ("会议于7月9日至10日在齐齐哈尔举行", False, ["会议于7月9日至10日在齐齐哈尔举行"]),
    (
        "全市GDP增长3.5%，粮食产量增长9,6万吨。",
        False,
        ["全市GDP增长3.5%，粮食产量增长9,6万吨。"],
    ),
    # Half-width ! and ? end a sentence only before whitespace or the end.
    ("Hello! 欢迎来到齐齐哈尔。", False, ["Hello!", "欢迎来到齐齐哈尔。"]),
    ("请访问qqhr.gov.cn/news?id=5了解详情。", False, ["请访问qqhr.gov.cn/news?id=5了解详情。"]),
    ("真的吗?! 是的。", False, ["真的吗?!", "是的。"]),
    # Whitespace between sentences is dropped.
    ("第一句。  第二句！\n第三句？", False, ["第一句。", "第二句！", "第三句？"]),
    # No end mark at all.
    ("扎龙自然保护区迎来首批丹顶鹤", False, ["扎龙自然保护区迎来首批丹顶鹤"]),
    ("", False, []),
    (" \n\u3000", False, []),
]

# (lang, text, expected sentences)
WESTERN_CASES: list[tuple[str, str, list[str]]] = [
    ("en", 'He said, "Go." Then he left.', ['He said, "Go."', "Then he left."]),
    (
        "en",
        "The mayor said: “We are ready.” Then he left.",
        ["The mayor said: “We are ready.”", "Then he left."],
    ),
    (
        "en",
        "“We are ready,” the mayor said. “The roads are clear.”",
        ["“We are ready,” the mayor said.", "“The roads are clear.”"],
    ),
    (
        "en",
        "Mr. Sun visited the plant. He praised the workers.",
        ["Mr. Sun visited the plant.", "He praised the workers."],
    ),
    (
        "en",
        "Dr. Li and Prof. Wang spoke. The session ended.",
        ["Dr. Li and Prof. Wang spoke.", "The session ended."],
    ),
    (
        "en",
        "The school is No. 3 in the province. Classes resume in May.",
        ["The school is No. 3 in the province.", "Classes resume in May."],
    ),
    # "No." and "fig." are abbreviations only before a number.
    ("en", "No. The mayor refused.", ["No.", "The mayor refused."]),
    ("en", "He ate a fig. Then he left.", ["He ate a fig.", "Then he left."]),
    (
        "en",
        "See Fig. 2 for the route. It runs north.",
        ["See Fig. 2 for the route.", "It runs north."],
    ),
    (
        "en",
        "U.S. officials arrived on Monday. They met the mayor.",
        ["U.S. officials arrived on Monday.", "They met the mayor."],
    ),
    (
        "en",
        "The delegation met U.S. officials in Qiqihar.",
        ["The delegation met U.S. officials in Qiqihar."],
    ),
    (
        "en",
        "J. K. Rowling was not there. Nobody asked why.",
        ["J. K. Rowling was not there.", "Nobody asked why."],
    ),
    (
        "en",
        "Output rose 3.5 percent. Prices fell 9,6 percent in euro terms.",
        ["Output rose 3.5 percent.", "Prices fell 9,6 percent in euro terms."],
    ),
    # Lower case after an abbreviation or an ellipsis: no split.
    (
        "en",
        "They brought tools, seeds, etc. and left.",
        ["They brought tools, seeds, etc. and left."],
    ),
    (
        "en",
        "The ice was thin... and nobody went out.",
        ["The ice was thin... and nobody went out."],
    ),
    (
        "en",
        "The ice was thin… Nobody went out.",
        ["The ice was thin…", "Nobody went out."],
    ),
    # A known abbreviation wins even before a capital letter.
    (
        "en",
        "Bring boots, gloves, etc. Temperatures will drop.",
        ["Bring boots, gloves, etc. Temperatures will drop."],
    ),
    (
        "en",
        "The meeting starts at 9 a.m. Beijing time on Monday.",
        ["The meeting starts at 9 a.m. Beijing time on Monday."],
    ),
    (
        "en",
        "The festival opens on Jan. 5 in Longsha Park. Entry is free.",
        ["The festival opens on Jan. 5 in Longsha Park.", "Entry is free."],
    ),
    (
        "en",
        "Minus 35 degrees?! Residents shrugged.",
        ["Minus 35 degrees?!", "Residents shrugged."],
    ),
    ("en", '"Really?" she asked.', ['"Really?" she asked.']),
    (
        "en",
        "The plant hired 300 people. 2024 will be busier.",
        ["The plant hired 300 people.", "2024 will be busier."],
    ),
    (
        "en",
        "Roads were closed. (Details are on the city website.) Buses still run.",
        ["Roads were closed.", "(Details are on the city website.)", "Buses still run."],
    ),
    (
        "en",
        "The St. Petersburg delegation arrived. It stayed two days.",
        ["The St. Petersburg delegation arrived.", "It stayed two days."],
    ),
    ("en", "Qiqihar prepares for winter", ["Qiqihar prepares for winter"]),
    ("de", "Es schneit. Die Straßen sind glatt.", ["Es schneit.", "Die Straßen sind glatt."]),
    ("en", "", []),
    (
        "ru",
        "Делегация прибыла в г. Цицикар. Там было холодно.",
        ["Делегация прибыла в г. Цицикар.", "Там было холодно."],
    ),
    (
        "ru",
        "Это север, т. е. Цицикар. Зима длится полгода.",
        ["Это север, т. е. Цицикар.", "Зима длится полгода."],
    ),
    ("ru", "Это рядом, т.е. Цицикар.", ["Это рядом, т.е. Цицикар."]),
    (
        "ru",
        "По данным мэрии, в 2023 г. объём вырос на 9,6 процента.",
        ["По данным мэрии, в 2023 г. объём вырос на 9,6 процента."],
    ),
    (
        "ru",
        "Поселение возникло в III в. до н. э. Раскопки продолжаются.",
        ["Поселение возникло в III в. до н. э. Раскопки продолжаются."],
    ),
    (
        "ru",
        "В. В. Путин посетил завод. Рабочие встретили его.",
        ["В. В. Путин посетил завод.", "Рабочие встретили его."],
    ),
    ("ru", "Сунь Ш. сказал, что мост готов.", ["Сунь Ш. сказал, что мост готов."]),
    (
        "ru",
        "Мэр выступил. «Он сказал: „Мост готов“.» Это подтвердили в мэрии.",
        ["Мэр выступил.", "«Он сказал: „Мост готов“.»", "Это подтвердили в мэрии."],
    ),
    (
        "ru",
        "«Мост откроют в июле», — сказал он. «Он сказал: „Мы успеем!“» Это правда.",
        [
            "«Мост откроют в июле», — сказал он.",
            "«Он сказал: „Мы успеем!“»",
            "Это правда.",
        ],
    ),
    (
        "ru",
        "Мэр спросил: «Успеем?» — и все засмеялись.",
        ["Мэр спросил: «Успеем?» — и все засмеялись."],
    ),
    ("ru", "— Когда откроют мост? — Летом.", ["— Когда откроют мост?", "— Летом."]),
    (
        "ru",
        "Население — 1,3 млн человек. Площадь — 4,4 тыс. кв. км.",
        ["Население — 1,3 млн человек.", "Площадь — 4,4 тыс. кв. км."],
    ),
    (
        "ru",
        "Адрес: ул. Ленина, д. 5. Вход со двора.",
        ["Адрес: ул. Ленина, д. 5.", "Вход со двора."],
    ),
    (
        "ru",
        "См. стр. 5. Там всё написано.",
        ["См. стр. 5.", "Там всё написано."],
    ),
    ("ru", "Я думал… Нет, не так.", ["Я думал…", "Нет, не так."]),
    ("ru", "Он замолчал… и ушёл.", ["Он замолчал… и ушёл."]),
    ("ru", "Это я. Открой дверь.", ["Это я.", "Открой дверь."]),
    ("ru", "Минус сорок?! Да.", ["Минус сорок?!", "Да."]),
    (
        "ru",
        "И. о. мэра провёл совещание. Решения приняты.",
        ["И. о. мэра провёл совещание.", "Решения приняты."],
    ),
    ("ru", "Цицикар готовится к зиме", ["Цицикар готовится к зиме"]),
]


@pytest.mark.parametrize(("text", "semicolon", "expected"), ZH_CASES)
def test_split_sentences_zh(text: str, semicolon: bool, expected: list[str]) -> None:
    assert split_sentences(text, "zh", semicolon=semicolon) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), WESTERN_CASES)
def test_split_sentences_western(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


@pytest.mark.parametrize("lang", ["zh-CN", "ZH", "zh_Hans"])
def test_split_sentences_language_tags(lang: str) -> None:
    assert split_sentences("第一句。第二句。", lang) == ["第一句。", "第二句。"]


def test_semicolon_flag_is_ignored_outside_chinese() -> None:
    text = "Work is done; roads reopen. Good."
    assert split_sentences(text, "en", semicolon=True) == [
        "Work is done; roads reopen.",
        "Good.",
    ]


def _non_space(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


def _check_invariants(text: str, lang: str, semicolon: bool) -> None:
    sentences = split_sentences(text, lang, semicolon=semicolon)
    assert all(s and s == s.strip() for s in sentences)
    assert _non_space("".join(sentences)) == _non_space(text)
    if lang != "zh":
        # Joined with spaces, the sentences split the same way again.  (Not so
        # for Chinese: "Hello! 欢迎" joined tightly loses its split at "!".)
        assert split_sentences(" ".join(sentences), lang) == sentences


@pytest.mark.parametrize(("text", "semicolon", "expected"), ZH_CASES)
def test_zh_split_loses_nothing(text: str, semicolon: bool, expected: list[str]) -> None:
    _check_invariants(text, "zh", semicolon)


@pytest.mark.parametrize(("lang", "text", "expected"), WESTERN_CASES)
def test_western_split_loses_nothing(lang: str, text: str, expected: list[str]) -> None:
    _check_invariants(text, lang, False)


_FUZZ_PIECES = [
    "齐齐哈尔", "建设", "。", "！", "？", "…", "……", "；", "”", "“", "」", "）",
    "Qiqihar", "Mr", "U.S", "No", "г", "т. е", "Цицикар", "мост", "J", "В",
    "3.5", "9,6", ".", "!", "?", "?!", "...", '"', "«", "»", "„", "(", ")",
    " ", " ", "  ", "\n", "\u3000", "\xa0", "—", ",", "a", "и",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_split_loses_nothing_on_random_text(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(_FUZZ_PIECES) for _ in range(rng.randint(0, 60)))
    for lang in ("zh", "en", "ru"):
        for semicolon in (False, True):
            sentences = split_sentences(text, lang, semicolon=semicolon)
            assert all(s and s == s.strip() for s in sentences)
            assert _non_space("".join(sentences)) == _non_space(text)


# (text, expected paragraphs)
PARAGRAPH_CASES: list[tuple[str, list[str]]] = [
    ("齐齐哈尔市\n今天迎来降雪。", ["齐齐哈尔市今天迎来降雪。"]),
    ("Qiqihar saw\nits first snow.", ["Qiqihar saw its first snow."]),
    ("会议在Qiqihar\n举行。", ["会议在Qiqihar 举行。"]),
    ("会议在齐齐哈尔\nHotel举行。", ["会议在齐齐哈尔 Hotel举行。"]),
    ("他说：\n“我们准备好了。”", ["他说：“我们准备好了。”"]),
    ("“我们准备好了。”\n他说。", ["“我们准备好了。”他说。"]),
    ("He said “yes”\nand left.", ["He said “yes” and left."]),
    ("well-\nknown", ["well- known"]),
    ("First line\r\nsecond line\r\n\r\nNext one", ["First line second line", "Next one"]),
    ("One\r\rTwo\rthree", ["One", "Two three"]),
    ("A\n  \t \nB", ["A", "B"]),
    ("段落一\n\u3000\u3000\n段落二", ["段落一", "段落二"]),
    ("\u3000\u3000第一段开头，\n  继续。  ", ["第一段开头，继续。"]),
    ("\n\nA\n\n\n\nB\n\n", ["A", "B"]),
    ("", []),
    ("\n \n\r\n", []),
]


@pytest.mark.parametrize(("text", "expected"), PARAGRAPH_CASES)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    assert split_paragraphs(text) == expected


# (text, lang, expected count)
COUNT_CASES: list[tuple[str, str, int]] = [
    ("2023年GDP增长5.2%", "zh", 6),
    ("齐齐哈尔", "zh", 4),
    ("，。！“”……", "zh", 0),
    ("", "zh", 0),
    ("COVID-19疫情", "zh", 3),
    ("二〇二三年", "zh", 5),
    ("\U00020000\U0002a700\U00030000", "zh", 3),  # extensions B, C, G
    ("\ufa11\uf900", "zh", 2),  # compatibility ideographs
    ("  Hello world ", "zh", 2),
    ("增长9,6%和35,000吨", "zh", 6),
    ("The well-known plant doesn't close.", "en", 5),
    ("Output rose 9,6 percent to 35,000 tonnes.", "en", 7),
    ("U.S. officials met at 3.5 p.m.", "en", 6),
    ("rock’n’roll", "en", 1),
    ("pre- and post-war", "en", 3),
    ("— , ; ! ...", "en", 0),
    ("", "en", 0),
    ("Цицикар — город на северо-востоке Китая.", "ru", 5),
    ("В 2023 г. рост составил 9,6 %.", "ru", 6),
    ("доро\u0301га", "ru", 1),
    ("Qiqihar, Heilongjiang", "fr", 2),
]


@pytest.mark.parametrize(("text", "lang", "expected"), COUNT_CASES)
def test_count_units(text: str, lang: str, expected: int) -> None:
    assert count_units(text, lang) == expected


# (text, expected width)
WIDTH_CASES: list[tuple[str, int]] = [
    ("", 0),
    ("abc", 3),
    ("齐齐哈尔", 8),
    ("中a", 3),
    ("。！", 4),
    ("Ａ１", 4),  # fullwidth forms
    ("ｱ", 1),  # halfwidth katakana
    ("Цицикар", 7),
    ("e\u0301", 1),  # combining acute
    ("a\u200bb", 2),  # zero-width space
    ("\U0001f600", 2),  # emoji: East Asian Wide
    ("«»—…", 4),
]


@pytest.mark.parametrize(("text", "expected"), WIDTH_CASES)
def test_cell_width(text: str, expected: int) -> None:
    assert cell_width(text) == expected
