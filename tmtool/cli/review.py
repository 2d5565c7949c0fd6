"""Review commands: comments, a segment's history, restoring a revision, users' roles."""

from __future__ import annotations

from typing import Any

import click

from tmtool.cli.articles import user_group
from tmtool.cli.base import Context, article_id, cli, emit, pass_context, session
from tmtool.models import Role
from tmtool.services import queries, review, users
from tmtool.services.queries import CellView
from tmtool.states import STYLES


def _comment_json(comment: review.CommentView) -> dict[str, Any]:
    return {
        "id": comment.id,
        "segment": comment.position,
        "lang": comment.lang,
        "author": comment.author,
        "body": comment.body,
        "resolved": comment.resolved,
        "created_at": comment.created_at.isoformat(),
    }


def _comment_line(comment: review.CommentView) -> str:
    mark = "✓" if comment.resolved else "✎"
    lang = f" {comment.lang}" if comment.lang else ""
    return (
        f"#{comment.id} [{comment.position}{lang}] {mark} {comment.author} "
        f"{comment.created_at:%Y-%m-%d %H:%M}: {comment.body}"
    )


def _revision_json(revision: review.RevisionView) -> dict[str, Any]:
    return {
        "id": revision.id,
        "lang": revision.lang,
        "user": revision.user,
        "at": revision.at.isoformat(),
        "action": revision.action,
        "old_text": revision.old_text,
        "new_text": revision.new_text,
        "old_state": revision.old_state.name if revision.old_state is not None else None,
        "new_state": revision.new_state.name if revision.new_state is not None else None,
        "version": revision.version,
    }


def _cell_json(cell: CellView) -> dict[str, Any]:
    return {
        "id": cell.id,
        "lang": cell.lang,
        "text": cell.text,
        "state": cell.state.name,
        "version": cell.version,
        "origin": cell.origin,
        "flag": cell.flag,
    }


@cli.group(name="comment")
def comment_group() -> None:
    """Comments on segments."""


@comment_group.command(name="add")
@click.argument("slug")
@click.argument("text")
@click.option("--segment", "position", type=int, required=True, help="Segment position.")
@click.option("--lang", default=None, help="The language the comment is about (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def comment_add(
    ctx: Context, slug: str, text: str, position: int, lang: str | None, as_json: bool
) -> None:
    """Comment on segment N of an article."""
    _ws, engine = ctx.engine()
    comment = review.add_comment(
        session(engine),
        article_id=article_id(engine, slug),
        position=position,
        lang=lang,
        body=text,
        user_name=ctx.user_name,
    )
    if as_json:
        emit(_comment_json(comment))
    else:
        click.echo(f"Added comment #{comment.id} on segment {position} of {slug}.")


@comment_group.command(name="list")
@click.argument("slug")
@click.option("--segment", "position", type=int, default=None, help="Only this segment.")
@click.option("--open", "open_only", is_flag=True, help="Leave resolved comments out.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def comment_list(
    ctx: Context, slug: str, position: int | None, open_only: bool, as_json: bool
) -> None:
    """List the comments on an article (or one segment), oldest first."""
    _ws, engine = ctx.engine()
    comments = review.list_comments(
        session(engine),
        article_id=article_id(engine, slug),
        position=position,
        include_resolved=not open_only,
    )
    if as_json:
        emit({"slug": slug, "comments": [_comment_json(c) for c in comments]})
        return
    if not comments:
        click.echo("No comments.")
    for comment in comments:
        click.echo(_comment_line(comment))


@comment_group.command(name="resolve")
@click.argument("comment_id", type=int)
@click.option("--reopen", is_flag=True, help="Mark the comment open again.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def comment_resolve(ctx: Context, comment_id: int, reopen: bool, as_json: bool) -> None:
    """Mark comment ID resolved."""
    _ws, engine = ctx.engine()
    comment = review.resolve_comment(
        session(engine), comment_id=comment_id, user_name=ctx.user_name, resolved=not reopen
    )
    if as_json:
        emit(_comment_json(comment))
    else:
        click.echo(f"Comment #{comment.id} is {'resolved' if comment.resolved else 'open'}.")


@cli.command(name="history")
@click.argument("slug")
@click.option("--segment", "position", type=int, required=True, help="Segment position.")
@click.option("--lang", default=None, help="Only this language.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def history_cmd(ctx: Context, slug: str, position: int, lang: str | None, as_json: bool) -> None:
    """Show every recorded change of a segment's translations, oldest first."""
    _ws, engine = ctx.engine()
    revisions = review.history(
        session(engine), article_id=article_id(engine, slug), position=position, lang=lang
    )
    if as_json:
        emit(
            {
                "slug": slug,
                "segment": position,
                "revisions": [_revision_json(r) for r in revisions],
            }
        )
        return
    if not revisions:
        click.echo("No recorded changes.")
    for r in revisions:
        state = STYLES[r.new_state].label if r.new_state is not None else ""
        text = f"  {r.new_text}" if r.new_text is not None else ""
        click.echo(
            f"#{r.id} {r.at:%Y-%m-%d %H:%M:%S} {r.user} {r.lang} v{r.version} "
            f"{r.action} {state}{text}"
        )


@cli.command(name="restore")
@click.argument("revision_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def restore_cmd(ctx: Context, revision_id: int, as_json: bool) -> None:
    """Make the text of revision REVISION_ID the current text again, as a new revision."""
    _ws, engine = ctx.engine()
    revision = review.get_revision(session(engine), revision_id=revision_id)
    current = queries.cell(session(engine), revision.translation_id)
    cell = review.restore_revision(
        session(engine),
        revision_id=revision_id,
        expected_version=current.version,
        user_name=ctx.user_name,
    )
    if as_json:
        emit({"restored": revision_id, "translation": _cell_json(cell)})
    else:
        click.echo(
            f"Restored revision {revision_id}: the {cell.lang} text is now version "
            f"{cell.version} ({STYLES[cell.state].label})."
        )


@user_group.command(name="role")
@click.argument("name")
@click.option(
    "--role",
    "roles",
    required=True,
    help="The new roles: translator, reviewer, publisher, admin (comma-separated).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def user_role(ctx: Context, name: str, roles: str, as_json: bool) -> None:
    """Replace a user's roles (admins only)."""
    _ws, engine = ctx.engine()
    parsed = users.parse_roles(roles)
    users.set_roles(session(engine), name=name, roles=parsed, user_name=ctx.user_name)
    held = [r.value for r in Role if r in set(parsed)]
    if as_json:
        emit({"name": name, "roles": held})
    else:
        click.echo(f"{name} now has the roles {', '.join(held)}.")
