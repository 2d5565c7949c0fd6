"""Files of an export: what is written where, atomically, and never outside the output folder."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tmtool.errors import TmtoolError
from tmtool.models import Article, Segment, Translation, User

#: Formats holding several languages in one file, with their file name suffix.
PARALLEL_SUFFIXES: dict[str, str] = {
    "parallel-html": ".html",
    "parallel-tsv": ".tsv",
    "parallel-csv": ".csv",
}


@dataclass(frozen=True)
class ExportedFile:
    """One file written by an export.

    ``lang`` is the file's language, the languages of a parallel file joined
    by commas (``"zh,en,ru"``), or ``""`` for a bundle's shared files.
    """

    lang: str
    path: Path
    checksum: str
    draft: bool


@dataclass
class Version:
    """One language of an article, as an export takes it.

    Attributes:
        lang: The language.
        texts: The text of each segment, in article order.
        rows: The translations by segment id (empty for the source language).
        title: The title: the headline's text, else the article's title.
        paragraphs: The body paragraphs, the segments of each joined.
    """

    lang: str
    texts: list[str]
    rows: dict[int | None, Translation]
    title: str
    paragraphs: list[str]


@dataclass
class Pending:
    """A file to write, and the languages whose publication it is."""

    path: Path
    data: bytes
    lang: str
    published: tuple[str, ...]

    @property
    def checksum(self) -> str:
        """SHA-256 of the file's bytes, hex."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Export:
    """What the format writers need: the article, its segments and its versions."""

    article: Article
    segments: list[Segment]
    versions: list[Version]
    user: User
    fmt: str
    out_dir: Path
    draft: bool
    source_lang: str


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, so no half-written file is left."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def joiner(lang: str) -> str:
    """What joins the sentences of a paragraph: nothing in Chinese and Japanese, else a space."""
    return "" if lang in ("zh", "ja") else " "


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder, or refuse in one sentence."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TmtoolError(f"cannot create the folder {out_dir}: {exc.strerror}.") from exc


def output_path(out_dir: Path, name: str) -> Path:
    """The path of file `name` in `out_dir`, refusing one that escapes the folder."""
    path = (out_dir / name).resolve()
    if path.parent != out_dir.resolve():
        raise TmtoolError(f"refusing to write outside {out_dir}.")
    return path


def write_files(pending: list[tuple[Path, bytes]]) -> None:
    """Write each file atomically; a failure becomes one sentence naming the file."""
    try:
        for path, data in pending:
            write_atomically(path, data)
    except OSError as exc:
        raise TmtoolError(f"cannot write {exc.filename}: {exc.strerror}.") from exc
