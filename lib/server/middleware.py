"""Compressed static bundles, and the chart bundle asked for with the page.

Compressed static bundles: a new visitor downloads about a quarter of the JavaScript.

Streamlit serves its frontend bundles (/static/…, about 9 MB for the Overview) uncompressed,
on purpose: gzipping them on every request costs CPU at each hit. Those files are named by
their content hash and never change, so this middleware gzips each one once, keeps the result
in memory (bounded) and answers every later request for it from there. Everything else
passes through untouched: the page, the WebSocket, media, and clients that do not accept gzip.

The chart bundle asked for with the page: Streamlit's frontend loads the code of an element
the first time the script sends one, so Plotly's bundle (4.6 MB, the largest by far) would only
be requested once the page's script has run and its first chart has arrived. Nearly every page
of the app draws a Plotly chart, so the page itself names that bundle (and the few small files
it imports) as a `modulepreload`: the browser fetches and compiles it while the app starts and
the script runs, and only runs it when the first chart needs it.
"""

from __future__ import annotations

import gzip
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import streamlit
from starlette.middleware import Middleware

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_COMPRESSIBLE = (
    b"text/",
    b"application/javascript",
    b"application/json",
    b"image/svg+xml",
    b"application/wasm",
)
_MINIMUM_BYTES = 1024
_CACHE_BYTES = 64 * 1024 * 1024  # the compressed bundles of a Streamlit release: about 5 MB
_LEVEL = 9  # once per file (then served from memory), so the smallest output is worth it


def _accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"accept-encoding":
            return b"gzip" in value.lower()
    return False


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes:
    return next((v for k, v in headers if k.lower() == name), b"")


def compressed_headers(
    headers: list[tuple[bytes, bytes]], length: int
) -> list[tuple[bytes, bytes]]:
    """The response's headers for its gzipped body: new length, encoding, Vary."""
    kept = [
        (k, v)
        for k, v in headers
        if k.lower() not in (b"content-length", b"content-encoding", b"etag", b"vary")
    ]
    etag = _header(headers, b"etag")
    if etag:  # a different body needs a different validator
        kept.append((b"etag", etag.rstrip(b'"') + b'-gzip"' if etag.endswith(b'"') else etag))
    return [
        *kept,
        (b"content-encoding", b"gzip"),
        (b"content-length", str(length).encode()),
        (b"vary", b"Accept-Encoding"),
    ]


class _Cache:
    """Compressed bodies by path, least recently used dropped past the byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.entries: OrderedDict[str, tuple[list[tuple[bytes, bytes]], bytes]] = OrderedDict()

    def get(self, path: str) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        entry = self.entries.get(path)
        if entry is not None:
            self.entries.move_to_end(path)
        return entry

    def put(self, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if len(body) > self.budget or path in self.entries:
            return
        self.entries[path] = (headers, body)
        self.size += len(body)
        while self.size > self.budget:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.size -= len(dropped)


class StaticGzipMiddleware:
    """Gzips content-hashed static files once and serves them compressed from memory."""

    def __init__(self, app: ASGIApp, prefix: str = "/static/", budget: int = _CACHE_BYTES):
        self.app = app
        self.prefix = prefix
        self.cache = _Cache(budget)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or self.prefix not in path
            or not _accepts_gzip(scope)
            or any(name == b"range" for name, _ in scope.get("headers", []))
        ):
            await self.app(scope, receive, send)
            return
        cached = self.cache.get(path)
        if cached is not None:
            headers, body = cached
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send(
                {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
            )
            return
        await self._compress(scope, receive, send, path)

    async def _compress(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._answer(start, b"".join(chunks), path, scope["method"], send)

        await self.app(scope, receive, capture)

    async def _answer(
        self, start: Message, body: bytes, path: str, method: str, send: Send
    ) -> None:
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
        kind = _header(headers, b"content-type").lower()
        if (
            start["status"] != 200
            or method != "GET"
            or len(body) < _MINIMUM_BYTES
            or _header(headers, b"content-encoding")
            or not kind.startswith(_COMPRESSIBLE)
        ):
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        packed = gzip.compress(body, compresslevel=_LEVEL, mtime=0)
        new_headers = compressed_headers(headers, len(packed))
        self.cache.put(path, new_headers, packed)
        await send({**start, "headers": new_headers})
        await send({"type": "http.response.body", "body": packed})


STATIC_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"
PRELOADED = ("PlotlyChart",)  # the bundles asked for with the page, by their name's stem
_IMPORTS = re.compile(rb'from"\./([\w.-]+\.js)"')
_HEAD_BYTES = 16_384  # a bundle's static imports come first


def preloaded_files(folder: Path = STATIC_JS, stems: tuple[str, ...] = PRELOADED) -> list[str]:
    """The bundles named by `stems` in this Streamlit release, each with the files it imports."""
    files: list[str] = []
    for stem in stems:
        for path in sorted(folder.glob(f"{stem}.*.js")):
            with path.open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
            imported = [name.decode() for name in _IMPORTS.findall(head)]
            files += [name for name in [*imported, path.name] if name not in files]
    return files


def with_preloads(page: bytes, files: list[str]) -> bytes:
    """The page with a `modulepreload` link for each of `files` it does not link already."""
    links = b"".join(
        b'<link rel="modulepreload" crossorigin href="./static/js/%s">' % name.encode()
        for name in files
        if b"/static/js/" + name.encode() not in page
    )
    if not links or b"</head>" not in page:
        return page
    return page.replace(b"</head>", links + b"</head>", 1)


class PreloadMiddleware:
    """Adds `modulepreload` links for the chart bundle to the app's page (HTML only)."""

    def __init__(self, app: ASGIApp, files: list[str] | None = None) -> None:
        self.app = app
        self.files = preloaded_files() if files is None else files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not self.files
            or "/static/" in path
            or "/_stcore/" in path
        ):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
                page = _header(headers, b"content-type").lower().startswith(b"text/html")
                if message["status"] == 200 and page and not _header(headers, b"content-encoding"):
                    start = message  # held until the whole page is here
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = with_preloads(b"".join(chunks), self.files)
            headers = [
                (bytes(k), bytes(v))
                for k, v in start.get("headers", [])
                if bytes(k).lower() not in (b"content-length", b"etag")
            ]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


MIDDLEWARE = [Middleware(StaticGzipMiddleware), Middleware(PreloadMiddleware)]
