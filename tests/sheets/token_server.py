"""A local OAuth token endpoint for tests: answers every POST with a set status and body.

A real service-account key whose `token_uri` points here makes google-auth sign in against it
(a signed JWT assertion, posted as a form), so the app's handling of whatever a token endpoint
answers is tested with the real auth stack, without Google.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SERVICE_ACCOUNT_EMAIL = "tracker-reader@vna-tracker.iam.gserviceaccount.com"


class TokenServer:
    """Serve on 127.0.0.1 from a daemon thread; `answer(status, body, content_type)`."""

    def __init__(self) -> None:
        self.status, self.body, self.content_type = 200, b"{}", "application/json"
        self.requests: list[bytes] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                owner.requests.append(self.rfile.read(length))
                self.send_response(owner.status)
                self.send_header("Content-Type", owner.content_type)
                self.send_header("Content-Length", str(len(owner.body)))
                self.end_headers()
                self.wfile.write(owner.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def token_uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/token"

    def answer(self, status: int, body: bytes | dict, content_type: str = "") -> None:
        if isinstance(body, dict):
            body, content_type = json.dumps(body).encode(), content_type or "application/json"
        self.status, self.body = status, body
        self.content_type = content_type or "text/html; charset=utf-8"

    def __enter__(self) -> TokenServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def service_account_key(token_uri: str, email: str = SERVICE_ACCOUNT_EMAIL) -> dict[str, str]:
    """A service-account key as Google issues it (JSON fields), with a freshly made RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "type": "service_account",
        "project_id": "vna-tracker",
        "private_key_id": "0123456789abcdef0123456789abcdef01234567",
        "private_key": pem,
        "client_email": email,
        "client_id": "100000000000000000001",
        "token_uri": token_uri,
    }


def free_port_uri() -> str:
    """A token URI on 127.0.0.1 where nothing listens: what no network looks like."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/token"
