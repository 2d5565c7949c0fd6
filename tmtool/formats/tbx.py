"""TBX glossaries: TBX-Basic (ISO 30042:2019) and legacy TBX v2 ``martif`` files.

Reading accepts ``tbx/text/body/conceptEntry/langSec/termSec`` in any namespace
starting with ``urn:iso:std:iso:30042`` (DCT style too) and TBX v2
``martif/text/body/termEntry/langSet/tig|ntig``, keeping every language.
Writing produces DCA-style TBX-Basic, valid against the TBX core RelaxNG
schema and the TBX-Basic Schematron rules, which `validate` checks in code.

``status`` is ``termNote type="administrativeStatus"`` (TBX v2 also
``normativeAuthorization``; superseded reads as deprecated, none as
preferred).  TBX-Basic has no case-sensitivity category and forbids new ones,
so a case-sensitive term carries a term-level ``<note>case-sensitive</note>``,
removed on reading.  Term and concept notes are ``<note>``s, one per line
(definitions read as concept notes).  ``key`` is ``conceptEntry/@id``, written
with `to_xml_id` (``"zh:齐齐哈尔"`` → ``"zh_x003A_齐齐哈尔"``) and decoded on
reading.  A part of speech outside the TBX-Basic picklist is written ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from tmtool.formats.base import (
    FormatError,
    Problem,
    Report,
    check_xml,
    element_text,
    from_xml_id,
    parse_xml,
    to_xml_id,
)
from tmtool.formats.termbase import (
    MAX_GLOSSARY_SIZE,
    ConceptEntry,
    Termbase,
    TermEntry,
    TermStatus,
    derived_key,
    normalize_lang,
    parse_status,
)

__all__ = ["CASE_SENSITIVE_NOTE", "TBX_NAMESPACE", "Problem", "read", "validate", "write"]

#: Namespace of TBX (ISO 30042:2019) files tmtool writes.
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
#: Term-level note marking a case-sensitive term.
CASE_SENSITIVE_NOTE = "case-sensitive"

_NS_PREFIX = "urn:iso:std:iso:30042"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CASE_MARKERS = frozenset({"case-sensitive", "case sensitive", "casesensitive"})


# Root element to the names of the header, concept, language and term elements.
_DIALECTS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "tbx": ("tbxHeader", "conceptEntry", "langSec", ("termSec",)),
    "martif": ("martifHeader", "termEntry", "langSet", ("tig", "ntig")),
}
_Elem = etree._Element
_STATUS_NOTES = frozenset({"administrativeStatus", "normativeAuthorization"})
_WRITTEN_STATUS = {status: f"{status.value}Term-admn-sts" for status in TermStatus}
_PICKLISTS: dict[str, tuple[str, ...]] = {
    "administrativeStatus": (*_WRITTEN_STATUS.values(), "supersededTerm-admn-sts"),
    "partOfSpeech": ("adjective", "adverb", "noun", "other", "verb"),
    "grammaticalGender": ("masculine", "feminine", "neuter", "other"),
    "termType": ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"),
}
_TYPES: dict[str, tuple[str, ...]] = {
    "termNote": (*_PICKLISTS, "geographicalUsage", "termLocation"),
    "descrip": ("subjectField", "definition", "context"),
    "admin": ("customerSubset", "projectSubset", "source"),
    "ref": ("crossReference",),
    "transac": ("transactionType",),
    "transacNote": ("responsibility",),
    "xref": ("externalCrossReference", "xGraphic"),
}
_LEVELS: dict[str, tuple[str, ...]] = {"subjectField": ("conceptEntry",), "context": ("termSec",)}
_LEVELS["definition"] = ("conceptEntry", "langSec")
_ELEMENT_NAMES = (
    "tbx tbxHeader fileDesc titleStmt title publicationStmt sourceDesc encodingDesc "
    "revisionDesc change p text body back refObjectSec refObject itemSet itemGrp item "
    "conceptEntry langSec termSec term termNote termNoteGrp descrip descripGrp descripNote "
    "admin adminGrp adminNote note ref xref transac transacGrp transacNote date hi foreign "
    "ec sc ph"
)
_ELEMENTS = frozenset(_ELEMENT_NAMES.split())
_LANG_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
_ID = re.compile(r"[^\W\d][\w.\-·]*")


def read(data: bytes, *, name: str) -> Termbase:
    """Read a TBX glossary: TBX-Basic 2019 or a legacy TBX v2 ``martif`` file.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The termbase: title, source language (``xml:lang`` of the root) and
        concepts in file order.  Concepts without an id get a key made by
        `derived_key`; terms with no text and concepts without terms are skipped.

    Raises:
        FormatError: The file is unsafe or malformed XML, not TBX, or lacks a
            required part, or has an unknown status or a repeated concept id.
    """
    root = parse_xml(data, name=name, max_size=MAX_GLOSSARY_SIZE)
    ns, local = etree.QName(root).namespace or "", _local(root)
    if local not in _DIALECTS or (local == "tbx" and ns and not ns.startswith(_NS_PREFIX)):
        raise FormatError(f"{name} is not a TBX file; its root element is <{local}>.")
    header, concept_tag, lang_tag, term_tags = _DIALECTS[local]
    if _path(root, ns, "text") is None:
        raise FormatError(f"{name} has no <text> element, so it holds no glossary.")
    title_el = _path(root, ns, header, "fileDesc", "titleStmt", "title")
    title = element_text(title_el) if title_el is not None else ""
    source_lang = normalize_lang(root.get(_XML_LANG) or "zh")
    concepts: dict[str, ConceptEntry] = {}
    body = _path(root, ns, "text", "body")
    for entry in _children(body, ns, concept_tag) if body is not None else []:
        concept = _read_concept(entry, (lang_tag, term_tags), ns, name, source_lang)
        if concept is not None and concept.key in concepts:
            raise FormatError(
                f"{name} line {entry.sourceline}: the concept id {concept.key} is used "
                "twice; concept ids must be unique."
            )
        if concept is not None:
            concepts[concept.key] = concept
    return Termbase(tuple(concepts.values()), title=title or None, source_lang=source_lang)


def write(termbase: Termbase) -> bytes:
    """Write a termbase as a TBX-Basic (ISO 30042:2019, DCA style) file.

    The output is indented UTF-8, the same for the same termbase; each
    concept has one ``langSec`` per language, in order of first use.

    Args:
        termbase: The glossary to write.

    Returns:
        The file's bytes.

    Raises:
        FormatError: A concept has no key or no terms, two concepts share a
            key, or a language tag is not valid.
    """

    def add(parent: _Elem, tag: str, text: str | None = None, **at: str) -> _Elem:
        element = etree.SubElement(parent, f"{{{TBX_NAMESPACE}}}{tag}", at)
        element.text = text
        return element

    root = etree.Element(f"{{{TBX_NAMESPACE}}}tbx", nsmap={None: TBX_NAMESPACE})
    for attribute, value in (("style", "dca"), ("type", "TBX-Basic")):
        root.set(attribute, value)
    root.set(_XML_LANG, _checked_lang(termbase.source_lang))
    file_desc = add(add(root, "tbxHeader"), "fileDesc")
    if termbase.title:
        add(add(file_desc, "titleStmt"), "title", termbase.title)
    add(add(file_desc, "sourceDesc"), "p", "Written by tmtool.")
    text = add(root, "text")
    body = add(text, "body")
    seen: set[str] = set()
    for concept in termbase.concepts:
        if not concept.key or concept.key in seen or not concept.terms:
            problem = "a key used twice" if concept.key in seen else "no terms"
            raise FormatError(
                f'The concept "{concept.key}" has {problem if concept.key else "no key"}.'
            )
        seen.add(concept.key)
        entry = add(body, "conceptEntry", id=to_xml_id(concept.key))
        if concept.subject:
            add(entry, "descrip", concept.subject, type="subjectField")
        for line in _lines(concept.note):
            add(entry, "note", line)
        lang_secs: dict[str, _Elem] = {}
        for term in concept.terms:
            lang = _checked_lang(term.lang)
            if lang not in lang_secs:
                lang_secs[lang] = add(entry, "langSec", **{_XML_LANG: lang})
            term_sec = add(lang_secs[lang], "termSec")
            add(term_sec, "term", term.text)
            if pos := term.part_of_speech:
                pos = pos if pos in _PICKLISTS["partOfSpeech"] else "other"
                add(term_sec, "termNote", pos, type="partOfSpeech")
            add(term_sec, "termNote", _WRITTEN_STATUS[term.status], type="administrativeStatus")
            if term.case_sensitive:
                add(term_sec, "note", CASE_SENSITIVE_NOTE)
            for line in _lines(term.note):
                add(term_sec, "note", line)
    if not termbase.concepts:
        text.remove(body)  # a body needs at least one conceptEntry
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate(data: bytes, *, name: str) -> list[Problem]:
    """Check a file against the TBX-Basic (2019, DCA style) rules.

    Checks the root element, namespace, attributes and header, unique
    concept ids, ``xml:lang`` on language sections, one non-empty term per
    term section, term notes only in term sections, and the TBX-Basic data
    categories, their levels and picklist values.

    Args:
        data: The raw bytes of the file.
        name: The file name used in messages about unreadable files.

    Returns:
        The problems in document order; an empty list means the file is valid.
    """
    return check_xml(data, name=name, max_size=MAX_GLOSSARY_SIZE, rules=_check_tbx)


def _check_tbx(root: _Elem, report: Report) -> None:
    """The TBX-Basic rules `validate` checks, each problem reported at its element."""
    ns = etree.QName(root).namespace or ""
    if _local(root) != "tbx":
        report(root, f"The root element is <{_local(root)}>; TBX-Basic files start with <tbx>.")
        return
    header = _path(root, ns, "tbxHeader", "fileDesc", "sourceDesc", "p")
    checks = {
        f"The namespace is not {TBX_NAMESPACE}.": ns == TBX_NAMESPACE,
        '<tbx> needs type="TBX-Basic".': root.get("type") == "TBX-Basic",
        '<tbx> needs style="dca".': root.get("style") == "dca",
        "<tbx> needs a valid xml:lang.": bool(_LANG_TAG.fullmatch(root.get(_XML_LANG) or "")),
        "<tbx> needs tbxHeader/fileDesc/sourceDesc with a <p>.": header is not None,
        "<tbx> has no <text> element.": _path(root, ns, "text") is not None,
    }
    for check, ok in checks.items():
        if not ok:
            report(root, check)
    ids: dict[str, int] = {}
    for element in root.iter(etree.Element):
        local, parent_local = _local(element), _local(element.getparent())
        if (etree.QName(element).namespace or "") != ns:
            report(element, f"<{local}> is a DCT-style element, not allowed in DCA-style TBX.")
            continue
        if local not in _ELEMENTS:
            report(element, f"<{local}> is not a TBX element.")
        if local in _TYPES and (problem := _type_problem(element, local, parent_local)):
            report(element, problem)
        if local == "conceptEntry":
            concept_id = element.get("id", "")
            if not _ID.fullmatch(concept_id):
                report(
                    element, f'A conceptEntry needs an id that is an XML name, not "{concept_id}".'
                )
            elif concept_id in ids:
                report(element, f"The id {concept_id} is also used on line {ids[concept_id]}.")
            ids.setdefault(concept_id, element.sourceline or 0)
            if not _children(element, ns, "langSec"):
                report(element, "A conceptEntry needs at least one langSec.")
        elif local == "langSec":
            if not _LANG_TAG.fullmatch(element.get(_XML_LANG) or ""):
                report(element, "A langSec needs an xml:lang attribute with a valid language tag.")
            if not _children(element, ns, "termSec"):
                report(element, "A langSec needs at least one termSec.")
        elif local == "termSec" and len(_children(element, ns, "term")) != 1:
            report(element, "A termSec needs exactly one term.")
        elif local == "term" and not element_text(element):
            report(element, "A term is empty.")


def _read_concept(
    entry: _Elem, tags: tuple[str, tuple[str, ...]], ns: str, name: str, source_lang: str
) -> ConceptEntry | None:
    """Read one conceptEntry or termEntry; None when it has no terms."""
    subject: str | None = None
    notes: list[str] = []
    terms: list[TermEntry] = []
    lang_els = _children(entry, ns, tags[0])
    for kind, category, element in (item for el in (entry, *lang_els) for item in _items(el, ns)):
        if category == "subjectField" and subject is None:
            subject = element_text(element) or None
        elif kind == "note" or category == "definition":
            notes.append(element_text(element))
    for lang_el in lang_els:
        raw_lang = lang_el.get(_XML_LANG, "")
        if not raw_lang.strip():
            raise FormatError(
                f"{name} line {lang_el.sourceline}: a <{tags[0]}> has no xml:lang, "
                "so the language of its terms is unknown."
            )
        for term_el in _children(lang_el, ns, *tags[1]):
            term = _read_term(term_el, normalize_lang(raw_lang), ns, name)
            if term is not None:
                terms.append(term)
    if not terms:
        return None
    raw_id = (entry.get("id") or "").strip()
    key = from_xml_id(raw_id) if raw_id else derived_key(terms, source_lang) or ""
    return ConceptEntry(key, tuple(terms), subject, "\n".join(n for n in notes if n) or None)


def _read_term(term_sec: _Elem, lang: str, ns: str, name: str) -> TermEntry | None:
    """Read a termSec, tig or ntig; None when its term is empty."""
    parts = [*_children(term_sec, ns, "termGrp"), term_sec]
    term_el = next((t for part in parts for t in _children(part, ns, "term")), None)
    if term_el is None:
        raise FormatError(
            f"{name} line {term_sec.sourceline}: a <{_local(term_sec)}> has no <term>."
        )
    text = element_text(term_el)
    if not text:
        return None
    status, pos, case_sensitive, notes = TermStatus.PREFERRED, None, False, []
    for part in parts:
        for kind, category, element in _items(part, ns):
            value = element_text(element)
            if category in _STATUS_NOTES and value:
                found = parse_status(value)
                if found is None:
                    raise FormatError(
                        f'{name} line {element.sourceline}: "{value}" is not a term status tmtool '
                        "knows; use preferredTerm-admn-sts, admittedTerm-admn-sts or "
                        "deprecatedTerm-admn-sts."
                    )
                status = found
            elif category == "partOfSpeech" and value:
                pos = value.lower() if value.lower() in _PICKLISTS["partOfSpeech"] else value
            elif kind == "note" and value.lower() in _CASE_MARKERS:
                case_sensitive = True
            elif (kind == "note" or category == "definition") and value:
                notes.append(value)
    return TermEntry(lang, text, status, pos, case_sensitive, "\n".join(notes) or None)


def _items(parent: _Elem, ns: str) -> Iterator[tuple[str, str, _Elem]]:
    """Yield (kind, category, element) for one level, unwrapping groups and DCT elements."""
    for child in parent.iterchildren(etree.Element):
        qname = etree.QName(child)
        if qname.namespace != (ns or None):
            yield "dct", qname.localname, child
        elif qname.localname.endswith("Grp"):
            inner = _path(child, ns, qname.localname.removesuffix("Grp"))
            if inner is not None:
                yield _local(inner), inner.get("type", ""), inner
        else:
            yield qname.localname, child.get("type", ""), child


def _children(parent: _Elem, ns: str, *locals_: str) -> list[_Elem]:
    """Return the child elements of parent with one of the local names, in ns."""
    tags = {f"{{{ns}}}{local}" if ns else local for local in locals_}
    return [child for child in parent.iterchildren(etree.Element) if child.tag in tags]


def _path(root: _Elem, ns: str, *locals_: str) -> _Elem | None:
    """Follow first children down a path of local names."""
    element: _Elem | None = root
    for local in locals_:
        found = _children(element, ns, local) if element is not None else []
        element = found[0] if found else None
    return element


def _local(element: _Elem | None) -> str:
    """Return an element's local name, or ``""`` for None."""
    return etree.QName(element).localname if element is not None else ""


