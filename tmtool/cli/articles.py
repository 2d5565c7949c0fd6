"""Workspace, article, review and export commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from tmtool import formats
from tmtool.cli.base import Context, article_id, cli, emit, pass_context, session
from tmtool.errors import TmtoolError
from tmtool.models import Role, State
from tmtool.services import (
    exchange,
    foreign,
    importing,
    queries,
    users,
    workflow,
)
from tmtool.services.setup import init_workspace, open_workspace
from tmtool.states import STYLES
from tmtool.workspace import Workspace


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".")
@click.option(
    "--db", "database", default=None, help="Database URL (default: a SQLite file in the workspace)."
)
@click.option("--no-glossary", is_flag=True, help="Do not load the desk's shipped glossary.")
@pass_context
def init(ctx: Context, directory: Path, database: str | None, no_glossary: bool) -> None:
    """Create a workspace in DIRECTORY and its database; you become its admin."""
    ws = init_workspace(
        directory, database=database, creator=ctx.user_name, glossary=not no_glossary
    )
    click.echo(f"Created a workspace in {ws.root} with {ctx.user_name} as admin.")


@cli.group(name="db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command(name="upgrade")
@pass_context
def db_upgrade(ctx: Context) -> None:
    """Migrate the workspace's database to the current schema."""
    from tmtool import db

    ws = ctx.workspace()
    engine = db.make_engine(ws.database_url)
    try:
        db.upgrade(engine)
        click.echo(f"The database is at revision {db.current_revision(engine)}.")
    finally:
        engine.dispose()


@cli.command(name="import")
@click.argument("zh_file", type=click.Path(path_type=Path))
@click.option("--en", "en_file", type=click.Path(path_type=Path), help="English draft.")
@click.option("--ru", "ru_file", type=click.Path(path_type=Path), help="Russian draft.")
@click.option(
    "--slug", default=None, help="Short name of the article (default: from the file name)."
)
@click.option("--title", default=None, help="Title (default: from the file).")
@click.option("--aligned-lines", is_flag=True, help="Line N of each file belongs together.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def import_cmd(
    ctx: Context,
    zh_file: Path,
    en_file: Path | None,
    ru_file: Path | None,
    slug: str | None,
    title: str | None,
    aligned_lines: bool,
    as_json: bool,
) -> None:
    """Import a Chinese article (.txt, .md, .html) with optional English and Russian drafts.

    A .po, .xlf, .xliff or .tmx file that tmtool exported takes its translations back
    instead; such a file from another tool becomes a new article (--slug, --title).
    """
    ws, engine = ctx.engine()
    if zh_file.suffix.lower() in (*exchange.IMPORT_SUFFIXES, ".tmx"):
        _import_exchange(ctx, ws, engine, zh_file, slug, title, as_json)
        return
    draft_files = {lang: path for lang, path in (("en", en_file), ("ru", ru_file)) if path}
    unknown = [lang for lang in draft_files if lang not in ws.target_langs]
    if unknown:
        raise TmtoolError(f"this workspace does not translate into {', '.join(unknown)}.")
    if aligned_lines:
        source = importing.from_lines(
            formats.read_lines(zh_file),
            {lang: formats.read_lines(p) for lang, p in draft_files.items()},
            title=title,
            names={lang: p.name for lang, p in draft_files.items()},
        )
    else:
        source = importing.from_documents(
            formats.read_document(zh_file),
            {lang: formats.read_document(p) for lang, p in draft_files.items()},
            title=title,
            semicolon=ws.zh_semicolon_ends_sentence,
            terms=importing.glossary_anchors(session(engine)) if draft_files else None,
        )
    slug = slug or importing.slug_from_name(zh_file.name)
    article = importing.import_article(
        session(engine),
        slug=slug,
        source=source,
        target_langs=ws.target_langs,
        user_name=ctx.user_name,
        origin=zh_file.name,
    )
    count = sum(len(p) for p in source.paragraphs)
    flagged = {lang: sum(1 for p in pairs if p.flag) for lang, pairs in source.drafts.items()}
    if as_json:
        emit({"slug": article.slug, "title": article.title, "segments": count, "flagged": flagged})
        return
    click.echo(
        f"Imported {article.slug!r}: {count} segments in {len(source.paragraphs)} paragraphs."
    )
    for lang, n in flagged.items():
        if n:
            click.echo(f"  {lang}: {n} segments are flagged for checking (see `tmtool show`).")


