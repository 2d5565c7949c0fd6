"""Exporting finished (or, visibly marked, draft) language versions of an article.

Formats:

* per language, one file each: ``txt``, ``md``, ``html``, ``docx``;
* parallel, one file holding the source and the chosen targets side by side:
  ``parallel-html``, ``parallel-tsv``, ``parallel-csv``;
* ``bundle``: a static website folder with one page per language (source and
  targets), a shared stylesheet and an index that grows with each export.

A final export (not ``draft``) needs the publisher role, every target segment
APPROVED or FINAL and no open error-severity QA result; it moves APPROVED
segments to FINAL and records a Publication per target language and file.
Nothing is written and nothing changes when it is refused.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.formats import EXTENSIONS, WRITERS, PublishedText
from tmtool.models import Article, Publication, Role, Segment, State, Translation, utcnow
from tmtool.services import publishing_sets, quality
from tmtool.services.export_files import (
    PARALLEL_SUFFIXES,
    Export,
    ExportedFile,
    Pending,
    Version,
    joiner,
    output_path,
    prepare_out_dir,
    write_atomically,
    write_files,
)
from tmtool.services.importing import TITLE_PARAGRAPH
from tmtool.services.queries import find_article
from tmtool.services.users import get_user, require_role
from tmtool.services.workflow import Change, apply_change

__all__ = [
    "PARALLEL_SUFFIXES",
    "PUBLISH_FORMATS",
    "ExportedFile",
    "export_article",
    "output_path",
    "prepare_out_dir",
    "write_atomically",
    "write_files",
]

#: Every publishing format, with what it writes (for help texts).
PUBLISH_FORMATS: dict[str, str] = {
    "txt": "plain text, one file per language",
    "md": "Markdown, one file per language",
    "html": "an HTML page per language",
    "docx": "a Word document per language",
    "parallel-html": "one HTML page with the languages side by side, a row per segment",
    "parallel-tsv": "one TSV table: position, paragraph, then a column per language",
    "parallel-csv": "one CSV table (UTF-8 with BOM, for Excel), columns as parallel-tsv",
    "bundle": "a static website folder: a page per language, a switcher, an index",
}


def _refuse_open_errors(session: Session, slug: str, article_id: int, lang: str) -> None:
    """Refuse a final export while an error-severity QA result of `lang` is open."""
    errors = quality.open_errors_in(session, article_id=article_id, lang=lang)
    if errors:
        first = errors[0]
        plural = "s" if len(errors) != 1 else ""
        raise TmtoolError(
            f"{slug} ({lang}) has {len(errors)} open QA error{plural} "
            f"(first: segment {first.segment}, {first.check}); "
            "fix or dismiss them, or use --draft."
        )


def _version(
    session: Session,
    article: Article,
    segments: list[Segment],
    lang: str,
    *,
    draft: bool,
    source_lang: str,
) -> Version:
    """Take one language of the article, refusing an unfinished one unless `draft`."""
    rows: dict[int | None, Translation] = {}
    if lang == source_lang:
        texts = [s.source for s in segments]
    else:
        rows = {
            t.segment_id: t
            for t in session.exec(
                select(Translation)
                .join(Segment, col(Translation.segment_id) == col(Segment.id))
                .where(Segment.article_id == article.id, Translation.lang == lang)
            )
        }
        if segments and not rows:
            raise TmtoolError(f"{article.slug} has no {lang} translation.")
        unfinished = [
            s.position for s in segments if s.id not in rows or rows[s.id].state < State.APPROVED
        ]
        if unfinished and not draft:
            raise TmtoolError(
                f"{article.slug} ({lang}) is not finished: {len(unfinished)} of {len(segments)} "
                f"segments are not approved (first: {unfinished[0]}); "
                "use --draft to export it anyway."
            )
        if not draft:
            assert article.id is not None
            _refuse_open_errors(session, article.slug, article.id, lang)
        texts = [
            (rows[s.id].text.strip() if s.id in rows else "") or f"[{s.source}]" for s in segments
        ]
    paragraphs: dict[int, list[str]] = {}
    for segment, text in zip(segments, texts, strict=True):
        paragraphs.setdefault(segment.paragraph, []).append(text)
    headline = paragraphs.pop(TITLE_PARAGRAPH, None)
    return Version(
        lang=lang,
        texts=texts,
        rows=rows,
        title=joiner(lang).join(headline) if headline else article.title,
        paragraphs=[joiner(lang).join(p) for p in paragraphs.values()],
    )


def _per_language(export: Export) -> list[Pending]:
    pending: list[Pending] = []
    for version in export.versions:
        document = PublishedText(
            slug=export.article.slug,
            lang=version.lang,
            title=version.title,
            paragraphs=version.paragraphs,
            draft=export.draft,
        )
        data = WRITERS[export.fmt](document)
        name = f"{export.article.slug}.{version.lang}{EXTENSIONS[export.fmt]}"
        path = output_path(export.out_dir, name)
        pending.append(Pending(path, data, version.lang, (version.lang,)))
    return pending


def _finalise(session: Session, export: Export, pending: list[Pending]) -> None:
    """Move the published targets' APPROVED segments to FINAL; record each publication."""
    assert export.article.id is not None
    published = {lang for p in pending for lang in p.published} - {export.source_lang}
    for version in export.versions:
        if version.lang not in published:
            continue
        for segment in export.segments:
            t = version.rows.get(segment.id)
            if t is not None and t.state == State.APPROVED and t.id is not None:
                apply_change(
                    session,
                    Change(t.id, t.version, state=State.FINAL),
                    user=export.user,
                    action="publish",
                )
    at = utcnow()
    for p in pending:
        for lang in p.published:
            if lang == export.source_lang:
                continue
            session.add(
                Publication(
                    article_id=export.article.id,
                    lang=lang,
                    format=export.fmt,
                    user=export.user.name,
                    at=at,
                    checksum=p.checksum,
                    path=str(p.path),
                )
            )


