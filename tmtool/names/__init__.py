"""Chinese person and place names in English (pinyin) and Russian (Palladius).

* :func:`person_name` renders a person: 孙珅 → ("Sun Shen", "Сунь Шэнь").
* :func:`place_name` renders a place, preferring an established exonym
  (齐齐哈尔 → Qiqihar, Цицикар) and translating the administrative suffix
  (讷河市 → "Nehe City", "город Нэхэ").
* :func:`find_names` spots names in Chinese text and suggests renderings.

The syllable-level machinery (:func:`pinyin_syllables`,
:func:`palladius_syllable`, :func:`to_palladius`) and the rules of the
Palladius system as implemented are in :mod:`tmtool.names.palladius`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tmtool.names.detect import name_spans
from tmtool.names.palladius import (
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    SYLLABLES,
    capitalise,
    palladius_syllable,
    person_name,
    pinyin_syllables,
    pinyin_word,
    to_palladius,
)

__all__ = [
    "COMPOUND_SURNAMES",
    "ENGLISH_VARIANTS",
    "EXONYMS",
    "GENERICS",
    "RIVER_EXONYMS",
    "RUSSIAN_VARIANTS",
    "SURNAME_READINGS",
    "SYLLABLES",
    "NameSuggestion",
    "find_names",
    "palladius_syllable",
    "person_name",
    "pinyin_syllables",
    "pinyin_word",
    "place_name",
    "to_palladius",
]


@dataclass(frozen=True)
class NameSuggestion:
    """A name found in Chinese text, with suggested renderings.

    Attributes:
        text: The Chinese name as in the source.
        start: Offset of its first character in the source.
        end: Offset just past its last character.
        kind: ``"person"``, ``"place"`` or ``"organization"``.
        english: Pinyin rendering (empty for organisations).
        russian: Palladius rendering (empty for organisations).
    """

    text: str
    start: int
    end: int
    kind: str
    english: str
    russian: str


#: Established English and Russian names, which win over the systematic
#: rendering.  Keys are the proper part, without an administrative suffix.
EXONYMS: dict[str, tuple[str, str]] = {
    # Province-level divisions
    "北京": ("Beijing", "Пекин"),
    "上海": ("Shanghai", "Шанхай"),
    "天津": ("Tianjin", "Тяньцзинь"),
    "重庆": ("Chongqing", "Чунцин"),
    "黑龙江": ("Heilongjiang", "Хэйлунцзян"),
    "吉林": ("Jilin", "Цзилинь"),
    "辽宁": ("Liaoning", "Ляонин"),
    "内蒙古": ("Inner Mongolia", "Внутренняя Монголия"),
    "新疆": ("Xinjiang", "Синьцзян"),
    "西藏": ("Tibet", "Тибет"),
    "陕西": ("Shaanxi", "Шэньси"),
    "山西": ("Shanxi", "Шаньси"),
    "安徽": ("Anhui", "Аньхой"),
    "广东": ("Guangdong", "Гуандун"),
    "台湾": ("Taiwan", "Тайвань"),
    "香港": ("Hong Kong", "Сянган"),
    "澳门": ("Macau", "Аомынь"),
    # Cities
    "哈尔滨": ("Harbin", "Харбин"),
    "齐齐哈尔": ("Qiqihar", "Цицикар"),
    "富拉尔基": ("Fularji", "Фуларцзи"),
    "大庆": ("Daqing", "Дацин"),
    "牡丹江": ("Mudanjiang", "Муданьцзян"),
    "佳木斯": ("Jiamusi", "Цзямусы"),
    "黑河": ("Heihe", "Хэйхэ"),
    "绥芬河": ("Suifenhe", "Суйфэньхэ"),
    "满洲里": ("Manzhouli", "Маньчжурия"),
    "海拉尔": ("Hailar", "Хайлар"),
    "呼伦贝尔": ("Hulunbuir", "Хулун-Буир"),
    "长春": ("Changchun", "Чанчунь"),
    "沈阳": ("Shenyang", "Шэньян"),
    "大连": ("Dalian", "Далянь"),
    "广州": ("Guangzhou", "Гуанчжоу"),
    "南京": ("Nanjing", "Нанкин"),
    "厦门": ("Xiamen", "Сямынь"),
    "乌鲁木齐": ("Urumqi", "Урумчи"),
    "呼和浩特": ("Hohhot", "Хух-Хото"),
    "喀什": ("Kashgar", "Кашгар"),
    "拉萨": ("Lhasa", "Лхаса"),
    "台北": ("Taipei", "Тайбэй"),
    "高雄": ("Kaohsiung", "Гаосюн"),
    "天安门": ("Tiananmen", "Тяньаньмэнь"),
    # Regions and countries
    "满洲": ("Manchuria", "Маньчжурия"),
    "东北": ("Northeast China", "Северо-Восточный Китай"),
    "中国": ("China", "Китай"),
    "俄罗斯": ("Russia", "Россия"),
    "蒙古": ("Mongolia", "Монголия"),
    # Russian neighbours
    "莫斯科": ("Moscow", "Москва"),
    "圣彼得堡": ("Saint Petersburg", "Санкт-Петербург"),
    "哈巴罗夫斯克": ("Khabarovsk", "Хабаровск"),
    "伯力": ("Khabarovsk", "Хабаровск"),
    "符拉迪沃斯托克": ("Vladivostok", "Владивосток"),
    "海参崴": ("Vladivostok", "Владивосток"),
    "布拉戈维申斯克": ("Blagoveshchensk", "Благовещенск"),
    "海兰泡": ("Blagoveshchensk", "Благовещенск"),
    "赤塔": ("Chita", "Чита"),
    "伊尔库茨克": ("Irkutsk", "Иркутск"),
    "新西伯利亚": ("Novosibirsk", "Новосибирск"),
    "乌兰巴托": ("Ulaanbaatar", "Улан-Батор"),
    # Rivers, lakes, mountains
    "黄河": ("Yellow River", "Хуанхэ"),
    "长江": ("Yangtze River", "Янцзы"),
    "珠江": ("Pearl River", "Чжуцзян"),
    "乌苏里江": ("Ussuri River", "Уссури"),
    "松花江": ("Songhua River", "Сунгари"),
    "嫩江": ("Nenjiang", "Нэньцзян"),
    "额尔古纳河": ("Argun River", "Аргунь"),
    "兴凯湖": ("Lake Khanka", "Ханка"),
    "大兴安岭": ("Greater Khingan", "Большой Хинган"),
    "小兴安岭": ("Lesser Khingan", "Малый Хинган"),
    "珠穆朗玛峰": ("Mount Everest", "Джомолунгма"),
}

#: Names that are also rivers, rendered as rivers by ``place_name(..., river=True)``.
RIVER_EXONYMS: dict[str, tuple[str, str]] = {
    "黑龙江": ("Amur River", "Амур"),
    "嫩江": ("Nen River", "Нонни"),
    "牡丹江": ("Mudan River", "Муданьцзян"),
    "绥芬河": ("Suifen River", "Раздольная"),
}

#: Other names in use besides the ones in :data:`EXONYMS`.
ENGLISH_VARIANTS: dict[str, tuple[str, ...]] = {
    "澳门": ("Macao",),
    "西藏": ("Xizang",),
    "嫩江": ("Nonni",),
}
RUSSIAN_VARIANTS: dict[str, tuple[str, ...]] = {
    "香港": ("Гонконг",),
    "澳门": ("Макао",),
    "嫩江": ("Нонни",),
    "黑河": ("Сахалян",),
}

#: Administrative suffixes: (English word after the name, Russian word before it).
GENERICS: dict[str, tuple[str, str]] = {
    "自治区": ("Autonomous Region", "автономный район"),
    "自治州": ("Autonomous Prefecture", "автономный округ"),
    "自治县": ("Autonomous County", "автономный уезд"),
    "市": ("City", "город"),
    "县": ("County", "уезд"),
    "区": ("District", "район"),
    "省": ("Province", "провинция"),
    "镇": ("Town", "посёлок"),
    "乡": ("Township", "волость"),
    "村": ("Village", "деревня"),
}

_MUNICIPALITIES = frozenset({"北京", "上海", "天津", "重庆"})


def _proper(hanzi: str) -> tuple[str, str]:
    """Render the proper part of a place name as one word.

    Args:
        hanzi: The name without its generic suffix.

    Returns:
        ``(english, russian)``: the exonym, or else the systematic rendering.

    Raises:
        ValueError: If there is nothing Chinese to render.
    """
    if hanzi in EXONYMS:
        return EXONYMS[hanzi]
    syllables = pinyin_syllables(hanzi)
    if not syllables:
        raise ValueError(f"not a Chinese place name: {hanzi!r}")
    return pinyin_word(syllables), capitalise(to_palladius(syllables))


def place_name(hanzi: str, *, river: bool = False) -> tuple[str, str]:
    """Render a Chinese place name in English and Russian.

    An established exonym wins (北京 → Beijing, Пекин).  Otherwise a generic
    suffix from :data:`GENERICS` is translated, after the name in English
    and before it in Russian (讷河市 → "Nehe City", "город Нэхэ"; 龙沙区 →
    "Longsha District", "район Лунша"), and the proper part is one word
    (昂昂溪 → "Ang'angxi", "Анъанси").  The suffix is kept as part of the
    name when only one character would remain (沙市 → "Shashi").  北京市,
    上海市, 天津市 and 重庆市 are "Municipality" in English.

    Args:
        hanzi: The place name in Chinese characters.
        river: Prefer the river's name where a name is also a river's
            (黑龙江 → Amur, Амур instead of the province Heilongjiang).

    Returns:
        ``(english, russian)``.

    Raises:
        ValueError: If the name has no Chinese characters.
    """
    text = "".join(hanzi.split())
    if river and text in RIVER_EXONYMS:
        return RIVER_EXONYMS[text]
    if text in EXONYMS:
        return EXONYMS[text]
    for suffix, (generic_en, generic_ru) in GENERICS.items():
        base = text.removesuffix(suffix)
        if base != text and len(base) >= 2:
            english, russian = _proper(base)
            if suffix == "市" and base in _MUNICIPALITIES:
                generic_en = "Municipality"
            return f"{english} {generic_en}", f"{generic_ru} {russian}"
    return _proper(text)


def _is_place(word: str) -> bool:
    """Tell whether a word is a known place, with or without a suffix.

    Args:
        word: A word from the text.

    Returns:
        True if the word or its proper part is in :data:`EXONYMS`.
    """
    return word in EXONYMS or any(
        word.endswith(suffix) and word.removesuffix(suffix) in EXONYMS for suffix in GENERICS
    )


def find_names(
    source: str, *, known: Callable[[str], bool] = lambda s: False
) -> list[NameSuggestion]:
    """Spot person, place and organisation names in Chinese text.

    Detection is jieba's part-of-speech tagging with the repairs described
    in :mod:`tmtool.names.detect`.  Organisations get empty renderings.

    Args:
        source: Chinese text.
        known: Returns True for names the glossary already has; those are
            skipped.

    Returns:
        The suggestions in text order, with exact offsets into ``source``.
    """
    suggestions: list[NameSuggestion] = []
    for span in name_spans(source, is_place=_is_place):
        if known(span.text):
            continue
        english = russian = ""
        try:
            if span.kind == "person":
                english, russian = person_name(span.text)
            elif span.kind == "place":
                english, russian = place_name(span.text)
        except ValueError:
            english = russian = ""
        suggestions.append(
            NameSuggestion(span.text, span.start, span.end, span.kind, english, russian)
        )
    return suggestions
