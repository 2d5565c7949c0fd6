"""Read-only views of articles and their progress, as plain dataclasses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import Article, Comment, Segment, State, Translation
from tmtool.segment import count_units
from tmtool.services import quality


@dataclass(frozen=True)
class CellView:
    """One translation as the editor shows it."""

    id: int
    lang: str
    text: str
    state: State
    version: int
    origin: str
    flag: str | None
    updated_by: str


@dataclass(frozen=True)
class SegmentView:
    """One source segment with its translations by language."""

    id: int
    position: int
    paragraph: int
    source: str
    translations: dict[str, CellView]


@dataclass(frozen=True)
class ArticleView:
    """An article with all of its segments."""

    id: int
    slug: str
    title: str
    segments: list[SegmentView]


@dataclass
class LangProgress:
    """Progress of one target language: segments and source characters per state."""

    segments: dict[State, int] = field(default_factory=lambda: dict.fromkeys(State, 0))
    characters: dict[State, int] = field(default_factory=lambda: dict.fromkeys(State, 0))
    words: int = 0
    qa_errors: int = 0
    qa_warnings: int = 0

    @property
    def total_segments(self) -> int:
        """How many segments the article has."""
        return sum(self.segments.values())

    def share(self, at_least: State) -> float:
        """Share (0–100) of source characters in `at_least` or a later state."""
        total = sum(self.characters.values())
        done = sum(n for state, n in self.characters.items() if state >= at_least)
        return 100.0 * done / total if total else 0.0

    @property
    def publishable(self) -> bool:
        """Every segment approved (or final), and no open error-severity QA result."""
        return (
            self.total_segments > 0
            and self.qa_errors == 0
            and all(n == 0 for state, n in self.segments.items() if state < State.APPROVED)
        )


@dataclass
class ArticleSummary:
    """One row of the article list."""

    id: int
    slug: str
    title: str
    segments: int
    characters: int
    open_comments: int
    progress: dict[str, LangProgress]


def list_articles(session: Session, target_langs: tuple[str, ...]) -> list[ArticleSummary]:
    """Every article with its progress per target language and its open QA results.

    Stale or missing QA results are recomputed first.
    """
    with session.begin():
        articles = list(session.exec(select(Article).order_by(col(Article.slug))))
        chars: dict[int, int] = defaultdict(int)
        counts: dict[int, int] = defaultdict(int)
        sizes: dict[int, int] = {}
        for seg_id, article_id, source in session.exec(
            select(Segment.id, Segment.article_id, Segment.source)
        ):
            assert seg_id is not None
            size = count_units(source, "zh")
            sizes[seg_id] = size
            chars[article_id] += size
            counts[article_id] += 1
        progress: dict[int, dict[str, LangProgress]] = {
            a.id: {lang: LangProgress() for lang in target_langs} for a in articles if a.id
        }
        rows = session.execute(
            sa_select(
                col(Segment.article_id),
                col(Segment.id),
                col(Translation.lang),
                col(Translation.state),
                col(Translation.text),
            ).join(Translation, col(Translation.segment_id) == col(Segment.id))
        )
        for article_id, seg_id, lang, state, text in rows:
            per_lang = progress.get(article_id, {}).get(lang)
            if per_lang is None or seg_id is None:
                continue
            per_lang.segments[State(state)] += 1
            per_lang.characters[State(state)] += sizes[seg_id]
            per_lang.words += count_units(text, lang) if text else 0
        for article_id, qa_counts in quality.counts_in(session, target_langs).items():
            for lang, (errors, warnings) in qa_counts.items():
                if lang in progress.get(article_id, {}):
                    progress[article_id][lang].qa_errors = errors
                    progress[article_id][lang].qa_warnings = warnings
        comments = dict(
            session.exec(
                select(Segment.article_id, func.count(col(Comment.id)))
                .join(Comment, col(Comment.segment_id) == col(Segment.id))
                .where(col(Comment.resolved).is_(False))
                .group_by(col(Segment.article_id))
            ).all()
        )
        return [
            ArticleSummary(
                id=a.id,
                slug=a.slug,
                title=a.title,
                segments=counts[a.id],
                characters=chars[a.id],
                open_comments=comments.get(a.id, 0),
                progress=progress[a.id],
            )
            for a in articles
            if a.id is not None
        ]


def find_article(session: Session, slug: str) -> Article:
    """The article with `slug`, or a clear error naming the slug."""
    article = session.exec(select(Article).where(Article.slug == slug)).first()
    if article is None:
        raise TmtoolError(f"there is no article {slug!r}; `tmtool articles` lists them.")
    return article


def article_view(session: Session, slug: str) -> ArticleView:
    """An article with its segments and translations, in order."""
    with session.begin():
        article = find_article(session, slug)
        segments = list(
            session.exec(
                select(Segment)
                .where(Segment.article_id == article.id)
                .order_by(col(Segment.position))
            )
        )
        cells: dict[int, dict[str, CellView]] = defaultdict(dict)
        translations = session.exec(
            select(Translation)
            .join(Segment, col(Translation.segment_id) == col(Segment.id))
            .where(Segment.article_id == article.id)
        )
        for t in translations:
            assert t.id is not None
            cells[t.segment_id][t.lang] = CellView(
                t.id, t.lang, t.text, State(t.state), t.version, t.origin, t.flag, t.updated_by
            )
        assert article.id is not None
        return ArticleView(
            id=article.id,
            slug=article.slug,
            title=article.title,
            segments=[
                SegmentView(
                    s.id, s.position, s.paragraph, s.source, dict(sorted(cells[s.id].items()))
                )
                for s in segments
                if s.id is not None
            ],
        )


def cell(session: Session, translation_id: int) -> CellView:
    """One translation as it is stored now."""
    with session.begin():
        t = session.get(Translation, translation_id)
        if t is None or t.id is None:
            raise TmtoolError(f"there is no translation with id {translation_id}.")
        return CellView(
            t.id, t.lang, t.text, State(t.state), t.version, t.origin, t.flag, t.updated_by
        )