def languages(langs: list[str], *, source_lang: str, with_source: bool) -> list[str]:
    """The languages to export, without repeats; the source first when `with_source`."""
    ordered = [source_lang] if with_source else []
    for lang in langs:
        if lang not in ordered:
            ordered.append(lang)
    return ordered


def export_article(
    session: Session,
    *,
    slug: str,
    fmt: str,
    langs: list[str],
    out_dir: Path,
    user_name: str,
    draft: bool = False,
    source_lang: str = "zh",
) -> list[ExportedFile]:
    """Write the requested languages of an article to `out_dir` in format `fmt`.

    A final export (not `draft`) needs the publisher role, every segment APPROVED or
    FINAL and no open error-severity QA result in each target language; it moves
    APPROVED segments to FINAL and records a Publication per target language and file.
    A draft export takes any text, fills gaps with the bracketed source, and marks itself.
    Parallel formats and bundles always include the source language.

    Raises:
        TmtoolError: the format, user, role, article or a language is refused; nothing
            is written then.
    """
    if fmt not in PUBLISH_FORMATS:
        raise TmtoolError(
            f"{fmt!r} is not an export format; choose one of {', '.join(sorted(PUBLISH_FORMATS))}."
        )
    if not langs:
        raise TmtoolError("name at least one language to export.")
    multi = fmt in PARALLEL_SUFFIXES or fmt == "bundle"
    chosen = languages(langs, source_lang=source_lang, with_source=multi)
    prepare_out_dir(out_dir)
    with session.begin():
        user = get_user(session, user_name)
        if not draft:
            require_role(user, "publishing", Role.PUBLISHER)
        article = find_article(session, slug)
        segments = list(
            session.exec(
                select(Segment)
                .where(Segment.article_id == article.id)
                .order_by(col(Segment.position))
            )
        )
        versions = [
            _version(session, article, segments, lang, draft=draft, source_lang=source_lang)
            for lang in chosen
        ]
        export = Export(article, segments, versions, user, fmt, out_dir, draft, source_lang)
        if fmt in PARALLEL_SUFFIXES:
            pending = [publishing_sets.write_parallel(export)]
        elif fmt == "bundle":
            pending = publishing_sets.write_bundle(session, export)
        else:
            pending = _per_language(export)
        if not draft:
            _finalise(session, export, pending)
        # Files are written last, still inside the transaction: a write error rolls it back.
        write_files([(p.path, p.data) for p in pending])
    return [ExportedFile(p.lang, p.path, p.checksum, draft) for p in pending]
