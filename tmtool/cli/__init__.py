"""The `tmtool` command line."""

from __future__ import annotations

import os
import sys

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tmtool.cli import (
    align,
    articles,
    database,
    exchange,
    glossary,
    mt,
    publish,
    quality,
    review,
    segments,
    serve,
    tm,
)
from tmtool.cli.base import cli
from tmtool.errors import TmtoolError

__all__ = [
    "align",
    "articles",
    "cli",
    "database",
    "exchange",
    "glossary",
    "main",
    "mt",
    "publish",
    "quality",
    "review",
    "segments",
    "serve",
    "tm",
]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; user errors end in one sentence and a non-zero exit."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or bool(os.environ.get("TMTOOL_DEBUG"))
    try:
        result = cli.main(args=args, prog_name="tmtool", standalone_mode=False)
        if isinstance(result, int):  # an Exit(code) comes back as a value here
            return result
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("tmtool: stopped.", err=True)
        return 130
    except TmtoolError as exc:
        click.echo(f"tmtool: {exc}", err=True)
        return 1
    except OperationalError as exc:
        if debug:
            raise
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "unknown reason"
        click.echo(f"tmtool: the database cannot be used: {reason}.", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("tmtool: interrupted.", err=True)
        return 130
    except (SQLAlchemyError, OSError, ValueError) as exc:
        if debug:
            raise
        click.echo(
            f"tmtool: unexpected error ({type(exc).__name__}: {exc});"
            " run with --debug for details.",
            err=True,
        )
        return 70
    return 0
