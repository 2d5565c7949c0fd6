"""Numbers in Russian text: ``9 млрд``, ``9,6 млн``, ``35 000``, ``девяти``, ``в 1,5 раза``.

Russian writes a decimal comma and spaces (often no-break spaces) between
thousands.  Number words decline, so every case form is listed here; the
table is small and exact, which a morphological analyser would not be for
words such as ``семью`` (family, or by seven).
"""

from __future__ import annotations

import re
from decimal import Decimal

from tmtool.qa.quantity import (
    Kind,
    Quantity,
    Strength,
    digit_quantity,
    digits_value,
    link_ranges,
    percent_or_times,
)

__all__ = ["RU_CARDINALS", "scan_ru"]


def _table() -> dict[str, tuple[int, str]]:
    """Every case form of the Russian cardinal numerals, with value and kind."""
    forms: dict[str, tuple[int, str]] = {}
    plain = {
        1: "один одного одному одним одном одна одной одну одною одно одни одних одними",
        2: "два две двух двум двумя",
        3: "три трёх трех трём трем тремя",
        4: "четыре четырёх четырех четырём четырем четырьмя",
        5: "пять пяти пятью",
        6: "шесть шести шестью",
        7: "семь семи",
        8: "восемь восьми восемью восьмью",
        9: "девять девяти девятью",
        10: "десять десяти десятью",
        40: "сорок сорока",
        90: "девяносто девяноста",
        100: "сто ста",
    }
    for value, words in plain.items():
        for word in words.split():
            forms[word] = (value, "unit" if value < 10 else ("tens" if value < 100 else "hundred"))
    teens = "одиннадцат двенадцат тринадцат четырнадцат пятнадцат шестнадцат семнадцат"
    for value, stem in enumerate([*teens.split(), "восемнадцат", "девятнадцат"], start=11):
        for end in ("ь", "и", "ью"):
            forms[stem + end] = (value, "teen")
    for value, stem in ((20, "двадцат"), (30, "тридцат")):
        for end in ("ь", "и", "ью"):
            forms[stem + end] = (value, "tens")
    for value, nom, obl in (
        (50, "пятьдесят", "пятидесят"),
        (60, "шестьдесят", "шестидесят"),
        (70, "семьдесят", "семидесят"),
        (80, "восемьдесят", "восьмидесят"),
    ):
        forms[nom] = forms[obl + "и"] = (value, "tens")
        forms[nom.replace("ьдесят", "ьюдесятью")] = (value, "tens")
    hundreds = {
        200: "двести двухсот двумстам двумястами двухстах",
        300: "триста трёхсот трехсот трёмстам тремстам тремястами трёхстах трехстах",
        400: "четыреста четырёхсот четырехсот четырёмстам четыремстам четырьмястами четырёхстах",
        500: "пятьсот пятисот пятистам пятьюстами пятистах",
        600: "шестьсот шестисот шестистам шестьюстами шестистах",
        700: "семьсот семисот семистам семьюстами семистах",
        800: "восемьсот восьмисот восьмистам восемьюстами восьмьюстами восьмистах",
        900: "девятьсот девятисот девятистам девятьюстами девятистах",
    }
    for value, words in hundreds.items():
        for word in words.split():
            forms[word] = (value, "hundred")
    for word in ["полтора", "полторы", "полутора"]:
        forms[word] = (-15, "unit")  # 1.5, decoded by the caller
    collective = {2: "двое двоих двоим", 3: "трое троих троим", 4: "четверо четверых",
                  5: "пятеро пятерых", 6: "шестеро шестерых", 7: "семеро семерых"}  # fmt: skip
    for value, words in collective.items():
        for word in words.split():
            forms[word] = (value, "unit")
    return forms


