"""Files tmtool ships beside its code: the desk's glossary."""

from __future__ import annotations

import sys
from pathlib import Path

GLOSSARY_NAME = "qiqihar.tbx"


def shipped_glossary() -> Path | None:
    """The desk's glossary: in the source tree, or where `pip install` put it."""
    candidates = (
        Path(__file__).resolve().parents[1] / "glossaries" / GLOSSARY_NAME,
        Path(sys.prefix) / "share" / "tmtool" / "glossaries" / GLOSSARY_NAME,
    )
    return next((path for path in candidates if path.is_file()), None)
