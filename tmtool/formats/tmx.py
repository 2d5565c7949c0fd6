"""TMX translation memories: 1.4b written, 1.4, 1.1 and OmegaT's dialect read.

Writing produces one ``<tu>`` per `TMEntry` as text, escaped for XML: the
source-language ``<tuv>`` first, then the others in the entry's order,
leaving out empty texts (an entry with no text at all is left out); the
creator is ``creationid``, the date ``creationdate`` (``YYYYMMDDThhmmssZ``,
UTC; a naive datetime counts as UTC) and the note a ``<note>``.  The output
is valid against the TMX 1.4 DTD.

Reading streams with ``iterparse`` and takes the language from ``xml:lang``
(TMX 1.4) or ``lang`` (TMX 1.1), tidied with `normalize_lang`.  The text of
a ``<seg>`` keeps ``<hi>`` content but drops the native codes inside
``<bpt>``, ``<ept>``, ``<ph>``, ``<it>`` and ``<ut>`` (OmegaT writes its tags
that way), and ``<sub>`` flows.  ``<prop>``s are ignored.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from lxml import etree

from tmtool.formats.base import FormatError, Problem, Report, check_xml
from tmtool.formats.exchange import (
    MAX_EXCHANGE_SIZE,
    TMEntry,
    checked_lang,
    free,
    gc_paused,
    inline_text,
    iter_xml,
    nfc,
    xml_attr,
    xml_chars_ok,
    xml_text,
)
from tmtool.formats.termbase import normalize_lang

if TYPE_CHECKING:
    pass

__all__ = ["CREATION_TOOL_VERSION", "read", "validate", "write"]

#: The creationtoolversion written in headers.
CREATION_TOOL_VERSION = "0.1.0"

_XML = "http://www.w3.org/XML/1998/namespace"
_LANG = f"{{{_XML}}}lang"
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})
_HEADER_ATTRS = (
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
)
_LANG_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
_Elem = etree._Element


@gc_paused
def write(entries: Iterable[TMEntry], *, source_lang: str = "zh") -> bytes:
    """Write translation memory entries as a TMX 1.4b file.

    Args:
        entries: The entries, in the order they are to appear.
        source_lang: The language of the source text, the header's ``srclang``.

    Returns:
        The file's bytes (UTF-8).

    Raises:
        FormatError: A language tag is invalid or a text holds characters
            XML cannot carry.
    """
    header = {
        "creationtool": "tmtool",
        "creationtoolversion": CREATION_TOOL_VERSION,
        "segtype": "sentence",
        "o-tmf": "tmtool",
        "adminlang": "en",
        "srclang": checked_lang(source_lang),
        "datatype": "plaintext",
    }
    head = " ".join(f'{key}="{xml_attr(value)}"' for key, value in header.items())
    buffer = io.BytesIO()
    buffer.write(
        (
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4">\n'
            f"<header {head}></header>\n"
            "<body>\n"
        ).encode()
    )
    langs: dict[str, str] = {}
    for entry in entries:
        tu = _tu_xml(entry, source_lang, langs)
        if tu:
            buffer.write((tu + "\n").encode())
    buffer.write(b"</body></tmx>\n")
    return buffer.getvalue()


def _tu_xml(entry: TMEntry, source_lang: str, langs: dict[str, str]) -> str:
    """One <tu> as XML text, or "" when the entry has no text."""
    variants = sorted(
        ((lang, text) for lang, text in entry.variants.items() if text),
        key=lambda item: item[0] != source_lang,
    )
    if not variants:
        return ""
    texts = [text for _lang, text in variants]
    if entry.note:
        texts.append(entry.note)
    if entry.created_by:
        texts.append(entry.created_by)
    if not xml_chars_ok("".join(texts)):
        raise FormatError("A translation memory entry holds characters XML cannot carry.")
    attrs = ""
    if entry.created_at is not None:
        when = entry.created_at
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        attrs += f' creationdate="{when.strftime(_DATE_FORMAT)}"'
    if entry.created_by:
        attrs += f' creationid="{xml_attr(entry.created_by)}"'
    parts = [f"<tu{attrs}>"]
    if entry.note:
        parts.append(f"<note>{xml_text(entry.note)}</note>")
    for lang, text in variants:
        tag = langs.get(lang)
        if tag is None:
            tag = langs.setdefault(lang, xml_attr(checked_lang(lang)))
        parts.append(f'<tuv xml:lang="{tag}"><seg>{xml_text(text)}</seg></tuv>')
    parts.append("</tu>")
    return "".join(parts)


@gc_paused
def read(data: bytes, *, name: str) -> list[TMEntry]:
    """Read a TMX file (1.4/1.4b, 1.1, OmegaT, …).

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The entries in file order; a ``<tu>`` without any text is skipped.

    Raises:
        FormatError: The file is unsafe or malformed XML, not TMX, or has a
            ``<tuv>`` without a language or a ``<seg>``.
    """
    events = iter_xml(data, name=name, tags=("tmx", "body", "tu"))
    first = next(events, None)
    if first is None or first[1].getparent() is not None:
        raise FormatError(f"{name} is not a TMX file; its root element is not <tmx>.")
    entries: list[TMEntry] = []
    has_body = False
    for event, element in events:
        if event == "start" and element.tag == "body":
            has_body = True
        if event != "end" or element.tag != "tu":
            continue
        entry = _read_tu(element, name)
        if entry.variants:
            entries.append(entry)
        free(element)
    if not has_body:
        raise FormatError(f"{name} has no <body>, so it holds no translation memory.")
    return entries


_LANGS: dict[str, str] = {}  # language tags as found → normalised


def _read_tu(tu: _Elem, name: str) -> TMEntry:
    """Turn a <tu> element into a TMEntry."""
    variants: dict[str, str] = {}
    note: str | None = None
    for child in tu:
        tag = child.tag
        if tag == "note":
            note = note or (nfc(child.text) if child.text else None)
            continue
        if tag != "tuv":
            continue
        lang = child.get(_LANG) or child.get("lang")
        seg = next((part for part in child if part.tag == "seg"), None)
        if not lang or seg is None:
            missing = "a language" if not lang else "a <seg>"
            raise FormatError(f"{name} line {child.sourceline}: a <tuv> has no {missing}.")
        text = inline_text(seg, _CODES)
        if text:
            code = _LANGS.get(lang)
            if code is None:
                code = _LANGS.setdefault(lang, normalize_lang(lang))
            variants[code] = text
    created = tu.get("creationdate")
    return TMEntry(
        variants=variants,
        created_by=tu.get("creationid") or None,
        created_at=_date(created) if created else None,
        note=note,
    )


def _date(value: str | None) -> datetime | None:
    """Parse a TMX date (``YYYYMMDDThhmmssZ``); None when absent or malformed."""
    if not value:
        return None
    try:
        return datetime.strptime(value, _DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def validate(data: bytes, *, name: str) -> list[Problem]:
    """Check the basic structure of a TMX file.

    Checks the root element and version, a header with every required
    attribute, a body, at least one ``<tuv>`` per ``<tu>``, and a language
    and a ``<seg>`` on each ``<tuv>``.

    Args:
        data: The raw bytes of the file.
        name: The file name used in messages about unreadable files.

    Returns:
        The problems in document order; empty when the file is valid.
    """
    return check_xml(data, name=name, max_size=MAX_EXCHANGE_SIZE, rules=_check_tmx)


def _check_tmx(root: _Elem, report: Report) -> None:
    """The structure `validate` checks, each problem reported at its element."""
    if root.tag != "tmx":
        report(root, f"The root element is <{etree.QName(root).localname}>, not <tmx>.")
        return
    if root.get("version") not in ("1.1", "1.2", "1.3", "1.4"):
        report(root, f'The TMX version "{root.get("version", "")}" is not 1.1 to 1.4.')
    header = root.find("header")
    if header is None:
        report(root, "The file has no <header>.")
    else:
        for attribute in _HEADER_ATTRS:
            if not header.get(attribute):
                report(header, f"The <header> has no {attribute} attribute.")
    if root.find("body") is None:
        report(root, "The file has no <body>.")
    for tu in root.iter("tu"):
        tuvs = list(tu.iterchildren("tuv"))
        if not tuvs:
            report(tu, "A <tu> needs at least one <tuv>.")
        for tuv in tuvs:
            lang = tuv.get(_LANG) or tuv.get("lang")
            if not lang:
                report(tuv, "A <tuv> needs an xml:lang attribute.")
            elif not _LANG_TAG.fullmatch(lang):
                report(tuv, f'"{lang}" is not a valid language tag.')
            if tuv.find("seg") is None:
                report(tuv, "A <tuv> needs a <seg>.")
