"""Many viewers at once: N AppTest sessions in threads, each rerunning, against the stand-in.

Run as `python -m tests.app.sessions --workbook PATH --sessions 20 --reruns 10`; prints JSON with
the stand-in's request counts. A separate process, because the app fixes its cache period when it
is first imported and this measurement needs a period longer than the whole run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workbook", required=True, type=Path)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--page", default="")
    args = parser.parse_args(argv)

    from tests.sheets_standin import SheetsStandIn

    with SheetsStandIn.from_workbook(args.workbook, lifetime_seconds=900) as standin:
        os.environ.update(
            {
                "TRACKER_SPREADSHEET": standin.key,
                "TRACKER_SHEETS_API_BASE": standin.base_url,
                "TRACKER_CACHE_TTL_SECONDS": "3600",
                "TRACKER_AS_OF": "2026-03-01",
            }
        )
        from streamlit.testing.v1 import AppTest

        errors: list[str] = []
        start = threading.Barrier(args.sessions, timeout=120)

        def viewer() -> None:
            try:
                app = AppTest.from_file(APP, default_timeout=120)
                start.wait()  # every session asks for the data at the same moment
                app.run()
                if args.page:
                    app.switch_page(args.page)
                for _ in range(args.reruns):
                    app.run()
                if app.exception:
                    errors.append(str(app.exception[0].message))
            except Exception as error:  # reported, not raised: the count is the point
                errors.append(repr(error))

        began = time.perf_counter()
        threads = [threading.Thread(target=viewer) for _ in range(args.sessions)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        requests = standin.requests
    print(
        json.dumps(
            {
                "sessions": args.sessions,
                "reruns": args.reruns,
                "seconds": round(time.perf_counter() - began, 2),
                "values_requests": sum("/values" in r["path"] for r in requests),
                "metadata_requests": sum(r["path"].endswith(f"/{standin.key}") for r in requests),
                "errors": errors,
            }
        )
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
