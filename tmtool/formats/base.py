"""Shared types and helpers of the formats package."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from tmtool.errors import TmtoolError


class FormatError(TmtoolError):
    """A file cannot be read or written; the message names the file.

    Example message: ``"draft.txt is empty."``
    """


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, as reported by a validator.

    Attributes:
        line: The 1-based line the problem is on; 0 when it concerns the
            whole file rather than one place in it.
        message: One sentence saying what is wrong, without the file name.
    """

    line: int
    message: str


class XmlError(FormatError):
    """An XML file that is unsafe to read or not well-formed.

    Attributes:
        line: The line of the problem, or 0 for the whole file.
        reason: The problem as one sentence without the file name, for
            validators' `Problem` lists.
    """

    def __init__(self, message: str, *, line: int, reason: str) -> None:
        super().__init__(message)
        self.line = line
        self.reason = reason


def parse_xml(data: bytes, *, name: str, max_size: int) -> etree._Element:
    """Parse an XML file safely.

    Entities are never expanded nor loaded, no DTD and nothing from the
    network is loaded, and files declaring entities are refused outright
    (billion laughs, external entities).  A DOCTYPE without entity
    declarations, as in older TBX files, is accepted and ignored.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.
        max_size: The largest size accepted, in bytes.

    Returns:
        The root element.

    Raises:
        XmlError: The file is too large, empty, declares entities or is not
            well-formed XML.
    """
    if len(data) > max_size:
        limit = f"{max_size // (1024 * 1024)} MB"
        reason = f"The file is larger than the {limit} tmtool reads."
        raise XmlError(f"{name} is larger than the {limit} tmtool reads.", line=0, reason=reason)
    if not data.strip():
        raise XmlError(f"{name} is empty.", line=0, reason="The file is empty.")
    # Checked before parsing, since libxml2 expands entities in attribute
    # values whatever the parser options; NULs are dropped for UTF-16/32.
    probe = data.replace(b"\x00", b"")
    position = probe.find(b"<!ENTITY")
    entities = XmlError(
        f"{name} declares XML entities; tmtool does not read them.",
        line=probe[:position].count(b"\n") + 1 if position >= 0 else 1,
        reason="The file declares XML entities, which tmtool does not read.",
    )
    if position >= 0:
        raise entities
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        message = (error.msg or "syntax error").split(", line ")[0].rstrip(".")
        raise XmlError(
            f"{name} is not well-formed XML: {message} (line {line}).",
            line=line,
            reason=f"Not well-formed XML: {message}.",
        ) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise entities
    return root


#: How validation rules report a problem: the element it is at, and one sentence.
Report = Callable[[etree._Element, str], None]


def check_xml(
    data: bytes,
    *,
    name: str,
    max_size: int,
    rules: Callable[[etree._Element, Report], None],
) -> list[Problem]:
    """Parse an XML file as `parse_xml` does and run `rules` on its root.

    Args:
        data: The raw bytes of the file.
        name: The file name used in messages about unreadable files.
        max_size: The largest size accepted, in bytes.
        rules: Checks the root and calls `report(element, message)` for each problem.

    Returns:
        The problems reported, each at its element's line; a file that cannot be parsed
        safely gives one problem saying why.
    """
    try:
        root = parse_xml(data, name=name, max_size=max_size)
    except XmlError as error:
        return [Problem(error.line, error.reason)]
    problems: list[Problem] = []

    def report(element: etree._Element, message: str) -> None:
        problems.append(Problem(element.sourceline or 0, message))

    rules(root, report)
    return problems


def element_text(element: etree._Element) -> str:
    """Return all the text of an XML element, whitespace runs collapsed, NFC.

    Args:
        element: The element; the text of its descendants is included.

    Returns:
        The text on one line, stripped.
    """
    return unicodedata.normalize("NFC", " ".join("".join(element.itertext()).split()))


# Characters `to_xml_id` keeps: a conservative subset of XML name characters
# that every validator accepts (libxml2 still uses the XML 1.0 4th-edition rules).
_ID_LETTERS = "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0410-\u044f\u4e00-\u9fa5"
_ID_START = re.compile(f"[{_ID_LETTERS}]")
_ID_CHAR = re.compile(f"[-.0-9{_ID_LETTERS}]")
_ID_ESCAPE = re.compile(r"_x([0-9A-F]{4,6})_")


def to_xml_id(text: str) -> str:
    """Turn any non-empty text into a valid XML ID, reversibly.

    Latin, Cyrillic and common Chinese letters, digits, ``-`` and ``.`` are
    kept; every other character (and a leading digit, ``-`` or ``.``, and a
    ``_`` before ``x``) is written as ``_xHHHH_`` with its code point, so
    ``"zh:齐齐哈尔"`` becomes ``"zh_x003A_齐齐哈尔"``.  `from_xml_id` undoes it.

    Args:
        text: The text, such as a concept key.

    Returns:
        The ID.
    """
    out = []
    for index, char in enumerate(text):
        keep = (_ID_START if index == 0 else _ID_CHAR).fullmatch(char)
        if keep and not (char == "_" and text[index + 1 : index + 2] == "x"):
            out.append(char)
        else:
            out.append(f"_x{ord(char):04X}_")
    return "".join(out)