def _lines(note: str | None) -> list[str]:
    """Split a note into its non-empty lines, each with whitespace collapsed."""
    return [" ".join(line.split()) for line in (note or "").split("\n") if line.strip()]


def _type_problem(element: _Elem, local: str, parent: str) -> str | None:
    """Describe a data category not allowed in TBX-Basic, at its level or value."""
    category, value = element.get("type", ""), element_text(element)
    parent_el = element.getparent()
    where = _local(parent_el.getparent()) if parent_el is not None and "Grp" in parent else parent
    if local == "termNote" and where != "termSec":
        return f"A termNote is only allowed in a termSec, not in a {where}."
    if category not in _TYPES[local]:
        return f'<{local} type="{category}"> is not in TBX-Basic; use {", ".join(_TYPES[local])}.'
    if category in _LEVELS and where not in _LEVELS[category]:
        return f"{category} is not allowed in a {where}."
    if category in _PICKLISTS and value not in _PICKLISTS[category]:
        return f'"{value}" is not a valid {category}; use {", ".join(_PICKLISTS[category])}.'
    return None


def _checked_lang(lang: str) -> str:
    """Tidy a language tag for writing, refusing one that is not valid."""
    tag = normalize_lang(lang)
    if not _LANG_TAG.fullmatch(tag):
        raise FormatError(f'"{lang}" is not a valid language tag such as zh, en or ru.')
    return tag
