"""False alarms on real clean translations: the TICO-19 test set (read, never copied).

The set lives in ../shared/data/tico19 (2,100 professionally translated lines);
without it the test skips and says so.  ``bench/qa_bench.py`` gives the full
per-check figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tmtool.qa import Severity, Unit, run_checks

TICO = Path(__file__).resolve().parents[3] / "shared" / "data" / "tico19"


def test_error_checks_rarely_cry_wolf_on_clean_translations() -> None:
    """At most 2 error issues per 100 clean segment-languages (zh→en and zh→ru)."""
    files = [TICO / f"tico19-test.{ext}" for ext in ("zho", "eng", "rus")]
    if not all(f.exists() for f in files):
        pytest.skip(f"TICO-19 is not present under {TICO}")
    zh, en, ru = (f.read_text(encoding="utf-8").splitlines() for f in files)
    segments = errors = 0
    for source, english, russian in zip(zh, en, ru, strict=True):
        for lang, target in (("en", english), ("ru", russian)):
            segments += 1
            issues = run_checks(Unit(source, target, "zh", lang))
            errors += sum(i.severity is Severity.ERROR for i in issues)
    assert segments == 4200
    assert 100 * errors / segments <= 2
