"""Exports holding several languages: parallel tables and the website bundle."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlmodel import Session, col, func, select

from tmtool.errors import TmtoolError
from tmtool.formats import bundle
from tmtool.formats.parallel import ParallelRow, ParallelText, write_csv, write_html, write_tsv
from tmtool.models import Publication, utcnow
from tmtool.services.export_files import PARALLEL_SUFFIXES, Export, Pending, Version, output_path

_PARALLEL_WRITERS = {
    "parallel-html": write_html,
    "parallel-tsv": write_tsv,
    "parallel-csv": write_csv,
}


def parallel_name(slug: str, langs: list[str], fmt: str) -> str:
    """The file name of a parallel version, naming the languages it holds."""
    return f"{slug}.{'-'.join(langs)}{PARALLEL_SUFFIXES[fmt]}"


def write_parallel(export: Export) -> Pending:
    """The source and the targets side by side in one file."""
    langs = [v.lang for v in export.versions]
    text = ParallelText(
        slug=export.article.slug,
        langs=tuple(langs),
        titles={v.lang: v.title for v in export.versions},
        rows=[
            ParallelRow(
                position=segment.position,
                paragraph=segment.paragraph,
                texts={v.lang: v.texts[index] for v in export.versions},
            )
            for index, segment in enumerate(export.segments)
        ],
        draft=export.draft,
    )
    data = _PARALLEL_WRITERS[export.fmt](text)
    path = output_path(export.out_dir, parallel_name(export.article.slug, langs, export.fmt))
    return Pending(path, data, ",".join(langs), tuple(langs))


def text_checksum(version: Version) -> str:
    """SHA-256 of a version's title and paragraphs, one per line, hex."""
    return hashlib.sha256("\n".join([version.title, *version.paragraphs]).encode()).hexdigest()


def _read_manifest(out_dir: Path) -> bundle.Manifest:
    """The folder's manifest; an index.html without one is not tmtool's to replace."""
    manifest_path = out_dir / bundle.MANIFEST_NAME
    try:
        data = manifest_path.read_bytes()
    except FileNotFoundError:
        if (out_dir / bundle.INDEX_NAME).exists():
            raise TmtoolError(
                f"{out_dir} holds an index.html that tmtool did not write; "
                "choose another folder for the bundle."
            ) from None
        return bundle.Manifest()
    except OSError as exc:
        raise TmtoolError(f"cannot read {manifest_path}: {exc.strerror}.") from exc
    return bundle.read_manifest(data, name=str(manifest_path))


def _next_version(session: Session, export: Export, lang: str) -> int:
    """The number of this bundle publication of the article in `lang` (1 for the first)."""
    count = session.exec(
        select(func.count(col(Publication.id))).where(
            Publication.article_id == export.article.id,
            Publication.lang == lang,
            Publication.format == "bundle",
        )
    ).one()
    return int(count) + 1


def write_bundle(session: Session, export: Export) -> list[Pending]:
    """One page per language, the shared stylesheet, the manifest and the index."""
    slug = export.article.slug
    manifest = _read_manifest(export.out_dir)
    previous = manifest.articles.get(slug)
    if export.draft and previous is not None and not previous.draft:
        raise TmtoolError(
            f"{export.out_dir} holds the published version of {slug}; "
            "export the draft into another folder."
        )
    langs = tuple(v.lang for v in export.versions)
    when = utcnow().isoformat(timespec="seconds")
    pending: list[Pending] = []
    for version in export.versions:
        page = bundle.BundlePage(
            slug=slug,
            lang=version.lang,
            langs=langs,
            title=version.title,
            paragraphs=version.paragraphs,
            published_by=export.user.name,
            published_at=when,
            version=0 if export.draft else _next_version(session, export, version.lang),
            checksum=text_checksum(version),
            draft=export.draft,
        )
        path = output_path(export.out_dir, bundle.page_name(slug, version.lang))
        pending.append(Pending(path, bundle.write_page(page), version.lang, (version.lang,)))
    manifest.articles[slug] = bundle.ManifestEntry(
        slug=slug,
        titles={v.lang: v.title for v in export.versions},
        pages={p.lang: p.path.name for p in pending},
        published_by=export.user.name,
        published_at=when,
        draft=export.draft,
    )
    shared = [
        (bundle.STYLESHEET_NAME, bundle.STYLESHEET.encode("utf-8")),
        (bundle.MANIFEST_NAME, bundle.write_manifest(manifest)),
        (bundle.INDEX_NAME, bundle.write_index(manifest, lang=export.source_lang)),
    ]
    for name, data in shared:
        pending.append(Pending(output_path(export.out_dir, name), data, "", ()))
    return pending
