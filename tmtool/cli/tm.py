"""`tmtool tm`: translation memory import, export, search, analysis and pre-translation."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tmtool.cli.base import Context, cli, emit, pass_context, session
from tmtool.errors import TmtoolError
from tmtool.formats.encoding import decode
from tmtool.services import tm, tm_articles
from tmtool.tm import BANDS
from tmtool.tm.files import read_tm_file, write_tm_file


@cli.group(name="tm")
def tm_group() -> None:
    """Translation memory: TMX/TSV files, lookups, analysis, pre-translation."""


@tm_group.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def tm_import(ctx: Context, file: Path, as_json: bool) -> None:
    """Import a TMX file or a TSV whose header row names the languages (zh<TAB>en<TAB>ru)."""
    ws = ctx.workspace()
    pairs = read_tm_file(file, source_lang=ws.source_lang)
    _ws, engine = ctx.engine()
    report = tm.import_pairs(session(engine), pairs=pairs, user_name=ctx.user_name)
    if as_json:
        emit({"file": str(file), "added": report.added, "merged": report.merged})
        return
    click.echo(f"{file.name}: {report.added} units added, {report.merged} already there.")


@tm_group.command(name="export")
@click.argument("file", type=click.Path(path_type=Path))
@pass_context
def tm_export(ctx: Context, file: Path) -> None:
    """Export the memory as TMX (.tmx) or TSV (.tsv), chosen by the file's extension."""
    ws, engine = ctx.engine()
    pairs = tm.export_pairs(session(engine))
    write_tm_file(file, pairs, source_lang=ws.source_lang, langs=list(ws.target_langs))
    click.echo(f"Wrote {len(pairs)} units to {file}.")


def _document(text: str, matches: list[tm.Match]) -> dict[str, object]:
    return {"query": text, "matches": [m.to_json() for m in matches]}


def _print_matches(text: str, matches: list[tm.Match]) -> None:
    if not matches:
        click.echo(f"No match for {text}")
        return
    for match in matches:
        click.echo(f"{match.score:6.2f}  [{match.lang}] {match.source}\n        {match.target}")


@tm_group.command(name="search")
@click.argument("text", required=False)
@click.option("--lang", default=None, help="Only matches translated into this language.")
@click.option("--limit", default=tm.DEFAULT_LIMIT, show_default=True, help="Matches per query.")
@click.option("--threshold", type=float, default=None, help="Lowest fuzzy score (default 75).")
@click.option(
    "--batch",
    "batch",
    type=click.Path(path_type=Path),
    default=None,
    help="A file with one query per line; one JSON document per line comes out.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def tm_search(
    ctx: Context,
    text: str | None,
    lang: str | None,
    limit: int,
    threshold: float | None,
    batch: Path | None,
    as_json: bool,
) -> None:
    """Exact and fuzzy matches for TEXT (or for each line of --batch FILE)."""
    if (text is None) == (batch is None):
        raise TmtoolError("give either a TEXT to look up or --batch FILE, not both or neither.")
    if limit < 1:
        raise TmtoolError("--limit must be at least 1.")
    ws, engine = ctx.engine()
    if batch is None:
        assert text is not None
        matches = tm.search(
            session(engine), workspace=ws, text=text, lang=lang, limit=limit, threshold=threshold
        )
        if as_json:
            emit(_document(text.strip(), matches))
        else:
            _print_matches(text, matches)
        return
    try:
        raw = batch.read_bytes()
    except OSError as error:
        reason = (error.strerror or "cannot be read").lower()
        raise TmtoolError(f"{batch} cannot be read: {reason}.") from None
    lines = [line.strip() for line in decode(raw, name=batch.name).splitlines()]
    lines = [line for line in lines if line]
    found = tm.lookup_many(
        session(engine),
        workspace=ws,
        queries_=[tm.Query(line) for line in lines],
        lang=lang,
        limit=limit,
        threshold=threshold,
    )
    for line, matches in zip(lines, found, strict=True):
        if as_json:
            click.echo(json.dumps(_document(line, matches), ensure_ascii=False))
        else:
            _print_matches(line, matches)


@tm_group.command(name="concordance")
@click.argument("phrase")
@click.option("--lang", default=None, help="Only units translated into this language.")
@click.option("--limit", default=50, show_default=True, help="Units at most.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def tm_concordance(ctx: Context, phrase: str, lang: str | None, limit: int, as_json: bool) -> None:
    """Units holding PHRASE anywhere in their source or target, newest first."""
    ws, engine = ctx.engine()
    found = tm.concordance(session(engine), workspace=ws, phrase=phrase, lang=lang, limit=limit)
    if as_json:
        emit(_document(phrase, found))
        return
    if not found:
        click.echo(f"No unit holds {phrase}")
    for match in found:
        click.echo(f"[{match.lang}] {match.source}\n     {match.target}")


@tm_group.command(name="analyze")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def tm_analyze(ctx: Context, slug: str, as_json: bool) -> None:
    """Segments and characters per match band (in-context, 100%, 95–99, …) per language."""
    ws, engine = ctx.engine()
    analysis = tm_articles.analyze(session(engine), workspace=ws, slug=slug)
    if as_json:
        emit(
            {
                "slug": analysis.slug,
                "segments": analysis.segments,
                "characters": analysis.characters,
                "bands": [{"key": b.key, "label": b.label} for b in BANDS],
                "langs": {
                    lang: {
                        key: {"segments": count.segments, "characters": count.characters}
                        for key, count in bands.items()
                    }
                    for lang, bands in analysis.langs.items()
                },
            }
        )
        return
    click.echo(f"{slug}: {analysis.segments} segments, {analysis.characters} characters")
    for lang, bands in analysis.langs.items():
        click.echo(f"\n{lang}      band      segments  characters")
        for band in BANDS:
            count = bands[band.key]
            click.echo(f"  {band.label:>14}  {count.segments:8d}  {count.characters:10d}")


@tm_group.command(name="pretranslate")
@click.argument("slug")
@click.option("--lang", required=True, help="The target language to fill.")
@click.option(
    "--threshold", type=float, default=100.0, show_default=True, help="Lowest match score used."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def tm_pretranslate(ctx: Context, slug: str, lang: str, threshold: float, as_json: bool) -> None:
    """Fill EMPTY segments with their best match as DRAFT (origin tm)."""
    ws, engine = ctx.engine()
    report = tm_articles.pretranslate(
        session(engine),
        workspace=ws,
        slug=slug,
        lang=lang,
        user_name=ctx.user_name,
        threshold=threshold,
    )
    if as_json:
        emit(
            {
                "slug": slug,
                "lang": lang,
                "filled": report.filled,
                "empty": report.empty,
                "bands": report.by_band,
            }
        )
        return
    click.echo(f"{slug} ({lang}): filled {report.filled} of {report.empty} empty segments.")
