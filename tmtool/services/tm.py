"""Translation memory: learning approved sentences, import/export, lookups, analysis, prefill.

Exact matches come from the database by source hash (101 when the neighbouring sentences
match too); fuzzy matches come from the bigram index of `tmtool.services.tm_cache`, scored
0–100 by `tmtool.tm.similarity`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, tuple_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import Article, Origin, Role, Segment, State, TMUnit, Translation, utcnow
from tmtool.services import queries, tm_cache, workflow
from tmtool.services.importing import source_hash
from tmtool.services.retry import retrying
from tmtool.services.users import get_user, require_role
from tmtool.tm import BigramIndex, Hit, similarity
from tmtool.tm.files import Pair
from tmtool.tm.similarity import CONTEXT_SCORE
from tmtool.workspace import Workspace

DEFAULT_THRESHOLD = 75.0
DEFAULT_LIMIT = 5
#: Lookups of a batch at least this large are shared between processes.
PARALLEL_FROM = 200
_CHUNK = 500


@dataclass(frozen=True)
class Match:
    """One TM unit offered for a sentence, with its score (0–100; 101 in context)."""

    unit_id: int
    source: str
    target: str
    lang: str
    score: float
    origin: str
    creator: str
    article: str | None
    updated_at: datetime

    def to_json(self) -> dict[str, object]:
        """The DESIGN.md match shape plus provenance."""
        return {
            "source": self.source,
            "target": self.target,
            "lang": self.lang,
            "score": self.score,
            "id": self.unit_id,
            "origin": self.origin,
            "creator": self.creator,
            "article": self.article,
            "date": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class Query:
    """A sentence to look up, with its neighbours' hashes for in-context matches."""

    text: str
    prev_hash: str | None = None
    next_hash: str | None = None
    context: bool = False


@dataclass(frozen=True)
class ImportReport:
    """What a memory import did."""

    added: int
    merged: int


def default_threshold(workspace: Workspace) -> float:
    """The fuzzy threshold: `[tm] threshold` in tmtool.toml, else 75."""
    section = workspace.extra.get("tm")
    value = section.get("threshold") if isinstance(section, dict) else None
    if value is None:
        return DEFAULT_THRESHOLD
    if not isinstance(value, int | float) or not 0 < value <= 100:
        raise TmtoolError("tmtool.toml: [tm] threshold must be a number from 1 to 100.")
    return float(value)


def check_threshold(value: float) -> float:
    """Refuse a threshold outside 1–100."""
    if not 0 < value <= 100:
        raise TmtoolError(f"a match threshold must be from 1 to 100, not {value:g}.")
    return value


# -- storing ------------------------------------------------------------------------------------


def _neighbour_hashes(session: Session, segment: Segment) -> tuple[str | None, str | None]:
    rows = session.execute(
        sa_select(col(Segment.position), col(Segment.source_hash)).where(
            col(Segment.article_id) == segment.article_id,
            col(Segment.position).in_([segment.position - 1, segment.position + 1]),
        )
    ).all()
    found = {int(position): str(digest) for position, digest in rows}
    return found.get(segment.position - 1), found.get(segment.position + 1)


def learn(session: Session, *, segment: Segment, translation: Translation, user_name: str) -> None:
    """Remember an approved translation, inside the caller's transaction.

    The same source and target in the same language are stored once: learning them again
    refreshes the unit's date, creator and context.
    """
    text = translation.text.strip()
    if not text or not segment.source.strip():
        return
    article = session.get(Article, segment.article_id)
    prev_hash, next_hash = _neighbour_hashes(session, segment)
    target_hash = source_hash(text)
    existing = session.exec(
        select(TMUnit).where(
            TMUnit.source_lang == (article.source_lang if article else "zh"),
            TMUnit.target_lang == translation.lang,
            TMUnit.source_hash == segment.source_hash,
            TMUnit.target_hash == target_hash,
        )
    ).first()
    now = utcnow()
    if existing is not None:
        existing.updated_at = now
        existing.creator = user_name
        existing.article = article.slug if article else existing.article
        existing.prev_hash, existing.next_hash = prev_hash, next_hash
        session.add(existing)
        return
    session.add(
        TMUnit(
            source_lang=article.source_lang if article else "zh",
            source_text=segment.source,
            source_hash=segment.source_hash,
            target_lang=translation.lang,
            target_text=text,
            target_hash=target_hash,
            origin="approved",
            creator=user_name,
            article=article.slug if article else None,
            prev_hash=prev_hash,
            next_hash=next_hash,
            created_at=now,
            updated_at=now,
        )
    )


