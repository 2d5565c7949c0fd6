"""QA commands: the report of an article, dismissing a result, undoing a dismissal."""

from __future__ import annotations

from typing import Any

import click

from tmtool.cli.base import Context, article_id, cli, emit, pass_context, session
from tmtool.services import quality
from tmtool.services.quality import DismissalView, QAResult


class _ReportByDefault(click.Group):
    """`tmtool qa SLUG` runs the report; `tmtool qa dismiss|undo …` the subcommands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert the hidden `report` command unless a subcommand or help is asked for."""
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["report", *args]
        return super().parse_args(ctx, args)


def _result_json(result: QAResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": result.id,
        "check": result.check,
        "severity": result.severity,
        "segment": result.segment,
        "lang": result.lang,
        "start": result.start,
        "end": result.end,
        "message": result.message,
    }
    if result.dismissed:
        data["dismissed"] = True
        data["dismissal_reason"] = result.dismissal_reason
    return data


def _result_line(result: QAResult) -> str:
    mark = "✗" if result.severity == "error" else "⚠"
    note = f"  (dismissed: {result.dismissal_reason})" if result.dismissed else ""
    return (
        f"#{result.id} [{result.segment} {result.lang}] {mark} {result.severity} "
        f"{result.check} {result.start}-{result.end}: {result.message}{note}"
    )


def _dismissal_json(dismissal: DismissalView) -> dict[str, Any]:
    return {
        "id": dismissal.id,
        "translation_id": dismissal.translation_id,
        "check": dismissal.check,
        "message": dismissal.message,
        "reason": dismissal.reason,
        "user": dismissal.user,
        "at": dismissal.at.isoformat(),
        "undone_at": dismissal.undone_at.isoformat() if dismissal.undone_at else None,
        "undone_by": dismissal.undone_by,
    }


@cli.group(name="qa", cls=_ReportByDefault)
def qa_group() -> None:
    """Quality checks: `tmtool qa SLUG [--lang L] [--all] [--json]`, `qa dismiss`, `qa undo`."""


@qa_group.command(name="report", hidden=True)
@click.argument("slug")
@click.option("--lang", default=None, help="Only this target language.")
@click.option("--all", "include_dismissed", is_flag=True, help="List dismissed results too.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def qa_report(
    ctx: Context, slug: str, lang: str | None, include_dismissed: bool, as_json: bool
) -> None:
    """Report the open QA results of an article (exit 0: it is a report)."""
    _ws, engine = ctx.engine()
    found = quality.results(
        session(engine),
        article_id=article_id(engine, slug),
        lang=lang,
        include_dismissed=include_dismissed,
    )
    if as_json:
        emit({"results": [_result_json(r) for r in found]})
        return
    if not found:
        click.echo("No open QA results.")
    for result in found:
        click.echo(_result_line(result))


@qa_group.command(name="dismiss")
@click.argument("result_id", type=int)
@click.option("--reason", required=True, help="Why the result is not a problem.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def qa_dismiss(ctx: Context, result_id: int, reason: str, as_json: bool) -> None:
    """Dismiss QA result RESULT_ID with a reason (reviewers)."""
    _ws, engine = ctx.engine()
    dismissal = quality.dismiss(
        session(engine), result_id=result_id, reason=reason, user_name=ctx.user_name
    )
    if as_json:
        emit(_dismissal_json(dismissal))
    else:
        click.echo(
            f"Dismissed QA result #{result_id} ({dismissal.check}) as dismissal #{dismissal.id}."
        )


@qa_group.command(name="undo")
@click.argument("item_id", type=int)
@click.option(
    "--dismissal", "by_dismissal", is_flag=True, help="ITEM_ID is a dismissal id, not a result id."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def qa_undo(ctx: Context, item_id: int, by_dismissal: bool, as_json: bool) -> None:
    """Undo the dismissal of QA result ITEM_ID (or, with --dismissal, dismissal ITEM_ID)."""
    _ws, engine = ctx.engine()
    dismissal = quality.undo_dismissal(
        session(engine),
        user_name=ctx.user_name,
        dismissal_id=item_id if by_dismissal else None,
        result_id=None if by_dismissal else item_id,
    )
    if as_json:
        emit(_dismissal_json(dismissal))
    else:
        click.echo(f"Undid dismissal #{dismissal.id}; the {dismissal.check} result is open again.")
