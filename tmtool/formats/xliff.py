"""XLIFF: 2.1 written, 2.0/2.1 and 1.2 read, processing rules validated.

Writing streams (``lxml.etree.xmlfile``) one ``<file id="f1" original="SLUG">``
with one ``<unit>`` per segment, its id the key through `to_xml_id`
(``"survey/12"`` → ``"survey_x002F_12"``).  States map as in DESIGN.md:
EMPTY ``initial`` without a target, DRAFT/NEEDS_WORK ``initial`` with
``subState`` ``tmtool:draft``/``tmtool:needs-work``, TRANSLATED
``translated``, APPROVED ``reviewed``, FINAL ``final``.  Notes are
``<notes><note>``, glossary hints Glossary-module ``gls:glossEntry``s.  Each
run of units of one paragraph is a ``<group id="p3" type="tmtool:paragraph">``
(a second run of paragraph 3 gets ``p3-2``); title and producer are
Metadata-module entries (``mda:meta`` in ``mda:metaGroup category="tmtool"``).

Reading streams with ``iterparse``.  An XLIFF 2 unit's segments and
ignorables are joined; ``initial`` with a target and no tmtool subState is
DRAFT.  XLIFF 1.2 states: new/needs-translation → EMPTY (DRAFT with a
target), other needs-* → DRAFT, translated → TRANSLATED, signed-off or
``approved="yes"`` → APPROVED, final → FINAL; no state and a target →
TRANSLATED.  Inline codes (``ph``, ``bpt``, …) contribute no text.  With
several ``<file>``s, keys become ``"ORIGINAL#ID"``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, groupby

from lxml import etree

from tmtool.formats.base import (
    FormatError,
    from_xml_id,
    to_xml_id,
)
from tmtool.formats.exchange import (
    ExchangeFile,
    ExchangeUnit,
    Qualifier,
    UnitState,
    checked_lang,
    free,
    gc_paused,
    inline_text,
    iter_xml,
    nfc,
    qualifier,
    unique_keys,
    xml_attr,
    xml_chars_ok,
    xml_safe,
    xml_text,
)
from tmtool.formats.termbase import normalize_lang
from tmtool.formats.xliff_rules import XLIFF1, XLIFF2, validate

__all__ = ["GLS", "MDA", "XLIFF1", "XLIFF2", "read", "validate", "write"]

GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
_STATES: dict[UnitState, tuple[str, str | None]] = {
    UnitState.EMPTY: ("initial", None),
    UnitState.DRAFT: ("initial", "tmtool:draft"),
    UnitState.NEEDS_WORK: ("initial", "tmtool:needs-work"),
    UnitState.TRANSLATED: ("translated", None),
    UnitState.APPROVED: ("reviewed", None),
    UnitState.FINAL: ("final", None),
}
_READ2 = {state: unit_state for unit_state, (state, _s) in _STATES.items() if state != "initial"}
_READ1 = {"translated": UnitState.TRANSLATED, "signed-off": UnitState.APPROVED}
_READ1["final"] = UnitState.FINAL
_ORDER = list(UnitState)
_PARAGRAPH = "tmtool:paragraph"
_PARAGRAPH_ID = re.compile(r"p(\d+)(?:-\d+)?")
_q2: Qualifier = ("{{" + XLIFF2 + "}}{}").format  # "unit" → "{urn:…:2.0}unit"
_UNIT, _GROUP, _SEGMENT, _SOURCE, _TARGET = map(
    _q2, ("unit", "group", "segment", "source", "target")
)
_MDA, _MDA_GROUP = f"{{{MDA}}}metadata", f"{{{MDA}}}metaGroup"
_GLOSSARY, _TERM, _GLOSSED = (f"{{{GLS}}}{local}" for local in ("glossary", "term", "translation"))
_SEGMENT_ATTRS = {
    unit_state: {"state": state, "subState": sub} if sub else {"state": state}
    for unit_state, (state, sub) in _STATES.items()
}
_CODES = frozenset({"ph", "bpt", "ept", "it", "sub"})
_Elem = etree._Element


@gc_paused
def write(f: ExchangeFile) -> bytes:
    """Write a bilingual file as XLIFF 2.1, valid against the OASIS schemas.

    Args:
        f: The file to write; unit keys must be unique and non-empty.

    Returns:
        The file's bytes (UTF-8).

    Raises:
        FormatError: A bad language tag, an empty or repeated key, or a control character.
    """
    for lang in (f.source_lang, f.target_lang):
        checked_lang(lang)
    ids = [to_xml_id(unit.key) for unit in f.units]
    if len(set(ids)) < len(ids) or "" in ids:
        key = next(u.key for u, i in zip(f.units, ids, strict=True) if not i or ids.count(i) > 1)
        raise FormatError(f'The unit key "{key}" is empty or used twice.')
    bad = next((u.key for u in f.units if not xml_safe(u)), None)
    if bad is not None:
        raise FormatError(f'The unit "{bad}" holds characters that XML files cannot carry.')
    if f.title is not None and not xml_chars_ok(f.title):
        raise FormatError("The title holds characters that XML files cannot carry.")
    original = f' original="{xml_attr(f.article)}"' if f.article else ""
    buffer = io.BytesIO()
    put = buffer.write
    put(
        (
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            f'<xliff xmlns="{XLIFF2}" xmlns:gls="{GLS}" xmlns:mda="{MDA}" version="2.1"'
            f' srcLang="{xml_attr(f.source_lang)}" trgLang="{xml_attr(f.target_lang)}">\n'
            f'<file id="f1" xml:space="preserve"{original}><mda:metadata>'
            '<mda:metaGroup category="tmtool">'
            + (f'<mda:meta type="title">{xml_text(f.title)}</mda:meta>' if f.title else "")
            + '<mda:meta type="tool">tmtool</mda:meta></mda:metaGroup></mda:metadata>\n'
        ).encode()
    )
    taken = set(ids)
    units = zip(f.units, ids, strict=True)
    for paragraph, run in groupby(units, key=lambda pair: pair[0].paragraph):
        if paragraph is not None:
            group_id, copy = f"p{paragraph}", 1
            while group_id in taken:
                group_id, copy = f"p{paragraph}-{copy + 1}", copy + 1
            taken.add(group_id)
            put(f'<group id="{group_id}" type="{_PARAGRAPH}">'.encode())
        for unit, unit_id in run:
            put((_unit_xml(unit, unit_id) + "\n").encode())
        if paragraph is not None:
            put(b"</group>\n")
    if not f.units:  # a <file> needs at least one unit or group
        put(b'<group id="empty"></group>\n')
    put(b"</file></xliff>\n")
    return buffer.getvalue()


_SEGMENT_OPEN = {
    state: "<segment " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + ">"
    for state, attrs in _SEGMENT_ATTRS.items()
}


def _unit_xml(unit: ExchangeUnit, unit_id: str) -> str:
    """One unit with its glossary, notes and segment, as XML text."""
    parts = [f'<unit id="{xml_attr(unit_id)}">']
    if unit.terms:
        parts.append("<gls:glossary>")
        for source_term, target_term in unit.terms:
            parts.append(
                f"<gls:glossEntry><gls:term>{xml_text(source_term)}</gls:term>"
                f"<gls:translation>{xml_text(target_term)}</gls:translation></gls:glossEntry>"
            )
        parts.append("</gls:glossary>")
    if unit.notes:
        parts.append("<notes>")
        parts.extend(f"<note>{xml_text(note)}</note>" for note in unit.notes)
        parts.append("</notes>")
    parts.append(_SEGMENT_OPEN[unit.state])
    parts.append(f"<source>{xml_text(unit.source)}</source>")
    if unit.state is not UnitState.EMPTY:
        parts.append(f"<target>{xml_text(unit.target)}</target>")
    parts.append("</segment></unit>")
    return "".join(parts)


#: The elements the readers look at; the rest arrive as their children.
_READ_TAGS = (
    "{*}xliff",
    "{*}file",
    "{*}group",
    "{*}unit",
    f"{{{MDA}}}metadata",
    "{*}trans-unit",
    "{*}tool",
)


@gc_paused
def read(data: bytes, *, name: str) -> ExchangeFile:
    """Read an XLIFF 2.0/2.1 or 1.2 file, tmtool's or another tool's.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The file; see the module description for the state mapping.

    Raises:
        FormatError: The file is unsafe or malformed XML, not XLIFF 1.2/2.x, or broken.
    """
    events = iter_xml(data, name=name, tags=_READ_TAGS, events=("end",))
    first = next(events, None)
    # Only end events come, but the root's start tag (and its attributes) is parsed by then.
    root = first[1].getroottree().getroot() if first else None
    if root is None or etree.QName(root).localname != "xliff":
        raise FormatError(f"{name} is not an XLIFF file; its root element is not <xliff>.")
    assert first is not None
    events = chain([first], events)
    ns = etree.QName(root).namespace or ""
    if ns == XLIFF2 or (not ns and root.get("version", "").startswith("2")):
        return _read2(root, events, name)
    if ns == XLIFF1 or (not ns and root.get("version", "").startswith("1")):
        return _read1(root, events, name)
    raise FormatError(f"{name} is XLIFF in a namespace tmtool does not read ({ns or 'none'}).")


def _read2(root: _Elem, events: Iterator[tuple[str, _Elem]], name: str) -> ExchangeFile:
    """Read the units of an XLIFF 2 file from the end events of its elements."""
    q = qualifier(root)
    unit_tag, file_tag, group_tag, meta_tag = q("unit"), q("file"), q("group"), _MDA
    tags = _Tags2.of(q)
    files: list[tuple[str, int]] = []  # (original or id, units before the file's end)
    meta: dict[str, str] = {}
    units: list[ExchangeUnit] = []
    paragraphs: dict[tuple[str, str], int | None] = {}  # (group id, type) → paragraph

    def paragraph_of(unit: _Elem) -> int | None:
        """The paragraph of tmtool's nearest enclosing paragraph group, if any."""
        parent = unit.getparent()
        while parent is not None and parent.tag == group_tag:
            key = (parent.get("id", ""), parent.get("type", ""))
            if key not in paragraphs:
                found = _PARAGRAPH_ID.fullmatch(key[0])
                paragraphs[key] = int(found.group(1)) if found and key[1] == _PARAGRAPH else None
            if paragraphs[key] is not None:
                return paragraphs[key]
            parent = parent.getparent()
        return None

    for _event, element in events:
        tag = element.tag
        if tag == unit_tag:
            units.append(_unit2(element, tags, name, paragraph_of(element)))
        elif tag == file_tag:
            files.append((element.get("original") or element.get("id") or "", len(units)))
        elif tag == meta_tag:
            meta.update(_tmtool_meta(element))
        elif tag != group_tag:
            continue
        free(element)
    tool = meta.get("tool")
    return ExchangeFile(
        source_lang=normalize_lang(root.get("srcLang", "") or "und"),
        target_lang=normalize_lang(root.get("trgLang", "") or "und"),
        units=unique_keys(units, files, name),
        article=files[0][0] if tool == "tmtool" and files else None,
        title=meta.get("title"),
        tool=tool,
    )


