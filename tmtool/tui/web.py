"""The web server behind `tmtool serve`: textual-serve, with one tmtool user per browser session.

Every browser session runs its own `tmtool tui` process (textual-serve's model), started with
`--user NAME`. Who NAME is depends on how the server was started:

- with `--user-header H`, the name is the value of header H, which an authenticating reverse
  proxy (nginx with basic auth, oauth2-proxy, ...) sets on every request it lets through;
  requests without it are refused;
- without it (only allowed on a loopback address), the visitor picks a workspace user on the
  first page and the session URL carries the name: on one machine that is the same trust the
  command line gives to `--user`.

Imported only by the `serve` command, so the rest of the command line never loads aiohttp.
"""

from __future__ import annotations

import asyncio
import html
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

USER_KEY = "user"


def session_command(workspace_root: Path, user: str) -> str:
    """The shell command that runs one browser session's editor, acting as `user`."""
    return shlex.join(
        [sys.executable, "-m", "tmtool", "--workspace", str(workspace_root), "--user", user, "tui"]
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


class TeamServer(Server):
    """textual-serve's server, starting each session's TUI as that session's user."""

    def __init__(
        self,
        *,
        workspace_root: Path,
        known_users: Callable[[], set[str]],
        host: str,
        port: int,
        user_header: str | None,
        public_url: str | None,
    ) -> None:
        super().__init__(
            session_command(workspace_root, "-"),
            host=host,
            port=port,
            title="tmtool",
            public_url=public_url,
        )
        self.workspace_root = workspace_root
        self.known_users = known_users
        self.user_header = user_header
        self.fixed_public_url = public_url

    async def on_startup(self, app: web.Application) -> None:
        """Print nothing: the serve command has said where it listens and who users are."""

    # -- who is this session? -----------------------------------------------------------------

    async def session_user(self, request: web.Request, named: str | None) -> str:
        """The workspace user a request acts as, or an HTTP error saying why there is none."""
        if self.user_header:
            name = request.headers.get(self.user_header, "").strip()
            if not name:
                raise web.HTTPUnauthorized(
                    text=f"No authenticated user: the proxy did not send {self.user_header}.\n"
                )
        else:
            name = (named or "").strip()
            if not name:
                raise web.HTTPBadRequest(text="Choose a user on the first page.\n")
        if name not in await asyncio.to_thread(self.known_users):
            raise web.HTTPForbidden(
                text=f"{name} is not a user of this workspace; an admin can add them with"
                f" `tmtool user add {name} --role translator`.\n"
            )
        return name

    def _base_url(self, request: web.Request) -> str:
        if self.fixed_public_url:
            return self.fixed_public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    # -- pages --------------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/ws/{user}", self.handle_websocket, name="user-websocket")
        return app

    async def _chooser(self) -> web.Response:
        names = await asyncio.to_thread(self.known_users)
        links = "\n".join(
            f'<li><a href="?{USER_KEY}={quote(name)}">{html.escape(name)}</a></li>'
            for name in sorted(names)
        )
        page = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>tmtool</title></head>"
            "<body style='font-family: sans-serif; margin: 3em'>"
            f"<h1>tmtool</h1><p>Work as:</p><ul>{links}</ul></body></html>"
        )
        return web.Response(text=page, content_type="text/html")

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> Any:
        """The terminal page; without an authenticating proxy, first a choice of user."""
        named = request.query.get(USER_KEY)
        if not self.user_header and not named:
            return await self._chooser()
        user = await self.session_user(request, named)
        base = self._base_url(request)
        socket = base.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        socket += "/ws" if self.user_header else f"/ws/{quote(user, safe='')}"
        return {
            "font_size": _int(request.query.get("fontsize"), 16),
            "app_websocket_url": socket,
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": f"tmtool · {user}"},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Run one session's TUI as its user, for as long as the browser stays connected."""
        user = await self.session_user(request, request.match_info.get("user"))
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = AppService(
            session_command(self.workspace_root, user),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        await service.start(
            _int(request.query.get("width"), 80), _int(request.query.get("height"), 24)
        )
        try:
            await self._process_messages(websocket, service)
        finally:
            await service.stop()
        return websocket
