"""Translation memory for whole articles: match analysis and pre-translation."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.models import Article, Origin, Segment, State, Translation
from tmtool.segment import count_units
from tmtool.services import quality, queries, workflow
from tmtool.services.retry import retrying
from tmtool.services.tm import Query, check_threshold, lookup_many
from tmtool.services.users import get_user, require_role
from tmtool.tm import BANDS, band_of
from tmtool.workspace import Workspace


def _article_queries(session: Session, slug: str) -> tuple[Article, list[Segment], list[Query]]:
    article = queries.find_article(session, slug)
    segments = list(
        session.exec(
            select(Segment).where(Segment.article_id == article.id).order_by(col(Segment.position))
        )
    )
    out = []
    for i, segment in enumerate(segments):
        prev_hash = segments[i - 1].source_hash if i > 0 else None
        next_hash = segments[i + 1].source_hash if i + 1 < len(segments) else None
        out.append(Query(segment.source, prev_hash, next_hash, context=True))
    return article, segments, out


@dataclass
class BandCount:
    """Segments and source characters in one match band."""

    segments: int = 0
    characters: int = 0


@dataclass
class Analysis:
    """Match statistics of an article: per language, per band."""

    slug: str
    segments: int
    characters: int
    langs: dict[str, dict[str, BandCount]] = field(default_factory=dict)


def analyze(session: Session, *, workspace: Workspace, slug: str, workers: int = 2) -> Analysis:
    """Count segments and characters per match band for each target language."""
    with session.begin():
        _article, _segments, article_queries = _article_queries(session, slug)
    sizes = [count_units(q.text, workspace.source_lang) for q in article_queries]
    result = Analysis(slug, len(article_queries), sum(sizes))
    for lang in workspace.target_langs:
        best = lookup_many(
            session,
            workspace=workspace,
            queries_=article_queries,
            lang=lang,
            limit=1,
            threshold=min(b.low for b in BANDS if b.key != "none"),
            workers=workers,
        )
        bands = {band.key: BandCount() for band in BANDS}
        for matches, size in zip(best, sizes, strict=True):
            count = bands[band_of(matches[0].score if matches else None).key]
            count.segments += 1
            count.characters += size
        result.langs[lang] = bands
    return result


@dataclass(frozen=True)
class PretranslateReport:
    """What a pre-translation filled."""

    filled: int
    empty: int
    by_band: dict[str, int]


def pretranslate(
    session: Session,
    *,
    workspace: Workspace,
    slug: str,
    lang: str,
    user_name: str,
    threshold: float = 100.0,
    workers: int = 2,
) -> PretranslateReport:
    """Fill the EMPTY segments of one language with their best match, as DRAFT (origin tm).

    Lookups run first (shared between `workers` processes); the changes are then written in
    one transaction through the workflow, each with its revision. A segment someone filled
    meanwhile is left alone.
    """
    check_threshold(threshold)
    if lang not in workspace.target_langs:
        raise TmtoolError(f"{lang} is not a target language of this workspace.")
    with session.begin():
        require_role(get_user(session, user_name), "pre-translating", *workflow.EDITORS)
        article, segments, article_queries = _article_queries(session, slug)
        empty = {
            t.segment_id
            for t in session.exec(
                select(Translation)
                .join(Segment, col(Segment.id) == col(Translation.segment_id))
                .where(Segment.article_id == article.id, Translation.lang == lang)
            )
            if t.state == State.EMPTY
        }
    todo = [i for i, s in enumerate(segments) if s.id in empty]
    best = lookup_many(
        session,
        workspace=workspace,
        queries_=[article_queries[i] for i in todo],
        lang=lang,
        limit=1,
        threshold=min(threshold, 100.0),
        workers=workers,
    )
    chosen = {segments[i].id: m[0] for i, m in zip(todo, best, strict=True) if m}
    by_band: dict[str, int] = {}

    def attempt() -> int:
        by_band.clear()
        filled: list[int] = []
        with session.begin():
            user = get_user(session, user_name)
            rows = session.exec(
                select(Translation).where(
                    col(Translation.segment_id).in_(list(chosen)), Translation.lang == lang
                )
            ).all()
            for translation in rows:
                match = chosen[translation.segment_id]
                if translation.state != State.EMPTY or translation.id is None:
                    continue
                if not workflow.fill_empty(
                    session,
                    translation_id=translation.id,
                    version=translation.version,
                    text=match.target,
                    origin=Origin.TM,
                    user=user,
                    action="pretranslate",
                ):
                    continue  # filled by someone meanwhile: leave it
                filled.append(translation.id)
                key = band_of(match.score).key
                by_band[key] = by_band.get(key, 0) + 1
            quality.recompute(session, filled)
            return len(filled)

    filled = retrying(attempt) if chosen else 0
    return PretranslateReport(filled=filled, empty=len(todo), by_band=dict(by_band))
