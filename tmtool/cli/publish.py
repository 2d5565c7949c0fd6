"""`tmtool export`: finished language versions, parallel versions, bundles and exchange files."""

from __future__ import annotations

from pathlib import Path

import click

from tmtool.cli.base import Context, cli, emit, pass_context, session, split_langs
from tmtool.services import exchange, publishing

_FORMAT_HELP = "; ".join(
    [
        *(f"{name}: {what}" for name, what in publishing.PUBLISH_FORMATS.items()),
        "po, xliff: an exchange file per target language, every state",
        "tmx: one multilingual exchange file",
    ]
)


@cli.command(name="export")
@click.argument("slug")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted([*publishing.PUBLISH_FORMATS, *exchange.EXCHANGE_FORMATS])),
    required=True,
    help=f"What to write. {_FORMAT_HELP}.",
)
@click.option(
    "--lang",
    "langs",
    required=True,
    help="Languages, e.g. en,ru (parallel formats and bundles add the source).",
)
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Output folder."
)
@click.option("--draft", is_flag=True, help="Export unfinished text, marked as a draft.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_context
def export_cmd(
    ctx: Context, slug: str, fmt: str, langs: str, out_dir: Path, draft: bool, as_json: bool
) -> None:
    """Write finished language versions of an article, or a PO, XLIFF or TMX exchange file.

    Final versions need the publisher role and every segment approved; --draft marks every file.
    """
    ws, engine = ctx.engine()
    if fmt in exchange.EXCHANGE_FORMATS:
        files = exchange.export_exchange(
            session(engine),
            slug=slug,
            fmt=fmt,
            langs=split_langs(langs),
            out_dir=out_dir,
            user_name=ctx.user_name,
            source_lang=ws.source_lang,
        )
    else:
        files = publishing.export_article(
            session(engine),
            slug=slug,
            fmt=fmt,
            langs=split_langs(langs),
            out_dir=out_dir,
            user_name=ctx.user_name,
            draft=draft,
            source_lang=ws.source_lang,
        )
    if as_json:
        emit(
            {
                "files": [
                    {"lang": f.lang, "path": str(f.path), "sha256": f.checksum, "draft": f.draft}
                    for f in files
                ]
            }
        )
        return
    for f in files:
        click.echo(f"Wrote {f.path}{' (draft)' if f.draft else ''}")
