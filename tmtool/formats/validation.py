"""Which exchange format a file is in, and its problems by that format's rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tmtool.formats import po, read_bytes, tbx, tmx, xliff
from tmtool.formats.base import FormatError, Problem

VALIDATORS: dict[str, Callable[..., list[Problem]]] = {
    "po": po.validate,
    "xliff": xliff.validate,
    "tmx": tmx.validate,
    "tbx": tbx.validate,
}
_SUFFIXES = {
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tmx": "tmx",
    ".tbx": "tbx",
}
_ROOT = re.compile(rb"<(?:[\w-]+:)?(xliff|tmx|tbx|martif)[\s>]")


def detect(path: Path, data: bytes) -> str:
    """The format of a file, from its extension or, for .xml, from its root element."""
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is not None:
        return fmt
    found = _ROOT.search(data[:4096].replace(b"\x00", b""))
    if path.suffix.lower() == ".xml" and found:
        root = found.group(1).decode()
        return "tbx" if root == "martif" else root
    raise FormatError(
        f"{path.name} is not a file tmtool validates; use .po, .xlf/.xliff, .tmx or .tbx."
    )


def validate_file(path: Path) -> tuple[str, list[Problem]]:
    """Read a file and check it against its format's rules; (format, problems)."""
    data = read_bytes(path)
    fmt = detect(path, data)
    return fmt, VALIDATORS[fmt](data, name=path.name)
