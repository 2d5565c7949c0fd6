"""Pinyin syllables and their Russian rendering by the Palladius system.

The Palladius system (система Палладия) is the standard Russian
transcription of Mandarin.  Here it is derived from the pinyin initial and
final instead of being listed syllable by syllable:

* Initials: b б, p п, m м, f ф, d д, t т, n н, l л, g г, k к, h х,
  j цз, q ц, x с, zh чж, ch ч, sh ш, r ж, z цз, c ц, s с.
* Finals after an initial: a а, o о, e э, ai ай, ei эй, ao ао, ou оу,
  an ань, en энь, ang ан, eng эн, ong ун; i и (ы after z, c, s: цзы, цы,
  сы), ia я, ie е, iao яо, iu ю, ian янь, in инь, iang ян, ing ин,
  iong юн; u у, ua уа, uo о (guo го, shuo шо), uai уай, ui уй,
  uan уань, un унь, uang уан; ü юй, üe юэ, üan юань, ün юнь (ju цзюй,
  xue сюэ, quan цюань, jun цзюнь, lü люй, nüe нюэ).
* Syllables without an initial: a а, e э, er эр, ...; the y- syllables are
  the i- and ü- finals on their own (yi и, ya я, ye е, you ю, yan янь,
  yong юн, yu юй, yue юэ, yuan юань, yun юнь); the w- syllables are
  в + the rest (wa ва, wo во, wei вэй, wen вэнь, weng вэн) except wu у.
* Exceptions of the system: hui хуэй (not хуй); yo ё.

Syllables are joined into one word as they are, with one addition: after a
syllable ending in н (the -ng finals: ан, эн, ин, ун, ян, юн, уан) a
syllable starting with a vowel letter is separated by ъ, otherwise the two
would be read across the boundary: 长安 Чанъань, 昂昂溪 Анъанси,
衡阳 Хэнъян, 东营 Дунъин.  After -n the ь already marks the boundary, so
nothing is added: 延安 Яньань, 天安门 Тяньаньмэнь, 沈阳 Шэньян, 建业 Цзянье
(not Цзяньъе).

Choices made where sources vary: the interjections m, n, ng, hm, hng are
written м, н, н, хм, хн; the rare dictionary syllables biang, bong, cei,
din, wong are rendered by the general rules (бян, бун, цэй, динь, вун).

English uses the same syllables joined into one word, with an apostrophe
before a syllable that starts with a, o or e (Xi'an, Chang'an, Ang'angxi).
ü is kept (Lü, Nüwa).
"""

from __future__ import annotations

from collections.abc import Sequence

from pypinyin import Style, lazy_pinyin

__all__ = [
    "COMPOUND_SURNAMES",
    "SURNAME_READINGS",
    "SYLLABLES",
    "capitalise",
    "palladius_syllable",
    "person_name",
    "pinyin_syllables",
    "pinyin_word",
    "to_palladius",
]

# --- Syllable inventory -------------------------------------------------------

# The finals each initial combines with, spelled as in pinyin (ju, not jü).
# The empty initial lists whole syllables, spelled with y- and w-.
_FINALS_BY_INITIAL: dict[str, str] = {
    "": "a o e ê ai ei ao ou an en ang eng er yi ya yo ye yao you yan yin yang ying yong "
    "wu wa wo wai wei wan wen wang weng wong yu yue yuan yun m n ng hm hng",
    "b": "a o ai ei ao an en ang eng ong i ie iao ian in iang ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng iao u",
    "d": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian in ing u uo ui uan un",
    "t": "a e ai ei ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian in iang ing u uo uan un ü üe",
    "l": "a o e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un ü üe",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "q": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "x": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
}

#: Every pinyin syllable this module accepts, toneless, ü written as ü.
SYLLABLES: frozenset[str] = frozenset(
    initial + final for initial, finals in _FINALS_BY_INITIAL.items() for final in finals.split()
)

# --- Palladius table -------------------------------------------------------------

_INITIALS: dict[str, str] = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с",
    "zh": "чж", "ch": "ч", "sh": "ш", "r": "ж", "z": "цз", "c": "ц", "s": "с",
}  # fmt: skip

_FINALS: dict[str, str] = {
    "a": "а", "o": "о", "e": "э", "ê": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
    "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр",
    "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь",
    "iang": "ян", "ing": "ин", "iong": "юн",
    "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь",
    "uang": "уан",
    "ü": "юй", "üe": "юэ", "üan": "юань", "ün": "юнь",
}  # fmt: skip

_EXCEPTIONS: dict[str, str] = {
    "hui": "хуэй",
    "yo": "ё",
    "wu": "у",
    "m": "м",
    "n": "н",
    "ng": "н",
    "hm": "хм",
    "hng": "хн",
}

_VOWEL_LETTERS = frozenset("аеёиоуыэюя")
_PINYIN_VOWELS = frozenset("aoeê")


