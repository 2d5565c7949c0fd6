"""`tmtool glossary`: import, export, search and check terminology."""

from __future__ import annotations

from pathlib import Path

import click

from tmtool.cli.base import Context, cli, emit, pass_context, session
from tmtool.errors import TmtoolError
from tmtool.formats import glossaries
from tmtool.glossary import TermIndex
from tmtool.glossary.suggest import unknown_names
from tmtool.services import terminology


@cli.group(name="glossary")
def glossary_group() -> None:
    """Terminology: TBX and CSV/TSV files, search and checks."""


@glossary_group.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--name",
    default=terminology.DEFAULT_GLOSSARY,
    show_default=True,
    help="The glossary to merge into.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def glossary_import(ctx: Context, file: Path, name: str, as_json: bool) -> None:
    """Import a TBX, CSV or TSV glossary; concepts already there are updated, not duplicated."""
    termbase = glossaries.read_glossary(file)
    _ws, engine = ctx.engine()
    report = terminology.import_termbase(
        session(engine), termbase=termbase, name=name, user_name=ctx.user_name
    )
    if as_json:
        emit(
            {
                "glossary": report.glossary,
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
        )
        return
    click.echo(
        f"Glossary {report.glossary}: {report.added} concepts added, "
        f"{report.updated} updated, {report.unchanged} unchanged."
    )


@glossary_group.command(name="export")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="Only this glossary (default: all of them).")
@pass_context
def glossary_export(ctx: Context, file: Path, name: str | None) -> None:
    """Export to TBX-Basic (.tbx), CSV (.csv) or TSV (.tsv), chosen by the file's extension."""
    _ws, engine = ctx.engine()
    termbase = terminology.export_termbase(session(engine), name=name)
    glossaries.write_glossary(file, termbase)
    click.echo(f"Wrote {len(termbase.concepts)} concepts to {file}.")


@glossary_group.command(name="search")
@click.argument("text", default="")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def glossary_search(ctx: Context, text: str, as_json: bool) -> None:
    """Concepts with a term containing TEXT, in any language."""
    _ws, engine = ctx.engine()
    found = terminology.search_concepts(session(engine), text)
    if as_json:
        emit(
            {
                "concepts": [
                    {
                        "id": c.id,
                        "key": c.key,
                        "glossary": c.glossary,
                        "subject": c.subject,
                        "note": c.note,
                        "terms": [
                            {"lang": t.lang, "text": t.text, "status": t.status.value}
                            for t in c.terms
                        ],
                    }
                    for c in found
                ]
            }
        )
        return
    for c in found:
        terms = "  ".join(
            f"{t.lang}:{t.text}{'' if t.status.value == 'preferred' else f' ({t.status.value})'}"
            for t in c.terms
        )
        click.echo(f"{c.key}\t{terms}")


@glossary_group.command(name="check")
@click.option("--lang", required=True, help="Language of TARGET.")
@click.argument("source")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def glossary_check(ctx: Context, lang: str, source: str, target: str, as_json: bool) -> None:
    """Terms found in SOURCE, and which are missing or forbidden in TARGET."""
    ws, engine = ctx.engine()
    if lang not in ws.target_langs:
        raise TmtoolError(f"this workspace does not translate into {lang}.")
    index = TermIndex(terminology.workspace_termbase(session(engine)))
    result = index.check(source, target, lang)
    if as_json:
        emit(result.to_json())
        return
    for found in result.found:
        mark = "✓" if found.present else "✗"
        approved = " / ".join(found.approved) or f"(no {lang} term)"
        click.echo(f"{mark} {found.source} → {approved}")
    for forbidden in result.forbidden:
        click.echo(
            f"⛔ {forbidden.term} is forbidden"
            + (f"; write {forbidden.replacement}" if forbidden.replacement else "")
        )


@glossary_group.command(name="names")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def glossary_names(ctx: Context, text: str, as_json: bool) -> None:
    """Chinese person and place names in TEXT that the glossary lacks, with suggestions."""
    _ws, engine = ctx.engine()
    index = TermIndex(terminology.workspace_termbase(session(engine)))
    names = unknown_names(index, text)
    if as_json:
        emit(
            {
                "names": [
                    {
                        "text": n.text,
                        "start": n.start,
                        "end": n.end,
                        "kind": n.kind,
                        "en": n.english,
                        "ru": n.russian,
                    }
                    for n in names
                ]
            }
        )
        return
    for n in names:
        click.echo(f"{n.text}\t{n.kind}\t{n.english}\t{n.russian}")
