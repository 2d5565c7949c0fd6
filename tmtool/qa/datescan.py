"""Dates in Chinese, English and Russian text: years, months, days, ranges, weekdays.

``7月9日至10日`` gives two mentions (July 9, July 10), as do ``July 9 to 10``
and ``9–10 июля``.  The spans of all date expressions are *claimed*, so the
number check leaves their digits alone.  Relative words (今年, 昨天) are
noted, not resolved: a translator may turn 今年 into ``2024``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tmtool.qa.zh_numbers import parse_zh_numeral

__all__ = ["DateMention", "DateScan", "MONTHS_EN", "MONTHS_RU_GEN", "WEEKDAYS_EN", "scan_dates"]

MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
MONTHS_RU_GEN = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()
WEEKDAYS_EN = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


@dataclass(frozen=True)
class DateMention:
    """One date fact found in a text.

    Attributes:
        start: Offset of the expression's first character.
        end: Offset just after it.
        text: The expression as written (for a range, the part naming this date).
        year: The year, if named.
        month: The month (1–12), if named.
        day: The day of the month, if named.
        weekday: The weekday (0 is Monday), if named.
        definite: ``False`` for a bare four-digit number that may be a year.
    """

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    definite: bool = True


@dataclass(frozen=True)
class DateScan:
    """The dates of one text.

    Attributes:
        mentions: Date facts in text order.
        claimed: Spans of date expressions, whose digits are not quantities.
        relative_year: The text says 今年, 去年 or the like.
        relative_day: The text says 昨天, 近日, 本月 or the like.
    """

    mentions: list[DateMention]
    claimed: list[tuple[int, int]]
    relative_year: bool
    relative_day: bool


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = parse_zh_numeral(text)
    return int(value) if value is not None else None


# --- Chinese ------------------------------------------------------------------
_ZH_N = r"\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_ZH_YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
_ZH_DATE = re.compile(
    rf"(?:(?P<y>{_ZH_YEAR})\s?年\s?)?(?:(?P<m>{_ZH_N})\s?月份?\s?)?(?:(?P<d>{_ZH_N})\s?(?P<dm>日|号))?"
)
_ZH_YEAR_RANGE = re.compile(r"(\d{4})\s?[-–—~至到]\s?(\d{2}|\d{4})\s?年")
_ZH_LINK = re.compile(r"\s?(?:至|到|-|–|—|~|－|和|、)\s?")
_ZH_WEEKDAY = re.compile(r"(?<![一二三四五六七八九十两几\d])(?:星期|礼拜|周)([一二三四五六日天])(?![次遍回个年岁])")
_ZH_REL_YEAR = re.compile(r"今年|去年|明年|前年|后年|本年|当年|同年|上年|次年|翌年|年内|年初|年底|年末")
_ZH_REL_DAY = re.compile(
    r"今天|昨天|明天|前天|今日|昨日|明日|当天|当日|次日|翌日|日前|近日|本月|上月|下月|当月|同月"
    r"|本周|上周|下周|这周|月初|月底|月末|月中|近期|周末"
)


def _scan_zh(text: str) -> DateScan:
    mentions: list[DateMention] = []
    claimed: list[tuple[int, int]] = []
    for m in _ZH_YEAR_RANGE.finditer(text):
        first, second = int(m.group(1)), m.group(2)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if 1000 <= first < last <= first + 30:
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=first))
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=last))
            claimed.append(m.span())
    previous: DateMention | None = None
    previous_end = -1
    for m in _ZH_DATE.finditer(text):
        if not m.group() or not (m.group("y") or m.group("m") or m.group("d")):
            continue
        if any(s <= m.start() < e for s, e in claimed):
            continue
        year = _int(m.group("y")) if m.group("y") else None
        month = _int(m.group("m")) if m.group("m") else None
        day = _int(m.group("d")) if m.group("d") else None
        if m.group("dm") == "号" and month is None:
            day = None
        if month is not None and not 1 <= month <= 12:
            continue
        if day is not None and not 1 <= day <= 31:
            day = None
        if year is None and month is None and day is None:
            continue
        if day is not None and month is None and not m.group("d").isdigit():
            day = None  # 一日三餐: a bare Chinese-numeral day is no date
        if year is None and month is None and day is None:
            continue
        end = m.end() if day is not None or m.group("dm") is None else m.start("d")
        text_part = text[m.start() : end].strip()
        linked = (
            previous is not None
            and _ZH_LINK.fullmatch(text[previous_end : m.start()]) is not None
        )
        if linked and previous is not None:
            year = year if year is not None else previous.year
            if month is None and day is not None:
                month = previous.month
        mention = DateMention(m.start(), m.start() + len(text_part), text_part, year, month, day)
        mentions.append(mention)
        claimed.append((m.start(), m.start() + len(text_part)))
        if linked:
            claimed.append((previous_end, m.start()))
        previous, previous_end = mention, m.start() + len(text_part)
    for m in _ZH_WEEKDAY.finditer(text):
        day_index = "一二三四五六日天".index(m.group(1))
        mentions.append(DateMention(m.start(), m.end(), m.group(), weekday=min(day_index, 6)))
        claimed.append(m.span())
    mentions.sort(key=lambda x: x.start)
    return DateScan(
        mentions, claimed, bool(_ZH_REL_YEAR.search(text)), bool(_ZH_REL_DAY.search(text))
    )


# --- English ------------------------------------------------------------------
_EN_MONTH = (
    r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?"
    r"|Dec\.?)(?![a-z])"
)
_EN_DAY = r"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]\d)"
_EN_YEAR = r"(?:,?\s+(?P<y>\d{4})(?!\d))?"
_EN_TO = r"\s*(?:[-–—]|to|and|through|until|till|or)\s*"
_EN_MD = re.compile(
    _EN_MONTH.format(name="m")
    + r"\s+(?:the\s+)?"
    + _EN_DAY.format(name="d")
    + rf"(?:{_EN_TO}(?:"
    + _EN_MONTH.format(name="m2")
    + r"\s+)?"
    + _EN_DAY.format(name="d2")
    + r")?"
    + _EN_YEAR
)
_EN_DM = re.compile(
    r"(?<![\d.,])"
    + _EN_DAY.format(name="d")
    + rf"(?:{_EN_TO}"
    + _EN_DAY.format(name="d2")
    + r")?\s+(?:of\s+)?"
    + _EN_MONTH.format(name="m")
    + _EN_YEAR
)
_EN_MY = re.compile(_EN_MONTH.format(name="m") + r"(?:,?\s+(?P<y>\d{4})(?!\d))?")
_EN_BARE_CONTEXT = re.compile(
    r"(?:\b(?:in|of|early|late|mid|since|until|till|by|last|next|this|from|to|through|during"
    r"|before|after|end|beginning|start|middle)[\s-]+)$",
    re.IGNORECASE,
)
_EN_THE_DAY = re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?=\s*[,.;:)]|\s*$)")
_EN_YEAR_CTX = re.compile(
    r"\b(?:in|since|by|until|till|before|after|during|year|early|late|mid|end of|fiscal|FY)"
    r"[\s-]+(\d{4})(?![\d,.]\d)",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"(?<![\d.,])(\d{4})\s*[-–—/]\s*(\d{4}|\d{2})(?![\d])")
_EN_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b", re.I)
_EN_REL_YEAR = re.compile(r"\b(?:this|last|next) year\b|\bearlier this year\b", re.I)
_EN_REL_DAY = re.compile(r"\b(?:today|yesterday|tomorrow|recently|this (?:week|month))\b", re.I)


def _en_month(name: str | None) -> int | None:
    if not name:
        return None
    key = name.rstrip(".")[:3].lower()
    return [m[:3].lower() for m in MONTHS_EN].index(key) + 1


def _year_ranges(text: str, mentions: list[DateMention], claimed: list[tuple[int, int]]) -> None:
    for m in _YEAR_RANGE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in claimed):
            continue
        first, second = int(m.group(1)), m.group(2)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if 1800 <= first < last <= first + 30:
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=first))
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=last))
            claimed.append(m.span())


def _add_pair(
    mentions: list[DateMention],
    claimed: list[tuple[int, int]],
    m: re.Match[str],
    month: int | None,
    month2: int | None,
) -> None:
    """Record a day-month match with an optional second day and year."""
    year = int(m.group("y")) if m.group("y") else None
    day = int(m.group("d"))
    if month is None or not 1 <= day <= 31:
        return
    end_first = m.end("d")
    if m.group("d2"):
        day2 = int(m.group("d2"))
        if 1 <= day2 <= 31:
            mentions.append(
                DateMention(m.start(), end_first, text=m.group()[: end_first - m.start()],
                            year=year, month=month, day=day)
            )  # fmt: skip
            mentions.append(
                DateMention(m.start("d2"), m.end(), m.group()[m.start("d2") - m.start() :],
                            year=year, month=month2 or month, day=day2)
            )  # fmt: skip
            claimed.append(m.span())
            return
    mentions.append(DateMention(m.start(), m.end(), m.group(), year, month, day))
    claimed.append(m.span())


def _scan_en(text: str) -> DateScan:
    mentions: list[DateMention] = []
    claimed: list[tuple[int, int]] = []
    _year_ranges(text, mentions, claimed)
    for pattern in (_EN_MD, _EN_DM):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in claimed):
                continue
            month2 = _en_month(m.groupdict().get("m2"))
            _add_pair(mentions, claimed, m, _en_month(m.group("m")), month2)
    for m in _EN_MY.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in claimed):
            continue
        name = m.group("m")
        if not m.group("y"):
            if name.endswith(".") or len(name) <= 4 and name not in ("May", "June", "July"):
                continue
            if name in ("May", "March") and not _EN_BARE_CONTEXT.search(text, 0, m.start()):
                continue
        year = int(m.group("y")) if m.group("y") else None
        mentions.append(DateMention(m.start(), m.end(), m.group(), year, _en_month(name)))
        claimed.append(m.span())
    for m in _EN_THE_DAY.finditer(text):
        if 1 <= int(m.group(1)) <= 31 and not any(s <= m.start() < e for s, e in claimed):
            mentions.append(DateMention(m.start(), m.end(), m.group(), day=int(m.group(1))))
            claimed.append(m.span())
    for m in _EN_YEAR_CTX.finditer(text):
        year = int(m.group(1))
        if 1800 <= year <= 2100 and not any(s <= m.start(1) < e for s, e in claimed):
            mentions.append(DateMention(m.start(1), m.end(1), m.group(1), year=year))
            claimed.append(m.span(1))
    for m in _EN_WEEKDAY.finditer(text):
        index = [w.lower() for w in WEEKDAYS_EN].index(m.group(1).lower())
        mentions.append(DateMention(m.start(), m.end(), m.group(), weekday=index))
        claimed.append(m.span())
    mentions.sort(key=lambda x: x.start)
    return DateScan(
        mentions, claimed, bool(_EN_REL_YEAR.search(text)), bool(_EN_REL_DAY.search(text))
    )


# --- Russian ------------------------------------------------------------------
_RU_MONTH_STEMS = (
    "январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр".split()
)
_RU_MONTH = (
    r"(?P<{name}>(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ём|ем)"
    r"|март(?:а|е|ом)?|август(?:а|е|ом)?|ма(?:й|я|е|ем))(?![а-яё])"
)
_RU_DAY = r"(?P<{name}>\d{{1,2}})(?:-?(?:го|е|м))?(?![\d,.]\d)"
_RU_YEAR = r"(?:\s+(?P<y>\d{4})(?!\d)(?:\s*(?:-?м|-?го)?\s*(?:года|году|год|г\.))?)?"
_RU_DM = re.compile(
    r"(?<![\d.,])"
    + _RU_DAY.format(name="d")
    + r"(?:\s*(?:[-–—]|и|по|до|или)\s*"
    + _RU_DAY.format(name="d2")
    + r")?\s+"
    + _RU_MONTH.format(name="m")
    + _RU_YEAR,
    re.IGNORECASE,
)
_RU_MY = re.compile(r"(?<![а-яё])" + _RU_MONTH.format(name="m") + _RU_YEAR, re.IGNORECASE)
_RU_YEAR_WORD = re.compile(
    r"(?<![\d.,])(\d{4})(?:\s*(?:[-–—]|по|до|и)\s*(\d{4}|\d{2}))?\s*(?:-?(?:м|го|х|й))?\s*"
    r"(?:годами|годах|годам|годов|годом|года|году|годы|год|гг?\.)(?![а-яё])",
    re.IGNORECASE,
)
_RU_WEEKDAY = re.compile(
    r"(?<![а-яё])(понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)"
    r"(а|у|ом|е|ы|ой|ей|я|ю|ем|ам|ами|ах|и)?(?![а-яё])",
    re.IGNORECASE,
)
_RU_WEEKDAY_PREP = re.compile(r"(?:\bв|\bво|\bпо|\bс|\bдо|каждую|эту|прошлую|следующую)\s+$", re.I)
_RU_REL_YEAR = re.compile(r"(?:этом|прошлом|следующем) году", re.I)
_RU_REL_DAY = re.compile(r"сегодня|вчера|завтра|недавно|на днях", re.I)


def _ru_month(name: str | None) -> int | None:
    if not name:
        return None
    word = name.lower()
    for index, stem in enumerate(_RU_MONTH_STEMS):
        if word.startswith(stem) and (stem != "ма" or word[:3] in ("май", "мая", "мае")):
            return index + 1
    return None


def _scan_ru(text: str) -> DateScan:
    mentions: list[DateMention] = []
    claimed: list[tuple[int, int]] = []
    for m in _RU_DM.finditer(text):
        _add_pair(mentions, claimed, m, _ru_month(m.group("m")), None)
    for m in _RU_MY.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in claimed):
            continue
        year = int(m.group("y")) if m.group("y") else None
        mentions.append(DateMention(m.start(), m.end(), m.group(), year, _ru_month(m.group("m"))))
        claimed.append(m.span())
    for m in _RU_YEAR_WORD.finditer(text):
        if any(s <= m.start() < e for s, e in claimed):
            continue
        first = int(m.group(1))
        years = [first]
        if m.group(2):
            second = m.group(2)
            last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
            if first < last <= first + 30:
                years.append(last)
        for year in years:
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=year))
        claimed.append(m.span())
    _year_ranges(text, mentions, claimed)
    for m in _RU_WEEKDAY.finditer(text):
        stem = m.group(1).lower()
        if stem == "сред" and not _RU_WEEKDAY_PREP.search(text, 0, m.start()):
            continue  # среда is also "environment"
        index = _RU_WEEKDAY_STEMS.index(stem)
        mentions.append(DateMention(m.start(), m.end(), m.group(), weekday=index))
        claimed.append(m.span())
    mentions = sorted(set(mentions), key=lambda x: (x.start, x.year or 0))
    return DateScan(
        mentions, claimed, bool(_RU_REL_YEAR.search(text)), bool(_RU_REL_DAY.search(text))
    )


_RU_WEEKDAY_STEMS = "понедельник вторник сред четверг пятниц суббот воскресень".split()


def scan_dates(text: str, lang: str) -> DateScan:
    """Find the dates of a normalised text.

    Args:
        text: Text after :func:`~tmtool.qa.quantity.normalize`.
        lang: Primary language subtag: ``"zh"``, ``"en"`` or ``"ru"``; other
            languages have no dates.

    Returns:
        The date mentions, claimed spans and relative-word flags.
    """
    if lang == "zh":
        return _scan_zh(text)
    if lang == "en":
        return _scan_en(text)
    if lang == "ru":
        return _scan_ru(text)
    return DateScan([], [], False, False)
