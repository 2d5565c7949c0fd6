"""`tmtool serve`: the editor in a browser, one tmtool user per browser session."""

from __future__ import annotations

import ipaddress

import click

from tmtool.cli.base import Context, cli, pass_context, session
from tmtool.errors import TmtoolError
from tmtool.services import users


def is_loopback(host: str) -> bool:
    """Whether `host` can only be reached from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--user-header",
    default=None,
    metavar="HEADER",
    help="Take each session's user from this request header, set by an authenticating "
    "reverse proxy (e.g. X-Forwarded-User). Required to listen beyond this machine.",
)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="The address browsers use, when a proxy serves it elsewhere (https://tm.example.org).",
)
@pass_context
def serve(
    ctx: Context, host: str, port: int, user_header: str | None, public_url: str | None
) -> None:
    """Serve the editor to web browsers; each browser session works as its own user."""
    if not is_loopback(host) and not user_header:
        raise TmtoolError(
            f"listening on {host} without --user-header would let anyone who reaches it act as "
            "any user; put an authenticating proxy in front and pass --user-header, "
            "or listen on 127.0.0.1."
        )
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise TmtoolError(f"--public-url must start with http:// or https://, not {public_url!r}.")
    ws, engine = ctx.engine()

    def known_users() -> set[str]:
        return {u.name for u in users.list_users(session(engine))}

    from tmtool.tui.web import TeamServer

    server = TeamServer(
        workspace_root=ws.root,
        known_users=known_users,
        host=host,
        port=port,
        user_header=user_header,
        public_url=public_url,
    )
    who = f"the {user_header} header" if user_header else "a choice on the first page"
    click.echo(
        f"tmtool serves {ws.root} on {public_url or f'http://{host}:{port}'}; "
        f"each session's user comes from {who}. Ctrl+C stops it.",
        err=True,
    )
    server.serve()
