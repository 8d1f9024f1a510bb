"""Compressed static bundles: a new visitor downloads about a quarter of the JavaScript.

Streamlit serves its frontend bundles (/static/…, about 9 MB for the Overview) uncompressed,
on purpose: gzipping them on every request costs CPU at each hit. Those files are named by
their content hash and never change, so this middleware gzips each one once, keeps the result
in memory (bounded) and answers every later request for it from there. Everything else
passes through untouched: the page, the WebSocket, media, and clients that do not accept gzip.
"""

from __future__ import annotations

import gzip
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

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


MIDDLEWARE = [Middleware(StaticGzipMiddleware)]
