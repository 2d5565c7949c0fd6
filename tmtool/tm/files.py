"""Translation-memory files: TMX through `tmtool.formats.tmx`, and tab-separated tables.

A TSV memory names its languages in the header row (``zh<TAB>en`` or ``zh<TAB>en<TAB>ru``);
every further row holds one sentence per language. Both kinds become `Pair`s: one source
sentence and one target sentence in one target language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tmtool.formats import tmx
from tmtool.formats.base import FormatError
from tmtool.formats.encoding import decode
from tmtool.formats.exchange import MAX_EXCHANGE_SIZE, TMEntry
from tmtool.formats.termbase import normalize_lang

__all__ = ["Pair", "read_tm_file", "read_tsv", "write_tm_file", "write_tsv"]

_LANG_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class Pair:
    """One source sentence and its translation into one language."""

    source_lang: str
    source: str
    target_lang: str
    target: str
    creator: str | None = None
    created_at: datetime | None = None


def _base(lang: str) -> str:
    return normalize_lang(lang).split("-")[0].lower()


def pairs_from_entries(entries: Iterable[TMEntry], *, source_lang: str) -> list[Pair]:
    """Split multilingual entries into source/target pairs (language tags reduced to `zh`, …)."""
    out: list[Pair] = []
    for entry in entries:
        variants: dict[str, str] = {}
        for lang, text in entry.variants.items():
            variants.setdefault(_base(lang), text.strip())
        source = variants.get(source_lang)
        if not source:
            continue
        for lang, text in variants.items():
            if lang != source_lang and text:
                out.append(
                    Pair(source_lang, source, lang, text, entry.created_by, entry.created_at)
                )
    return out


def read_tsv(data: bytes, *, name: str, source_lang: str) -> list[Pair]:
    """Read a tab-separated memory whose header row names the languages.

    Raises:
        FormatError: no header naming `source_lang` and a target, or a row with the wrong
            number of cells.
    """
    text = decode(data, name=name)
    lines = text.splitlines()
    if not lines:
        raise FormatError(f"{name} is empty.")
    header = [cell.strip() for cell in lines[0].split("\t")]
    if not all(_LANG_TAG.fullmatch(cell) for cell in header) or len(header) < 2:
        raise FormatError(
            f"{name}: the first row must name the languages, e.g. zh<TAB>en or zh<TAB>en<TAB>ru."
        )
    langs = [_base(cell) for cell in header]
    if source_lang not in langs or len(set(langs)) != len(langs):
        raise FormatError(
            f"{name}: the header row must name {source_lang} once and at least one target."
        )
    out: list[Pair] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(langs):
            raise FormatError(
                f"{name} line {number}: {len(cells)} cells where the header names {len(langs)}."
            )
        row = {
            lang: unicodedata.normalize("NFC", cell.strip())
            for lang, cell in zip(langs, cells, strict=True)
        }
        entry = TMEntry(variants={lang: text for lang, text in row.items() if text})
        out.extend(pairs_from_entries([entry], source_lang=source_lang))
    return out


def write_tsv(pairs: Iterable[Pair], *, source_lang: str, target_langs: Iterable[str]) -> bytes:
    """One row per source sentence, one column per language; a missing target stays empty."""
    langs = [lang for lang in target_langs if lang != source_lang]
    rows: dict[str, dict[str, str]] = {}
    for pair in pairs:
        targets = rows.setdefault(pair.source, {})
        targets.setdefault(pair.target_lang, pair.target)
        if pair.target_lang not in langs:
            langs.append(pair.target_lang)

    def cell(text: str) -> str:
        return " ".join(text.replace("\t", " ").splitlines())

    lines = ["\t".join([source_lang, *langs])]
    lines.extend(
        "\t".join([cell(source), *(cell(targets.get(lang, "")) for lang in langs)])
        for source, targets in rows.items()
    )
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_tm_file(path: Path, *, source_lang: str) -> list[Pair]:
    """Read a .tmx or .tsv (.tab, .txt) memory file.

    Raises:
        FormatError: the file cannot be read, has another extension, or is malformed.
    """
    suffix = path.suffix.lower()
    if suffix not in (".tmx", ".tsv", ".tab", ".txt"):
        raise FormatError(f"{path.name} is not a memory tmtool reads; use .tmx or .tsv.")
    try:
        if path.stat().st_size > MAX_EXCHANGE_SIZE:
            raise FormatError(f"{path.name} is larger than the 200 MB tmtool reads.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise FormatError(f"{path} is a folder, not a file.") from None
    except OSError as error:
        reason = (error.strerror or "input/output error").lower()
        raise FormatError(f"{path} cannot be read: {reason}.") from None
    if suffix == ".tmx":
        return pairs_from_entries(tmx.read(data, name=path.name), source_lang=source_lang)
    return read_tsv(data, name=path.name, source_lang=source_lang)


def write_tm_file(path: Path, pairs: list[Pair], *, source_lang: str, langs: list[str]) -> None:
    """Write pairs as TMX (one ``<tu>`` per source sentence) or TSV, by the extension.

    The file appears whole or not at all.

    Raises:
        FormatError: the extension is neither .tmx nor .tsv, or the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix == ".tmx":
        grouped: dict[str, TMEntry] = {}
        for pair in pairs:
            entry = grouped.get(pair.source)
            if entry is None:
                entry = TMEntry(
                    variants={source_lang: pair.source},
                    created_by=pair.creator or None,
                    created_at=pair.created_at,
                )
                grouped[pair.source] = entry
            entry.variants.setdefault(pair.target_lang, pair.target)
        data = tmx.write(grouped.values(), source_lang=source_lang)
    elif suffix in (".tsv", ".tab"):
        data = write_tsv(pairs, source_lang=source_lang, target_langs=langs)
    else:
        raise FormatError(f"{path.name}: choose .tmx or .tsv for a memory file.")
    temp = path.with_name(f".{path.name}.part")
    try:
        temp.write_bytes(data)
        temp.replace(path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        reason = (error.strerror or "input/output error").lower()
        raise FormatError(f"{path} cannot be written: {reason}.") from None
