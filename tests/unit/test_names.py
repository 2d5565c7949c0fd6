"""Pinyin and Palladius renderings of Chinese names, and spotting names in text."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from tmtool.names import (
    EXONYMS,
    SYLLABLES,
    NameSuggestion,
    find_names,
    palladius_syllable,
    person_name,
    pinyin_syllables,
    pinyin_word,
    place_name,
    to_palladius,
)

# --- Single syllables ----------------------------------------------------------

SYLLABLE_CASES = [
    # Initials
    ("ba", "ба"), ("pa", "па"), ("ma", "ма"), ("fa", "фа"), ("da", "да"), ("ta", "та"),
    ("na", "на"), ("la", "ла"), ("ga", "га"), ("ka", "ка"), ("ha", "ха"),
    ("zha", "чжа"), ("cha", "ча"), ("sha", "ша"), ("re", "жэ"), ("za", "цза"),
    ("ca", "ца"), ("sa", "са"), ("ji", "цзи"), ("qi", "ци"), ("xi", "си"),
    # -i after retroflex and dental sibilants
    ("zhi", "чжи"), ("chi", "чи"), ("shi", "ши"), ("ri", "жи"),
    ("zi", "цзы"), ("ci", "цы"), ("si", "сы"),
    # a-, o-, e- finals
    ("bo", "бо"), ("lo", "ло"), ("me", "мэ"), ("de", "дэ"), ("te", "тэ"), ("ne", "нэ"),
    ("le", "лэ"), ("ge", "гэ"), ("ke", "кэ"), ("he", "хэ"), ("zhe", "чжэ"), ("she", "шэ"),
    ("ai", "ай"), ("zhai", "чжай"), ("ei", "эй"), ("bei", "бэй"), ("shei", "шэй"),
    ("ao", "ао"), ("rao", "жао"), ("ou", "оу"), ("zhou", "чжоу"),
    ("an", "ань"), ("ran", "жань"), ("en", "энь"), ("shen", "шэнь"), ("ang", "ан"),
    ("rang", "жан"), ("eng", "эн"), ("peng", "пэн"), ("feng", "фэн"),
    ("ong", None), ("dong", "дун"), ("zhong", "чжун"), ("rong", "жун"), ("er", "эр"),
    # i- finals
    ("bie", "бе"), ("pie", "пе"), ("mie", "ме"), ("die", "де"), ("tie", "те"),
    ("nie", "не"), ("lie", "ле"), ("jie", "цзе"), ("qie", "це"), ("xie", "се"),
    ("jia", "цзя"), ("lia", "ля"), ("xia", "ся"), ("biao", "бяо"), ("liu", "лю"),
    ("jiu", "цзю"), ("diu", "дю"), ("bian", "бянь"), ("tian", "тянь"), ("qian", "цянь"),
    ("lin", "линь"), ("jin", "цзинь"), ("liang", "лян"), ("jiang", "цзян"),
    ("ming", "мин"), ("qing", "цин"), ("jiong", "цзюн"), ("xiong", "сюн"),
    # u- finals
    ("bu", "бу"), ("zhu", "чжу"), ("gua", "гуа"), ("shua", "шуа"),
    ("guo", "го"), ("duo", "до"), ("shuo", "шо"), ("luo", "ло"), ("zuo", "цзо"),
    ("huai", "хуай"), ("shuai", "шуай"), ("dui", "дуй"), ("gui", "гуй"), ("shui", "шуй"),
    ("rui", "жуй"), ("hui", "хуэй"), ("duan", "дуань"), ("zhuan", "чжуань"),
    ("dun", "дунь"), ("sun", "сунь"), ("chun", "чунь"), ("guang", "гуан"),
    ("zhuang", "чжуан"),
    # ü finals
    ("ju", "цзюй"), ("qu", "цюй"), ("xu", "сюй"), ("lü", "люй"), ("nü", "нюй"),
    ("lüe", "люэ"), ("nüe", "нюэ"), ("jue", "цзюэ"), ("xue", "сюэ"),
    ("juan", "цзюань"), ("quan", "цюань"), ("jun", "цзюнь"), ("xun", "сюнь"),
    # Zero initial
    ("a", "а"), ("o", "о"), ("e", "э"), ("yi", "и"), ("ya", "я"), ("ye", "е"),
    ("yao", "яо"), ("you", "ю"), ("yan", "янь"), ("yin", "инь"), ("yang", "ян"),
    ("ying", "ин"), ("yong", "юн"), ("yu", "юй"), ("yue", "юэ"), ("yuan", "юань"),
    ("yun", "юнь"), ("wu", "у"), ("wa", "ва"), ("wo", "во"), ("wai", "вай"),
    ("wei", "вэй"), ("wan", "вань"), ("wen", "вэнь"), ("wang", "ван"), ("weng", "вэн"),
    # Other spellings of ü
    ("lv", "люй"), ("nve", "нюэ"), ("lue", "люэ"), ("LÜ", "люй"), ("jv", "цзюй"),
]  # fmt: skip


@pytest.mark.parametrize(("syllable", "expected"), SYLLABLE_CASES)
def test_palladius_syllable(syllable: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValueError, match="not a pinyin syllable"):
            palladius_syllable(syllable)
    else:
        assert palladius_syllable(syllable) == expected


@pytest.mark.parametrize("bad", ["", "bi1", "xa", "jv0", "zhong guo", "gü", "ri4"])
def test_palladius_syllable_rejects_non_syllables(bad: str) -> None:
    with pytest.raises(ValueError, match="not a pinyin syllable"):
        palladius_syllable(bad)


def test_inventory_covers_the_standard_table() -> None:
    assert 400 <= len(SYLLABLES) <= 430
    for syllable in SYLLABLES:
        rendered = palladius_syllable(syllable)
        assert rendered
        assert rendered == rendered.lower()


def test_every_reading_pypinyin_gives_is_renderable() -> None:
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    chars = "".join(chr(cp) for cp in pinyin_dict)
    readings = set(lazy_pinyin(chars, style=Style.NORMAL, v_to_u=True, errors="ignore"))
    assert readings <= SYLLABLES


# --- Joining syllables into a word ---------------------------------------------

JOIN_CASES = [
    # after -n the soft sign already separates
    (["xi", "an"], "сиань"),
    (["yan", "an"], "яньань"),
    (["tian", "an", "men"], "тяньаньмэнь"),
    (["shen", "yang"], "шэньян"),
    (["jian", "ye"], "цзянье"),
    (["xin", "yi"], "синьи"),
    # after -ng a hard sign before any vowel letter
    (["chang", "an"], "чанъань"),
    (["ang", "ang", "xi"], "анъанси"),
    (["heng", "yang"], "хэнъян"),
    (["dong", "ying"], "дунъин"),
    (["ping", "yi"], "пинъи"),
    (["ning", "wu"], "нинъу"),
    (["ding", "e"], "динъэ"),
    (["xiong", "yue"], "сюнъюэ"),
    # no sign where there is no н
    (["ha", "er"], "хаэр"),
    (["lu", "an"], "луань"),
    (["chang", "chun"], "чанчунь"),
    (["ou", "yang"], "оуян"),
    ([], ""),
]


@pytest.mark.parametrize(("syllables", "expected"), JOIN_CASES)
def test_to_palladius(syllables: list[str], expected: str) -> None:
    assert to_palladius(syllables) == expected


@pytest.mark.parametrize(
    ("syllables", "expected"),
    [
        (["xi", "an"], "Xi'an"),
        (["chang", "an"], "Chang'an"),
        (["ang", "ang", "xi"], "Ang'angxi"),
        (["qi", "qi", "ha", "er"], "Qiqiha'er"),
        (["lü", "liang"], "Lüliang"),
        (["lv"], "Lü"),
        (["ou", "yang"], "Ouyang"),
    ],
)
def test_pinyin_word(syllables: list[str], expected: str) -> None:
    assert pinyin_word(syllables) == expected


# --- Reading Chinese -------------------------------------------------------------


@pytest.mark.parametrize(
    ("hanzi", "surname", "expected"),
    [
        ("重庆", False, ["chong", "qing"]),
        ("长春", False, ["chang", "chun"]),
        ("厦门", False, ["xia", "men"]),
        ("蚌埠", False, ["beng", "bu"]),
        ("六安", False, ["lu", "an"]),
        ("女", False, ["nü"]),
        ("略", False, ["lüe"]),
        ("A股·2024", False, ["gu"]),
        ("单", True, ["shan"]),
        ("曾", True, ["zeng"]),
        ("仇", True, ["qiu"]),
        ("朴", True, ["piao"]),
        ("解", True, ["xie"]),
        ("区", True, ["ou"]),
        ("查", True, ["zha"]),
        ("乐", True, ["yue"]),
        ("吕", True, ["lü"]),
        ("尉迟", True, ["yu", "chi"]),
        ("万俟", True, ["mo", "qi"]),
        ("长孙", True, ["zhang", "sun"]),
        ("单于", True, ["chan", "yu"]),
        ("孙", True, ["sun"]),
    ],
)
def test_pinyin_syllables(hanzi: str, surname: bool, expected: list[str]) -> None:
    assert pinyin_syllables(hanzi, surname=surname) == expected


# --- Person names ----------------------------------------------------------------

PERSON_CASES = [
    ("孙珅", "Sun Shen", "Сунь Шэнь"),
    ("习近平", "Xi Jinping", "Си Цзиньпин"),
    ("李强", "Li Qiang", "Ли Цян"),
    ("王毅", "Wang Yi", "Ван И"),
    ("王小明", "Wang Xiaoming", "Ван Сяомин"),
    ("李长安", "Li Chang'an", "Ли Чанъань"),
    ("欧阳修", "Ouyang Xiu", "Оуян Сю"),
    ("司马光", "Sima Guang", "Сыма Гуан"),
    ("诸葛亮", "Zhuge Liang", "Чжугэ Лян"),
    ("上官婉儿", "Shangguan Wan'er", "Шангуань Ваньэр"),
    ("尉迟恭", "Yuchi Gong", "Юйчи Гун"),
    ("长孙无忌", "Zhangsun Wuji", "Чжансунь Уцзи"),
    ("令狐冲", "Linghu Chong", "Линху Чун"),
    ("曾国藩", "Zeng Guofan", "Цзэн Гофань"),
    ("单雄信", "Shan Xiongxin", "Шань Сюнсинь"),
    ("解缙", "Xie Jin", "Се Цзинь"),
    ("吕布", "Lü Bu", "Люй Бу"),
    ("胡锦涛", "Hu Jintao", "Ху Цзиньтао"),
    ("叶剑英", "Ye Jianying", "Е Цзяньин"),
    ("周恩来", "Zhou Enlai", "Чжоу Эньлай"),
    ("梁惠玲", "Liang Huiling", "Лян Хуэйлин"),
    ("阿不都·热合曼", "Abudou Reheman", "Абудоу Жэхэмань"),
]


@pytest.mark.parametrize(("hanzi", "english", "russian"), PERSON_CASES)
def test_person_name(hanzi: str, english: str, russian: str) -> None:
    assert person_name(hanzi) == (english, russian)


def test_person_name_surname_len() -> None:
    assert person_name("欧阳", surname_len=2) == ("Ouyang", "Оуян")
    assert person_name("欧阳") == ("Ou Yang", "Оу Ян")
    assert person_name("张王丽华", surname_len=2) == ("Zhangwang Lihua", "Чжанван Лихуа")
    assert person_name("雷锋", surname_len=0) == ("Leifeng", "Лэйфэн")
    with pytest.raises(ValueError, match="does not fit"):
        person_name("雷锋", surname_len=3)
    with pytest.raises(ValueError, match="not a Chinese name"):
        person_name("Smith")


# --- Place names -----------------------------------------------------------------

PLACE_CASES = [
    # systematic
    ("张家口", "Zhangjiakou", "Чжанцзякоу"),
    ("西安", "Xi'an", "Сиань"),
    ("延安", "Yan'an", "Яньань"),
    ("青岛", "Qingdao", "Циндао"),
    ("蚌埠", "Bengbu", "Бэнбу"),
    ("六安", "Lu'an", "Луань"),
    ("莆田", "Putian", "Путянь"),
    ("昂昂溪", "Ang'angxi", "Анъанси"),
    ("衡阳", "Hengyang", "Хэнъян"),
    ("长安", "Chang'an", "Чанъань"),
    ("讷河", "Nehe", "Нэхэ"),
    # exonyms
    ("乌鲁木齐", "Urumqi", "Урумчи"),
    ("天安门", "Tiananmen", "Тяньаньмэнь"),
    ("重庆", "Chongqing", "Чунцин"),
    ("长春", "Changchun", "Чанчунь"),
    ("厦门", "Xiamen", "Сямынь"),
    ("牡丹江", "Mudanjiang", "Муданьцзян"),
    ("富拉尔基", "Fularji", "Фуларцзи"),
    ("齐齐哈尔", "Qiqihar", "Цицикар"),
    ("北京", "Beijing", "Пекин"),
    ("哈尔滨", "Harbin", "Харбин"),
    ("香港", "Hong Kong", "Сянган"),
    ("澳门", "Macau", "Аомынь"),
    ("陕西", "Shaanxi", "Шэньси"),
    ("呼和浩特", "Hohhot", "Хух-Хото"),
    ("松花江", "Songhua River", "Сунгари"),
    ("乌苏里江", "Ussuri River", "Уссури"),
    ("黑龙江", "Heilongjiang", "Хэйлунцзян"),
    # with a generic suffix
    ("讷河市", "Nehe City", "город Нэхэ"),
    ("龙沙区", "Longsha District", "район Лунша"),
    ("昂昂溪区", "Ang'angxi District", "район Анъанси"),
    ("甘南县", "Gannan County", "уезд Ганьнань"),
    ("黑龙江省", "Heilongjiang Province", "провинция Хэйлунцзян"),
    ("齐齐哈尔市", "Qiqihar City", "город Цицикар"),
    ("北京市", "Beijing Municipality", "город Пекин"),
    ("依安县", "Yi'an County", "уезд Иань"),
    ("扎龙镇", "Zhalong Town", "посёлок Чжалун"),
    ("兴隆乡", "Xinglong Township", "волость Синлун"),
    ("五星村", "Wuxing Village", "деревня Усин"),
    ("西藏自治区", "Tibet Autonomous Region", "автономный район Тибет"),
    # a one-character proper part keeps its suffix
    ("沙市", "Shashi", "Шаши"),
]


@pytest.mark.parametrize(("hanzi", "english", "russian"), PLACE_CASES)
def test_place_name(hanzi: str, english: str, russian: str) -> None:
    assert place_name(hanzi) == (english, russian)


def test_place_name_river() -> None:
    assert place_name("黑龙江", river=True) == ("Amur River", "Амур")
    assert place_name("嫩江", river=True) == ("Nen River", "Нонни")
    assert place_name("松花江", river=True) == ("Songhua River", "Сунгари")
    with pytest.raises(ValueError, match="not a Chinese place name"):
        place_name("Paris")


def test_exonym_table_is_large_enough() -> None:
    assert len(EXONYMS) >= 40


# --- Finding names in text -------------------------------------------------------


def _found(
    source: str, known: Callable[[str], bool] = lambda s: False
) -> list[tuple[str, str, str, str]]:
    names = find_names(source, known=known)
    for name in names:
        assert isinstance(name, NameSuggestion)
        assert source[name.start : name.end] == name.text
    return [(n.text, n.kind, n.english, n.russian) for n in names]


def test_find_names_person_and_place_with_offsets() -> None:
    source = "齐齐哈尔市委书记孙珅在龙沙区调研时强调，要做好冬季供暖工作。"
    names = find_names(source)
    person = next(n for n in names if n.kind == "person")
    assert person == NameSuggestion("孙珅", 8, 10, "person", "Sun Shen", "Сунь Шэнь")
    place = next(n for n in names if n.text == "龙沙区")
    assert (place.start, place.end, place.kind) == (11, 14, "place")
    assert (place.english, place.russian) == ("Longsha District", "район Лунша")
    assert ("齐齐哈尔", "place", "Qiqihar", "Цицикар") in _found(source)


def test_find_names_skips_known_names() -> None:
    source = "国务院总理李强在北京会见外交部长王毅。"
    assert [n[0] for n in _found(source)] == ["国务院", "李强", "北京", "王毅"]
    found = _found(source, known=lambda s: s in {"李强", "国务院"})
    assert found == [
        ("北京", "place", "Beijing", "Пекин"),
        ("王毅", "person", "Wang Yi", "Ван И"),
    ]


def test_find_names_repairs_jieba() -> None:
    found = _found("王小明和李长安在讷河市富拉尔基区工作，欧阳娜娜出席。孙书记说，王说得对。")
    assert found == [
        ("王小明", "person", "Wang Xiaoming", "Ван Сяомин"),
        ("李长安", "person", "Li Chang'an", "Ли Чанъань"),
        ("讷河市", "place", "Nehe City", "город Нэхэ"),
        ("富拉尔基区", "place", "Fularji District", "район Фуларцзи"),
        ("欧阳娜娜", "person", "Ouyang Nana", "Оуян Нана"),
    ]


def test_find_names_organisation_and_mixed_text() -> None:
    source = "2024年 ABC：黑龙江省人民政府和哈尔滨工业大学签署协议。"
    found = _found(source)
    assert ("黑龙江省", "place", "Heilongjiang Province", "провинция Хэйлунцзян") in found
    assert ("哈尔滨工业大学", "organization", "", "") in found
    assert _found("") == []


def test_find_names_from_threads() -> None:
    source = "习近平主席会见了俄罗斯总统。"
    results: list[list[tuple[str, str, str, str]]] = []

    def work() -> None:
        results.append(_found(source))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert all(r == results[0] for r in results)
    assert ("习近平", "person", "Xi Jinping", "Си Цзиньпин") in results[0]