def import_pairs(
    session: Session, *, pairs: Sequence[Pair], user_name: str, origin: str = "imported"
) -> ImportReport:
    """Store sentence pairs in one transaction; pairs already stored are merged, not added."""
    unique: dict[tuple[str, str, str, str], Pair] = {}
    for pair in pairs:
        if pair.source.strip() and pair.target.strip():
            digests = (source_hash(pair.source), source_hash(pair.target))
            unique.setdefault((pair.source_lang, pair.target_lang, *digests), pair)

    def attempt() -> ImportReport:
        with session.begin():
            user = get_user(session, user_name)
            require_role(user, "importing a translation memory", Role.REVIEWER, Role.TRANSLATOR)
            keys = list(unique)
            existing: set[tuple[str, str, str, str]] = set()
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                found = session.execute(
                    sa_select(
                        col(TMUnit.source_lang),
                        col(TMUnit.target_lang),
                        col(TMUnit.source_hash),
                        col(TMUnit.target_hash),
                    ).where(
                        tuple_(col(TMUnit.source_hash), col(TMUnit.target_hash)).in_(
                            [(k[2], k[3]) for k in chunk]
                        )
                    )
                ).all()
                existing.update((str(a), str(b), str(c), str(d)) for a, b, c, d in found)
            now = utcnow()
            rows = [
                {
                    "source_lang": key[0],
                    "source_text": pair.source,
                    "source_hash": key[2],
                    "target_lang": key[1],
                    "target_text": pair.target,
                    "target_hash": key[3],
                    "origin": origin,
                    "creator": pair.creator or user.name,
                    "article": None,
                    "prev_hash": None,
                    "next_hash": None,
                    "created_at": pair.created_at or now,
                    "updated_at": now,
                }
                for key, pair in unique.items()
                if key not in existing
            ]
            for start in range(0, len(rows), 5000):
                session.execute(insert(TMUnit), rows[start : start + 5000])
            return ImportReport(added=len(rows), merged=len(pairs) - len(rows))

    return retrying(attempt)


def export_pairs(session: Session) -> list[Pair]:
    """Every unit as a pair, oldest first."""
    with session.begin():
        units = session.exec(select(TMUnit).order_by(col(TMUnit.id))).all()
        return [
            Pair(
                u.source_lang, u.source_text, u.target_lang, u.target_text, u.creator, u.created_at
            )
            for u in units
        ]


def unit_count(session: Session) -> int:
    """How many units the memory holds."""
    with session.begin():
        return int(session.execute(sa_select(func.count()).select_from(TMUnit)).scalar_one())


# -- lookups ------------------------------------------------------------------------------------


_TABLE = TMUnit.__table__  # type: ignore[attr-defined]


def _match(unit: Any, score: float) -> Match:
    """A match from a TMUnit or a row of its table."""
    return Match(
        int(unit.id),
        unit.source_text,
        unit.target_text,
        unit.target_lang,
        score,
        unit.origin,
        unit.creator,
        unit.article,
        unit.updated_at,
    )


def _exact(session: Session, queries_: Sequence[Query], lang: str | None) -> list[list[Match]]:
    """Exact matches per query, in-context ones scored 101."""
    hashes = [source_hash(q.text) for q in queries_]
    units: dict[str, list[Any]] = {}
    wanted = sorted(set(hashes))
    for start in range(0, len(wanted), _CHUNK):
        query = sa_select(_TABLE).where(_TABLE.c.source_hash.in_(wanted[start : start + _CHUNK]))
        if lang is not None:
            query = query.where(_TABLE.c.target_lang == lang)
        for unit in session.connection().execute(query):
            units.setdefault(unit.source_hash, []).append(unit)
    out: list[list[Match]] = []
    for q, digest in zip(queries_, hashes, strict=True):
        found = []
        for unit in units.get(digest, []):
            if unit.source_text != q.text:
                continue
            in_context = q.context and (unit.prev_hash, unit.next_hash) == (
                q.prev_hash,
                q.next_hash,
            )
            found.append(_match(unit, CONTEXT_SCORE if in_context else 100.0))
        found.sort(key=lambda m: (m.score, m.updated_at, m.unit_id), reverse=True)
        out.append(found)
    return out


_FORKED: BigramIndex | None = None


def _search_forked(job: tuple[str, int, float, int | None]) -> list[Hit]:
    assert _FORKED is not None
    text, limit, threshold, code = job
    return _FORKED.search(text, limit=limit, threshold=threshold, lang=code)


