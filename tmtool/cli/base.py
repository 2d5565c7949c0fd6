"""What every command shares: the group, the context, JSON output."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine
from sqlmodel import Session

from tmtool import __version__, workspace
from tmtool.errors import TmtoolError
from tmtool.services import queries, users
from tmtool.services.setup import open_workspace
from tmtool.workspace import Workspace


@dataclass
class Context:
    """Options shared by every command."""

    workspace_dir: Path | None
    user: str | None

    def workspace(self) -> Workspace:
        """The workspace chosen by --workspace, TMTOOL_WORKSPACE or the current folder."""
        return workspace.find(self.workspace_dir)

    def engine(self) -> tuple[Workspace, Engine]:
        """The workspace and an engine on its database."""
        ws = self.workspace()
        return ws, open_workspace(ws)

    @property
    def user_name(self) -> str:
        """The acting user."""
        return users.acting_user_name(self.user)


pass_context = click.make_pass_decorator(Context)


def emit(data: Any) -> None:
    """Print one JSON document to stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def session(engine: Engine) -> Session:
    """A session whose objects stay readable after the service's transaction."""
    return Session(engine, expire_on_commit=False)


def article_id(engine: Engine, slug: str) -> int:
    """The id of the article called `slug`, or the one-sentence error naming it."""
    with session(engine) as s, s.begin():
        article = queries.find_article(s, slug)
    assert article.id is not None
    return article.id


def split_langs(text: str) -> list[str]:
    """`en,ru` → ["en", "ru"]."""
    langs = [p.strip() for p in text.split(",") if p.strip()]
    if not langs:
        raise TmtoolError("name at least one language, e.g. --lang en,ru.")
    return langs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    "workspace_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Workspace folder (default: TMTOOL_WORKSPACE, else the current folder or a parent).",
)
@click.option(
    "--user", default=None, help="Acting user (default: TMTOOL_USER, else your login name)."
)
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.version_option(__version__, prog_name="tmtool")
@click.pass_context
def cli(ctx: click.Context, workspace_dir: Path | None, user: str | None, debug: bool) -> None:
    """tmtool: translate Chinese articles into English and Russian, side by side."""
    ctx.obj = Context(workspace_dir, user)
