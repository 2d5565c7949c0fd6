"""Dates in English text: August 16, 2024, 16 August 2024, July 9–10, in March, on Monday."""

from __future__ import annotations

import re

from tmtool.qa.datefacts import (
    MONTHS_EN,
    WEEKDAYS_EN,
    DateMention,
    DateScan,
    add_pair,
    overlaps,
    year_ranges,
)

__all__ = ["scan_en_dates"]

_EN_MONTH = (
    r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?"
    r"|Dec\.?)(?![a-z])"
)
_EN_DAY = r"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|[,.:]\d)"
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
_EN_MONTH_NEXT = re.compile(
    r"\s*(?:to|through|until|till|and|or|[-–—])\s*(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b"
)
_EN_THE_DAY = re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?=\s*[,.;:)]|\s*$)")
_EN_YEAR_CTX = re.compile(
    r"\b(?:in|since|by|until|till|before|after|during|year|early|late|mid|end of|fiscal|FY)"
    r"[\s-]+(\d{4})(?!\d|[,.]\d|s\b|'s\b)",
    re.IGNORECASE,
)
_EN_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b", re.I)
_EN_REL_YEAR = re.compile(r"\b(?:this|last|next) year\b|\bearlier this year\b", re.I)
_EN_REL_DAY = re.compile(r"\b(?:today|yesterday|tomorrow|recently|this (?:week|month))\b", re.I)


def _en_month(name: str | None) -> int | None:
    if not name:
        return None
    key = name.rstrip(".")[:3].lower()
    return [m[:3].lower() for m in MONTHS_EN].index(key) + 1


def scan_en_dates(text: str) -> DateScan:
    mentions: list[DateMention] = []
    claimed: list[tuple[int, int]] = []
    year_ranges(text, mentions, claimed)
    for pattern in (_EN_MD, _EN_DM):
        for m in pattern.finditer(text):
            if overlaps(m.start(), m.end(), claimed):
                continue
            month2 = _en_month(m.groupdict().get("m2"))
            add_pair(mentions, claimed, m, _en_month(m.group("m")), month2)
    for m in _EN_MY.finditer(text):
        if overlaps(m.start(), m.end(), claimed):
            continue
        name = m.group("m")
        if not m.group("y"):
            if name.endswith(".") or (len(name) <= 4 and name not in ("May", "June", "July")):
                continue
            if (
                name in ("May", "March")
                and not _EN_BARE_CONTEXT.search(text, 0, m.start())
                and not _EN_MONTH_NEXT.match(text, m.end())
            ):
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
