"""Calendar subscription tokens: each carries the filters it was made for and its owner.

The token a person puts in their calendar app is `<id>.<secret>`; only a salted SHA-256 of the
secret is stored, and it is compared in constant time. A revoked token is kept (so that its
use is answered "revoked", 403, rather than "unknown", 401) but never accepted again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from lib.calendar_feed.store import read_json, updating
from lib.filters import LIST_FILTER_COLUMNS

TOKENS_FILE = "calendar-tokens.json"
FILTER_KEYS: tuple[str, ...] = tuple(LIST_FILTER_COLUMNS)  # partner, theme, format, stage, …


@dataclass(frozen=True)
class FeedToken:
    id: str
    owner: str  # the signed-in e-mail that made it
    filters: dict[str, tuple[str, ...]]
    created: str
    revoked: str = ""


@dataclass(frozen=True)
class Verdict:
    status: Literal["ok", "unknown", "revoked"]
    token: FeedToken | None = None


def _empty() -> dict:
    return {"tokens": []}


def _digest(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode()).hexdigest()


def clean_filters(filters: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    """Only the list filters, each a sorted tuple of its values, the empty ones dropped."""
    out = {}
    for key in FILTER_KEYS:
        values = filters.get(key) or ()
        values = (values,) if isinstance(values, str) else values
        chosen = tuple(sorted({str(v).strip() for v in values if str(v).strip()}))
        if chosen:
            out[key] = chosen
    return out


def create_token(folder: Path, owner: str, filters: Mapping[str, object]) -> tuple[str, FeedToken]:
    """A new token for `owner` and `filters`: (the string to give them, what is stored)."""
    token = FeedToken(
        id=secrets.token_hex(6),
        owner=owner,
        filters=clean_filters(filters),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    secret = secrets.token_urlsafe(24)
    salt = secrets.token_hex(16)
    with updating(folder / TOKENS_FILE, _empty) as content:
        content["tokens"].append(
            {
                "id": token.id,
                "owner": owner,
                "filters": {k: list(v) for k, v in token.filters.items()},
                "created": token.created,
                "revoked": "",
                "salt": salt,
                "hash": _digest(salt, secret),
            }
        )
    return f"{token.id}.{secret}", token


def revoke_token(folder: Path, owner: str, token_id: str) -> bool:
    """Revoke one of `owner`'s tokens; False when they have no such live token."""
    with updating(folder / TOKENS_FILE, _empty) as content:
        for entry in content["tokens"]:
            if entry["id"] == token_id and entry["owner"] == owner and not entry["revoked"]:
                entry["revoked"] = datetime.now(UTC).isoformat(timespec="seconds")
                return True
    return False


def tokens_of(folder: Path, owner: str) -> list[FeedToken]:
    content = read_json(folder / TOKENS_FILE, _empty())
    return [_token(e) for e in content["tokens"] if e["owner"] == owner and not e["revoked"]]


def verify(folder: Path, presented: str) -> Verdict:
    """Whether `presented` is a live token (constant-time check of its secret)."""
    token_id, _, secret = (presented or "").partition(".")
    if not token_id or not secret:
        return Verdict("unknown")
    content = read_json(folder / TOKENS_FILE, _empty())
    for entry in content["tokens"]:
        if not hmac.compare_digest(entry["id"], token_id):
            continue
        if not hmac.compare_digest(entry["hash"], _digest(entry["salt"], secret)):
            return Verdict("unknown")
        if entry["revoked"]:
            return Verdict("revoked", _token(entry))
        return Verdict("ok", _token(entry))
    return Verdict("unknown")


def _token(entry: Mapping) -> FeedToken:
    return FeedToken(
        id=entry["id"],
        owner=entry["owner"],
        filters={k: tuple(v) for k, v in entry["filters"].items()},
        created=entry["created"],
        revoked=entry["revoked"],
    )


def feed_address(base: str, filters: Mapping[str, tuple[str, ...]], token: str) -> str:
    """The subscription address of a token: its filters in the query, then the token."""
    from urllib.parse import urlencode

    query = [(key, value) for key in FILTER_KEYS for value in filters.get(key, ())]
    return f"{base.rstrip('/')}/api/calendar.ics?" + urlencode([*query, ("token", token)])