def _fuzzy(
    state: tm_cache.IndexState,
    texts: Sequence[str],
    *,
    limit: int,
    threshold: float,
    lang: str | None,
    workers: int,
) -> list[list[Hit]]:
    code = state.code(lang) if lang is not None else None
    if lang is not None and code is None:
        return [[] for _ in texts]
    jobs = [(text, limit, threshold, code) for text in texts]
    with state.lock:
        if workers > 1 and len(jobs) >= PARALLEL_FROM:
            global _FORKED
            _FORKED = state.index
            try:
                context = multiprocessing.get_context("fork")
                with context.Pool(workers) as pool:
                    return pool.map(_search_forked, jobs, chunksize=max(1, len(jobs) // 32))
            finally:
                _FORKED = None
        return [
            state.index.search(text, limit=limit, threshold=threshold, lang=code) for text in texts
        ]


def lookup_many(
    session: Session,
    *,
    workspace: Workspace,
    queries_: Sequence[Query],
    lang: str | None = None,
    limit: int = DEFAULT_LIMIT,
    threshold: float | None = None,
    workers: int = 1,
) -> list[list[Match]]:
    """The best matches for each query: exact first, then fuzzy above the threshold.

    Args:
        session: A session (not in a transaction).
        workspace: The workspace whose index to use.
        queries_: The sentences to look up.
        lang: Only units translated into this language (None: every language).
        limit: How many matches per query at most.
        threshold: The lowest fuzzy score (default: the workspace's).
        workers: Processes to share a large batch between.
    """
    cut = check_threshold(default_threshold(workspace) if threshold is None else threshold)
    with session.begin():
        # Without context the index finds exact matches too (score 100); with context the
        # database tells which of them are in context (101).
        exact = (
            _exact(session, queries_, lang)
            if any(q.context for q in queries_) or cut >= 100
            else [[] for _ in queries_]
        )
        fuzzy_wanted = [i for i, found in enumerate(exact) if len(found) < limit and cut < 100]
        hits: dict[int, list[Hit]] = {}
        units: dict[int, Any] = {}
        if fuzzy_wanted:
            state = tm_cache.current(session, workspace)
            texts = [queries_[i].text for i in fuzzy_wanted]
            found_hits = _fuzzy(
                state, texts, limit=limit, threshold=cut, lang=lang, workers=workers
            )
            with state.lock:
                ids = {
                    i: [(state.index.entry_id(h.entry), h.score) for h in row]
                    for i, row in zip(fuzzy_wanted, found_hits, strict=True)
                }
            unit_ids = sorted({uid for row in ids.values() for uid, _ in row})
            for start in range(0, len(unit_ids), _CHUNK):
                chunk = unit_ids[start : start + _CHUNK]
                query = sa_select(_TABLE).where(_TABLE.c.id.in_(chunk))
                for unit in session.connection().execute(query):
                    units[int(unit.id)] = unit
            for i, row in ids.items():
                hits[i] = [Hit(uid, score) for uid, score in row if uid in units]
        out: list[list[Match]] = []
        for i, found in enumerate(exact):
            seen = {m.unit_id for m in found}
            more = [_match(units[h.entry], h.score) for h in hits.get(i, []) if h.entry not in seen]
            out.append((found + more)[:limit])
        return out


def search(
    session: Session,
    *,
    workspace: Workspace,
    text: str,
    lang: str | None = None,
    limit: int = DEFAULT_LIMIT,
    threshold: float | None = None,
) -> list[Match]:
    """The best matches for one sentence (see `lookup_many`)."""
    if limit < 1:
        raise TmtoolError("--limit must be at least 1.")
    query = Query(text.strip())
    return lookup_many(
        session, workspace=workspace, queries_=[query], lang=lang, limit=limit, threshold=threshold
    )[0]


def concordance(
    session: Session, *, workspace: Workspace, phrase: str, lang: str | None = None, limit: int = 50
) -> list[Match]:
    """Units holding `phrase` in their source or their target, newest first."""
    phrase = phrase.strip()
    if not phrase:
        raise TmtoolError("give a phrase to look for.")
    with session.begin():
        state = tm_cache.current(session, workspace)
        code = state.code(lang) if lang is not None else None
        with state.lock:
            entries = (
                []
                if lang is not None and code is None
                else state.index.concordance(phrase, limit=limit, lang=code)
            )
            ids = [state.index.entry_id(e) for e in entries]
        escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = select(TMUnit).where(
            or_(
                col(TMUnit.id).in_(ids),
                col(TMUnit.target_text).like(f"%{escaped}%", escape="\\"),
            )
        )
        if lang is not None:
            query = query.where(TMUnit.target_lang == lang)
        units = session.exec(query.order_by(col(TMUnit.id).desc()).limit(limit)).all()
        return [_match(u, similarity(phrase, u.source_text)) for u in units]


def use_suggestion(
    session: Session,
    *,
    translation_id: int,
    expected_version: int,
    text: str,
    user_name: str,
    origin: Origin = Origin.TM,
) -> queries.CellView:
    """Put a TM (or MT) suggestion into a translation as a DRAFT, through the workflow.

    Raises:
        ConflictError: the stored version is not `expected_version`.
        TmtoolError: the user may not edit, or the suggestion is empty.
    """
    if not text.strip():
        raise TmtoolError("the suggestion is empty.")

    def attempt() -> queries.CellView:
        with session.begin():
            user = get_user(session, user_name)
            require_role(user, "inserting a suggestion", *workflow.EDITORS)
            change = workflow.Change(
                translation_id, expected_version, text=text, state=State.DRAFT, origin=origin
            )
            action = "insert-tm" if origin == Origin.TM else "insert-mt"
            return workflow.snapshot(
                workflow.apply_change(session, change, user=user, action=action)
            )

    return retrying(attempt)
