"""What a visitor waits for in Chromium: the Overview against two floors, new and returning.

Three warm servers (`streamlit run`, 127.0.0.1): the app on the demo data, a bare page, and a
page with one 100-point Plotly chart. Each round visits the three in turn, each in a new
browser context (an empty cache: a new visitor), then once more in the same context (a
returning visitor). A page counts as shown when its script has finished and what it draws is
on screen: the Overview's metrics and every chart's SVG. Bytes are what crossed the wire for
the page (HTTP responses as sent, compressed or not; the WebSocket's messages are not in it).

    python -m bench.first_render --rounds 5     # prints one JSON line
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench.child import emit
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, IDLE, streamlit_server

FLOORS = Path(__file__).resolve().parent / "floors"
PAGES = ("bare", "one_chart", "overview")
# What each page shows once it is done, as a test in the page (all must hold at once).
_SHOWN = {
    "bare": f"document.querySelector(`{IDLE}`) && document.body.innerText.includes('Tracker')",
    "one_chart": f"document.querySelector(`{IDLE}`) && "
    "document.querySelectorAll('.js-plotly-plot .main-svg').length > 0",
    "overview": f"document.querySelector(`{IDLE}`) && "
    "document.querySelectorAll('[data-testid=stMetric]').length >= 5 && "
    "[...document.querySelectorAll('.js-plotly-plot')].length >= 1 && "
    "[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
}
TIMEOUT_MS = 60_000


@contextmanager
def _servers() -> Iterator[dict[str, str]]:
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-render-")))
        app = Path(__file__).resolve().parents[1] / "server.py"  # app.py with its middleware
        urls = {
            "overview": stack.enter_context(
                streamlit_server(scratch, scratch / "app.log", script=app)
            )
        }
        for name in ("bare", "one_chart"):
            urls[name] = stack.enter_context(
                streamlit_server(scratch, scratch / f"{name}.log", script=FLOORS / f"{name}.py")
            )
        yield urls


def _visit(page: Any, url: str, shown: str) -> dict[str, float]:
    sizes: list[int] = []

    def finished(request: Any) -> None:
        try:
            size = request.sizes()
            sizes.append(size["responseBodySize"] + size["responseHeadersSize"])
        except Exception:  # a request the page dropped has no sizes: not on the wire
            pass

    page.on("requestfinished", finished)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(shown, polling="raf", timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - start
    page.remove_listener("requestfinished", finished)
    scripts = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js')).length"
    )
    return {"s": seconds, "bytes": sum(sizes), "requests": len(sizes), "scripts": scripts}


def measure(rounds: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    visits: dict[str, dict[str, list[dict[str, float]]]] = {
        name: {"new": [], "returning": []} for name in PAGES
    }
    with _servers() as urls, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name in PAGES:  # warm every server (its first run imports and caches)
            context = browser.new_context()
            _visit(context.new_page(), urls[name], _SHOWN[name])
            context.close()
        for _ in range(rounds):
            for name in PAGES:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                visits[name]["new"].append(_visit(page, urls[name], _SHOWN[name]))
                visits[name]["returning"].append(_visit(page, urls[name], _SHOWN[name]))
                context.close()
        browser.close()
    figures: dict[str, Any] = {"rounds": rounds}
    for name, kinds in visits.items():
        figures[name] = {
            kind: {
                "median_s": statistics.median(v["s"] for v in runs),
                "bytes": statistics.median(v["bytes"] for v in runs),
                "requests": statistics.median(v["requests"] for v in runs),
                "scripts": statistics.median(v["scripts"] for v in runs),
                "runs_s": [v["s"] for v in runs],
            }
            for kind, runs in kinds.items()
        }
    for kind in ("new", "returning"):
        floor = figures["one_chart"][kind]["median_s"]
        figures[f"{kind}_ratio"] = figures["overview"][kind]["median_s"] / floor
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_render")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    emit(measure(args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
