"""Plain data exchanged with other translation tools, and streaming XML reading.

`ExchangeFile` and `ExchangeUnit` are what `tmtool.formats.po` and
`tmtool.formats.xliff` read and write (one target language per file);
`TMEntry` is what `tmtool.formats.tmx` reads and writes (any number of
languages per entry).  `UnitState` has the same names as the segment states
of the database model, which this package does not import.

`iter_xml` is the streaming counterpart of `tmtool.formats.base.parse_xml`:
the same refusals (entities, oversized or empty files), the same parser
settings, but elements arrive one at a time so big files need little memory.
"""

from __future__ import annotations

import functools
import gc
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Literal, ParamSpec, TypeVar

from lxml import etree

from tmtool.formats.base import FormatError, XmlError

__all__ = [
    "MAX_EXCHANGE_SIZE",
    "ExchangeFile",
    "ExchangeUnit",
    "Qualifier",
    "TMEntry",
    "UnitState",
    "checked_lang",
    "free",
    "inline_text",
    "iter_xml",
    "nfc",
    "qualifier",
    "unique_keys",
    "xml_attr",
    "xml_chars_ok",
    "xml_safe",
    "xml_text",
]

#: Turns a local name into a qualified (Clark notation) element name.
Qualifier = Callable[[str], str]
_LANG_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")

#: Largest exchange file (PO, XLIFF, TMX) tmtool reads, in bytes.
MAX_EXCHANGE_SIZE = 200 * 1024 * 1024


class UnitState(StrEnum):
    """The state of one translation; the names of ``tmtool.models.State``."""

    EMPTY = "EMPTY"
    DRAFT = "DRAFT"
    NEEDS_WORK = "NEEDS_WORK"
    TRANSLATED = "TRANSLATED"
    APPROVED = "APPROVED"
    FINAL = "FINAL"


@dataclass(frozen=True)
class ExchangeUnit:
    """One segment with its translation into the file's target language.

    Attributes:
        key: Stable identifier: ``"SLUG/POSITION"`` in files tmtool wrote,
            the other tool's own id otherwise.
        source: The source (Chinese) text.
        target: The translation; ``""`` when there is none.
        state: The state of the translation.
        paragraph: The paragraph number of the segment, when known.
        notes: Notes and comments, one string each.
        terms: Glossary hints as ``(source term, target term)`` pairs.
    """

    key: str
    source: str
    target: str
    state: UnitState
    paragraph: int | None = None
    notes: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExchangeFile:
    """A bilingual file: one article (or another tool's file) in one target language.

    Attributes:
        source_lang: BCP-47 tag of the source language (``"zh"``).
        target_lang: BCP-47 tag of the target language (``"en"`` or ``"ru"``).
        units: The units in file order.
        article: The article slug when tmtool wrote the file.
        title: The article title, when the file carries one.
        tool: The program that wrote the file (``"tmtool"`` for ours).
    """

    source_lang: str
    target_lang: str
    units: tuple[ExchangeUnit, ...]
    article: str | None = None
    title: str | None = None
    tool: str | None = None


@dataclass(frozen=True)
class TMEntry:
    """One translation memory entry in several languages.

    Attributes:
        variants: Language tag to text, e.g. ``{"zh": …, "en": …, "ru": …}``.
        created_by: Who created the entry.
        created_at: When it was created (UTC when the file says so).
        note: A free-text note.
    """

    variants: dict[str, str]
    created_by: str | None = None
    created_at: datetime | None = None
    note: str | None = None


_P = ParamSpec("_P")
_R = TypeVar("_R")


