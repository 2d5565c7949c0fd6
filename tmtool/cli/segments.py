"""Segment commands: merge, split, move a sentence, undo, and the list of such changes."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy import Engine

from tmtool.cli.articles import segment_json
from tmtool.cli.base import Context, article_id, cli, emit, pass_context, session
from tmtool.services import queries, segments
from tmtool.states import STYLES


def _operation_json(operation: segments.OperationView) -> dict[str, Any]:
    return {
        "id": operation.id,
        "action": operation.action,
        "user": operation.user,
        "at": operation.at.isoformat(),
        "segment": operation.position,
        "undone": operation.undone,
    }


def _report(engine: Engine, slug: str, operation: segments.OperationView, as_json: bool) -> None:
    """Print what a change left: the operation and the segments it touched."""
    view = queries.article_view(session(engine), slug)
    touched = [s for s in view.segments if s.position in operation.positions]
    if as_json:
        emit(
            {
                "slug": slug,
                "operation": _operation_json(operation),
                "segment": operation.position,
                "count": len(view.segments),
                "segments": [segment_json(s) for s in touched],
            }
        )
        return
    verb = "Undid" if operation.undone else "Done:"
    click.echo(f"{verb} {operation.action} at segment {operation.position} of {slug}.")
    for s in touched:
        click.echo(f"[{s.position}] ¶{s.paragraph}  {s.source}")
        for lang, c in s.translations.items():
            style = STYLES[c.state]
            click.echo(f"    {lang} {style.glyph} {style.label:<10} {c.text}")


@cli.group(name="segment")
def segment_group() -> None:
    """Fix an article's segmentation: merge, split, move sentences, undo."""


@segment_group.command(name="merge")
@click.argument("slug")
@click.option("--segment", "position", type=int, required=True, help="The first of the two.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def merge(ctx: Context, slug: str, position: int, as_json: bool) -> None:
    """Merge segment N with segment N+1 (source and every translation)."""
    _ws, engine = ctx.engine()
    done = segments.merge_with_next(
        session(engine),
        article_id=article_id(engine, slug),
        position=position,
        user_name=ctx.user_name,
    )
    _report(engine, slug, done, as_json)


@segment_group.command(name="split")
@click.argument("slug")
@click.option("--segment", "position", type=int, required=True, help="The segment to split.")
@click.option(
    "--at",
    "source_at",
    type=int,
    default=None,
    help="Split the source before this character (0-based); default: the sentence boundary "
    "matching --en-at/--ru-at.",
)
@click.option("--en-at", type=int, default=None, help="Split the English text here.")
@click.option("--ru-at", type=int, default=None, help="Split the Russian text here.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def split(
    ctx: Context,
    slug: str,
    position: int,
    source_at: int | None,
    en_at: int | None,
    ru_at: int | None,
    as_json: bool,
) -> None:
    """Split segment N in two; translations without an offset split at a matching sentence."""
    _ws, engine = ctx.engine()
    target_at = {lang: at for lang, at in (("en", en_at), ("ru", ru_at)) if at is not None}
    done = segments.split(
        session(engine),
        article_id=article_id(engine, slug),
        position=position,
        source_at=source_at,
        target_at=target_at,
        user_name=ctx.user_name,
    )
    _report(engine, slug, done, as_json)


@segment_group.command(name="move")
@click.argument("slug")
@click.option("--segment", "position", type=int, required=True, help="The segment giving it.")
@click.option("--lang", required=True, help="The translation's language.")
@click.option(
    "--to",
    "direction",
    type=click.Choice(["previous", "next"]),
    required=True,
    help="previous: the first sentence goes to the end of segment N-1; "
    "next: the last sentence goes to the start of segment N+1.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def move(ctx: Context, slug: str, position: int, lang: str, direction: str, as_json: bool) -> None:
    """Move a sentence of one translation to the previous or next segment."""
    _ws, engine = ctx.engine()
    done = segments.move_sentence(
        session(engine),
        article_id=article_id(engine, slug),
        position=position,
        lang=lang,
        direction="previous" if direction == "previous" else "next",
        user_name=ctx.user_name,
    )
    _report(engine, slug, done, as_json)


@segment_group.command(name="undo")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def undo(ctx: Context, slug: str, as_json: bool) -> None:
    """Undo the article's latest merge, split or move (again: the one before)."""
    _ws, engine = ctx.engine()
    done = segments.undo_last(
        session(engine), article_id=article_id(engine, slug), user_name=ctx.user_name
    )
    _report(engine, slug, done, as_json)


@segment_group.command(name="history")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def history(ctx: Context, slug: str, as_json: bool) -> None:
    """The article's merges, splits and moves, newest first."""
    _ws, engine = ctx.engine()
    found = segments.history(session(engine), article_id=article_id(engine, slug))
    if as_json:
        emit({"slug": slug, "operations": [_operation_json(o) for o in found]})
        return
    for o in found:
        mark = " (undone)" if o.undone else ""
        click.echo(f"#{o.id} {o.at:%Y-%m-%d %H:%M} {o.user}: {o.action} at {o.position}{mark}")
