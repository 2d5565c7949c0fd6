"""Dates in Chinese text: 2024年8月16日, 7月9日至10日, 1-7月, 二〇二四年, 星期一/周一."""

from __future__ import annotations

import re

from tmtool.qa.datefacts import (
    DateMention,
    DateScan,
    overlaps,
    to_int,
    year_ranges,
)

__all__ = ["scan_zh_dates"]

_ZH_N = r"\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_ZH_YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
_ZH_DATE = re.compile(
    rf"(?:(?P<y>{_ZH_YEAR})\s?年\s?)?(?:(?P<m>{_ZH_N})\s?月份?\s?)?(?:(?P<d>{_ZH_N})\s?(?P<dm>日|号))?"
)
_ZH_OPEN_RANGE = re.compile(
    rf"(?:(?P<y>{_ZH_YEAR})\s?年\s?)?(?:(?P<m>{_ZH_N})\s?月份?\s?)?(?P<a>{_ZH_N})\s?"
    rf"[至到\-—~–－]\s?(?P<b>{_ZH_N})\s?(?P<unit>月|日|号)"
)
_ZH_YEAR_RANGE = re.compile(r"(\d{4})\s?[-–—~至到]\s?(\d{2}|\d{4})\s?年")
_ZH_LINK = re.compile(r"\s?(?:至|到|-|–|—|~|－|和|、)\s?")
_ZH_WEEKDAY = re.compile(
    r"(?<![一二三四五六七八九十两几\d])(?:星期|礼拜|周)([一二三四五六日天])(?![次遍回个年岁])"
)
_ZH_MORE_WEEKDAYS = re.compile(
    r"\s?[、和及与]\s?([一二三四五六日天])(?![一二三四五六七八九十次遍回个年岁日月])"
)
_ZH_REL_YEAR = re.compile(
    r"今年|去年|明年|前年|后年|本年|当年|同年|上年|次年|翌年|年内|年初|年底|年末|上半年|下半年"
)
_ZH_REL_DAY = re.compile(
    r"今天|昨天|明天|前天|今日|昨日|明日|当天|当日|次日|翌日|日前|近日|本月|上月|下月|当月|同月"
    r"|本周|上周|下周|这周|月初|月底|月末|月中|近期|周末"
)


def _zh_open_ranges(text: str, mentions: list[DateMention], claimed: list[tuple[int, int]]) -> None:
    """Ranges whose first end lacks its unit: 1-7月 (January to July), 7月9至10日."""
    for m in _ZH_OPEN_RANGE.finditer(text):
        if overlaps(m.start(), m.end(), claimed):
            continue
        year = to_int(m.group("y")) if m.group("y") else None
        month = to_int(m.group("m")) if m.group("m") else None
        first, second = to_int(m.group("a")), to_int(m.group("b"))
        if first is None or second is None or not first < second:
            continue
        if m.group("unit") == "月":
            if month is not None or second > 12:
                continue
            pairs: list[tuple[int | None, int | None]] = [(first, None), (second, None)]
        else:
            if second > 31 or (m.group("unit") == "号" and month is None):
                continue
            pairs = [(month, first), (month, second)]
        for month_, day in pairs:
            mentions.append(DateMention(m.start(), m.end(), m.group(), year, month_, day))
        claimed.append(m.span())


def scan_zh_dates(text: str) -> DateScan:
    mentions: list[DateMention] = []
    claimed: list[tuple[int, int]] = []
    year_ranges(text, mentions, claimed)
    for m in _ZH_YEAR_RANGE.finditer(text):
        if overlaps(m.start(), m.end(), claimed):
            continue
        first, second = int(m.group(1)), m.group(2)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if 1000 <= first < last <= first + 30:
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=first))
            mentions.append(DateMention(m.start(), m.end(), m.group(), year=last))
            claimed.append(m.span())
    _zh_open_ranges(text, mentions, claimed)
    previous: DateMention | None = None
    previous_end = -1
    for m in _ZH_DATE.finditer(text):
        if not m.group() or not (m.group("y") or m.group("m") or m.group("d")):
            continue
        if any(s <= m.start() < e for s, e in claimed):
            continue
        year = to_int(m.group("y")) if m.group("y") else None
        month = to_int(m.group("m")) if m.group("m") else None
        day = to_int(m.group("d")) if m.group("d") else None
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
            previous is not None and _ZH_LINK.fullmatch(text[previous_end : m.start()]) is not None
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
        end = m.end()
        while (more := _ZH_MORE_WEEKDAYS.match(text, end)) is not None:  # 每周二、四、六
            day_index = "一二三四五六日天".index(more.group(1))
            start = more.start(1)
            mentions.append(
                DateMention(start, more.end(), more.group(1), weekday=min(day_index, 6))
            )
            claimed.append((start, more.end()))
            end = more.end()
    mentions.sort(key=lambda x: x.start)
    return DateScan(
        mentions, claimed, bool(_ZH_REL_YEAR.search(text)), bool(_ZH_REL_DAY.search(text))
    )
