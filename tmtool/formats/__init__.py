"""Reading articles from files and writing the published language versions.

Reading: `read_document` turns a ``.txt``, ``.md`` or ``.html`` file into a
`Document` (title and paragraphs), whatever encoding the file is in;
`read_lines` reads a file line by line for aligned-lines mode.

Writing: `WRITERS` maps an output format (``"txt"``, ``"md"``, ``"html"``, ``"docx"``) to
a function turning a `PublishedText` into the bytes of a file, and
`EXTENSIONS` gives each format's file name suffix.

This package knows nothing of the database or the user interface.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from tmtool.formats import docx, html, markdown, plaintext
from tmtool.formats.base import Document, FormatError, PublishedText

__all__ = [
    "EXTENSIONS",
    "MAX_FILE_SIZE",
    "WRITERS",
    "Document",
    "FormatError",
    "PublishedText",
    "read_bytes",
    "read_document",
    "read_lines",
]

#: Largest file tmtool reads, in bytes.
MAX_FILE_SIZE = 50 * 1024 * 1024

_Reader = Callable[..., Document]
_READERS: dict[str, _Reader] = {
    ".txt": plaintext.read,
    ".text": plaintext.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".xhtml": html.read,
}
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

#: Output format name to writer.
WRITERS: dict[str, Callable[[PublishedText], bytes]] = {
    "txt": plaintext.write,
    "md": markdown.write,
    "html": html.write,
    "docx": docx.write,
}

#: Output format name to file name suffix.
EXTENSIONS: dict[str, str] = {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx"}


def read_document(path: Path) -> Document:
    """Read an article from a file, choosing the format by the file's suffix.

    ``.txt`` and ``.text`` are plain text, ``.md`` and ``.markdown`` are
    Markdown, ``.html``, ``.htm`` and ``.xhtml`` are HTML.

    Args:
        path: The file to read.

    Returns:
        The article's title (if the format has one) and paragraphs.

    Raises:
        FormatError: The file is missing, a folder, unreadable, too large, of
            an unsupported type, or its contents cannot be read.
    """
    data = read_bytes(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(_READERS)
        raise FormatError(
            f"{path.name} is not a supported kind of file; tmtool reads {supported} files."
        )
    return reader(data, name=path.name)


def read_lines(path: Path) -> list[str]:
    """Read a file line by line for aligned-lines mode.

    Line N of each language's file belongs together, so empty lines are kept
    (as ``""``); only empty lines at the end are dropped.  Text and Markdown
    files are read as plain lines; HTML files are refused, since their lines
    carry no meaning.

    Args:
        path: The file to read.

    Returns:
        The stripped lines.

    Raises:
        FormatError: The file is HTML, of an unsupported type, missing, a
            folder, unreadable, too large, or cannot be decoded.
    """
    suffix = path.suffix.lower()
    if suffix in _HTML_SUFFIXES:
        raise FormatError(
            f"{path.name} is an HTML file, which aligned-lines mode cannot read; "
            "use a .txt file with one sentence or paragraph per line."
        )
    data = read_bytes(path)
    if suffix not in _READERS:
        supported = ", ".join(s for s in _READERS if s not in _HTML_SUFFIXES)
        raise FormatError(
            f"{path.name} is not a supported kind of file; aligned-lines mode reads "
            f"{supported} files."
        )
    return plaintext.read_lines(data, name=path.name)


def read_bytes(path: Path) -> bytes:
    """Read a whole file, turning every file-system problem into a FormatError."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise FormatError(f"{path} is a folder, not a file.")
        if not stat.S_ISREG(info.st_mode):
            raise FormatError(f"{path} is not a regular file.")
        if info.st_size > MAX_FILE_SIZE:
            raise FormatError(f"{path.name} is larger than the 50 MB tmtool can read.")
        with path.open("rb") as file:
            data = file.read(MAX_FILE_SIZE + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise FormatError(f"{path} does not exist.") from None
    except PermissionError:
        raise FormatError(f"{path} cannot be read: permission denied.") from None
    except OSError as error:
        reason = (error.strerror or "input/output error").lower()
        raise FormatError(f"{path} cannot be read: {reason}.") from None
    if len(data) > MAX_FILE_SIZE:
        raise FormatError(f"{path.name} is larger than the 50 MB tmtool can read.")
    return data
