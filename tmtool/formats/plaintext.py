"""Plain-text articles: reading drafts and aligned lines, writing versions."""

from __future__ import annotations

from tmtool.formats.base import (
    Document,
    PublishedText,
    clean_paragraphs,
    draft_notice,
    is_draft_notice,
    join_lines,
)
from tmtool.formats.encoding import decode


def read(data: bytes, *, name: str) -> Document:
    """Read an article from a plain-text file.

    Paragraphs are separated by blank lines.  A file without any blank line
    between its lines has one paragraph per non-empty line.  The lines of a
    paragraph are joined with nothing between CJK characters and with one
    space otherwise.  A draft marker written by `write` is skipped.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The document; plain text has no title, so ``title`` is ``None``.

    Raises:
        FormatError: The file cannot be decoded or has no text.
    """
    lines = [line.strip() for line in decode(data, name=name).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if "" not in lines:
        paragraphs = lines
    else:
        paragraphs = []
        block: list[str] = []
        for line in [*lines, ""]:
            if line:
                block.append(line)
            elif block:
                paragraphs.append(join_lines(block))
                block = []
    result = clean_paragraphs(paragraphs)
    if result and is_draft_notice(result[0]):
        result.pop(0)
    return Document(title=None, paragraphs=result)


def read_lines(data: bytes, *, name: str) -> list[str]:
    """Read a file for aligned-lines mode, where line N of each file belongs together.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        Every line, stripped; empty lines are kept as ``""`` so that the line
        numbers stay aligned, but empty lines at the end of the file are
        dropped.

    Raises:
        FormatError: The file cannot be decoded or has no text.
    """
    lines = [line.strip() for line in decode(data, name=name).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def write(text: PublishedText) -> bytes:
    """Write one language version as a UTF-8 plain-text file.

    The file has the title on its first line, a blank line, then the
    paragraphs separated by blank lines.  A draft starts with a marker line
    in the text's language.

    Args:
        text: The version to write.

    Returns:
        The file contents, UTF-8 encoded, ending with a newline.
    """
    blocks: list[str] = []
    if text.draft:
        blocks.append(draft_notice(text.lang))
    blocks.append(join_lines(text.title.split("\n")))
    blocks.extend(join_lines(p.split("\n")) for p in text.paragraphs)
    return ("\n\n".join(b for b in blocks if b) + "\n").encode("utf-8")
