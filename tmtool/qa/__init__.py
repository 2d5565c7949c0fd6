"""Quality checks that know Chinese, English and Russian.

Each check is a class registered by a permanent id (``number_mismatch``,
``date_mismatch``, ``untranslated_chinese``, ``term_missing`` …); run them
on a :class:`Unit` with :func:`run_checks`::

    from tmtool.qa import Unit, run_checks
    issues = run_checks(Unit("投资90亿元", "9 billion yuan invested", "zh", "en"))

Issue offsets are characters in the target, 0-based, end exclusive — the
``start``/``end`` of ``tmtool qa --json``.  Domain code: plain values in,
plain values out; no database, no user interface.
"""

from __future__ import annotations

from tmtool.qa import consistency, dates, length, numbers, terms, text
from tmtool.qa.base import REGISTRY, Check, Issue, Severity, Unit, register, run_checks

__all__ = [
    "REGISTRY",
    "Check",
    "Issue",
    "Severity",
    "Unit",
    "consistency",
    "dates",
    "length",
    "numbers",
    "register",
    "run_checks",
    "terms",
    "text",
]
