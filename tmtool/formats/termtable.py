"""CSV and TSV glossaries: one row per concept, one column per language.

The first row names the columns (case does not matter):

* a language tag (``zh``, ``en``, ``ru``, ``de``, ``zh-TW`` …): the concept's
  terms in that language.  A cell may hold several terms separated by
  ``" | "``; the first has the row's status, the others are admitted.
* ``<lang>:deprecated`` (``en:deprecated``): deprecated (forbidden) terms,
  also ``" | "``-separated.
* optional ``id`` (the concept key), ``subject``, ``note`` (about the
  concept), ``status`` (of each language's first term: ``preferred``, the
  default, ``admitted`` or ``deprecated``; TBX values work too) and ``pos``
  (the part of speech of every term in the row).

Other columns are ignored.  A row without an id gets the key `derived_key`
makes from its Chinese term, such as ``"zh:齐齐哈尔"``.  Term notes and case
sensitivity have no column, so `write` leaves them out.

TSV files have no quoting, as most tools write them: a cell is everything
between two tabs, though a cell wrapped whole in double quotes (as Excel
writes some) is unquoted.  CSV files follow RFC 4180.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

from tmtool.formats.base import FormatError
from tmtool.formats.encoding import decode
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

__all__ = ["DEPRECATED_SUFFIX", "TERM_SEPARATOR", "read", "write"]

#: Separator of several terms in one cell.
TERM_SEPARATOR = " | "
#: Suffix of the column names holding deprecated terms, as in ``en:deprecated``.
DEPRECATED_SUFFIX = ":deprecated"

_FIELDS = ("id", "subject", "pos", "status", "note")
_LANG_COLUMN = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)
_TSV_SUFFIXES = (".tsv", ".tab")


def read(data: bytes, *, name: str, delimiter: str | None = None) -> Termbase:
    """Read a CSV or TSV glossary.

    Args:
        data: The raw bytes of the file, in any encoding `decode` recognises
            (UTF-8 with or without BOM, GB18030, UTF-16 …).
        name: The file name, used in error messages and to choose the
            delimiter: tab for ``.tsv`` and ``.tab`` files.
        delimiter: The cell delimiter; by default chosen from the file name,
            else from the header row (tab, comma or semicolon).

    Returns:
        The termbase, its source language the first Chinese column (else the
        first language column); rows without terms are skipped.

    Raises:
        FormatError: The file is too large, empty or cannot be decoded, has
            no language column or a column twice, a cell cannot be parsed,
            a status is unknown, or two rows have the same key.
    """
    if len(data) > MAX_GLOSSARY_SIZE:
        raise FormatError(f"{name} is larger than the 100 MB tmtool reads.")
    text = decode(data, name=name)
    if delimiter is None:
        delimiter = _sniff(text, name)
    columns: dict[str, int] | None = None
    langs: list[str] = []
    source_lang = "zh"
    concepts: dict[str, ConceptEntry] = {}
    lines: dict[str, int] = {}
    for line, row in _rows(text, delimiter, name):
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns, langs = _header(row, name)
            source_lang = next((lang for lang in langs if lang.split("-")[0] == "zh"), langs[0])
            continue
        concept = _concept(row, columns, langs, source_lang, name, line)
        if concept is None:
            continue
        if concept.key in concepts:
            raise FormatError(
                f"{name} line {line}: the concept {concept.key} is also on line "
                f"{lines[concept.key]}; give every row a different id in an id column."
            )
        concepts[concept.key] = concept
        lines[concept.key] = line
    if columns is None:
        raise FormatError(f"{name} is empty.")
    return Termbase(tuple(concepts.values()), source_lang=source_lang)


def write(termbase: Termbase, *, delimiter: str = ",") -> bytes:
    """Write a termbase as a CSV or TSV glossary in the layout `read` reads.

    Columns: ``id``, then each language (the source language first) followed
    by its ``<lang>:deprecated`` column when it has deprecated terms, then
    ``subject``, ``pos``, ``status`` and ``note`` when any row uses them.
    The row's status is that of the first term of each language; when
    languages differ, the commonest wins.  The file is UTF-8 with a BOM (so
    spreadsheet programs recognise it) and CRLF line ends.  In TSV, tabs and
    line breaks inside a cell become spaces.

    Args:
        termbase: The glossary to write.
        delimiter: The cell delimiter: ``","`` (CSV), ``"\\t"`` (TSV) or ``";"``.

    Returns:
        The file's bytes; the same termbase always gives the same bytes.

    Raises:
        FormatError: A term contains ``|``, which separates terms in a cell.
    """
    langs = _language_order(termbase)
    deprecated = {t.lang for c in termbase.concepts for t in c.terms if _is_deprecated(t)}
    rows = [_row(concept, langs) for concept in termbase.concepts]
    header = ["id"]
    for lang in langs:
        header += [lang, lang + DEPRECATED_SUFFIX] if lang in deprecated else [lang]
    header += [field for field in _FIELDS[1:] if any(row.get(field) for row in rows)]
    table = [header, *([row.get(column, "") for column in header] for row in rows)]
    if delimiter == "\t":
        text = "".join("\t".join(_tsv_cell(cell) for cell in cells) + "\r\n" for cells in table)
    else:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(table)
        text = out.getvalue()
    return ("\ufeff" + text).encode("utf-8")


def _sniff(text: str, name: str) -> str:
    """Choose the delimiter from the file name, else from the header row."""
    if name.lower().endswith(_TSV_SUFFIXES):
        return "\t"
    first = next((line for line in text.split("\n") if line.strip()), "")
    return max((",", "\t", ";"), key=first.count)


def _rows(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each row of the table with the line it ends on."""
    if delimiter == "\t":
        for line, content in enumerate(text.split("\n"), start=1):
            yield line, [_unquote(cell) for cell in content.split("\t")]
        return
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise FormatError(f"{name} line {reader.line_num} cannot be read: {error}.") from None


