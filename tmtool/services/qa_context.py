"""The article context of stored QA results: peers in the article, TM units, the usual length.

`tmtool.services.qa_store` computes each translation's results from its own texts plus an
`ArticleContext` (see `tmtool.qa.context`).  This module reads that context from the
database, per article and language, and says which part of it each translation depends
on (its *context key*), so that a translation is recomputed exactly when something it is
compared with changes:

* **peers** — the article's other translated segments in the language that share its
  source, its translation, or a glossary concept with it;
* **TM units** — approved translation-memory units (table `TMUnit`) with the same source,
  from other articles; none when the table is empty;
* **length model** — learned from the workspace's approved translations of the language
  when there are at least `MIN_PAIRS`, else from the article's own translated pairs
  (the median is robust to a few bad drafts), else the TICO-19 defaults.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from tmtool.glossary import TermIndex
from tmtool.models import Article, Segment, State, TMUnit, Translation
from tmtool.qa.base import primary
from tmtool.qa.consistency import MIN_TARGET, renderings
from tmtool.qa.context import (
    MIN_PAIRS,
    ArticleContext,
    LengthModel,
    Neighbour,
    learn_length,
    normal_text,
    target_size,
)

__all__ = ["WORKSPACE_SAMPLE", "ContextReader", "Prepared"]

# The workspace's length model is learned from its latest approved translations.
WORKSPACE_SAMPLE = 2000
_ARTICLE_MINIMUM = 20

_lock = threading.Lock()
_models: dict[tuple[str, str, int], LengthModel | None] = {}


@dataclass(frozen=True)
class Prepared:
    """What one translation's results depend on beyond its own texts."""

    key: str
    peers: tuple[tuple[int, str, str], ...]
    tm: tuple[tuple[str, str], ...]
    length: LengthModel | None


@dataclass
class _Article:
    slug: str
    rows: list[tuple[int, str, str, str]]  # position, source, target, source hash
    by_source: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_target: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_concept: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    concepts: dict[int, set[str]] = field(default_factory=dict)
    tm: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    length: LengthModel | None = None


class ContextReader:
    """Reads and caches the context of the articles of one refresh."""

    def __init__(self, session: Session, index: TermIndex | None) -> None:
        """Prepare to read contexts.

        Args:
            session: a session with an open transaction.
            index: the workspace's term index, or None without a glossary.
        """
        self._session = session
        self._index = index
        self._articles: dict[tuple[int, str], _Article] = {}
        self._renderings: dict[tuple[int, str, int], dict[str, str]] = {}

    def prepare(
        self, article_id: int, lang: str, position: int, source: str, target: str
    ) -> Prepared:
        """The context one translation depends on, with its key."""
        article = self._article(article_id, lang)
        peers: set[int] = set()
        peers.update(article.by_source.get(normal_text(source), ()))
        if target_size(target) >= MIN_TARGET:
            peers.update(article.by_target.get(normal_text(target), ()))
        for concept in article.concepts.get(position, ()):
            peers.update(article.by_concept[concept])
        peers.discard(position)
        rows = {row[0]: row for row in article.rows}
        chosen = tuple((p, rows[p][1], rows[p][2]) for p in sorted(peers) if p in rows)
        tm = tuple(article.tm.get(normal_text(source), ()))
        length = article.length
        payload = [list(chosen), list(tm), length.key() if length is not None else ""]
        key = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()
        return Prepared(key, chosen, tm, length)

    def context(self, article_id: int, lang: str, prepared: Prepared) -> ArticleContext:
        """The `ArticleContext` of a prepared translation, with its peers' term renderings."""
        neighbours = []
        for position, source, target in prepared.peers:
            found: dict[str, str] = {}
            if self._index is not None:
                key = (article_id, lang, position)
                cached = self._renderings.get(key)
                if cached is None:
                    cached = self._renderings[key] = renderings(
                        self._index.check(source, target, lang), target, primary(lang)
                    )
                found = cached
            neighbours.append(Neighbour(position, source, target, found))
        return ArticleContext(tuple(neighbours), prepared.tm, prepared.length)

    def _article(self, article_id: int, lang: str) -> _Article:
        cached = self._articles.get((article_id, lang))
        if cached is not None:
            return cached
        session = self._session
        slug = session.execute(
            sa_select(col(Article.slug)).where(col(Article.id) == article_id)
        ).scalar_one()
        rows = [
            (position, source, text, digest)
            for position, source, text, digest in session.execute(
                sa_select(
                    col(Segment.position),
                    col(Segment.source),
                    col(Translation.text),
                    col(Segment.source_hash),
                )
                .join(Translation, col(Translation.segment_id) == col(Segment.id))
                .where(col(Segment.article_id) == article_id, col(Translation.lang) == lang)
            )
            if text.strip()
        ]
        article = _Article(slug, rows)
        for position, source, target, _ in rows:
            article.by_source[normal_text(source)].append(position)
            if target_size(target) >= MIN_TARGET:
                article.by_target[normal_text(target)].append(position)
            if self._index is not None:
                concepts = {hit.concept for hit in self._index.find(source)}
                article.concepts[position] = concepts
                for concept in concepts:
                    article.by_concept[concept].append(position)
        article.tm = self._tm(slug, lang, sorted({row[3] for row in rows}))
        article.length = self._workspace_length(lang) or learn_length(
            [(source, target) for _, source, target, _ in rows],
            basis="article",
            minimum=_ARTICLE_MINIMUM,
        )
        self._articles[article_id, lang] = article
        return article

    def _tm(self, slug: str, lang: str, hashes: list[str]) -> dict[str, list[tuple[str, str]]]:
        """Approved TM units of other articles whose source is one of these, by folded source."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for start in range(0, len(hashes), 900):
            for source, target, article in self._session.execute(
                sa_select(
                    col(TMUnit.source_text), col(TMUnit.target_text), col(TMUnit.article)
                ).where(
                    col(TMUnit.source_hash).in_(hashes[start : start + 900]),
                    col(TMUnit.target_lang) == lang,
                )
            ):
                if article != slug and target.strip():
                    found[normal_text(source)].append((source, target))
        return found

    def _workspace_length(self, lang: str) -> LengthModel | None:
        """The length model of the workspace's approved translations, cached by their count."""
        session = self._session
        approved = (
            sa_select(col(Segment.source), col(Translation.text))
            .join(Segment, col(Translation.segment_id) == col(Segment.id))
            .where(col(Translation.lang) == lang, col(Translation.state) >= int(State.APPROVED))
        )
        count = session.execute(
            sa_select(func.count()).select_from(approved.subquery())
        ).scalar_one()
        if count < MIN_PAIRS:
            return None
        key = (str(session.get_bind().engine.url), lang, int(count))
        with _lock:
            if key in _models:
                return _models[key]
        rows = session.execute(
            approved.order_by(col(Translation.id).desc()).limit(WORKSPACE_SAMPLE)
        ).all()
        model = learn_length([(s, t) for s, t in rows], basis="workspace")
        with _lock:
            _models[key] = model
            while len(_models) > 64:
                del _models[next(iter(_models))]
        return model
