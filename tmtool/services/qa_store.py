"""Stored QA results: computed when a text changes, refreshed on demand, dismissable.

Design: the results of one translation are its `QAIssue` rows plus one `QARun` row that
says what they were computed from — a hash of the inputs (source, neighbouring sources,
language, target text, pairing flag, and the part of the article context the consistency
and length checks compare it with: see `tmtool.services.qa_context`) and a *stamp* (the
rules version and the glossary's state).
Results are current exactly when the run's hash and stamp equal what they would be now;
`refresh` recomputes every translation of an article whose run is missing or differs.
So a text edit (recomputed at once by `workflow.apply_change`), an import (computed at
once), a glossary change, a merge or split of segments and a new version of the checks
all lead to correct results, whichever path changed the data.

An import computes the results of its translations at once up to `EAGER_LIMIT`
translations; a larger one leaves them to the first `results`/`counts`/export, which
find them missing. The TUI calls `ensure_current(article_id)` when it opens an article.

Empty translations get no results: an empty segment is simply untranslated, and its
state says so already (no flood of `empty_target` warnings) — except one that the draft
pairing flagged (no sentence of the draft matches it: the draft may leave it out), which
gets one `empty_target` warning quoting the flag, so that the omission shows in the QA
panel and the counts.

A dismissal belongs to (translation, check, message): it outlives recomputation as long
as the same problem is found again, and a result is open unless an active (not undone)
dismissal with that key exists.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.glossary import TermIndex
from tmtool.models import Article, Concept, QAIssue, QARun, Segment, Term, Translation, utcnow
from tmtool.qa import Unit, run_checks
from tmtool.qa.text import EmptyTarget
from tmtool.services.qa_context import ContextReader, Prepared
from tmtool.services.retry import retrying
from tmtool.services.terminology import termbase_in

# Bump when the checks change in a way that should recompute stored results.
RULES_VERSION = "qa-3"
SOURCE_LANG = "zh"
_CHUNK = 900  # ids per IN (...) list, below SQLite's bound-parameter limit
_CACHE_SIZE = 16
# Imports of up to this many translations compute their results at once (about 1 ms each);
# larger ones leave it to the first report, so a 5,000-segment import stays quick.
EAGER_LIMIT = 2000

_lock = threading.Lock()
_indexes: dict[str, tuple[str, TermIndex | None]] = {}


@dataclass(frozen=True)
class _Input:
    """What the checks of one translation are computed from."""

    translation_id: int
    article_id: int
    position: int
    lang: str
    source: str
    target: str
    neighbours: tuple[str, ...]
    flag: str = ""
    context_key: str = ""

    @property
    def digest(self) -> str:
        parts = (self.lang, self.source, self.target, *self.neighbours, self.flag, self.context_key)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def glossary_stamp(session: Session) -> str:
    """The state of the workspace's glossary and of the rules, as a short string.

    Every glossary edit changes it: adding or removing terms changes the count or the
    largest id, and editing a concept moves its `updated_at`.

    Args:
        session: a session with an open transaction.

    Returns:
        A stamp such as ``"qa-1|416|1204|2026-11-29 16:48:16+00:00"``.
    """
    count, largest = session.execute(
        sa_select(func.count(col(Term.id)), func.max(col(Term.id)))
    ).one()
    updated = session.execute(sa_select(func.max(col(Concept.updated_at)))).scalar()
    return f"{RULES_VERSION}|{count}|{largest or 0}|{updated or ''}"


def term_index(session: Session) -> tuple[str, TermIndex | None]:
    """The glossary stamp and a TermIndex of the workspace, cached per database and stamp.

    Building the index takes a while, so it is built once per glossary state and shared
    (thread-safely) by every session on the same database.

    Args:
        session: a session with an open transaction.

    Returns:
        The stamp and the index, or None when the glossary is empty.
    """
    stamp = glossary_stamp(session)
    key = str(session.get_bind().engine.url)
    with _lock:
        cached = _indexes.get(key)
    if cached is not None and cached[0] == stamp:
        return cached
    termbase = termbase_in(session)
    entry = (stamp, TermIndex(termbase, source_lang=SOURCE_LANG) if termbase.concepts else None)
    with _lock:
        _indexes.pop(key, None)
        _indexes[key] = entry
        while len(_indexes) > _CACHE_SIZE:
            del _indexes[next(iter(_indexes))]
    return entry


def _inputs(
    session: Session, *, article_ids: list[int], translation_ids: list[int] | None
) -> list[_Input]:
    """The check inputs of the given translations (or of every translation of the articles)."""
    query = sa_select(
        col(Translation.id),
        col(Translation.lang),
        col(Translation.text),
        col(Translation.flag),
        col(Segment.article_id),
        col(Segment.position),
        col(Segment.source),
    ).join(Segment, col(Translation.segment_id) == col(Segment.id))
    rows: list[Any] = []
    if translation_ids is None:
        for chunk in chunks(article_ids):
            rows.extend(session.execute(query.where(col(Segment.article_id).in_(chunk))).all())
    else:
        for chunk in chunks(translation_ids):
            rows.extend(session.execute(query.where(col(Translation.id).in_(chunk))).all())
    wanted: dict[int, set[int]] = defaultdict(set)
    for _tid, _lang, _text, _flag, article_id, position, _source in rows:
        wanted[article_id].update((position - 1, position + 1))
    sources: dict[tuple[int, int], str] = {}
    for article_id, positions in wanted.items():
        for chunk in chunks(sorted(positions)):
            for position, source in session.execute(
                sa_select(col(Segment.position), col(Segment.source)).where(
                    col(Segment.article_id) == article_id, col(Segment.position).in_(chunk)
                )
            ):
                sources[article_id, position] = source
    return [
        _Input(
            translation_id=tid,
            article_id=article_id,
            position=position,
            lang=lang,
            source=source,
            target=text,
            neighbours=tuple(
                sources.get((article_id, p), "") for p in (position - 1, position + 1)
            ),
            flag=flag or "",
        )
        for tid, lang, text, flag, article_id, position, source in rows
    ]


def _with_context(
    inputs: list[_Input], reader: ContextReader
) -> tuple[list[_Input], dict[int, Prepared]]:
    """The inputs with their context keys, and what each one's context is."""
    prepared = {
        i.translation_id: reader.prepare(i.article_id, i.lang, i.position, i.source, i.target)
        for i in inputs
    }
    keyed = [replace(i, context_key=prepared[i.translation_id].key) for i in inputs]
    return keyed, prepared


