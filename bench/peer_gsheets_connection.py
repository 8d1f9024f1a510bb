"""A peer: the usual st-gsheets-connection app reading the Projects tab, run in a venv of its own
(bench/.peers-venv: the package pins gspread 5). Only the transport is redirected: requests go
to the stand-in instead of Google, and the service account's token is not fetched.

    bench/.peers-venv/bin/python bench/peer_gsheets_connection.py BASE_URL KEY PEM READS
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import requests
import streamlit as st
from google.oauth2 import service_account
from streamlit_gsheets import GSheetsConnection

GOOGLE = "https://sheets.googleapis.com/v4/spreadsheets"  # the stand-in serves this path


def main() -> None:
    base, key, pem_path, reads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    send = requests.Session.request

    def to_standin(self, method, url, *args, **kwargs):
        return send(self, method, url.replace(GOOGLE, base), *args, **kwargs)

    def no_token(self, request):
        self.token = "stand-in"
        self.expiry = None

    requests.Session.request = to_standin
    service_account.Credentials.refresh = no_token
    with open(pem_path, encoding="utf-8") as handle:
        pem = handle.read()
    # The package reads its settings from .streamlit/secrets.toml only: written in the
    # working directory, a scratch folder of the benchmark.
    settings = {
        "spreadsheet": f"https://docs.google.com/spreadsheets/d/{key}/edit",
        "type": "service_account",
        "project_id": "bench",
        "private_key_id": "bench",
        "private_key": pem,
        "client_email": "bench@bench.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    folder = Path(".streamlit")
    folder.mkdir(exist_ok=True)
    lines = ["[connections.gsheets]", *(f"{k} = {json.dumps(v)}" for k, v in settings.items())]
    (folder / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    conn = st.connection("gsheets", type=GSheetsConnection)
    seconds = []
    rows = 0
    for _ in range(reads):
        start = time.perf_counter()
        frame = conn.read(worksheet="Projects", ttl=0)
        seconds.append(time.perf_counter() - start)
        rows = len(frame)
    print("PEER-RESULT " + json.dumps({"seconds": seconds, "rows": rows}), flush=True)


if __name__ == "__main__":
    main()
