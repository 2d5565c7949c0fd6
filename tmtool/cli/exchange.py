"""`tmtool validate`: check a PO, XLIFF, TMX or TBX file from anywhere."""

from __future__ import annotations

from pathlib import Path

import click

from tmtool.cli.base import cli, emit
from tmtool.formats.validation import validate_file


@cli.command(name="validate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def validate_cmd(file: Path, as_json: bool) -> None:
    """Check FILE against its standard; exit 0 when it is valid, 1 when not."""
    fmt, problems = validate_file(file)
    if as_json:
        emit(
            {
                "valid": not problems,
                "format": fmt,
                "problems": [{"line": p.line, "message": p.message} for p in problems],
            }
        )
    else:
        for problem in problems:
            click.echo(f"{file}:{problem.line}: {problem.message}")
        click.echo(f"{file}: {'valid' if not problems else f'{len(problems)} problems'} ({fmt}).")
    if problems:
        raise click.exceptions.Exit(1)
