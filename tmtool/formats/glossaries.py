"""Reading and writing glossary files, the format chosen by the file's extension."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tmtool.formats import read_bytes, tbx, termtable
from tmtool.formats.base import FormatError
from tmtool.formats.termbase import Termbase

TBX_SUFFIXES = (".tbx", ".xml")
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t", ".txt": None}


def read_glossary(path: Path) -> Termbase:
    """Read a TBX, CSV or TSV glossary file."""
    suffix = path.suffix.lower()
    if suffix not in TBX_SUFFIXES and suffix not in TABLE_SUFFIXES:
        raise FormatError(
            f"{path.name} is not a glossary file tmtool reads; use .tbx, .csv or .tsv."
        )
    data = read_bytes(path)
    if suffix in TBX_SUFFIXES:
        return tbx.read(data, name=path.name)
    return termtable.read(data, name=path.name, delimiter=TABLE_SUFFIXES[suffix])


def write_glossary(path: Path, termbase: Termbase) -> None:
    """Write a glossary as TBX-Basic, CSV or TSV; the file appears whole or not at all."""
    suffix = path.suffix.lower()
    if suffix in TBX_SUFFIXES:
        data = tbx.write(termbase)
    elif suffix in (".csv", ".tsv", ".tab"):
        data = termtable.write(termbase, delimiter=TABLE_SUFFIXES[suffix] or ",")
    else:
        raise FormatError(f"{path.name}: choose .tbx, .csv or .tsv for a glossary file.")
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except FileNotFoundError:
        raise FormatError(f"the folder {path.parent} does not exist.") from None
    except OSError as error:
        raise FormatError(f"cannot write {path}: {(error.strerror or 'error').lower()}.") from None
