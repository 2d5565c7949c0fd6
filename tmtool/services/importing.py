"""Importing an article: a Chinese source with optional drafts, in one transaction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from tmtool.align import (
    CONFIDENT,
    AlignedSegment,
    Aligner,
    GlossaryAnchors,
    Pairing,
    TermAnchors,
    segment_drafts,
)
from tmtool.errors import TmtoolError
from tmtool.formats import Document
from tmtool.glossary import TermIndex
from tmtool.models import Article, Origin, Revision, Role, Segment, State, Translation, utcnow
from tmtool.segment import split_sentences
from tmtool.services import quality, terminology
from tmtool.services.users import get_user, require_role

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


def source_hash(text: str) -> str:
    """A stable hash of a source text, for exact lookups."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_slug(slug: str) -> str:
    """Return `slug` if it is usable in file names and URLs, else raise a clear error."""
    if not SLUG_PATTERN.match(slug):
        raise TmtoolError(
            f"{slug!r} is not a usable slug: use lowercase latin letters, digits, '-' and '_' "
            "(at most 100 characters)."
        )
    return slug


def slug_from_name(stem: str) -> str:
    """Derive a slug from a file name, e.g. `Survey.zh` → `survey`."""
    stem = stem.split(".")[0].lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")
    return slug or "article"


@dataclass
class SourceText:
    """A source article prepared for import: paragraphs of segments."""

    title: str
    paragraphs: list[list[str]]
    headline: str | None = None
    drafts: dict[str, list[Pairing]] = field(default_factory=dict)
    draft_origin: Origin = Origin.ALIGNED


TITLE_PARAGRAPH = 0
_SENTENCE_END = tuple("。！？；.!?…:：")
_TITLE_LIMIT = {"zh": 80}


def looks_like_title(paragraph: str, lang: str) -> bool:
    """A news headline: one short line without sentence-final punctuation."""
    text = paragraph.strip().rstrip("”’」』）)\"'»")
    return (
        bool(text)
        and not text.endswith(_SENTENCE_END)
        and len(text) <= _TITLE_LIMIT.get(lang, 250)
        and len(split_sentences(paragraph, lang)) == 1
    )


def title_and_body(document: Document, lang: str) -> tuple[str | None, list[str]]:
    """The document's headline (its own title, or a headline-like first paragraph) and body."""
    if document.title:
        return document.title, document.paragraphs
    first, *rest = document.paragraphs or [""]
    if rest and looks_like_title(first, lang):
        return first, rest
    return None, document.paragraphs


def glossary_anchors(session: Session) -> TermAnchors | None:
    """The workspace glossary as alignment anchors, or ``None`` when it is empty."""
    termbase = terminology.workspace_termbase(session)
    return GlossaryAnchors(TermIndex(termbase)) if termbase.concepts else None


def from_documents(
    source: Document,
    drafts: dict[str, Document],
    *,
    title: str | None,
    semicolon: bool = False,
    aligner: Aligner | None = None,
    terms: TermAnchors | None = None,
) -> SourceText:
    """Segment a source document and align each draft with it, sentence by sentence.

    A headline becomes paragraph 0 (one segment, paired with the draft's headline);
    the body paragraphs are numbered from 1.  Chinese sentences are merged into one
    segment where a draft sentence spans several of them, draft sentences are joined
    where several translate one segment, and nothing of a draft is dropped (see
    :func:`tmtool.align.segment_drafts`).

    Args:
        source: The Chinese document.
        drafts: Draft documents per target language.
        title: The article's title, if given.
        semicolon: ``；`` ends a Chinese sentence.
        aligner: The aligner to use (default: a new one with `terms`).
        terms: Glossary anchors for the default aligner.
    """
    headline, body = title_and_body(source, "zh")
    sentences = [split_sentences(p, "zh", semicolon=semicolon) for p in body]
    sentences = [p for p in sentences if p]
    if not sentences:
        raise TmtoolError("the Chinese file has no text to translate.")
    draft_headlines: dict[str, str] = {}
    draft_bodies: dict[str, list[list[str]]] = {}
    for lang, document in drafts.items():
        draft_headline, draft_body = title_and_body(document, lang)
        if headline is None and draft_headline is not None:
            draft_body = [draft_headline, *draft_body]  # nothing of a draft is dropped
            draft_headline = None
        draft_headlines[lang] = draft_headline or ""
        split = [split_sentences(p, lang) for p in draft_body]
        draft_bodies[lang] = [p for p in split if p]
    if any(draft_bodies.values()):
        segments = segment_drafts(
            sentences,
            draft_bodies,
            aligner=aligner if aligner is not None else Aligner(terms=terms),
        )
    else:  # nothing to align: one segment per sentence, and no model to load
        segments = [
            AlignedSegment(number, sentence, 1)
            for number, paragraph in enumerate(sentences)
            for sentence in paragraph
        ]
    paragraphs: list[list[str]] = [[] for _ in sentences]
    for segment in segments:
        paragraphs[segment.paragraph].append(segment.source)
    prepared = SourceText(
        title=title or headline or paragraphs[0][0][:80],
        paragraphs=paragraphs,
        headline=headline,
        draft_origin=Origin.ALIGNED,
    )
    for lang in drafts:
        pairings = [s.drafts.get(lang, Pairing("", 0.0)) for s in segments]
        if headline is not None:
            text = draft_headlines[lang]
            pairings.insert(0, Pairing(text, CONFIDENT if text else 0.0))
        prepared.drafts[lang] = pairings
    return prepared


