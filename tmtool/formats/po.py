"""Gettext PO files, one per target language, read and written with polib.

Each unit is one message: ``msgctxt`` is the unit key (``"SLUG/POSITION"``),
``msgid`` the Chinese source and ``msgstr`` the translation.  States map as
in DESIGN.md: EMPTY is an empty ``msgstr``; DRAFT is ``#, fuzzy``;
NEEDS_WORK is ``#, fuzzy, x-needs-work``; TRANSLATED is a plain translated
message; APPROVED and FINAL add the flags ``x-approved`` and ``x-final``.
Notes are translator comments (``# ``), one line each; glossary hints and
the paragraph number are extracted comments (``#. term: 鹤城 = Crane City``,
``#. paragraph: 3``).  The header carries the article (``X-Tmtool-Article``),
title (``X-Tmtool-Title``), ``Language``, ``Plural-Forms`` and
``X-Source-Language``.

Files from other tools (Poedit, Weblate, …) are read too: a message without
``msgctxt`` is keyed by its ``msgid``, a translated message is TRANSLATED,
a fuzzy one DRAFT, and obsolete (``#~``) messages are skipped.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import polib

from tmtool.formats import pofast
from tmtool.formats.base import FormatError, Problem
from tmtool.formats.exchange import (
    MAX_EXCHANGE_SIZE,
    ExchangeFile,
    ExchangeUnit,
    UnitState,
    gc_paused,
    nfc,
)
from tmtool.formats.pofast import escape
from tmtool.formats.termbase import normalize_lang

__all__ = ["PLURAL_FORMS", "read", "validate", "write"]

#: Plural-Forms header per target language.
PLURAL_FORMS: dict[str, str] = {
    "en": "nplurals=2; plural=(n != 1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}
_FLAGS: dict[UnitState, tuple[str, ...]] = {
    UnitState.EMPTY: (),
    UnitState.DRAFT: ("fuzzy",),
    UnitState.NEEDS_WORK: ("fuzzy", "x-needs-work"),
    UnitState.TRANSLATED: (),
    UnitState.APPROVED: ("x-approved",),
    UnitState.FINAL: ("x-final",),
}
_TERM = "term: "
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_LINE = re.compile(r"\(line (\d+)\)")
_DATE = "2000-01-01 00:00+0000"
# Lines holding a quoted string, which polib does not check are closed.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*')
_STRING_LINE = re.compile(r'(#~\s*)?(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)?\s*"')


@gc_paused
def write(f: ExchangeFile) -> bytes:
    """Write a bilingual file as a UTF-8 PO file that ``msgfmt --check`` accepts.

    Args:
        f: The file to write; its units need non-empty sources and unique keys.

    Returns:
        The PO file's bytes.

    Raises:
        FormatError: A source is empty, a key is empty or used twice, or a
            translated message's source and target disagree on a leading or
            trailing line break (msgfmt refuses such messages).
    """
    po = polib.POFile(wrapwidth=0)
    po.header = f"{f.title or f.article or 'tmtool export'} ({f.source_lang} → {f.target_lang})."
    po.metadata = {
        "Project-Id-Version": f.article or "tmtool",
        "POT-Creation-Date": _DATE,
        "PO-Revision-Date": _DATE,
        "Last-Translator": "tmtool",
        "Language-Team": f.target_lang,
        "Language": f.target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(f.target_lang.split("-")[0], PLURAL_FORMS["en"]),
        "X-Generator": "tmtool",
        "X-Source-Language": f.source_lang,
    }
    if f.article:
        po.metadata["X-Tmtool-Article"] = f.article
    if f.title:
        po.metadata["X-Tmtool-Title"] = " ".join(f.title.split())
    buffer = io.BytesIO()
    buffer.write((po.__unicode__().rstrip("\n") + "\n\n").encode())
    seen: set[str] = set()
    for unit in f.units:
        if not unit.key or unit.key in seen or not unit.source:
            problem = "is used twice" if unit.key in seen else "has an empty source"
            raise FormatError(f'The unit "{unit.key}" {problem if unit.key else "has no key"}.')
        seen.add(unit.key)
        target = "" if unit.state is UnitState.EMPTY else unit.target
        flags = _FLAGS[unit.state]
        if target and "fuzzy" not in flags and not _ends_agree(unit.source, target):
            raise FormatError(
                f'The unit "{unit.key}" has a line break at the start or end of only one of '
                "its source and target, which PO files cannot hold."
            )
        out: list[str] = []
        for note in unit.notes:
            out.append(f"# {' '.join(note.split())}")
        if unit.paragraph is not None:
            out.append(f"#. paragraph: {unit.paragraph}")
        for source_term, target_term in unit.terms:
            out.append(
                f"#. {_TERM}{' '.join(source_term.split())} = {' '.join(target_term.split())}"
            )
        if flags:
            out.append(f"#, {', '.join(flags)}")
        out.append(f'msgctxt "{escape(unit.key)}"')
        out.append(f'msgid "{escape(unit.source)}"')
        out.append(f'msgstr "{escape(target)}"')
        out.append("\n")
        buffer.write("\n".join(out).encode())
    return buffer.getvalue()


@gc_paused
def read(data: bytes, *, name: str) -> ExchangeFile:
    """Read a PO file, tmtool's or another tool's.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The file, with the states mapped back as described in the module.

    Raises:
        FormatError: The file is empty, too large, not in its declared
            encoding, or not a PO file.
    """
    text = _decode(data, name=name)
    try:
        messages = pofast.parse(text)
    except pofast.NeedsPolib:
        parsed = _parse(data, name=name)
        messages = [_message(entry) for entry in parsed if not entry.obsolete]
        meta = parsed.metadata
    else:
        header = next((m for m in messages if not m.msgid and m.msgctxt is None), None)
        meta = pofast.metadata(header.msgstr) if header else {}
    units: list[ExchangeUnit] = []
    for message in messages:
        if not message.msgid:
            continue
        paragraph, terms = None, []
        for line in message.comment:
            if line.startswith("paragraph: ") and line[11:].strip().isdigit():
                paragraph = int(line[11:])
            elif line.startswith(_TERM) and " = " in line:
                source_term, target_term = line[len(_TERM) :].split(" = ", 1)
                terms.append((nfc(source_term), nfc(target_term)))
        target = nfc(message.msgstr)
        key = message.msgctxt if message.msgctxt is not None else message.msgid
        units.append(
            ExchangeUnit(
                key=nfc(key),
                source=nfc(message.msgid),
                target=target,
                state=_state(message.flags, target),
                paragraph=paragraph,
                notes=tuple(line for line in message.tcomment if line.strip()),
                terms=tuple(terms),
            )
        )
    return ExchangeFile(
        source_lang=normalize_lang(meta.get("X-Source-Language", "").strip() or "und"),
        target_lang=normalize_lang(meta.get("Language", "").strip() or "und"),
        units=tuple(units),
        article=meta.get("X-Tmtool-Article") or None,
        title=meta.get("X-Tmtool-Title") or None,
        tool=meta.get("X-Generator") or None,
    )


def _message(entry: polib.POEntry) -> pofast.Message:
    """What tmtool uses of a message polib read."""
    return pofast.Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr or "",
        msgctxt=entry.msgctxt,
        flags=list(entry.flags),
        tcomment=(entry.tcomment or "").split("\n"),
        comment=(entry.comment or "").split("\n"),
    )


def validate(data: bytes, *, name: str) -> list[Problem]:
    """Check a PO file the way ``msgfmt --check`` would, without msgfmt.

    Checks that the file parses, has a header with a UTF-8 or declared
    charset, a ``Language`` and well-formed ``Plural-Forms``, that no message
    is defined twice, and that translated messages agree with their source on
    leading and trailing line breaks.

    Args:
        data: The raw bytes of the file.
        name: The file name, used by the parser's messages.

    Returns:
        The problems in file order; empty when the file is valid.
    """
    try:
        po = _parse(data, name=name)
    except FormatError as error:
        found = _LINE.search(str(error))
        return [Problem(int(found.group(1)) if found else 0, _reason(str(error), name))]
    problems: list[Problem] = []
    meta = po.metadata
    if not meta:
        problems.append(Problem(1, "The file has no header (an entry with an empty msgid)."))
    else:
        if "charset=" not in meta.get("Content-Type", ""):
            problems.append(Problem(1, "The header has no Content-Type with a charset."))
        if not meta.get("Language", "").strip():
            problems.append(Problem(1, "The header has no Language."))
        plural = meta.get("Plural-Forms", "")
        if plural and not re.search(r"nplurals\s*=\s*\d+\s*;\s*plural\s*=", plural):
            problems.append(Problem(1, "The Plural-Forms header is malformed."))
    counts = Counter((e.msgctxt, e.msgid) for e in po if not e.obsolete)
    for entry in po:
        if entry.obsolete:
            continue
        line = entry.linenum or 0
        if counts[(entry.msgctxt, entry.msgid)] > 1:
            problems.append(Problem(line, "This message is defined more than once."))
            counts[(entry.msgctxt, entry.msgid)] = 0
        translated = entry.msgstr and "fuzzy" not in entry.flags
        if entry.msgid and translated and not _ends_agree(entry.msgid, entry.msgstr):
            problems.append(
                Problem(line, "msgid and msgstr do not both start and end with a line break.")
            )
    return problems


def _decode(data: bytes, *, name: str) -> str:
    """The text of a PO file in its declared encoding, or one FormatError."""
    if len(data) > MAX_EXCHANGE_SIZE:
        raise FormatError(f"{name} is larger than the {MAX_EXCHANGE_SIZE >> 20} MB tmtool reads.")
    if not data.strip():
        raise FormatError(f"{name} is empty.")
    found = _CHARSET.search(data[:4096])
    charset = found.group(1).decode("ascii") if found else "utf-8"
    charset = "utf-8" if charset.upper() == "CHARSET" else charset
    try:
        text = data.decode(charset).removeprefix("\ufeff")
    except (LookupError, UnicodeDecodeError):
        raise FormatError(f"{name} is not valid {charset} text, as its header says.") from None
    if "\x00" in text or not re.search(r'^\s*msgid\s+"', text, re.MULTILINE):
        raise FormatError(f"{name} is not a PO file: it has no msgid line.")
    return text


def _parse(data: bytes, *, name: str) -> polib.POFile:
    """Decode and parse a PO file, turning every failure into one FormatError."""
    text = _decode(data, name=name)
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if _STRING_LINE.match(line) and not _STRING.fullmatch(line[line.index('"') :]):
            problem = "a string is not closed or has an unescaped quote"
            raise FormatError(f"{name} is not a valid PO file: {problem} (line {number}).")
    try:
        # polib treats a str as the file's content when it is not a file name.
        return polib.pofile(text if "\n" in text else text + "\n", wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as error:
        detail = str(error).split("\n")[0].rstrip(".")
        where = _LINE.search(detail)
        line = f" (line {where.group(1)})" if where else ""
        detail = _LINE.sub("", detail).replace(" :", ":").strip().rstrip(":").lower()
        raise FormatError(f"{name} is not a valid PO file: {detail}{line}.") from None


def _reason(message: str, name: str) -> str:
    """Turn a FormatError message into a Problem message without the file name."""
    text = message.removeprefix(name).strip()
    return (text[:1].upper() + text[1:]) if text else message


def _state(flags: list[str], target: str) -> UnitState:
    """Map a message's flags and translation to a state."""
    if "fuzzy" in flags:
        return UnitState.NEEDS_WORK if "x-needs-work" in flags else UnitState.DRAFT
    if not target:
        return UnitState.EMPTY
    if "x-final" in flags:
        return UnitState.FINAL
    return UnitState.APPROVED if "x-approved" in flags else UnitState.TRANSLATED


def _ends_agree(source: str, target: str) -> bool:
    """Tell whether two texts agree on a line break at their start and end."""
    return source.startswith("\n") == target.startswith("\n") and source.endswith(
        "\n"
    ) == target.endswith("\n")