def _tmtool_meta(metadata: _Elem) -> dict[str, str]:
    """Return the type → value entries of tmtool's metadata group."""
    return {
        meta.get("type", ""): nfc(meta.text or "")
        for group in metadata.iterchildren(_MDA_GROUP)
        if group.get("category") == "tmtool"
        for meta in group.iterchildren(f"{{{MDA}}}meta")
    }


@dataclass(frozen=True)
class _Tags2:
    """The qualified names `_unit2` compares with, made once per file."""

    segment: str
    ignorable: str
    source: str
    target: str
    notes: str
    note: str

    @classmethod
    def of(cls, q: Qualifier) -> _Tags2:
        return cls(
            *(q(local) for local in ("segment", "ignorable", "source", "target", "notes", "note"))
        )


_RANK = {state: rank for rank, state in enumerate(_ORDER)}


def _unit2(unit: _Elem, tags: _Tags2, name: str, paragraph: int | None) -> ExchangeUnit:
    """Turn an XLIFF 2 <unit> element into an ExchangeUnit, in one pass over its children."""
    sources, targets, states, has_target = [], [], [], False
    notes: list[str] = []
    terms: list[tuple[str, str]] = []
    for child in unit:  # comments and processing instructions are not parsed
        tag = child.tag
        if tag == tags.segment or tag == tags.ignorable:
            source = target = None
            for inner in child:
                if inner.tag == tags.source:
                    source = inner
                elif inner.tag == tags.target:
                    target = inner
            if source is None:
                raise FormatError(f"{name} line {child.sourceline}: a segment has no <source>.")
            sources.append(inline_text(source, _CODES))
            targets.append(inline_text(target, _CODES))
            has_target = has_target or target is not None
            if tag == tags.segment:
                states.append(_state2(child, bool(targets[-1])))
        elif tag == tags.notes:
            notes.extend(nfc(note.text or "") for note in child.iterchildren(tags.note))
        elif tag == _GLOSSARY:
            terms.extend(
                (inline_text(entry.find(_TERM), _CODES), inline_text(entry.find(_GLOSSED), _CODES))
                for entry in child.iterchildren(f"{{{GLS}}}glossEntry")
            )
    return ExchangeUnit(
        key=from_xml_id(unit.get("id", "")),
        source=sources[0] if len(sources) == 1 else "".join(sources),
        target=("".join(targets) if len(targets) != 1 else targets[0]) if has_target else "",
        state=(states[0] if len(states) == 1 else min(states, key=_RANK.__getitem__))
        if states
        else UnitState.EMPTY,
        paragraph=paragraph,
        notes=tuple(notes),
        terms=tuple(terms),
    )