RU_CARDINALS = _table()
_SCALES = {"тысяч": 10**3, "миллион": 10**6, "миллиард": 10**9, "триллион": 10**12}
_SCALE_FORM = re.compile(
    r"(тысяч)(?:а|и|е|у|ей|ею|ам|ами|ах)?|(миллион|миллиард|триллион)(?:а|у|ом|е|ы|ов|ам|ами|ах)?"
)
_SCALE_SINGULAR = re.compile(r"тысяч[аеуи]|тысячей|миллион(?:а|у|ом|е)?|миллиард(?:а|у|ом|е)?")
_ORD_STEMS = {
    "перв": 1, "втор": 2, "четвёрт": 4, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
    "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17,
    "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "тридцат": 30, "сороков": 40,
    "пятидесят": 50, "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90,
    "сот": 100, "тысячн": 1000, "миллионн": 10**6,
}  # fmt: skip
_ORD = re.compile(
    "(" + "|".join(sorted(_ORD_STEMS, key=len, reverse=True)) + ")"
    r"(ый|ой|ий|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми)$"
    r"|трет(ий|ья|ье|ьи|ьего|ьей|ьему|ьим|ьем|ью|ьих|ьими)$"
)
_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
_FOLD = re.compile(
    r"(?<![а-яё])(дву|двух|тр[её]х|четыр[её]х|пяти|шести|семи|восьми|девяти|десяти|двадцати"
    r"|тридцати|сорока|пятидесяти|ста|сто|полутора)кратн[а-яё]*",
    re.IGNORECASE,
)
_FOLD_VALUE = {
    "дву": 2, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5,
    "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "двадцати": 20,
    "тридцати": 30, "сорока": 40, "пятидесяти": 50, "ста": 100, "сто": 100,
}  # fmt: skip
_HALF = re.compile(r"(?<![а-яё])полу?(миллион|миллиард)[а-яё]*", re.IGNORECASE)
_SPANS = re.compile(
    r"(?<![а-яё])(?:(полвека|полувека)|столети[еяюи]"
    r"|(?<=более |свыше |около |почти )века)(?![а-яё])",
    re.IGNORECASE,
)
_ROMAN_CENTURY = re.compile(r"(?<![\w])([IVXL]{1,6})(?=\s*(?:—\s*[IVXL]+\s*)?(?:век|вв?\.))")
_SKIP = re.compile(r"во-первых|во-вторых|в-третьих|в-четв[её]ртых|в-пятых", re.IGNORECASE)

_DIGITS = re.compile(
    r"(?<![\w.,\ue000])(?:\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\d\ue000])"
)
_SUFFIX = re.compile(
    r"(?P<latin_s>s)\b|-(?P<decade>х|е|ые|ых|ым|ыми)\b(?P<years>\s+(?:годы|годов|годах|гг\.))?"
    r"|-(?P<ord>го|й|я|е|м|х|ю|ми|ое|ый|ая|ой|ого|ому|ом|ых|ым|ыми|ий|ей|ем)\b"
    r"|\s?(?P<scale>тыс\.?|тысяч[аиеу]?|тысячами|тысячах|тысячам|млн\.?|миллион\w*|млрд\.?"
    r"|миллиард\w*|трлн\.?|триллион\w*)",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"\s?(?P<pct>%|‰|процентн\w* пункт\w*|процент\w*|п\.\s?п\.)|\s(?P<times>раза?)\b",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"\b(около|более|свыше|почти|примерно|приблизительно|порядка|менее|меньше|больше|не менее"
    r"|не более|до|чуть более|почти|как минимум|по меньшей мере|не меньше|не больше|ок\.)\s+$",
    re.IGNORECASE,
)
_RANGE_GAP = re.compile(r"\s?(?:[-–—~]|до|по|или|и)\s?", re.IGNORECASE)


