"""Dates in Chinese, English and Russian text: years, months, days, ranges, weekdays.

``7月9日至10日`` gives two mentions (July 9, July 10), as do ``July 9 to 10``
and ``9–10 июля``.  The spans of all date expressions are *claimed*, so the
number check leaves their digits alone.  Relative words (今年, 昨天) are
noted, not resolved: a translator may turn 今年 into ``2024``.
"""

from __future__ import annotations

from tmtool.qa.datefacts import MONTHS_EN, MONTHS_RU_GEN, WEEKDAYS_EN, DateMention, DateScan
from tmtool.qa.en_dates import scan_en_dates
from tmtool.qa.ru_dates import scan_ru_dates
from tmtool.qa.zh_dates import scan_zh_dates

__all__ = ["MONTHS_EN", "MONTHS_RU_GEN", "WEEKDAYS_EN", "DateMention", "DateScan", "scan_dates"]


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
        return scan_zh_dates(text)
    if lang == "en":
        return scan_en_dates(text)
    if lang == "ru":
        return scan_ru_dates(text)
    return DateScan([], [], False, False)