def from_xml_id(value: str) -> str:
    """Undo `to_xml_id`; an ID without ``_xHHHH_`` escapes is returned as is.

    Args:
        value: An ID as found in a file.

    Returns:
        The original text.
    """
    if "_x" not in value:
        return value
    if value.count("_x") == value.count("_x002F_"):  # only slashes, as in every SLUG/POSITION
        return value.replace("_x002F_", "/")
    return _ID_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)


@dataclass(frozen=True)
class Document:
    """An article as read from a file.

    Attributes:
        title: The article's title when the format carries one, else ``None``.
        paragraphs: The body paragraphs, each NFC-normalised, stripped and
            non-empty; the text is otherwise unchanged.
    """

    title: str | None
    paragraphs: list[str]


@dataclass(frozen=True)
class PublishedText:
    """One language version of an article, ready to be written out.

    Attributes:
        slug: Short file-name-safe identifier of the article.
        lang: BCP-47 language tag such as ``"zh"``, ``"en"`` or ``"ru"``.
        title: The title in this language.
        paragraphs: The body paragraphs in this language.
        draft: When true, every output marks itself visibly as a draft.
    """

    slug: str
    lang: str
    title: str
    paragraphs: list[str]
    draft: bool


DRAFT_NOTICES: dict[str, str] = {
    "zh": "【草稿，不得发布】",
    "ru": "[ЧЕРНОВИК — не для публикации]",
    "en": "[DRAFT — not for publication]",
}


def draft_notice(lang: str) -> str:
    """Return the visible draft marker for a language.

    Args:
        lang: A BCP-47 language tag; only its primary subtag is used.

    Returns:
        The marker in that language, or the English one for other languages.
    """
    primary = lang.replace("_", "-").split("-")[0].lower()
    return DRAFT_NOTICES.get(primary, DRAFT_NOTICES["en"])


def html_page_start(lang: str, title: str, *, draft: bool, head: Iterable[str]) -> list[str]:
    """The lines of a tmtool HTML page up to and including ``<body>``.

    Args:
        lang: The page's language, for ``<html lang>``.
        title: The ``<title>`` text (escaped here).
        draft: Whether the page is a draft: search engines are asked not to index it.
        head: More lines for ``<head>`` after the title (styles, links).

    Returns:
        The lines, to be joined with newlines.
    """
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="tmtool">',
    ]
    if draft:
        lines.append('<meta name="robots" content="noindex, nofollow">')
    return [*lines, f"<title>{html.escape(title)}</title>", *head, "</head>", "<body>"]


def is_draft_notice(text: str) -> bool:
    """Tell whether a paragraph is one of the draft markers the writers add.

    Args:
        text: A paragraph as read back from a file.

    Returns:
        True when the paragraph is exactly a draft marker.
    """
    return text.strip() in DRAFT_NOTICES.values()


# Ideographs, kana, CJK symbols and punctuation, full-width forms.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3100, 0x312F),
    (0x31A0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
# Punctuation Chinese text shares with Western text.
_SHARED_PUNCTUATION = frozenset("“”‘’—…·")


def is_cjk(char: str) -> bool:
    """Tell whether a character is a CJK character or CJK punctuation mark.

    Args:
        char: A single character.

    Returns:
        True for ideographs, kana, CJK punctuation and full-width forms.
    """
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _glues(before: str, after: str) -> bool:
    """Tell whether a line break between two characters is CJK-internal."""
    cjk_before, cjk_after = is_cjk(before), is_cjk(after)
    return (
        (cjk_before or cjk_after)
        and (cjk_before or before in _SHARED_PUNCTUATION)
        and (cjk_after or after in _SHARED_PUNCTUATION)
    )


def join_lines(lines: Iterable[str]) -> str:
    """Join the lines of one paragraph into a single line.

    A break between CJK characters or CJK punctuation disappears, since
    Chinese has no spaces between words; any other break becomes one space.

    Args:
        lines: The lines of the paragraph; they are stripped and empty ones
            skipped.

    Returns:
        The paragraph as one line.
    """
    result = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if result and not _glues(result[-1], line[0]):
            result += " "
        result += line
    return result


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """NFC-normalise and strip paragraphs, dropping the empty ones.

    Args:
        paragraphs: Paragraph texts in document order.

    Returns:
        The non-empty paragraphs, normalised.
    """
    cleaned = (unicodedata.normalize("NFC", p).strip() for p in paragraphs)
    return [p for p in cleaned if p]
