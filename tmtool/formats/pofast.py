"""A single-pass PO reader and writer for large files, checked against polib.

polib builds an object per message and reads line by line through a general state
machine; on 100,000 messages that takes seconds. The messages tmtool reads and writes use
a small part of the PO grammar: comments, flags, ``msgctxt``, ``msgid``, ``msgstr`` and
continued strings. This module handles exactly that part in one pass and says so when a
file needs more (plural forms, unusual escapes, anything it does not recognise): the
caller then falls back to polib, which also produces the error messages. The tests hold
both paths to the same result on tmtool's own files and on other tools' files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Message", "NeedsPolib", "escape", "metadata", "parse"]


class NeedsPolib(Exception):  # noqa: N818 - a signal, not an error
    """The text uses PO features this reader leaves to polib."""


@dataclass(slots=True)
class Message:
    """One message: what tmtool uses of it."""

    msgid: str = ""
    msgstr: str = ""
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)
    tcomment: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\s*')
_KEYWORD = re.compile(r"(msgctxt|msgid|msgstr)\s+(?=\")")
_OUT = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


def _unescape(match: re.Match[str]) -> str:
    try:
        return _ESCAPES[match.group(1)]
    except KeyError:
        raise NeedsPolib from None


def _string(line: str, start: int) -> str:
    """The value of the quoted string that makes up `line` from `start` on."""
    found = _QUOTED.fullmatch(line, start)
    if found is None:
        raise NeedsPolib
    value = found.group(1)
    return _ESCAPE.sub(_unescape, value) if "\\" in value else value


def escape(text: str) -> str:
    """`text` as the inside of a PO string."""
    return text.translate(_OUT)


_STR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_BLOCK = re.compile(
    # Comments in the order gettext writes them: translator, extracted, references, flags,
    # previous strings. Another order makes the match fail and the line reader take over.
    r"(?P<tc>(?:#(?: [^\n]*)?\n)*)"
    r"(?P<ec>(?:#\.[^\n]*\n)*)"
    r"(?:#:[^\n]*\n)*"
    r"(?P<fl>(?:#,[^\n]*\n)*)"
    r"(?:#\|[^\n]*\n)*"
    rf"(?:msgctxt[ \t]+(?P<ctx>{_STR}(?:\n{_STR})*)\n)?"
    rf"msgid[ \t]+(?P<id>{_STR}(?:\n{_STR})*)\n"
    rf"msgstr[ \t]+(?P<str>{_STR}(?:\n{_STR})*)[ \t]*(?:\n|$)"
    r"(?:[ \t]*\n)*"
)
_PIECE = re.compile(_STR)


def _value(group: str) -> str:
    if "\n" in group:
        return "".join(_value(piece.group()) for piece in _PIECE.finditer(group))
    inner = group[1:-1]
    return _ESCAPE.sub(_unescape, inner) if "\\" in inner else inner


def parse(text: str) -> list[Message]:
    """The messages of a PO file, the header (empty msgid) included, obsolete ones left out.

    Raises:
        NeedsPolib: the file uses something outside the part of PO described above.
    """
    text = text.replace("\r\n", "\n")
    try:
        return _parse_blocks(text)
    except NeedsPolib:
        return _parse_lines(text)


def _parse_blocks(text: str) -> list[Message]:
    """Whole messages by one pattern: the common layout, as tmtool and most tools write it."""
    messages: list[Message] = []
    position = len(text) - len(text.lstrip())
    for found in _BLOCK.finditer(text, position):
        if found.start() != position:
            raise NeedsPolib
        position = found.end()
        ctx, tc, ec, fl = found.group("ctx", "tc", "ec", "fl")
        message = Message(
            _value(found.group("id")),
            _value(found.group("str")),
            None if ctx is None else _value(ctx),
            [f.strip() for line in fl.split("\n") for f in line[2:].split(",") if f.strip()]
            if fl
            else [],
            [line[2:] for line in tc.split("\n")[:-1]] if tc else [],
            [line[3:] if line[2:3] == " " else line[2:] for line in ec.split("\n")[:-1]]
            if ec
            else [],
        )
        messages.append(message)
    if position != len(text):
        raise NeedsPolib
    return messages


def _parse_lines(text: str) -> list[Message]:
    """Line by line, for layouts the block pattern does not cover (indentation, obsolete)."""
    messages: list[Message] = []
    current = Message()
    started = False  # the current message has a keyword already
    target = ""  # which field a continuation line extends
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        first = line[0]
        if first == "#":
            if started and target == "msgstr":
                messages.append(current)
                current, started, target = Message(), False, ""
            elif started:
                raise NeedsPolib  # a comment inside a message
            kind = line[1:2]
            if kind == "~" or kind == "|" or kind == ":":
                continue  # obsolete messages, previous strings and references: not used
            if kind == ",":
                current.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
            elif kind == ".":
                current.comment.append(line[3:] if line[2:3] == " " else line[2:])
            elif kind == " " or kind == "":
                current.tcomment.append(raw.lstrip()[2:])
            else:
                raise NeedsPolib
            continue
        if first == '"':
            if not target:
                raise NeedsPolib
            value = _string(line, 0)
            setattr(current, target, (getattr(current, target) or "") + value)
            continue
        keyword = _KEYWORD.match(line)
        if keyword is None:
            raise NeedsPolib  # msgid_plural, msgstr[n] and anything unknown
        name = keyword.group(1)
        if name == "msgctxt" or (name == "msgid" and target != "msgctxt"):
            if started:
                if target != "msgstr":
                    raise NeedsPolib
                messages.append(current)
                current = Message()
        elif name == "msgstr" and target != "msgid":
            raise NeedsPolib
        started, target = True, name
        setattr(current, name, _string(line, keyword.end()))
    if started:
        if target != "msgstr":
            raise NeedsPolib
        messages.append(current)
    elif current.flags or current.comment or current.tcomment:
        raise NeedsPolib  # comments with no message after them
    return messages


def metadata(header: str) -> dict[str, str]:
    """The `Key: value` lines of a header message."""
    meta: dict[str, str] = {}
    for line in header.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip()
    return meta