def _normalise(syllable: str) -> str:
    """Lower-case a syllable and settle the ways ü is typed.

    Args:
        syllable: A toneless pinyin syllable, possibly with ``v`` or ``u:`` for ü.

    Returns:
        The syllable as spelled in :data:`SYLLABLES`.
    """
    syl = syllable.strip().lower().replace("u:", "ü").replace("v", "ü")
    if syl[:1] in ("j", "q", "x", "y"):
        syl = syl.replace("ü", "u")
    elif syl in ("lue", "nue"):
        syl = syl[0] + "üe"
    return syl


def _split(syllable: str) -> tuple[str, str]:
    """Split a syllable with an initial into initial and (underlying) final.

    Args:
        syllable: A normalised syllable that has an initial.

    Returns:
        ``(initial, final)``, with ju/que/xuan/jun given their ü finals.
    """
    initial = syllable[:2] if syllable[:2] in _INITIALS else syllable[:1]
    final = syllable[len(initial) :]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "ü" + final[1:]
    return initial, final


def palladius_syllable(syllable: str) -> str:
    """Render one pinyin syllable in Cyrillic by the Palladius system.

    Args:
        syllable: A toneless pinyin syllable (``"zhong"``, ``"lü"``, ``"lv"``).

    Returns:
        The Cyrillic syllable in lower case (``"чжун"``, ``"люй"``).

    Raises:
        ValueError: If ``syllable`` is not a Mandarin syllable.
    """
    syl = _normalise(syllable)
    if syl not in SYLLABLES:
        raise ValueError(f"not a pinyin syllable: {syllable!r}")
    if syl in _EXCEPTIONS:
        return _EXCEPTIONS[syl]
    if syl[0] == "w":
        return "в" + _FINALS["ong" if syl == "wong" else syl[1:]]
    if syl[0] == "y":
        rest = syl[1:]
        if rest.startswith(("i", "u")):
            final = rest if rest[0] == "i" else "ü" + rest[1:]
        else:
            final = "i" + rest
        return _FINALS["iu" if final == "iou" else final]
    if syl in _FINALS:
        return _FINALS[syl]
    initial, final = _split(syl)
    if final == "i" and initial in ("z", "c", "s"):
        return _INITIALS[initial] + "ы"
    return _INITIALS[initial] + _FINALS[final]


def to_palladius(syllables: Sequence[str]) -> str:
    """Join the Palladius renderings of the syllables of one word.

    A syllable starting with a vowel letter after one ending in н (-ng) is
    separated by ъ (Чанъань, Хэнъян); after нь (-n) nothing is added
    (Яньань, Шэньян).

    Args:
        syllables: Toneless pinyin syllables of a single word.

    Returns:
        The word in lower case; capitalise it with :func:`capitalise`.

    Raises:
        ValueError: If a syllable is not a Mandarin syllable.
    """
    word = ""
    for syllable in syllables:
        part = palladius_syllable(syllable)
        if word.endswith("н") and part[0] in _VOWEL_LETTERS:
            word += "ъ"
        word += part
    return word


def pinyin_word(syllables: Sequence[str]) -> str:
    """Join pinyin syllables into one capitalised word, with apostrophes.

    Args:
        syllables: Toneless pinyin syllables of a single word.

    Returns:
        ``"Xi'an"`` for ``["xi", "an"]``; an apostrophe goes before every
        syllable after the first that starts with a, o or e.
    """
    parts = [_normalise(s) for s in syllables if s.strip()]
    word = "".join(
        ("'" if i and part[0] in _PINYIN_VOWELS else "") + part for i, part in enumerate(parts)
    )
    return capitalise(word)


def capitalise(word: str) -> str:
    """Upper-case the first letter of a word and leave the rest alone.

    Args:
        word: Any string.

    Returns:
        ``word`` with its first character in upper case.
    """
    return word[:1].upper() + word[1:]


# --- Reading Chinese --------------------------------------------------------------

#: Readings of characters when they are surnames (where that differs from, or
#: is not reliably, the everyday reading).
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "仇": "qiu", "朴": "piao", "解": "xie", "区": "ou",
    "查": "zha", "乐": "yue", "盖": "ge", "缪": "miao", "覃": "qin", "翟": "zhai",
    "召": "shao", "折": "she", "员": "yun", "句": "gou", "黑": "he", "重": "chong",
    "秘": "bi", "冼": "xian", "隗": "wei", "宿": "su", "薄": "bo", "都": "du",
    "莘": "shen", "卜": "bu", "藏": "zang", "沈": "shen", "任": "ren", "华": "hua",
    "应": "ying", "纪": "ji", "那": "na", "相": "xiang", "尉": "wei", "石": "shi",
    "柏": "bai", "和": "he", "朝": "chao", "能": "nai", "谌": "chen", "种": "chong",
    "繁": "po", "过": "guo", "贾": "jia", "葛": "ge", "郇": "xun", "万": "wan",
    "行": "xing", "车": "che", "曲": "qu", "率": "shuai", "长": "chang", "尧": "yao",
    "阚": "kan", "逄": "pang", "粘": "nian", "娄": "lou", "吕": "lü", "女": "nü",
}  # fmt: skip

