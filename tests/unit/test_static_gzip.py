"""The static-bundle middleware: compressed once, served from memory, everything else untouched."""

from __future__ import annotations

import asyncio
import gzip
from typing import Any

from lib.server.middleware import StaticGzipMiddleware

BUNDLE = b"function tracker(){return 'Joint Production Tracker'}\n" * 400


class Files:
    """An ASGI app serving one JavaScript bundle, counting how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        kind = b"application/javascript" if scope["path"].endswith(".js") else b"image/png"
        headers = [(b"content-type", kind), (b"content-length", str(len(BUNDLE)).encode())]
        headers.append((b"etag", b'"abc"'))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        half = len(BUNDLE) // 2
        await send({"type": "http.response.body", "body": BUNDLE[:half], "more_body": True})
        await send({"type": "http.response.body", "body": BUNDLE[half:]})


def get(app, path: str, encoding: str = "gzip, br") -> tuple[dict[bytes, bytes], bytes]:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [(b"accept-encoding", encoding.encode())] if encoding else [],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    headers = dict(sent[0]["headers"])
    return headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_a_bundle_is_compressed_once_and_later_visitors_get_it_from_memory():
    files = Files()
    app = StaticGzipMiddleware(files)
    for _ in range(3):
        headers, body = get(app, "/static/js/index.abc123.js")
        assert headers[b"content-encoding"] == b"gzip"
        assert headers[b"content-length"] == str(len(body)).encode()
        assert headers[b"vary"] == b"Accept-Encoding"
        assert headers[b"etag"] == b'"abc-gzip"'
        assert gzip.decompress(body) == BUNDLE
        assert len(body) < len(BUNDLE) // 10
    assert files.calls == 1


def test_a_client_without_gzip_and_paths_outside_static_get_the_bytes_as_they_are():
    files = Files()
    app = StaticGzipMiddleware(files)
    for path, encoding in (("/static/js/index.abc123.js", ""), ("/component/x.js", "gzip")):
        headers, body = get(app, path, encoding)
        assert b"content-encoding" not in headers and body == BUNDLE
    assert files.calls == 2


def test_images_are_not_compressed_again():
    headers, body = get(StaticGzipMiddleware(Files()), "/static/media/logo.abc.png")
    assert b"content-encoding" not in headers and body == BUNDLE