def from_lines(
    source: list[str], drafts: dict[str, list[str]], *, title: str | None, names: dict[str, str]
) -> SourceText:
    """Build a source whose line N belongs with line N of every draft.

    A line blank in every file separates paragraphs when the source has blank lines;
    otherwise every line is a paragraph of its own.
    """
    for lang, lines in drafts.items():
        if len(lines) > len(source):
            raise TmtoolError(
                f"{names[lang]} has {len(lines)} lines but the Chinese file has {len(source)}; "
                "with --aligned-lines, line N of each file must belong together."
            )
    blocks = any(not line for line in source)
    paragraphs: list[list[str]] = []
    pairings: dict[str, list[Pairing]] = {lang: [] for lang in drafts}
    current: list[str] = []
    for number, line in enumerate(source, start=1):
        if not line:
            for lang, lines in drafts.items():
                if number <= len(lines) and lines[number - 1]:
                    raise TmtoolError(
                        f"line {number} of the Chinese file is blank but line {number} of "
                        f"{names[lang]} is not; with --aligned-lines the lines must correspond."
                    )
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(line)
        for lang, lines in drafts.items():
            text = lines[number - 1] if number <= len(lines) else ""
            pairings[lang].append(Pairing(text, CONFIDENT if text else 0.0))
        if not blocks:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    if not paragraphs:
        raise TmtoolError("the Chinese file has no text to translate.")
    return SourceText(
        title=title or paragraphs[0][0][:80],
        paragraphs=paragraphs,
        drafts=pairings,
        draft_origin=Origin.IMPORTED,
    )


def import_article(
    session: Session,
    *,
    slug: str,
    source: SourceText,
    target_langs: tuple[str, ...],
    user_name: str,
    origin: str = "",
) -> Article:
    """Store an article with its segments and a translation row per target language.

    Everything is written in one transaction: a failure leaves nothing behind. The QA
    results are computed in that transaction too, unless the article is so large that
    checking would slow the import down much (then the first report computes them).
    """
    check_slug(slug)
    with session.begin():
        user = get_user(session, user_name)
        require_role(user, "importing an article", Role.TRANSLATOR, Role.REVIEWER, Role.PUBLISHER)
        if session.exec(select(Article).where(Article.slug == slug)).first():
            raise TmtoolError(
                f"an article with slug {slug!r} exists already; choose another --slug."
            )
        now = utcnow()
        article = Article(
            slug=slug, title=source.title, origin=origin, created_at=now, updated_at=now
        )
        session.add(article)
        session.flush()
        assert article.id is not None
        segments: list[Segment] = []
        numbered = list(enumerate(source.paragraphs, start=1))
        if source.headline is not None:
            numbered.insert(0, (TITLE_PARAGRAPH, [source.headline]))
        for paragraph_number, sentences in numbered:
            for sentence in sentences:
                segments.append(
                    Segment(
                        article_id=article.id,
                        position=len(segments) + 1,
                        paragraph=paragraph_number,
                        source=sentence,
                        source_hash=source_hash(sentence),
                    )
                )
        session.add_all(segments)
        session.flush()
        translations: list[Translation] = []
        for lang in target_langs:
            pairings = source.drafts.get(lang)
            for index, segment in enumerate(segments):
                assert segment.id is not None
                pairing = pairings[index] if pairings else Pairing("", 0.0)
                has_text = bool(pairing.text.strip())
                translations.append(
                    Translation(
                        segment_id=segment.id,
                        lang=lang,
                        text=pairing.text,
                        state=int(State.DRAFT if has_text else State.EMPTY),
                        origin=(source.draft_origin if has_text else Origin.HUMAN).value,
                        confidence=pairing.confidence if has_text else None,
                        flag=pairing.flag,
                        updated_by=user.name,
                        updated_at=now,
                    )
                )
        session.add_all(translations)
        session.flush()
        session.add_all(
            Revision(
                translation_id=t.id,
                user=user.name,
                at=now,
                action="import",
                new_text=t.text,
                old_state=int(State.EMPTY),
                new_state=t.state,
                version=t.version,
            )
            for t in translations
            if t.text and t.id is not None
        )
        if len(translations) <= quality.EAGER_LIMIT:
            quality.recompute(session, [t.id for t in translations if t.id is not None])
    return article