def _import_exchange(
    ctx: Context,
    ws: Workspace,
    engine: Engine,
    path: Path,
    slug: str | None,
    title: str | None,
    as_json: bool,
) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TmtoolError(f"cannot read {path}: {exc.strerror}.") from exc
    result = foreign.import_file(
        session(engine),
        data=data,
        name=path.name,
        slug=slug,
        title=title,
        source_lang=ws.source_lang,
        target_langs=ws.target_langs,
        user_name=ctx.user_name,
    )
    if isinstance(result, foreign.NewArticle):
        if as_json:
            emit(
                {
                    "slug": result.slug,
                    "title": result.title,
                    "segments": result.segments,
                    "drafts": result.drafts,
                    "created": True,
                }
            )
            return
        drafts = ", ".join(f"{lang} {n}" for lang, n in result.drafts.items()) or "none"
        click.echo(
            f"Imported {path.name} as a new article {result.slug!r}: {result.segments} segments,"
            f" drafts: {drafts}."
        )
        return
    if as_json:
        reports = [
            {"slug": r.slug, "lang": r.lang, "changed": r.changed, "unchanged": r.unchanged}
            for r in result
        ]
        emit(reports[0] if len(reports) == 1 else {"imports": reports})
        return
    for report in result:
        skipped = f", {report.skipped} skipped (empty)" if report.skipped else ""
        click.echo(
            f"Imported {path.name} into {report.slug} ({report.lang}): {report.changed} changed, "
            f"{report.unchanged} unchanged{skipped}."
        )


def _progress_json(progress: queries.LangProgress) -> dict[str, Any]:
    return {
        "segments": progress.total_segments,
        "states": {state.name: n for state, n in progress.segments.items()},
        "translated_percent": round(progress.share(State.TRANSLATED), 1),
        "approved_percent": round(progress.share(State.APPROVED), 1),
        "words": progress.words,
        "qa_errors": progress.qa_errors,
        "qa_warnings": progress.qa_warnings,
        "publishable": progress.publishable,
    }