def _roman(text: str) -> int:
    """The value of a Roman numeral (XX is 20), 0 when malformed."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


def _approx(text: str, start: int) -> str:
    m = _APPROX.search(text, max(0, start - 30), start)
    return m.group(1) if m else ""


def _scale_of(word: str) -> int:
    m = _SCALE_FORM.fullmatch(word)
    if m is None:
        return 0
    return _SCALES[m.group(1) or m.group(2)]


def scan_ru(text: str) -> list[Quantity]:
    """Find the quantities of a normalised, pre-masked Russian text.

    Args:
        text: Russian text after :func:`~tmtool.qa.quantity.normalize`, with
            dates, times, identifiers and addresses masked.

    Returns:
        The quantities in text order.
    """
    found = _digit_quantities(text)
    for m in _FOLD.finditer(text):
        stem = m.group(1).lower()
        value = Decimal("1.5") if stem == "полутора" else Decimal(_FOLD_VALUE[stem])
        found.append(Quantity(value, Kind.TIMES, m.start(), m.end(), m.group(), Strength.WEAK))
    for m in _HALF.finditer(text):
        value = Decimal(10**6 if m.group(1).lower() == "миллион" else 10**9) / 2
        found.append(Quantity(value, Kind.NUMBER, m.start(), m.end(), m.group(), Strength.WEAK))
    for m in _SPANS.finditer(text):
        value = Decimal(50 if m.group(1) else 100)
        found.append(Quantity(value, Kind.NUMBER, m.start(), m.end(), m.group(), Strength.WEAK))
    for m in _ROMAN_CENTURY.finditer(text):
        century = _roman(m.group(1))
        if century:
            found.append(
                Quantity(
                    Decimal(century), Kind.ORDINAL, m.start(), m.end(), m.group(), Strength.WEAK
                )
            )
    taken = [(q.start, q.end) for q in found]
    skip = [m.span() for m in _SKIP.finditer(text)]
    words = [m for m in _WORD.finditer(text) if not any(s <= m.start() < e for s, e in skip)]
    i = 0
    while i < len(words):
        quantity, i = _word_quantity(text, words, i)
        if quantity is not None and not any(
            s < quantity.end and quantity.start < e for s, e in taken
        ):
            found.append(quantity)
    found.sort(key=lambda q: q.start)
    return link_ranges(found, text, _RANGE_GAP)


_ORDER = {"unit": 0, "teen": 1, "tens": 2, "hundred": 3}


def _fits(last: int | None, order: int) -> bool:
    """Whether a numeral of this order may follow the previous one (двадцать три, сто пять)."""
    return last is None or last == _AFTER_SCALE or (order < last and last != 1)


_AFTER_SCALE = 9


def _word_quantity(text: str, words: list[re.Match[str]], i: int) -> tuple[Quantity | None, int]:
    """Read the number (if any) starting at word ``i``; return it and the next word index."""
    total, current = Decimal(0), Decimal(0)
    last: int | None = None
    is_ordinal = False
    j = i
    while j < len(words):
        if j > i and not re.fullmatch(r"\s+", text[words[j - 1].end() : words[j].start()]):
            break
        word = words[j].group().lower()
        entry = RU_CARDINALS.get(word)
        scale = _scale_of(word)
        ord_m = _ORD.fullmatch(word)
        if entry is not None:
            value, kind = entry
            if not _fits(last, _ORDER[kind]):
                break
            current += Decimal("1.5") if value == -15 else value
            last = _ORDER[kind]
        elif scale:
            if last is None or last == _AFTER_SCALE:
                if j != i or not (_SCALE_SINGULAR.fullmatch(word) and _singular_ok(text, words, j)):
                    break
                current = Decimal(1)
            total += current * scale
            current, last = Decimal(0), _AFTER_SCALE
        elif ord_m is not None:
            value = _ORD_STEMS.get(ord_m.group(1) or "", 3)
            order = 3 if value >= 100 else 2 if value >= 20 else 1 if value > 10 else 0
            if not _fits(last, order):
                break
            current += value
            is_ordinal = True
            j += 1
            break
        else:
            break
        j += 1
    if j == i:
        return None, i + 1
    number = total + current
    start, end = words[i].start(), words[j - 1].end()
    strength = Strength.IGNORED if number <= 1 else Strength.WEAK
    kind = Kind.ORDINAL if is_ordinal else Kind.NUMBER
    unit = _UNIT.match(text, end)
    if unit and unit.group("pct"):
        kind, end = Kind.PERCENT, unit.end()
    elif unit and unit.group("times") and re.search(r"\bв\s+$", text[max(0, start - 3) : start]):
        kind, end = Kind.TIMES, unit.end()
    quantity = Quantity(
        number, kind, start, end, text[start:end], strength, approx=_approx(text, start)
    )
    return quantity, j


def _singular_ok(text: str, words: list[re.Match[str]], j: int) -> bool:
    """A bare ``тысяча``/``миллион`` counts as one thousand/million; ``тысячи`` only after около."""
    word = words[j].group().lower()
    if word != "тысячи":
        return True
    return bool(_approx(text, words[j].start()))


def _digit_quantities(text: str) -> list[Quantity]:
    """Quantities written with digits."""
    found = []
    for m in _DIGITS.finditer(text):
        raw = m.group()
        comma = "," in raw
        value, unit, decimals = digits_value(raw, decimal_comma=True)
        alternatives: tuple[Decimal, ...] = ()
        if comma and re.fullmatch(r"\d{1,3},\d{3}", raw):
            alternatives = (digits_value(raw)[0],)  # 39,768 written the English way
        end = m.end()
        kind = Kind.NUMBER
        scale = Decimal(1)
        suffix = _SUFFIX.match(text, end)
        if suffix and suffix.group("latin_s") and decimals == 0 and value % 10 == 0:
            kind, end, value = Kind.DECADE, suffix.end(), value % 100
            alternatives = (digits_value(raw)[0],) if len(raw) == 4 else ()
        elif (
            suffix
            and suffix.group("decade")
            and decimals == 0
            and value % 10 == 0
            and (len(raw) == 4 or (len(raw) == 2 and suffix.group("years")))
        ):
            alternatives = (value,) if len(raw) == 4 else ()
            kind, end, value = Kind.DECADE, suffix.end("decade"), value % 100
        elif suffix and suffix.group("decade") and decimals == 0:
            kind, end = Kind.ORDINAL, suffix.end("decade")
        elif suffix and suffix.group("ord") and decimals == 0:
            kind, end = Kind.ORDINAL, suffix.end()
        elif suffix and suffix.group("scale"):
            word = suffix.group("scale").lower().rstrip(".")
            scale = Decimal(
                10**3 if word.startswith("тыс") else
                10**6 if word.startswith(("млн", "миллион")) else
                10**9 if word.startswith(("млрд", "миллиард")) else 10**12
            )  # fmt: skip
            end = suffix.end()
            alternatives = tuple(a * scale for a in alternatives)
        kind, end = percent_or_times(_UNIT, text, end, kind)
        found.append(
            digit_quantity(
                text,
                m.start(),
                end,
                raw,
                value,
                scale,
                unit,
                decimals,
                kind,
                approx=_approx(text, m.start()),
                alternatives=alternatives,
            )
        )
    return found
