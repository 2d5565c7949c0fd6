"""Exporting finished (or, visibly marked, draft) language versions of an article."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.formats import EXTENSIONS, WRITERS, PublishedText
from tmtool.models import Publication, Role, Segment, State, Translation, utcnow
from tmtool.services import quality
from tmtool.services.importing import TITLE_PARAGRAPH
from tmtool.services.queries import find_article
from tmtool.services.users import get_user, require_role
from tmtool.services.workflow import Change, apply_change


@dataclass(frozen=True)
class ExportedFile:
    """One file written by an export."""

    lang: str
    path: Path
    checksum: str
    draft: bool


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


def _joiner(lang: str) -> str:
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
    """Write each requested language of an article to `out_dir` in format `fmt`.

    A final export (not `draft`) needs the publisher role, every segment APPROVED or
    FINAL and no open error-severity QA result in the language; it moves APPROVED
    segments to FINAL and records a Publication per language.
    A draft export takes any text, fills gaps with the bracketed source, and marks itself.
    """
    if fmt not in WRITERS:
        raise TmtoolError(
            f"{fmt!r} is not an export format; choose one of {', '.join(sorted(WRITERS))}."
        )
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
        pending: list[tuple[Path, bytes, ExportedFile]] = []
        for lang in langs:
            rows: dict[int | None, Translation] = {
                t.segment_id: t
                for t in session.exec(
                    select(Translation)
                    .join(Segment, col(Translation.segment_id) == col(Segment.id))
                    .where(Segment.article_id == article.id, Translation.lang == lang)
                )
            }
            if lang == source_lang:
                texts = [s.source for s in segments]
            else:
                if not rows:
                    raise TmtoolError(f"{slug} has no {lang} translation.")
                unfinished = [s.position for s in segments if rows[s.id].state < State.APPROVED]
                if unfinished and not draft:
                    raise TmtoolError(
                        f"{slug} ({lang}) is not finished: {len(unfinished)} of {len(segments)} "
                        f"segments are not approved (first: {unfinished[0]}); "
                        "use --draft to export it anyway."
                    )
                if not draft:
                    assert article.id is not None
                    _refuse_open_errors(session, slug, article.id, lang)
                texts = [rows[s.id].text.strip() or f"[{s.source}]" for s in segments]
            paragraphs: dict[int, list[str]] = {}
            for segment, text in zip(segments, texts, strict=True):
                paragraphs.setdefault(segment.paragraph, []).append(text)
            headline = paragraphs.pop(TITLE_PARAGRAPH, None)
            document = PublishedText(
                slug=slug,
                lang=lang,
                title=_joiner(lang).join(headline) if headline else article.title,
                paragraphs=[_joiner(lang).join(p) for p in paragraphs.values()],
                draft=draft,
            )
            data = WRITERS[fmt](document)
            path = output_path(out_dir, f"{slug}.{lang}{EXTENSIONS[fmt]}")
            checksum = hashlib.sha256(data).hexdigest()
            pending.append((path, data, ExportedFile(lang, path, checksum, draft)))
            if not draft and lang != source_lang:
                for segment in segments:
                    t = rows[segment.id]
                    if t.state == State.APPROVED and t.id is not None:
                        apply_change(
                            session,
                            Change(t.id, t.version, state=State.FINAL),
                            user=user,
                            action="publish",
                        )
                assert article.id is not None
                session.add(
                    Publication(
                        article_id=article.id,
                        lang=lang,
                        format=fmt,
                        user=user.name,
                        at=utcnow(),
                        checksum=checksum,
                        path=str(path),
                    )
                )
        # Files are written last, still inside the transaction: a write error rolls it back.
        write_files([(path, data) for path, data, _record in pending])
    return [record for _path, _data, record in pending]