def _unquote(cell: str) -> str:
    """Undo quoting of a whole TSV cell, as spreadsheet programs may write it."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


def _tsv_cell(cell: str) -> str:
    """Put a cell on one line without tabs, quoting it when `_unquote` would change it."""
    cell = " ".join(cell.split())
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if _unquote(cell) != cell else cell


def _header(row: list[str], name: str) -> tuple[dict[str, int], list[str]]:
    """Map column names to cell indexes and list the languages in column order.

    Language columns are keyed by their tag, deprecated-term columns by
    ``<lang>:deprecated`` and the optional columns by their name.
    """
    columns: dict[str, int] = {}
    langs: list[str] = []
    for index, raw in enumerate(row):
        cell = raw.strip()
        lowered = cell.lower()
        bare = lowered.removesuffix(DEPRECATED_SUFFIX).strip().replace("_", "-")
        if lowered in _FIELDS:
            column = lowered
        elif _LANG_COLUMN.fullmatch(bare):
            lang = normalize_lang(cell[: len(bare)])
            column = lang + (DEPRECATED_SUFFIX if lowered.endswith(DEPRECATED_SUFFIX) else "")
            langs += [] if lang in langs else [lang]
        else:
            continue  # not a column tmtool knows: ignored
        if column in columns:
            raise FormatError(f"{name} has the column {cell} twice.")
        columns[column] = index
    if not langs:
        raise FormatError(f"{name} has no language column; name columns zh, en, ru.")
    return columns, langs


def _concept(
    row: list[str],
    columns: dict[str, int],
    langs: list[str],
    source_lang: str,
    name: str,
    line: int,
) -> ConceptEntry | None:
    """Read one data row, each language's terms then its deprecated ones; None without terms."""

    def cell(column: str) -> str:
        index = columns.get(column)
        return " ".join(row[index].split()) if index is not None and index < len(row) else ""

    status = TermStatus.PREFERRED
    if cell("status"):
        found = parse_status(cell("status"))
        if found is None:
            raise FormatError(
                f'{name} line {line}: "{cell("status")}" is not a status tmtool knows; '
                "use preferred, admitted or deprecated."
            )
        status = found
    pos = cell("pos") or None
    terms: list[TermEntry] = []
    for lang in langs:
        for position, text in enumerate(_split(cell(lang))):
            term_status = status if position == 0 else TermStatus.ADMITTED
            terms.append(TermEntry(lang, text, term_status, pos))
        for text in _split(cell(lang + DEPRECATED_SUFFIX)):
            terms.append(TermEntry(lang, text, TermStatus.DEPRECATED, pos))
    if not terms:
        return None
    key = cell("id") or derived_key(terms, source_lang) or ""
    return ConceptEntry(key, tuple(terms), cell("subject") or None, _note(row, columns))


def _note(row: list[str], columns: dict[str, int]) -> str | None:
    """Return the note cell with its line breaks kept, or None."""
    index = columns.get("note")
    if index is None or index >= len(row):
        return None
    lines = [" ".join(line.split()) for line in row[index].split("\n")]
    return "\n".join(line for line in lines if line) or None


def _split(cell: str) -> list[str]:
    """Split a cell into its terms."""
    return [part.strip() for part in cell.split("|") if part.strip()]


def _language_order(termbase: Termbase) -> list[str]:
    """Order the language columns so that every concept's terms keep their order.

    Among the languages that may come next, the source language goes first,
    then the one used first; conflicting orders fall back to first use.
    """
    first_use = termbase.languages()
    rank = {lang: (lang != termbase.source_lang, i) for i, lang in enumerate(first_use)}
    before: dict[str, set[str]] = {lang: set() for lang in first_use}
    for concept in termbase.concepts:
        used = list(dict.fromkeys(term.lang for term in concept.terms))
        for earlier, later in pairwise(used):
            before[later].add(earlier)
    order: list[str] = []
    while before:
        ready = [lang for lang, earlier in before.items() if earlier <= set(order)]
        order.append(min(ready or before, key=rank.__getitem__))
        del before[order[-1]]
    return order


def _is_deprecated(term: TermEntry) -> bool:
    """Tell whether a term is deprecated."""
    return term.status is TermStatus.DEPRECATED


def _row(concept: ConceptEntry, langs: Iterable[str]) -> dict[str, str]:
    """Lay out one concept as cells keyed by column name."""
    row = {"id": concept.key, "subject": concept.subject or "", "note": concept.note or ""}
    leads: list[TermStatus] = []
    for lang in langs:
        terms = [term for term in concept.terms if term.lang == lang]
        for term in terms:
            if "|" in term.text:
                raise FormatError(
                    f'The term "{term.text}" contains "|", which separates terms in a cell.'
                )
        main = sorted(
            (t for t in terms if not _is_deprecated(t)),
            key=lambda t: t.status is TermStatus.ADMITTED,
        )
        if main:
            leads.append(main[0].status)
        row[lang] = TERM_SEPARATOR.join(t.text for t in main)
        row[lang + DEPRECATED_SUFFIX] = TERM_SEPARATOR.join(
            t.text for t in terms if _is_deprecated(t)
        )
    lead = max(TermStatus, key=leads.count) if leads else TermStatus.PREFERRED
    row["status"] = "" if lead is TermStatus.PREFERRED else lead.value
    row["pos"] = next((t.part_of_speech for t in concept.terms if t.part_of_speech), "")
    return row
