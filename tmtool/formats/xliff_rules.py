"""The XLIFF processing rules an XSD cannot express, checked on files from anywhere.

`validate` reports every problem with its line; `tmtool.formats.xliff` reads and writes
the files and re-exports `validate`.
"""

from __future__ import annotations

import re

from lxml import etree

from tmtool.formats.base import Problem, Report, check_xml
from tmtool.formats.exchange import MAX_EXCHANGE_SIZE, Qualifier, qualifier

__all__ = ["XLIFF1", "XLIFF2", "validate"]

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF1 = "urn:oasis:names:tc:xliff:document:1.2"
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFIXED = re.compile(r"[^\s:]+:\S+")
_q2: Qualifier = ("{{" + XLIFF2 + "}}{}").format
_Elem = etree._Element


def validate(data: bytes, *, name: str) -> list[Problem]:
    """Check the XLIFF processing rules that the XSD cannot express.

    XLIFF 2: version 2.0/2.1; unique file ids, unit/group ids per file,
    segment/ignorable ids per unit; ``subState`` only with ``state``, as
    ``prefix:value``; ``trgLang`` when there are targets; ``xml:lang``
    matching ``srcLang``/``trgLang``; a target when translated or later.
    XLIFF 1.2: unique trans-unit ids per file, ``source-language``, and
    ``target-language`` when there are targets.

    Args:
        data: The raw bytes of the file.
        name: The file name used in messages about unreadable files.

    Returns:
        The problems in document order; empty when the file is valid.
    """
    return check_xml(data, name=name, max_size=MAX_EXCHANGE_SIZE, rules=_check)


def _check(root: _Elem, report: Report) -> None:
    """Check the rules of the XLIFF version the root names."""
    ns = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "xliff" or ns not in (XLIFF1, XLIFF2):
        report(root, f"The root element is not <xliff> in the {XLIFF2} or {XLIFF1} namespace.")
    elif ns == XLIFF1:
        _validate1(root, report)
    else:
        _validate2(root, report)


def _validate2(root: _Elem, report: Report) -> None:
    """Check the XLIFF 2 processing rules."""
    q = _q2
    if root.get("version") not in ("2.0", "2.1"):
        report(root, f'The version is "{root.get("version", "")}"; it must be 2.0 or 2.1.')
    src, trg = root.get("srcLang", ""), root.get("trgLang")
    file_ids: dict[str, int] = {}
    for file in root.iterchildren(q("file")):
        _unique(file, file_ids, "file", report)
        ids: dict[str, int] = {}
        for item in file.iter(q("unit"), q("group")):
            _unique(item, ids, etree.QName(item).localname, report)
        for unit in file.iter(q("unit")):
            part_ids: dict[str, int] = {}
            for part in unit.iterchildren(q("segment"), q("ignorable")):
                if part.get("id") is not None:
                    _unique(part, part_ids, etree.QName(part).localname, report)
                _check_segment(part, src, trg, report)


def _check_segment(part: _Elem, src: str, trg: str | None, report: Report) -> None:
    """Check one XLIFF 2 segment or ignorable."""
    q = _q2
    sub, state = part.get("subState"), part.get("state")
    if sub is not None and state is None:
        report(part, "subState is only allowed together with state.")
    if sub is not None and not _PREFIXED.fullmatch(sub):
        report(part, f'subState "{sub}" must be a prefixed value such as "tmtool:draft".')
    target = part.find(q("target"))
    if state in ("translated", "reviewed", "final") and target is None:
        report(part, f'A segment in state "{state}" needs a <target>.')
    source = part.find(q("source"))
    for element, lang, attr in ((source, src, "srcLang"), (target, trg, "trgLang")):
        if element is None:
            continue
        if attr == "trgLang" and lang is None:
            report(element, "The file has targets, so <xliff> needs a trgLang.")
        own = element.get(_LANG)
        if own is not None and lang is not None and own.lower() != lang.lower():
            report(element, f'xml:lang "{own}" does not match {attr} "{lang}".')


def _validate1(root: _Elem, report: Report) -> None:
    """Check the XLIFF 1.2 rules tmtool relies on."""
    q = qualifier(root)
    for file in root.iterchildren(q("file")):
        if not file.get("source-language"):
            report(file, "A <file> needs a source-language.")
        ids: dict[str, int] = {}
        for unit in file.iter(q("trans-unit")):
            if not unit.get("id"):
                report(unit, "A <trans-unit> needs an id.")
            else:
                _unique(unit, ids, "trans-unit", report)
            if unit.find(q("source")) is None:
                report(unit, "A <trans-unit> needs a <source>.")
            target = unit.find(q("target"))
            if target is not None and not file.get("target-language"):
                report(target, "The file has targets, so its <file> needs a target-language.")


def _unique(element: _Elem, seen: dict[str, int], what: str, report: Report) -> None:
    """Report an element whose id was already used by an element in `seen`."""
    ident = element.get("id", "")
    if ident in seen:
        report(element, f'The {what} id "{ident}" is also used on line {seen[ident]}.')
    seen.setdefault(ident, element.sourceline or 0)
