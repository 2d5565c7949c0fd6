"""`tmtool align`: sentence alignment links between a Chinese text and its translations."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from tmtool import formats
from tmtool.align import Aligner, Alignment, GlossaryAnchors, TermAnchors, split_text
from tmtool.cli.base import Context, cli, emit, pass_context, session, split_langs
from tmtool.errors import TmtoolError
from tmtool.glossary import TermIndex
from tmtool.segment import split_sentences
from tmtool.services import terminology

TARGET_LANGS = ("en", "ru")


def detect_lang(text: str) -> str:
    """``"ru"`` for a text mostly in Cyrillic letters, ``"en"`` for one mostly in Latin."""
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return "ru" if cyrillic > latin else "en"


def _paragraphs(path: Path, lang: str, *, lines: bool) -> list[list[str]]:
    if lines:
        text = "\n".join(formats.read_lines(path))
        return split_text(text, lang, lines=True)
    document = formats.read_document(path)
    paragraphs = [document.title] if document.title else []
    found = [split_sentences(p, lang) for p in [*paragraphs, *document.paragraphs]]
    return [p for p in found if p]


def _workspace_terms(ctx: Context) -> TermAnchors | None:
    """The workspace glossary as anchors, when the command runs inside a workspace."""
    try:
        _ws, engine = ctx.engine()
    except (TmtoolError, SQLAlchemyError):  # aligning needs no workspace
        return None
    try:
        termbase = terminology.workspace_termbase(session(engine))
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return GlossaryAnchors(TermIndex(termbase)) if termbase.concepts else None


@cli.command()
@click.argument("zh_file", type=click.Path(path_type=Path))
@click.argument("target_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--lines", is_flag=True, help="Each line is one sentence; blank lines part paragraphs."
)
@click.option(
    "--lang",
    "langs",
    default=None,
    help="Languages of the target files, in order (default: from their script), e.g. en,ru.",
)
@click.option(
    "--glossary/--no-glossary",
    default=True,
    help="Use the workspace glossary's terms as anchors (when run inside a workspace).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the links as JSON.")
@pass_context
def align(
    ctx: Context,
    zh_file: Path,
    target_files: tuple[Path, ...],
    lines: bool,
    langs: str | None,
    glossary: bool,
    as_json: bool,
) -> None:
    """Align ZH_FILE with one or two translations sentence by sentence; stores nothing.

    Links may join several sentences on either side (one Chinese sentence to three
    English ones, say); a sentence left untranslated is a link with an empty side.
    """
    if len(target_files) > len(TARGET_LANGS):
        raise TmtoolError("give at most two translations: one English and one Russian.")
    zh = _paragraphs(zh_file, "zh", lines=lines)
    if not zh:
        raise TmtoolError(f"{zh_file.name} has no Chinese text to align.")
    names = split_langs(langs) if langs is not None else []
    if names and len(names) != len(target_files):
        raise TmtoolError(
            f"--lang names {len(names)} languages for {len(target_files)} translation files."
        )
    targets: dict[str, list[list[str]]] = {}
    for index, path in enumerate(target_files):
        if names:
            lang = names[index]
            if lang not in TARGET_LANGS:
                raise TmtoolError(f"tmtool aligns English and Russian, not {lang!r}.")
            text = _paragraphs(path, lang, lines=lines)
        else:
            text = _paragraphs(path, "en", lines=lines)
            lang = detect_lang(" ".join(s for p in text for s in p))
            if lang != "en":
                text = _paragraphs(path, lang, lines=lines)
        if lang in targets:
            raise TmtoolError(
                f"{path.name} is in {lang} like another file; name the languages with --lang."
            )
        targets[lang] = text
    aligner = Aligner(terms=_workspace_terms(ctx) if glossary else None)
    ordered = {lang: targets[lang] for lang in TARGET_LANGS if lang in targets}
    alignment = aligner.align(zh, ordered)
    if as_json:
        emit(alignment.to_json())
        return
    _print_table(alignment)


def _print_table(alignment: Alignment) -> None:
    langs = [lang for lang in alignment.sentences if lang != "zh"]
    table = Table(show_lines=True, title=f"Alignment (scored by {alignment.scorer})")
    table.add_column("#", justify="right")
    table.add_column("zh", ratio=2, overflow="fold")
    for lang in langs:
        table.add_column(lang, ratio=3, overflow="fold")
    table.add_column("score", justify="right")
    for number, link in enumerate(alignment.links, start=1):
        cells = ["".join(alignment.sentences["zh"][i] for i in link.source) or "—"]
        for lang in langs:
            text = " ".join(alignment.sentences[lang][j] for j in link.targets[lang])
            cells.append(text or "—")
        shape = "-".join(str(len(x)) for x in (link.source, *link.targets.values()))
        table.add_row(str(number), *cells, f"{link.score:.2f}\n{shape}")
    Console().print(table)
