"""`tmtool mt`: engines, one-off translations and pretranslating whole articles."""

from __future__ import annotations

import io
import sys
from typing import Any

import click

from tmtool.cli.base import Context, cli, emit, pass_context, session
from tmtool.errors import TmtoolError
from tmtool.mt import MTError
from tmtool.mt.keys import keys_path
from tmtool.services import mt
from tmtool.workspace import Workspace


@cli.group(name="mt")
def mt_group() -> None:
    """Machine translation: engines, suggestions, pretranslation."""


def _retry_note(exc: MTError, delay: float) -> None:
    if sys.stderr.isatty():  # scripts get one line on stderr, the final error, if any
        click.echo(f"tmtool: {str(exc).rstrip('.')}; trying again in {delay:.1f} s.", err=True)


@mt_group.command(name="engines")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def mt_engines(ctx: Context, as_json: bool) -> None:
    """The engines tmtool offers, whether their keys are found, and the workspace's choice."""
    ws: Workspace | None
    try:
        ws = ctx.workspace()
    except TmtoolError:
        ws = None
    engines = mt.list_engines(ws)
    if as_json:
        emit(
            {
                "engines": [
                    {
                        "name": e.name,
                        "label": e.label,
                        "keys": e.keys,
                        "needs_key": e.needs_key,
                        "configured": e.configured,
                        "selected": e.selected,
                        "url": e.takes_url,
                        "note": e.note,
                    }
                    for e in engines
                ],
                "keys_file": str(keys_path()),
            }
        )
        return
    for e in engines:
        mark = "*" if e.selected else " "
        if not e.needs_key:
            keys = "no key needed" if not e.keys else "key optional: " + " or ".join(e.keys)
        elif e.configured:
            keys = "key found"
        else:
            keys = "key missing: " + " or ".join(e.keys)
        note = f"; {e.note}" if e.note else ""
        click.echo(f"{mark} {e.name:<15} {e.label} ({keys}{note})")
    click.echo(f"Keys may also go in {keys_path()}, one [engine] table each.")


@mt_group.command(name="translate")
@click.argument("text")
@click.option("--lang", required=True, help="Target language.")
@click.option("--engine", default=None, help="Engine to use instead of the workspace's.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def mt_translate(ctx: Context, text: str, lang: str, engine: str | None, as_json: bool) -> None:
    """Machine-translate TEXT with the glossary's terms kept (the answer is cached)."""
    ws, db = ctx.engine()
    result = mt.translate_text(
        session=session(db),
        workspace=ws,
        source=text,
        lang=lang,
        engine=engine,
        on_retry=_retry_note,
    )
    if as_json:
        emit(
            {
                "source": text,
                "lang": lang,
                "text": result.text,
                "engine": result.engine,
                "flags": result.flags,
            }
        )
        return
    click.echo(result.text)
    for flag in result.flags:
        click.echo(f"⚑ {flag}", err=True)


def _report_json(report: mt.PretranslateReport) -> dict[str, Any]:
    return {
        "slug": report.slug,
        "lang": report.lang,
        "engine": report.engine,
        "empty": report.total,
        "filled": report.filled,
        "skipped": report.skipped,
        "flagged": report.flagged,
        "requested": report.requested,
        "cached": report.cached,
    }


@mt_group.command(name="pretranslate")
@click.argument("slug")
@click.option("--lang", required=True, help="Target language.")
@click.option("--engine", default=None, help="Engine to use instead of the workspace's.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def mt_pretranslate(ctx: Context, slug: str, lang: str, engine: str | None, as_json: bool) -> None:
    """Fill the EMPTY segments of article SLUG in --lang with MT drafts (state DRAFT)."""
    ws, db = ctx.engine()
    filled = 0
    bar_file = sys.stderr if sys.stderr.isatty() else io.StringIO()
    with click.progressbar(length=0, label=f"MT {slug} → {lang}", file=bar_file) as bar:

        def advance(step: mt.PretranslateProgress) -> None:
            nonlocal filled
            filled = step.filled
            bar.length = step.total
            bar.update(step.done - bar.pos)

        try:
            report = mt.pretranslate(
                session=session(db),
                workspace=ws,
                slug=slug,
                lang=lang,
                user_name=ctx.user_name,
                engine=engine,
                on_progress=advance,
                on_retry=_retry_note,
            )
        except KeyboardInterrupt:
            raise TmtoolError(
                f"interrupted; {filled} segments were filled and every answer received is "
                "cached, so running the command again goes on from there."
            ) from None
    if as_json:
        emit(_report_json(report))
        return
    click.echo(
        f"Filled {report.filled} of {report.total} empty segments of {slug} ({lang}) with "
        f"{report.engine} ({report.requested} sent to the engine, {report.cached} from the "
        f"cache); {report.flagged} flagged for checking."
    )
