"""A local machine-translation server for tests: LibreTranslate's and DeepL's protocols.

It listens on 127.0.0.1 on a random port, in a thread. Tests script what it answers
(`script`, `translate_with`) and how it fails (`fail`, `slow`), and read what it was
asked (`requests`). Nothing touches the internet.

LibreTranslate: ``POST /translate`` with q, source, target, format and api_key (in the
query string as deep-translator sends them, or as a form or JSON body) answers
``{"translatedText": ...}``; ``GET /languages`` lists languages. DeepL: ``POST
/v2/translate`` with a JSON body (``text`` list, ``source_lang``, ``target_lang``) and the
``Authorization: DeepL-Auth-Key KEY`` header, as the official `deepl` package sends it.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

LANGUAGES: list[dict[str, Any]] = [
    {"code": "en", "name": "English", "targets": ["en", "ru", "zh"]},
    {"code": "ru", "name": "Russian", "targets": ["en", "ru", "zh"]},
    {"code": "zh", "name": "Chinese", "targets": ["en", "ru", "zh"]},
]


@dataclass(frozen=True)
class Request:
    """One translation request the server received (faulted ones too)."""

    path: str
    texts: list[str]
    source: str
    target: str
    key: str | None


@dataclass
class Fault:
    """How to answer the next translation request instead of translating."""

    status: int | None = None
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class MTServer:
    """The server and its script.

    Attributes:
        libre_key: the LibreTranslate API key the server demands (None: any or none).
        deepl_key: the DeepL key the server demands (None: any).
        table: what to answer: text → answer, or (text, target) → answer.
        translate_with: answers for texts not in `table`; default "<target> text".
        requests: every translation request received.
        errors: failures while answering (typically a client that gave up waiting).
    """

    libre_key: str | None = None
    deepl_key: str | None = None
    table: dict[Any, str] = field(default_factory=dict)
    translate_with: Callable[[str, str, str], str] | None = None
    requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _released: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:54321/ (LibreTranslate and DeepL alike)."""
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def script(self, text: str, answer: str, *, target: str | None = None) -> None:
        """Answer `text` (for `target`, or any target) with `answer`."""
        self.table[(text, target) if target else text] = answer

    def fail(self, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        """Answer the next `times` translation requests with HTTP `status`."""
        self._faults += [Fault(status=status, retry_after=retry_after) for _ in range(times)]

    def answer_normally(self, *, times: int = 1) -> None:
        """Answer the next `times` translation requests as usual (before scripted faults)."""
        self._faults += [Fault() for _ in range(times)]

    def slow(self, seconds: float, *, times: int = 1) -> None:
        """Hold the next `times` translation requests for `seconds` before answering."""
        self._faults += [Fault(delay=seconds) for _ in range(times)]

    def count(self, path: str | None = None) -> int:
        """How many translation requests arrived (at `path`, if given)."""
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def texts(self) -> list[str]:
        """Every text sent for translation, in order."""
        with self._lock:
            return [t for r in self.requests for t in r.texts]

    def answer(self, text: str, source: str, target: str) -> str:
        """What the server translates `text` into."""
        if (text, target) in self.table:
            return self.table[(text, target)]
        if text in self.table:
            return self.table[text]
        if self.translate_with is not None:
            return self.translate_with(text, source, target)
        return f"<{target}> {text}"

    def _next_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> MTServer:
        """Listen on a random port of 127.0.0.1."""
        server = _QuietServer(("127.0.0.1", 0), _handler(self))
        server.state = self
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; held requests are released."""
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)


class _QuietServer(ThreadingHTTPServer):
    """Keeps a client that hung up (after its timeout) from printing a traceback."""

    state: MTServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        self.state.errors.append(f"{type(exc).__name__}: {exc}")


def use_server(root: Path, url: str, **settings: object) -> None:
    """Rewrite the `[mt]` table of the workspace in `root` to use a LibreTranslate server at
    `url`, with short waits suited to tests; `settings` add or override entries (e.g.
    ``engine="deepl"``, ``pivot_ru="en"``, ``timeout=0.3``). Reload the workspace after."""
    table = {
        "engine": "libretranslate",
        "url": url,
        "timeout": 5,
        "retries": 2,
        "backoff": 0.01,
        "max_backoff": 0.05,
        **settings,
    }
    path = root / "tmtool.toml"
    before_mt = path.read_text(encoding="utf-8").split("[mt]")[0]
    lines = "".join(f"{name} = {json.dumps(value)}\n" for name, value in table.items())
    path.write_text(f"{before_mt}[mt]\n{lines}", encoding="utf-8")


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def _handler(state: MTServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            fields: dict[str, Any] = {
                k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()
            }
            if raw:
                if "json" in (self.headers.get("Content-Type") or ""):
                    fields.update(json.loads(raw.decode("utf-8")))
                else:
                    fields.update({k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()})
            return fields

        def _fault(self) -> bool:
            fault = state._next_fault()
            if fault is None:
                return False
            if fault.delay:
                state._released.wait(fault.delay)
                return False
            if fault.status is None:
                return False
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            self._send(fault.status, {"error": f"scripted HTTP {fault.status}"}, headers)
            return True

        def do_GET(self) -> None:
            path = urlparse(self.path).path
            if path == "/languages":
                self._send(200, LANGUAGES)
            elif path == "/v2/languages":
                self._send(
                    200,
                    [{"language": str(c["code"]).upper(), "name": c["name"]} for c in LANGUAGES],
                )
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:
            path = urlparse(self.path).path
            fields = self._body()
            if path == "/translate":
                self._libre(fields)
            elif path == "/v2/translate":
                self._deepl(fields)
            else:
                self._send(404, {"error": "not found"})

        def _libre(self, fields: dict[str, Any]) -> None:
            text = str(fields.get("q", ""))
            source, target = str(fields.get("source", "")), str(fields.get("target", ""))
            key = fields.get("api_key")
            state._record(Request("/translate", [text], source, target, key))
            if self._fault():
                return
            if state.libre_key is not None and key != state.libre_key:
                self._send(403, {"error": "Invalid API key"})
                return
            self._send(200, {"translatedText": state.answer(text, source, target)})

        def _deepl(self, fields: dict[str, Any]) -> None:
            texts = [str(t) for t in fields.get("text", [])]
            source = str(fields.get("source_lang", "")).lower()
            target = str(fields.get("target_lang", "")).lower().split("-")[0]
            auth = self.headers.get("Authorization") or ""
            key = auth.removeprefix("DeepL-Auth-Key ").strip() or None
            state._record(Request("/v2/translate", texts, source, target, key))
            if self._fault():
                return
            if state.deepl_key is not None and key != state.deepl_key:
                self._send(403, {"message": "Wrong endpoint or invalid auth key"})
                return
            self._send(
                200,
                {
                    "translations": [
                        {
                            "detected_source_language": source.upper() or "ZH",
                            "text": state.answer(t, source, target),
                            "billed_characters": len(t),
                        }
                        for t in texts
                    ]
                },
            )

    return Handler
