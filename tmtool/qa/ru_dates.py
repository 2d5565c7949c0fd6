"""Dates in Russian text: 16 августа 2024 года, 9–10 июля, с 1 по 15 марта, в понедельник."""

from __future__ import annotations

import re

from tmtool.qa.datefacts import (
    DateMention,
    DateScan,
    add_pair,
    overlaps,
    year_ranges,
)

__all__ = ["scan_ru_dates"]

_RU_MONTH_STEMS = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
]
_RU_MONTH = (
    r"(?P<{name}>(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ём|ем)"
    r"|март(?:а|е|у|ом)?|август(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем))(?![а-яё])"
)
_RU_DAY = r"(?P<{name}>\d{{1,2}})(?:-?(?:го|е|м))?(?!\d|[,.:]\d)"
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
    r"(?<![\d.,])(\d{4})(?:\s*(?:[-–—]|по|до|и)\s*(\d{4}|\d{2}))?\s*(?:-?(?:м|го|й))?\s*"
    r"(?:годами|годах|годам|годов|годом|года|году|годы|год|гг?\.)(?![а-яё])",
    re.IGNORECASE,
)
_RU_WEEKDAY = re.compile(
    r"(?<![а-яё])(понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)"
    r"(ами|ам|ах|ями|ям|ях|ом|ой|ей|ем|а|у|е|ы|я|ю|и)?(?![а-яё])"
    r"|(?<![а-яё])(понедельничн|вторничн|четвергов|пятничн|субботн|воскресн)[а-яё]{1,3}(?![а-яё])",
    re.IGNORECASE,
)
_RU_WEEKDAY_ADJ = ["понедельничн", "вторничн", "-", "четвергов", "пятничн", "субботн", "воскресн"]
_RU_WEEKDAY_PREP = re.compile(r"(?:\bв|\bво|\bпо|\bс|\bдо|каждую|эту|прошлую|следующую)\s+$", re.I)
_RU_REL_YEAR = re.compile(r"(?:этом|прошлом|следующем) году", re.I)
_RU_REL_DAY = re.compile(r"сегодня|вчера|завтра|недавно|на днях", re.I)


def _ru_month(name: str | None) -> int | None:
    if not name:
        return None
    word = name.lower()
    for index, stem in enumerate(_RU_MONTH_STEMS):
        if word.startswith(stem) and (stem != "ма" or word[:3] in ("май", "мая", "мае", "маю")):
            return index + 1
    return None


def scan_ru_dates(text: str) -> DateScan:
    mentions: list[DateMention] = []
    claimed: list[tuple[int, int]] = []
    for m in _RU_DM.finditer(text):
        add_pair(mentions, claimed, m, _ru_month(m.group("m")), None)
    for m in _RU_MY.finditer(text):
        if overlaps(m.start(), m.end(), claimed):
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
    year_ranges(text, mentions, claimed)
    for m in _RU_WEEKDAY.finditer(text):
        if m.group(3):
            index = _RU_WEEKDAY_ADJ.index(m.group(3).lower())
        else:
            stem = m.group(1).lower()
            if stem == "сред" and (
                m.group(2) not in ("у", "ам", "ы")
                or not _RU_WEEKDAY_PREP.search(text, 0, m.start())
            ):
                continue  # среда is also "environment": only в среду, по средам count
            index = _RU_WEEKDAY_STEMS.index(stem)
        mentions.append(DateMention(m.start(), m.end(), m.group(), weekday=index))
        claimed.append(m.span())
    mentions = sorted(set(mentions), key=lambda x: (x.start, x.year or 0))
    return DateScan(
        mentions, claimed, bool(_RU_REL_YEAR.search(text)), bool(_RU_REL_DAY.search(text))
    )


_RU_WEEKDAY_STEMS = ["понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень"]
