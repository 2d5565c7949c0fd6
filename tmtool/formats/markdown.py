"""Markdown articles: reading drafts as plain paragraphs, writing versions.

Reading uses the CommonMark parser of markdown-it-py, so emphasis, code
spans, links and escapes are understood exactly as Markdown renderers do.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tmtool.formats.base import (
    Document,
    PublishedText,
    clean_paragraphs,
    draft_notice,
    is_draft_notice,
    join_lines,
)
from tmtool.formats.encoding import decode

_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)(?:---|\.\.\.)\n", re.DOTALL)
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_HTML_DROPPED = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")

# Characters that Markdown may read as markup anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])|<(?=[A-Za-z/!?])|&(?=#?\w+;)")
# Paragraph openings that Markdown would read as a block structure.
_BLOCK_START = re.compile(r"^([#\-+>=~|])|^(\d{1,9})([.)])(?=\s|$)")


def read(data: bytes, *, name: str) -> Document:
    """Read an article from a Markdown file.

    The first level-1 heading (``# Title`` or a setext ``===`` heading) is
    the title; other headings, paragraphs, list items, block quotes and code
    blocks become paragraphs.  Emphasis markers, code backticks and link
    syntax are removed, keeping the text; images and HTML tags are dropped.
    A YAML front matter block is skipped, its ``title:`` used when there is
    no level-1 heading.  A draft marker written by `write` is skipped.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The document.

    Raises:
        FormatError: The file cannot be decoded or has no text.
    """
    text = decode(data, name=name)
    front_title: str | None = None
    front = _FRONT_MATTER.match(text)
    if front is not None:
        title_match = _FRONT_MATTER_TITLE.search(front.group(1))
        if title_match is not None:
            front_title = title_match.group(1).strip("'\"").strip() or None
        text = text[front.end() :]
    title: str | None = None
    paragraphs: list[str] = []
    tokens = MarkdownIt("commonmark").parse(text)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            opener = tokens[index - 1]
            content = _inline_text(token.children or [])
            if title is None and opener.type == "heading_open" and opener.tag == "h1":
                title = content
            else:
                paragraphs.append(content)
        elif token.type in ("code_block", "fence"):
            paragraphs.extend(_split_blocks(token.content))
        elif token.type == "html_block":
            stripped = _HTML_TAG.sub("", _HTML_DROPPED.sub("", token.content))
            paragraphs.extend(_split_blocks(html.unescape(stripped)))
    result = clean_paragraphs(paragraphs)
    if result and is_draft_notice(result[0]):
        result.pop(0)
    clean_title = clean_paragraphs([title or front_title or ""])
    return Document(title=clean_title[0] if clean_title else None, paragraphs=result)


def _inline_text(children: Sequence[Token]) -> str:
    """Return the plain text of an inline token's children, on one line."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        # Emphasis, link and HTML tokens carry only markup; images are dropped.
    return join_lines("".join(parts).split("\n"))


def _split_blocks(text: str) -> list[str]:
    """Split raw text on blank lines into one-line paragraphs."""
    return [join_lines(block.split("\n")) for block in _BLANK_LINES.split(text)]


def escape(text: str) -> str:
    """Escape text so that Markdown reads it back as the same plain text.

    Backslashes, backticks, asterisks, underscores, brackets, ``<`` before a
    tag-like character and ``&`` before an entity-like word are escaped
    anywhere; a leading ``#``, ``-``, ``+``, ``>``, ``=``, ``~``, ``|`` or
    ``1.``/``1)`` is escaped so that the paragraph does not become a
    heading, list, quote or rule.

    Args:
        text: One paragraph of plain text, on one line.

    Returns:
        The escaped Markdown source.
    """
    escaped = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    escaped = _BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3),
        escaped,
    )
    if escaped.endswith("#"):
        escaped = escaped[:-1] + "\\#"  # not an ATX closing sequence
    return escaped


def write(text: PublishedText) -> bytes:
    """Write one language version as a UTF-8 Markdown file.

    The file has a ``# title`` heading, a block-quoted draft notice when the
    text is a draft, then the paragraphs separated by blank lines, each
    escaped so that it reads back unchanged.

    Args:
        text: The version to write.

    Returns:
        The file contents, UTF-8 encoded, ending with a newline.
    """
    blocks = ["# " + escape(join_lines(text.title.split("\n")))]
    if text.draft:
        blocks.append("> " + draft_notice(text.lang))
    for paragraph in text.paragraphs:
        line = join_lines(paragraph.split("\n"))
        if line:
            blocks.append(escape(line))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
