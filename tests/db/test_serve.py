"""`tmtool serve`: the editor in a real headless Chromium, and who may serve what.

The browser test starts `tmtool serve` on a demo workspace, opens the page in Chromium and
drives it over the DevTools protocol: it waits for the article list, presses Enter, and
checks that the editor's Chinese, English and Russian texts went through xterm.js's
websocket and that the terminal received them; the screenshot is kept (TMTOOL_SCREENSHOT_DIR
names a folder for a copy). Without Chromium the test is skipped, except under CI.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlmodel import Session

from tmtool import demo
from tmtool.cli import main
from tmtool.cli.serve import is_loopback
from tmtool.db import make_engine
from tmtool.services import queries
from tmtool.tui.web import session_command
from tmtool.workspace import find

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    # The page asks Google for a web font: no internet in tests, and no waiting for it.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--window-size=1800,1000",
    "--remote-debugging-port=0",
]
TIMEOUT = 90.0
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


def test_serving_beyond_this_machine_needs_an_authenticating_proxy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tmtool: listening on 0.0.0.0 without --user-header")
    assert err.count("\n") == 1
    assert main(["serve", "--public-url", "tm.example.org"]) == 1
    assert "--public-url must start with" in capsys.readouterr().err


def test_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.5", "::", "example.org"))


def test_each_session_runs_the_tui_as_its_user_with_shell_safe_quoting(tmp_path: Path) -> None:
    command = session_command(tmp_path / "my ws", "o'brien; rm -rf ~")
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "tmtool",
        "--workspace",
        str(tmp_path / "my ws"),
        "--user",
        "o'brien; rm -rf ~",
        "tui",
    ]


# -- the real thing: a server, a browser ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise AssertionError(f"tmtool serve ended early:\n{out}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {TIMEOUT} s")


@contextmanager
def running(args: list[str], **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class DevTools:
    """A minimal Chrome DevTools Protocol client: commands, and the events it has seen."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[number] = future
        await self.ws.send_str(json.dumps({"id": number, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, TIMEOUT)
        assert "error" not in reply, reply
        return dict(reply.get("result", {}))

    def terminal_output(self) -> str:
        """Everything the server sent to xterm.js so far, without escape sequences."""
        chunks = []
        for event in self.events:
            if event.get("method") != "Network.webSocketFrameReceived":
                continue
            frame = event["params"]["response"]
            if frame["opcode"] == 2:
                chunks.append(base64.b64decode(frame["payloadData"]))
        return ANSI.sub("", b"".join(chunks).decode("utf-8", errors="replace"))

    async def until(self, what: str, found: Any) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not found():
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} after {TIMEOUT} s")
            await asyncio.sleep(0.25)


@asynccontextmanager
async def devtools(user_data: Path) -> AsyncIterator[DevTools]:
    port_file = user_data / "DevToolsActivePort"
    deadline = time.monotonic() + TIMEOUT
    while not port_file.exists() or not port_file.read_text().strip():
        if time.monotonic() > deadline:
            raise AssertionError("Chromium did not open its DevTools port")
        await asyncio.sleep(0.2)
    port = int(port_file.read_text().split()[0])
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t["type"] == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            client = DevTools(ws)
            try:
                yield client
            finally:
                client.reader.cancel()


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve") / "demo"
    demo.build(root, user="chen")
    return root


def _first_full_segment(root: Path) -> queries.SegmentView:
    """The first segment of the first article with English and Russian text."""
    engine = make_engine(find(root).database_url)
    try:
        with Session(engine) as session:
            first = queries.list_articles(session, ("en", "ru"))[0]
        with Session(engine) as session:
            view = queries.article_view(session, first.slug)
    finally:
        engine.dispose()
    return next(
        s for s in view.segments if all(s.translations[lg].text.strip() for lg in ("en", "ru"))
    )


async def test_the_served_editor_renders_chinese_english_and_russian_in_chromium(
    demo_workspace: Path, tmp_path: Path
) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; CI needs it (apt-get install chromium).")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    segment = _first_full_segment(demo_workspace)
    expected = {
        "zh": segment.source[:4],
        "en": " ".join(segment.translations["en"].text.split()[:2]),
        "ru": " ".join(segment.translations["ru"].text.split()[:2]),
    }
    port = _free_port()
    serve = [sys.executable, "-m", "tmtool", "--workspace", str(demo_workspace), "serve"]
    with running([*serve, "--port", str(port)]) as server:
        _wait_for_port(port, server)
        user_data = tmp_path / "chromium"
        with running([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={user_data}", "about:blank"]):
            async with devtools(user_data) as browser:
                await browser.send("Network.enable")
                await browser.send("Page.enable")
                await browser.send(
                    "Page.navigate", url=f"http://127.0.0.1:{port}/?user=chen&fontsize=11"
                )
                # The article list first, as `tmtool tui` shows it to chen.
                await browser.until(
                    "article list", lambda: "chen (admin" in browser.terminal_output()
                )
                await browser.until("articles", lambda: "segments" in browser.terminal_output())
                await asyncio.sleep(1.0)  # let the list's worker fill the table
                await browser.send(
                    "Runtime.evaluate",
                    expression="document.querySelector('.xterm-helper-textarea').focus()",
                )
                for kind in ("keyDown", "keyUp"):
                    await browser.send(
                        "Input.dispatchKeyEvent",
                        type=kind,
                        key="Enter",
                        code="Enter",
                        windowsVirtualKeyCode=13,
                        text="\r" if kind == "keyDown" else "",
                    )
                await browser.until(
                    "editor", lambda: "check the pairing" in browser.terminal_output()
                )
                await browser.until(
                    "the segment's texts",
                    lambda: all(t in browser.terminal_output() for t in expected.values()),
                )
                await asyncio.sleep(1.5)  # xterm.js paints on its next animation frames
                state = await browser.send(
                    "Runtime.evaluate",
                    expression="[document.body.className,"
                    " document.querySelectorAll('.xterm-screen canvas').length]",
                    returnByValue=True,
                )
                shot = await browser.send("Page.captureScreenshot", format="png")
    body_classes, canvases = state["result"]["value"]
    assert "-first-byte" in body_classes  # xterm.js received the terminal's output
    assert "-closed" not in body_classes  # and the session is still alive
    assert canvases >= 1
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    (tmp_path / "served-editor.png").write_bytes(png)
    if folder := os.environ.get("TMTOOL_SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / "served-editor.png").write_bytes(png)