#: Two-character surnames with their readings.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"), "司马": ("si", "ma"), "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"), "东方": ("dong", "fang"), "夏侯": ("xia", "hou"),
    "皇甫": ("huang", "fu"), "尉迟": ("yu", "chi"), "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"), "长孙": ("zhang", "sun"), "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"), "令狐": ("ling", "hu"), "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"), "澹台": ("tan", "tai"), "端木": ("duan", "mu"),
    "公冶": ("gong", "ye"), "宗政": ("zong", "zheng"), "濮阳": ("pu", "yang"),
    "淳于": ("chun", "yu"), "太叔": ("tai", "shu"), "申屠": ("shen", "tu"),
    "轩辕": ("xuan", "yuan"), "呼延": ("hu", "yan"), "钟离": ("zhong", "li"),
    "闻人": ("wen", "ren"), "赫连": ("he", "lian"), "南宫": ("nan", "gong"),
    "独孤": ("du", "gu"), "司空": ("si", "kong"), "西门": ("xi", "men"),
    "百里": ("bai", "li"), "东郭": ("dong", "guo"), "拓跋": ("tuo", "ba"),
    "完颜": ("wan", "yan"), "纳兰": ("na", "lan"), "左丘": ("zuo", "qiu"),
    "乐正": ("yue", "zheng"), "公羊": ("gong", "yang"), "仲孙": ("zhong", "sun"),
    "闾丘": ("lü", "qiu"), "第五": ("di", "wu"), "巫马": ("wu", "ma"),
}  # fmt: skip

_NAME_SEPARATORS = ("·", "•", "・", "‧")


def pinyin_syllables(hanzi: str, *, surname: bool = False) -> list[str]:
    """Read Chinese text as toneless pinyin syllables.

    Heteronyms are resolved by pypinyin's phrase dictionary (重庆 chong qing,
    长春 chang chun, 厦门 xia men, 六安 lu an).  pypinyin 0.55 has no surname
    mode, so with ``surname=True`` the text is read as a surname from
    :data:`COMPOUND_SURNAMES` and :data:`SURNAME_READINGS` (单 shan, 曾 zeng,
    尉迟 yu chi, 万俟 mo qi).  Characters that are not Chinese are dropped.

    Args:
        hanzi: Chinese text.
        surname: Read ``hanzi`` as a surname.

    Returns:
        Lower-case syllables, ü written as ``"ü"`` (``["lü"]``).
    """
    if surname:
        if hanzi in COMPOUND_SURNAMES:
            return list(COMPOUND_SURNAMES[hanzi])
        syllables: list[str] = []
        for char in hanzi:
            if char in SURNAME_READINGS:
                syllables.append(SURNAME_READINGS[char])
            else:
                syllables.extend(pinyin_syllables(char))
        return syllables
    if not hanzi:
        return []
    return [s for s in lazy_pinyin(hanzi, style=Style.NORMAL, v_to_u=True, errors="ignore") if s]


def _word(syllables: Sequence[str]) -> tuple[str, str]:
    """Render the syllables of one word in English and Russian.

    Args:
        syllables: Toneless pinyin syllables.

    Returns:
        ``(english, russian)``, both capitalised.
    """
    return pinyin_word(syllables), capitalise(to_palladius(syllables))


def person_name(hanzi: str, *, surname_len: int | None = None) -> tuple[str, str]:
    """Render a Chinese person's name in English (pinyin) and Russian (Palladius).

    The surname and the given name are separate words, the given name one
    word: 王小明 → ("Wang Xiaoming", "Ван Сяомин"), 欧阳修 → ("Ouyang Xiu",
    "Оуян Сю"), 李长安 → ("Li Chang'an", "Ли Чанъань").  A name written with
    a middle dot (minority and foreign names, 阿不都·热合曼) becomes one word per
    part and is not split into surname and given name.

    Args:
        hanzi: The name in Chinese characters.
        surname_len: How many characters the surname has; by default two for
            a known compound surname followed by a given name, otherwise one.
            0 renders the whole name as one word.

    Returns:
        ``(english, russian)``.

    Raises:
        ValueError: If the name has no Chinese characters or ``surname_len``
            is out of range.
    """
    text = "".join(hanzi.split())
    if not pinyin_syllables(text):
        raise ValueError(f"not a Chinese name: {hanzi!r}")
    for separator in _NAME_SEPARATORS[1:]:
        text = text.replace(separator, _NAME_SEPARATORS[0])
    if _NAME_SEPARATORS[0] in text:
        words = [_word(pinyin_syllables(part)) for part in text.split(_NAME_SEPARATORS[0])]
        words = [(en, ru) for en, ru in words if en]
        return " ".join(en for en, _ in words), " ".join(ru for _, ru in words)
    if surname_len is None:
        surname_len = 2 if len(text) >= 3 and text[:2] in COMPOUND_SURNAMES else 1
    if not 0 <= surname_len <= len(text):
        raise ValueError(f"surname_len {surname_len} does not fit {hanzi!r}")
    parts = [
        _word(pinyin_syllables(text[:surname_len], surname=True)) if surname_len else ("", ""),
        _word(pinyin_syllables(text[surname_len:])),
    ]
    return (
        " ".join(en for en, _ in parts if en),
        " ".join(ru for _, ru in parts if ru),
    )