def _store(
    session: Session,
    inputs: list[_Input],
    stamp: str,
    index: TermIndex | None,
    reader: ContextReader,
    prepared: dict[int, Prepared],
) -> None:
    """Replace the stored results of these translations by freshly computed ones."""
    ids = [i.translation_id for i in inputs]
    for chunk in chunks(ids):
        session.execute(delete(QAIssue).where(col(QAIssue.translation_id).in_(chunk)))
        session.execute(delete(QARun).where(col(QARun.translation_id).in_(chunk)))
    now = utcnow()
    issues: list[dict[str, object]] = []
    for item in inputs:
        if not item.target.strip():
            if item.flag:  # the pairing found no draft sentence for it: an omission, maybe
                issues.append(_flagged(item, now))
            continue  # untranslated: its state says so; no results
        unit = Unit(
            item.source,
            item.target,
            SOURCE_LANG,
            item.lang,
            neighbours=item.neighbours,
            glossary=index,
            position=item.position,
            context=reader.context(item.article_id, item.lang, prepared[item.translation_id]),
        )
        issues.extend(
            {
                "translation_id": item.translation_id,
                "check": issue.check,
                "severity": issue.severity.value,
                "start": issue.start,
                "end": issue.end,
                "message": issue.message,
                "created_at": now,
            }
            for issue in run_checks(unit)
        )
    if issues:
        session.execute(insert(QAIssue), issues)
    if inputs:
        session.execute(
            insert(QARun),
            [
                {
                    "translation_id": item.translation_id,
                    "input_hash": item.digest,
                    "stamp": stamp,
                    "computed_at": now,
                }
                for item in inputs
            ],
        )


def _flagged(item: _Input, now: object) -> dict[str, object]:
    """The one result of an empty translation that the draft pairing flagged."""
    note = item.flag.rstrip(".")
    return {
        "translation_id": item.translation_id,
        "check": EmptyTarget.check_id,
        "severity": EmptyTarget.severity.value,
        "start": 0,
        "end": 0,
        "message": f"No translation: {note}.",
        "created_at": now,
    }


def recompute(session: Session, translation_ids: list[int]) -> None:
    """Compute and store the QA results of these translations, inside the caller's transaction.

    Args:
        session: a session with an open transaction.
        translation_ids: the translations whose results to replace.
    """
    if not translation_ids:
        return
    stamp, index = term_index(session)
    _lock_rows(session, translation_ids)
    reader = ContextReader(session, index)
    inputs, prepared = _with_context(
        _inputs(session, article_ids=[], translation_ids=translation_ids), reader
    )
    _store(session, inputs, stamp, index, reader, prepared)


def _lock_rows(session: Session, translation_ids: list[int]) -> None:
    """Serialise concurrent recomputations of the same translations (PostgreSQL row locks)."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite has one writer at a time anyway
    for chunk in chunks(sorted(translation_ids)):
        session.execute(
            sa_select(col(Translation.id)).where(col(Translation.id).in_(chunk)).with_for_update()
        )


def refresh(
    session: Session, article_ids: list[int] | None = None, translation_ids: list[int] | None = None
) -> int:
    """Recompute the results that are missing or stale, inside the caller's transaction.

    Args:
        session: a session with an open transaction.
        article_ids: the articles to look at; None for every article.
        translation_ids: only these translations (of those articles), when given.

    Returns:
        How many translations were recomputed.
    """
    if article_ids is None:
        article_ids = [i for i in session.exec(select(Article.id)) if i is not None]
    stamp, index = term_index(session)
    reader = ContextReader(session, index)
    inputs, prepared = _with_context(
        _inputs(session, article_ids=article_ids, translation_ids=translation_ids), reader
    )
    runs: dict[int, tuple[str, str]] = {}
    for chunk in chunks([i.translation_id for i in inputs]):
        for tid, digest, run_stamp in session.execute(
            sa_select(col(QARun.translation_id), col(QARun.input_hash), col(QARun.stamp)).where(
                col(QARun.translation_id).in_(chunk)
            )
        ):
            runs[tid] = (digest, run_stamp)
    stale = [i for i in inputs if runs.get(i.translation_id) != (i.digest, stamp)]
    if stale:
        _lock_rows(session, [i.translation_id for i in stale])
        _store(session, stale, stamp, index, reader, prepared)
    return len(stale)


def ensure_current(session: Session, *, article_id: int) -> int:
    """Bring the stored results of one article up to date, in a transaction of its own.

    Args:
        session: a session without an open transaction.
        article_id: the article.

    Returns:
        How many translations were recomputed.

    Raises:
        TmtoolError: unknown article.
    """

    def attempt() -> int:
        with session.begin():
            article_or_error(session, article_id)
            return refresh(session, [article_id])

    return retrying(attempt)


def article_or_error(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise TmtoolError(f"there is no article with id {article_id}.")
    return article
