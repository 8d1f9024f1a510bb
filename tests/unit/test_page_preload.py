"""The chart bundle is named by the page itself: a modulepreload link, once, in the HTML only."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lib.server.middleware import PreloadMiddleware, preloaded_files, with_preloads

PAGE = (
    b'<html><head><script type="module" crossorigin src="./static/js/index.abc.js"></script>'
    b'<link rel="modulepreload" crossorigin href="./static/js/runtime.abc.js"></head>'
    b"<body></body></html>"
)
FILES = ["runtime.abc.js", "PlotlyChart.def.js"]


def serve(body: bytes, kind: bytes, status: int = 200):
    async def app(scope, receive, send) -> None:
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        half = len(body) // 2
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:]})

    return app


def get(app, path: str = "/") -> tuple[dict[bytes, bytes], bytes]:
    scope: dict[str, Any] = {"type": "http", "method": "GET", "path": path, "headers": []}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return dict(sent[0]["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_the_page_names_the_chart_bundle_once_before_its_head_ends():
    headers, body = get(PreloadMiddleware(serve(PAGE, b"text/html; charset=UTF-8"), FILES))
    link = b'<link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.def.js">'
    assert body.count(link) == 1 and body.index(link) < body.index(b"</head>")
    assert body.count(b"runtime.abc.js") == 1  # already linked: not twice
    assert headers[b"content-length"] == str(len(body)).encode()


def test_anything_but_the_page_passes_untouched():
    script = b"console.log('</head>')" * 100
    for app, path in (
        (serve(script, b"application/javascript"), "/static/js/index.abc.js"),
        (serve(PAGE, b"text/html"), "/_stcore/health"),
        (serve(b'{"a": "</head>"}', b"application/json"), "/api/thing"),
        (serve(PAGE, b"text/html", status=404), "/missing"),
    ):
        _, body = get(PreloadMiddleware(app, FILES), path)
        assert body == get(app, path)[1]


def test_the_bundles_of_this_streamlit_release_are_found_with_their_imports(tmp_path: Path):
    (tmp_path / "PlotlyChart.def.js").write_text(
        'import{a}from"./runtime.abc.js";import{b}from"./wrapper.x1.js";export{a,b}'
    )
    assert preloaded_files(tmp_path) == ["runtime.abc.js", "wrapper.x1.js", "PlotlyChart.def.js"]
    real = preloaded_files()
    assert real and real[-1].startswith("PlotlyChart.")  # the installed release has one
    assert with_preloads(b"<p>no head</p>", FILES) == b"<p>no head</p>"