def gc_paused(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `fn` with Python's cycle collector paused.

    Reading or writing 100,000 units makes a few hundred thousand small objects without
    cycles; each time the collector runs it walks all of them again, which doubled the
    time of a large PO read. Reference counting still frees everything at once.
    """

    @functools.wraps(fn)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars_ok(value: str) -> bool:
    """Whether every character of `value` may appear in an XML 1.0 document."""
    return _NOT_XML.search(value) is None


def xml_safe(unit: ExchangeUnit) -> bool:
    """Whether every text of `unit` may appear in an XML 1.0 document."""
    terms = "".join(term for pair in unit.terms for term in pair)
    return xml_chars_ok("".join((unit.key, unit.source, unit.target, *unit.notes, terms)))


def xml_text(value: str) -> str:
    """`value` escaped as XML character data (a carriage return kept as a reference)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def xml_attr(value: str) -> str:
    """`value` escaped for a double-quoted XML attribute."""
    value = xml_text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    for char, ref in (("\n", "&#10;"), ("\t", "&#9;")):
        if char in value:
            value = value.replace(char, ref)
    return value


def nfc(text: str) -> str:
    """Return text in Unicode normalisation form C."""
    return unicodedata.normalize("NFC", text)


def iter_xml(
    data: bytes,
    *,
    name: str,
    tags: Sequence[str] | None = None,
    events: tuple[Literal["start", "end"], ...] = ("start", "end"),
) -> Iterator[tuple[str, etree._Element]]:
    """Parse an XML file safely, element by element.

    Refuses what `tmtool.formats.base.parse_xml` refuses: oversized or empty
    files and files declaring entities (billion laughs, external entities);
    no DTD and nothing from the network is ever loaded.  The caller may clear
    elements it has finished with to keep memory flat.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.
        tags: Only report these elements (``"{*}unit"`` matches any namespace); the others
            are still parsed into the tree, so a reported element has all its children.
        events: Which events to report; ``("end",)`` halves the work of a reader that
            needs each element only once it is complete.

    Yields:
        ``("start" | "end", element)`` pairs in document order.

    Raises:
        XmlError: The file is too large, empty, declares entities or is not
            well-formed XML; raised before or while yielding.
    """
    if len(data) > MAX_EXCHANGE_SIZE:
        limit = f"{MAX_EXCHANGE_SIZE // (1024 * 1024)} MB"
        raise XmlError(
            f"{name} is larger than the {limit} tmtool reads.",
            line=0,
            reason=f"The file is larger than the {limit} tmtool reads.",
        )
    if not data.strip():
        raise XmlError(f"{name} is empty.", line=0, reason="The file is empty.")
    probe = data.replace(b"\x00", b"")
    position = probe.find(b"<!ENTITY")
    if position >= 0:
        raise XmlError(
            f"{name} declares XML entities; tmtool does not read them.",
            line=probe[:position].count(b"\n") + 1,
            reason="The file declares XML entities, which tmtool does not read.",
        )
    parser = etree.iterparse(
        io.BytesIO(data),
        events=events,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        tag=tags,
    )
    try:
        yield from parser
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        message = (error.msg or "syntax error").split(", line ")[0].rstrip(".")
        raise XmlError(
            f"{name} is not well-formed XML: {message} (line {line}).",
            line=line,
            reason=f"Not well-formed XML: {message}.",
        ) from None


def inline_text(element: etree._Element | None, codes: frozenset[str]) -> str:
    """Return the text of an XML element holding translatable text with inline tags.

    Args:
        element: A ``<source>``, ``<target>`` or ``<seg>``; None gives ``""``.
        codes: Local names of inline elements whose content is native code
            (``ph``, ``bpt``, …), left out; other children (``mrk``, ``g``,
            ``pc``, ``hi``) count with their text.  An XLIFF 2 ``<cp hex>``
            gives its character.

    Returns:
        The text, NFC, whitespace kept as in the file.
    """
    if element is None:
        return ""
    if not len(element):
        return nfc(element.text or "")
    parts = [element.text or ""]
    for child in element.iterchildren(etree.Element):
        local = etree.QName(child).localname
        if local == "cp":
            hex_code = child.get("hex", "")
            parts.append(
                chr(int(hex_code, 16)) if re.fullmatch("[0-9A-Fa-f]{1,6}", hex_code) else ""
            )
        elif local not in codes:
            parts.append(inline_text(child, codes))
        parts.append(child.tail or "")
    return nfc("".join(parts))


def free(element: etree._Element) -> None:
    """Drop a finished element from the tree being parsed, to keep memory flat."""
    parent = element.getparent()
    element.clear(keep_tail=True)
    if parent is not None:
        parent.remove(element)


def checked_lang(lang: str) -> str:
    """Return a language tag for writing, refusing one that is not valid.

    Args:
        lang: A BCP-47 language tag such as ``"zh"`` or ``"en-GB"``.

    Returns:
        The tag, unchanged.

    Raises:
        FormatError: The tag is not a well-formed BCP-47 tag.
    """
    if not _LANG_TAG.fullmatch(lang):
        raise FormatError(f'"{lang}" is not a valid language tag such as zh, en or ru.')
    return lang


def qualifier(root: etree._Element) -> Qualifier:
    """Return the function naming elements in the namespace of an element.

    Args:
        root: The element, usually the root, whose namespace (if any) is used.

    Returns:
        A function turning ``"unit"`` into ``"{urn:…}unit"`` (or ``"unit"``).
    """
    ns = etree.QName(root).namespace
    return (lambda local: f"{{{ns}}}{local}") if ns else (lambda local: local)


def unique_keys(
    units: list[ExchangeUnit], files: list[tuple[str, int]], name: str
) -> tuple[ExchangeUnit, ...]:
    """Check that unit keys are unique, prefixing them when there are several files.

    Args:
        units: The units in document order.
        files: For each file element, its name (``original`` or ``id``) and
            the number of units read before its end.
        name: The file name used in error messages.

    Returns:
        The units; keys become ``"FILE#KEY"`` when there is more than one file.

    Raises:
        FormatError: Two units of one file share a key.
    """
    if len(files) > 1:
        bounds = [0, *(end for _name, end in files)]
        units = [
            replace(unit, key=f"{file_name}#{unit.key}")
            for (file_name, _end), start, end in zip(files, bounds, bounds[1:], strict=False)
            for unit in units[start:end]
        ]
    if len({unit.key for unit in units}) < len(units):
        raise FormatError(f"{name} uses a unit id twice in one file; ids must be unique.")
    return tuple(units)