def _state2(segment: _Elem, has_text: bool) -> UnitState:
    """Map an XLIFF 2 segment's state and subState to a UnitState."""
    state, sub = segment.get("state", "initial"), segment.get("subState")
    if state in _READ2:
        return _READ2[state]
    if sub == "tmtool:needs-work":
        return UnitState.NEEDS_WORK
    return UnitState.DRAFT if sub == "tmtool:draft" or has_text else UnitState.EMPTY


def _read1(root: _Elem, events: Iterator[tuple[str, _Elem]], name: str) -> ExchangeFile:
    """Read the trans-units of an XLIFF 1.2 file from the end events of its elements."""
    q = qualifier(root)
    units: list[ExchangeUnit] = []
    files: list[tuple[str, int]] = []
    langs, tool, header_tool = ("und", "und"), None, None
    file_tag, tool_tag, unit_tag = q("file"), q("tool"), q("trans-unit")
    for _event, element in events:
        tag = element.tag
        if tag == unit_tag:
            units.append(_unit1(element, q, name))
            free(element)
        elif tag == tool_tag:
            header_tool = header_tool or element.get("tool-name") or element.get("tool-id")
        elif tag == file_tag:
            if not files:
                langs = (element.get("source-language", ""), element.get("target-language", ""))
                tool = element.get("tool-id") or element.get("tool") or header_tool
            files.append((element.get("original") or str(len(files) + 1), len(units)))
    if not files:
        raise FormatError(f"{name} has no <file> element, so it holds no translations.")
    return ExchangeFile(
        source_lang=normalize_lang(langs[0] or "und"),
        target_lang=normalize_lang(langs[1] or "und"),
        units=unique_keys(units, files, name),
        tool=tool,
    )


def _unit1(unit: _Elem, q: Qualifier, name: str) -> ExchangeUnit:
    """Turn an XLIFF 1.2 <trans-unit> into an ExchangeUnit."""
    source = unit.find(q("source"))
    if source is None:
        raise FormatError(f"{name} line {unit.sourceline}: a <trans-unit> has no <source>.")
    target_el = unit.find(q("target"))
    target = inline_text(target_el, _CODES)
    raw = target_el.get("state", "") if target_el is not None else ""
    if raw in _READ1:
        state = _READ1[raw]
    elif raw.startswith("needs-") and raw != "needs-translation":
        state = UnitState.DRAFT
    elif raw in ("new", "needs-translation"):
        state = UnitState.DRAFT if target else UnitState.EMPTY
    else:
        state = UnitState.TRANSLATED if target else UnitState.EMPTY
    if unit.get("approved") == "yes" and target and state is not UnitState.FINAL:
        state = UnitState.APPROVED
    notes = tuple(nfc(n.text or "") for n in unit.iterchildren(q("note")))
    return ExchangeUnit(unit.get("id", ""), inline_text(source, _CODES), target, state, notes=notes)