def _progress_cell(progress: queries.LangProgress) -> str:
    """Shares by Chinese characters, segments per state, words, and whether it may be published."""
    states = " ".join(f"{STYLES[state].glyph}{n}" for state, n in progress.segments.items() if n)
    mark = "  publishable" if progress.publishable else ""
    qa = (
        f"  QA {progress.qa_errors}✗ {progress.qa_warnings}⚠"
        if progress.qa_errors or progress.qa_warnings
        else ""
    )
    return (
        f"{progress.share(State.TRANSLATED):.0f}% ✓ {progress.share(State.APPROVED):.0f}% ★{mark}\n"
        f"{states}  {progress.words} words{qa}"
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def articles(ctx: Context, as_json: bool) -> None:
    """List articles with their progress per language."""
    ws, engine = ctx.engine()
    rows = queries.list_articles(session(engine), ws.target_langs)
    if as_json:
        emit(
            {
                "articles": [
                    {
                        "slug": r.slug,
                        "title": r.title,
                        "segments": r.segments,
                        "characters": r.characters,
                        "open_comments": r.open_comments,
                        "progress": {lang: _progress_json(p) for lang, p in r.progress.items()},
                    }
                    for r in rows
                ]
            }
        )
        return
    if not rows:
        click.echo("No articles yet; `tmtool import ZH_FILE` adds one.")
        return
    table = Table("slug", "title", "segments", "汉字", *ws.target_langs, "comments")
    for r in rows:
        table.add_row(
            r.slug,
            r.title,
            str(r.segments),
            str(r.characters),
            *(_progress_cell(p) for p in r.progress.values()),
            str(r.open_comments or ""),
        )
    Console().print(table)


def segment_json(segment: queries.SegmentView) -> dict[str, Any]:
    """One segment in the shape `show --json` uses."""
    return {
        "id": segment.id,
        "position": segment.position,
        "paragraph": segment.paragraph,
        "source": segment.source,
        "translations": {
            lang: {
                "text": c.text,
                "state": c.state.name,
                "version": c.version,
                "origin": c.origin,
                "flag": c.flag,
            }
            for lang, c in segment.translations.items()
        },
    }


@cli.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def show(ctx: Context, slug: str, as_json: bool) -> None:
    """Show an article's segments, translations and states."""
    _ws, engine = ctx.engine()
    view = queries.article_view(session(engine), slug)
    if as_json:
        emit(
            {
                "slug": view.slug,
                "title": view.title,
                "segments": [segment_json(s) for s in view.segments],
            }
        )
        return
    click.echo(f"{view.slug}: {view.title}")
    for s in view.segments:
        click.echo(f"\n[{s.position}] ¶{s.paragraph}  {s.source}")
        for lang, c in s.translations.items():
            style = STYLES[c.state]
            click.echo(f"    {lang} {style.glyph} {style.label:<10} {c.text}")


def _review(
    ctx: Context,
    slug: str,
    lang: str,
    segments: tuple[int, ...],
    comment: str | None,
    approve: bool,
    as_json: bool,
) -> None:
    _ws, engine = ctx.engine()
    count = workflow.review(
        session(engine),
        article_id=article_id(engine, slug),
        lang=lang,
        positions=list(segments) or None,
        user_name=ctx.user_name,
        approve=approve,
        comment=comment,
    )
    if as_json:
        emit({"slug": slug, "lang": lang, "changed": count})
    else:
        click.echo(f"{'Approved' if approve else 'Rejected'} {count} {lang} segments of {slug}.")


@cli.command()
@click.argument("slug")
@click.option("--lang", required=True, help="Target language.")
@click.option(
    "--segment", "segments", type=int, multiple=True, help="Segment position (repeatable)."
)
@click.option("--comment", default=None, help="A comment recorded with the approval.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def approve(
    ctx: Context,
    slug: str,
    lang: str,
    segments: tuple[int, ...],
    comment: str | None,
    as_json: bool,
) -> None:
    """Approve segments (all DRAFT or TRANSLATED ones when none are named)."""
    _review(ctx, slug, lang, segments, comment, True, as_json)


@cli.command()
@click.argument("slug")
@click.option("--lang", required=True, help="Target language.")
@click.option(
    "--segment", "segments", type=int, multiple=True, help="Segment position (repeatable)."
)
@click.option("--comment", default=None, help="What needs fixing (required).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def reject(
    ctx: Context,
    slug: str,
    lang: str,
    segments: tuple[int, ...],
    comment: str | None,
    as_json: bool,
) -> None:
    """Send segments back to the translator with a comment."""
    _review(ctx, slug, lang, segments, comment, False, as_json)


@cli.group(name="user")
def user_group() -> None:
    """Users and roles."""


@user_group.command(name="add")
@click.argument("name")
@click.option(
    "--role",
    "roles",
    required=True,
    help="translator, reviewer, publisher, admin (comma-separated).",
)
@pass_context
def user_add(ctx: Context, name: str, roles: str) -> None:
    """Add a user (admins only)."""
    _ws, engine = ctx.engine()
    with session(engine) as s, s.begin():
        users.require_role(users.get_user(s, ctx.user_name), "adding a user", Role.ADMIN)
    user = users.add_user(session(engine), name=name, roles=users.parse_roles(roles))
    click.echo(f"Added {user.name} ({user.roles}).")


@user_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def user_list(ctx: Context, as_json: bool) -> None:
    """List users and their roles."""
    _ws, engine = ctx.engine()
    rows = users.list_users(session(engine))
    if as_json:
        emit({"users": [{"name": u.name, "roles": u.roles.split(",")} for u in rows]})
        return
    for u in rows:
        click.echo(f"{u.name}\t{u.roles}")


@cli.command()
@pass_context
def tui(ctx: Context) -> None:
    """Open the editor on the current workspace."""
    from tmtool.tui.app import make_app

    ws, engine = ctx.engine()
    make_app(engine=engine, workspace=ws, user_name=ctx.user_name).run()


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default="demo-workspace")
@click.option("--no-tui", is_flag=True, help="Only build the workspace.")
@pass_context
def demo(ctx: Context, directory: Path, no_tui: bool) -> None:
    """Build a demo workspace in DIRECTORY (if absent) and open the editor on it."""
    from tmtool import demo as demo_data

    ws = demo_data.build(directory, user=ctx.user_name)
    if no_tui:
        click.echo(f"The demo workspace is in {ws.root}.")
        return
    from tmtool.tui.app import make_app

    make_app(engine=open_workspace(ws), workspace=ws, user_name=ctx.user_name).run()
