"""The fuzzy-lookup index of a workspace's memory: kept in memory, saved beside the database.

The index file (``<database file>.tm-index.npz`` for SQLite, ``tmtool.tm-index.npz`` in the
workspace folder otherwise) records which database it describes and the highest unit id it
holds. Opening it reads only the units added since (``WHERE id > ?``); a memory that lost
units, or a file for another database, is rebuilt. Every lookup first picks up units added
meanwhile, so a unit stored by anyone is findable in the next lookup.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from tmtool.models import TMUnit
from tmtool.tm import BigramIndex
from tmtool.workspace import Workspace

__all__ = ["IndexState", "current", "forget", "index_path"]

#: Fold added units into the numpy table (and save the file) once this many are pending.
COMPACT_AFTER = 20_000
_FORMAT = 1
_LOCK = threading.RLock()
_OPEN: dict[str, IndexState] = {}


@dataclass
class IndexState:
    """An open index and the language table its codes refer to."""

    index: BigramIndex
    langs: list[str] = field(default_factory=list)
    path: Path | None = None
    fingerprint: str = ""
    checked: bool = False
    lock: threading.RLock = field(default_factory=threading.RLock)

    def code(self, lang: str, *, create: bool = False) -> int | None:
        """The code of a language (None when no unit has it and `create` is false)."""
        if lang in self.langs:
            return self.langs.index(lang)
        if not create:
            return None
        self.langs.append(lang)
        return len(self.langs) - 1

    def lang(self, code: int) -> str:
        """The language a code stands for."""
        return self.langs[code]


def index_path(workspace: Workspace) -> Path:
    """Where the index of this workspace's memory is kept."""
    url = workspace.database_url
    prefix = "sqlite:///"
    if url.startswith(prefix) and url[len(prefix) :] not in ("", ":memory:"):
        database = Path(url[len(prefix) :].split("?")[0])
        return database.with_name(database.name + ".tm-index.npz")
    return workspace.root / "tmtool.tm-index.npz"


def _fingerprint(url: str) -> str:
    return hashlib.sha256(f"{_FORMAT}:{url}".encode()).hexdigest()[:32]


def _load(path: Path, fingerprint: str) -> IndexState | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
        if meta.get("fingerprint") != fingerprint:
            return None
        return IndexState(BigramIndex.from_arrays(arrays), list(meta["langs"]), path, fingerprint)
    except (OSError, ValueError, KeyError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def save(state: IndexState) -> None:
    """Write the index file atomically; a failure to write only costs a rebuild later."""
    if state.path is None:
        return
    arrays = state.index.to_arrays()
    meta = json.dumps({"fingerprint": state.fingerprint, "langs": state.langs}).encode("utf-8")
    arrays["meta"] = np.frombuffer(meta, dtype=np.uint8)
    temp = state.path.with_name(state.path.name + f".{os.getpid()}.part")
    try:
        with temp.open("wb") as stream:
            np.savez(stream, **arrays)  # type: ignore[arg-type]
        temp.replace(state.path)
    except OSError:
        temp.unlink(missing_ok=True)


def _catch_up(session: Session, state: IndexState) -> int:
    """Add the units stored since the index was last brought up to date."""
    table = TMUnit.__table__  # type: ignore[attr-defined]
    rows = (
        session.connection()
        .execute(
            sa_select(table.c.id, table.c.target_lang, table.c.source_text)
            .where(table.c.id > state.index.max_id)
            .order_by(table.c.id)
        )
        .all()
    )
    if not rows:
        return 0
    return state.index.add(
        (int(unit_id), state.code(lang, create=True) or 0, text) for unit_id, lang, text in rows
    )


def current(session: Session, workspace: Workspace) -> IndexState:
    """The workspace's index, up to date with the database `session` reads.

    Hold ``state.lock`` while searching it: another thread may be adding units.
    """
    url = workspace.database_url
    fingerprint = _fingerprint(url)
    with _LOCK:
        state = _OPEN.get(url)
        if state is None:
            path = index_path(workspace)
            state = _load(path, fingerprint) or IndexState(BigramIndex(), [], path, fingerprint)
            _OPEN[url] = state
    with state.lock:
        if not state.checked:
            stored = session.execute(
                sa_select(func.count()).where(col(TMUnit.id) <= state.index.max_id)
            ).scalar_one()
            if stored != len(state.index):  # units were removed, or another database
                state.index, state.langs = BigramIndex(), []
            state.checked = True
        added = _catch_up(session, state)
        if state.index.pending >= COMPACT_AFTER or (added and len(state.index) == added):
            state.index.compact()
            save(state)
    return state


def forget(workspace: Workspace | None = None) -> None:
    """Drop open indexes from memory (all of them without a workspace); files stay."""
    with _LOCK:
        if workspace is None:
            _OPEN.clear()
        else:
            _OPEN.pop(workspace.database_url, None)
