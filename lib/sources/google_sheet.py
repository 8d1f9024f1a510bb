"""The shared Google Sheet, read through gspread with bounded retries and plain-language errors.

Cost per refresh: one `values:batchGet` for every tab. The spreadsheet's metadata (tab titles and
gids) is fetched once and kept for an hour, because tabs are rarely added or renamed.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

import gspread
import requests
from google.auth.credentials import AnonymousCredentials, Credentials
from google.auth.exceptions import GoogleAuthError
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from lib.config import Settings
from lib.model import RawWorkbook, SourceKind
from lib.schema import TAB_ALIASES
from lib.sources.base import MissingProjectsTab, SourceError
from lib.text import fold

GOOGLE_API_BASE = "https://sheets.googleapis.com/v4/spreadsheets"
SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
METADATA_TTL_SECONDS = 3600
READ_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
_KEY_IN_URL = re.compile(r"/spreadsheets/d/([a-zA-Z0-9_-]+)")
_PLAIN_KEY = re.compile(r"^[a-zA-Z0-9_-]{3,}$")
_REQUIRED_KEY_FIELDS = ("type", "client_email", "private_key", "token_uri")


def spreadsheet_key(text: str) -> str:
    """The key in a Google Sheet URL, or the key itself."""
    text = text.strip()
    if match := _KEY_IN_URL.search(text):
        return match[1]
    if _PLAIN_KEY.match(text):
        return text
    raise SourceError(
        "The spreadsheet setting is neither a Google Sheet URL "
        "(https://docs.google.com/spreadsheets/d/…/edit) nor a spreadsheet key."
    )


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, APIError):
        return _status(error) == HTTPStatus.TOO_MANY_REQUESTS or _status(error) >= 500
    return isinstance(error, requests.Timeout | requests.ConnectionError)


def _status(error: APIError) -> int:
    code = error.code if isinstance(error.code, int) and error.code > 0 else 0
    return code or error.response.status_code


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_seconds: float = 1.0
    timeout_seconds: float = 20.0


class BoundedRetryHTTPClient(HTTPClient):
    """gspread's HTTP client with a timeout on every request and bounded exponential backoff.

    gspread 6.2.1's own BackOffHTTPClient retries without bound; a retry storm from every
    viewer of a dashboard is exactly what a quota of 60 reads a minute cannot take.
    Reads are retried on 429, 5xx and timeouts. Writes are retried only on 429, which Google
    answers before doing anything: after a 5xx or a timeout a write may have been applied, or
    may still land, so the writer (lib.edit) looks before it writes again.
    """

    api_base: str = GOOGLE_API_BASE
    policy: RetryPolicy = RetryPolicy()

    def __init__(self, auth: Credentials, session: requests.Session | None = None) -> None:
        super().__init__(auth, session)
        self.set_timeout(self.policy.timeout_seconds)
        self.attempts_made = 0

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        if self.api_base != GOOGLE_API_BASE:
            endpoint = endpoint.replace(GOOGLE_API_BASE, self.api_base, 1)
        repeatable = method.lower() == "get"

        def should_retry(error: BaseException) -> bool:
            if isinstance(error, APIError) and _status(error) == HTTPStatus.TOO_MANY_REQUESTS:
                return True
            return repeatable and _is_transient(error)

        retrying = Retrying(
            stop=stop_after_attempt(self.policy.attempts),
            wait=wait_exponential_jitter(
                multiplier=self.policy.base_seconds,
                max=self.policy.base_seconds * 16,
                jitter=self.policy.base_seconds,
            ),
            retry=retry_if_exception(should_retry),
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                self.attempts_made += 1
                return super().request(method, endpoint, *args, **kwargs)
        raise AssertionError("unreachable: tenacity either returns or re-raises")


def client_class(api_base: str, policy: RetryPolicy) -> type[BoundedRetryHTTPClient]:
    """An HTTP client class bound to one API base and retry policy (gspread instantiates it)."""
    return type(
        "ConfiguredHTTPClient",
        (BoundedRetryHTTPClient,),
        {"api_base": api_base or GOOGLE_API_BASE, "policy": policy},
    )


def credentials_for(settings: Settings) -> Credentials:
    """Service-account credentials, or anonymous ones for a local stand-in of the API."""
    if settings.sheets_api_base:
        return AnonymousCredentials()
    info = settings.service_account
    if info is None and settings.credentials_file:
        path = Path(settings.credentials_file)
        if not path.is_file():
            raise SourceError(
                "GOOGLE_APPLICATION_CREDENTIALS points to a file that does not exist. "
                "Set it to the service-account key file (JSON) downloaded from Google Cloud."
            )
        import json

        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise SourceError(
                "The key file in GOOGLE_APPLICATION_CREDENTIALS is not valid JSON. "
                "Download the service account's key again (Keys → Add key → JSON)."
            ) from None
    if info is None:
        raise SourceError(
            "No Google credentials are configured. Add the service account's key as a "
            "[gcp_service_account] table in .streamlit/secrets.toml, or set "
            "GOOGLE_APPLICATION_CREDENTIALS to its key file (see the README)."
        )
    return _service_account_credentials(info)


def _service_account_credentials(info: Mapping[str, Any]) -> Credentials:
    missing = [k for k in _REQUIRED_KEY_FIELDS if not str(info.get(k, "")).strip()]
    if missing:
        raise SourceError(
            "The service-account key is incomplete: it has no "
            + ", ".join(missing)
            + ". Paste the whole JSON key of the service account (see the README)."
        )
    if info.get("type") != "service_account":
        raise SourceError(
            "The Google credentials are not a service-account key (type must be "
            "“service_account”). Create a key for a service account in Google Cloud."
        )
    try:
        return service_account.Credentials.from_service_account_info(dict(info), scopes=SCOPES)
    except (ValueError, GoogleAuthError):
        # The library's message may quote the key; ours never does.
        raise SourceError(
            "The service-account private key could not be read. Copy the key again exactly, "
            "including the BEGIN/END PRIVATE KEY lines and the \\n line breaks."
        ) from None


@dataclass(frozen=True)
class SheetMetadata:
    key: str
    title: str
    tabs: tuple[tuple[str, int], ...]  # (title, gid) in sheet order
    # (rows, columns) of each tab's grid, in the same order: Google refuses ranges beyond it.
    grids: tuple[tuple[int, int], ...] = ()

    @property
    def gids(self) -> dict[str, int]:
        return dict(self.tabs)

    def grid(self, title: str) -> tuple[int, int]:
        """(rows, columns) of a tab's grid; Google's default for a new sheet if unknown."""
        sizes = dict(zip((name for name, _ in self.tabs), self.grids, strict=False))
        return sizes.get(title, (1000, 26))


class GoogleSheetSource:
    """Reads every tab of one spreadsheet; safe to share between sessions and threads."""

    kind: SourceKind = "google"

    def __init__(self, settings: Settings) -> None:
        self.key = spreadsheet_key(settings.spreadsheet)
        self.settings = settings
        self.policy = RetryPolicy(
            settings.retry_attempts, settings.retry_base_seconds, settings.request_timeout_seconds
        )
        self._client: gspread.Client | None = None
        self._metadata: SheetMetadata | None = None
        self._metadata_at = 0.0
        self._lock = threading.Lock()

    @property
    def label(self) -> str:
        title = self._metadata.title if self._metadata else self.key
        return f"Google Sheet “{title}”"

    @property
    def sheet_url(self) -> str:
        return f"https://docs.google.com/spreadsheets/d/{self.key}/edit"

    @property
    def service_account_email(self) -> str:
        info = self.settings.service_account or {}
        return str(info.get("client_email", "")) or "the service account"

    @property
    def http(self) -> BoundedRetryHTTPClient:
        """The configured gspread HTTP client (created on first use)."""
        if self._client is None:
            credentials = credentials_for(self.settings)
            http_client = client_class(self.settings.sheets_api_base, self.policy)
            self._client = gspread.Client(credentials, http_client=http_client)
        return self._client.http_client  # type: ignore[return-value]

    def metadata(self, *, refresh: bool = False) -> SheetMetadata:
        """Tab titles and gids; fetched at most once an hour unless `refresh`."""
        with self._lock:
            fresh = time.monotonic() - self._metadata_at < METADATA_TTL_SECONDS
            if self._metadata is not None and fresh and not refresh:
                return self._metadata
        answer = self._call(lambda: self.http.fetch_sheet_metadata(self.key))
        tabs = tuple(
            (s["properties"]["title"], int(s["properties"].get("sheetId", 0)))
            for s in answer.get("sheets", [])
        )
        grids = tuple(
            (int(grid.get("rowCount", 1000)), int(grid.get("columnCount", 26)))
            for grid in (
                s["properties"].get("gridProperties", {}) for s in answer.get("sheets", [])
            )
        )
        metadata = SheetMetadata(
            self.key, answer.get("properties", {}).get("title", ""), tabs, grids
        )
        with self._lock:
            self._metadata, self._metadata_at = metadata, time.monotonic()
        return metadata

    def load(self) -> RawWorkbook:
        """Every tab in one values:batchGet request."""
        metadata = self.metadata()
        titles = [title for title, _ in metadata.tabs]
        projects = {fold(a) for a in TAB_ALIASES["Projects"]}
        if not any(fold(t) in projects for t in titles):
            with self._lock:
                self._metadata = None  # the tab may be added or renamed in a moment
            raise MissingProjectsTab(
                f"The spreadsheet “{metadata.title}” has no Projects tab (its tabs: "
                f"{', '.join(titles) or 'none'}). Rename the tab that holds the projects to "
                "“Projects” (or “Dự án”)."
            )
        ranges = [_quoted(t) for t in titles]
        try:
            # A copy: gspread's values_batch_get adds "ranges" to the dict it is given.
            params = dict(READ_PARAMS)
            answer = self._call(lambda: self.http.values_batch_get(self.key, ranges, params))
        except SourceError:
            with self._lock:
                self._metadata = None  # a renamed tab fails the read; fetch titles again next time
            raise
        values = [vr.get("values", []) for vr in answer.get("valueRanges", [])]
        return RawWorkbook(
            dict(zip(titles, values, strict=False)),
            "google",
            self.label,
            self.sheet_url,
            metadata.gids,
        )

    def _call(self, request):
        try:
            return request()
        except APIError as error:
            raise self.explain(error) from None
        except requests.Timeout:
            raise SourceError(
                f"Google Sheets did not answer within {self.policy.timeout_seconds:g} seconds "
                f"({self.policy.attempts} attempts). It may be a slow minute; try again shortly.",
                transient=True,
            ) from None
        except requests.ConnectionError:
            raise SourceError(
                "Google Sheets could not be reached (no connection). Check the network and "
                "try again.",
                transient=True,
            ) from None
        except GoogleAuthError:
            raise SourceError(
                "Google refused the service-account key (it may have been deleted or revoked). "
                "Create a new key for the service account and update the secrets."
            ) from None

    def explain(self, error: APIError) -> SourceError:
        """A plain-language message for an API error; never quotes credentials."""
        status = _status(error)
        reason = str(error.error.get("message", ""))
        if status == HTTPStatus.FORBIDDEN and "has not been used" in reason:
            return SourceError(
                "The Google Sheets API is not enabled for the service account's Cloud project. "
                "Enable “Google Sheets API” in Google Cloud Console → APIs & Services, then retry."
            )
        if status == HTTPStatus.FORBIDDEN:
            return SourceError(
                f"{self.service_account_email} may not open this spreadsheet. In Google Sheets, "
                f"click Share and add {self.service_account_email} (Viewer to read, Editor to "
                "let the app save changes)."
            )
        if status == HTTPStatus.NOT_FOUND:
            return SourceError(
                f"No spreadsheet with key “{self.key}” exists (or it was deleted). Check the "
                "spreadsheet URL or key in the settings."
            )
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            return SourceError(
                "Google Sheets' request quota is used up for this minute (60 reads per minute "
                f"per user); gave up after {self.policy.attempts} attempts. The data will "
                "refresh on its own shortly.",
                transient=True,
            )
        if status >= 500:
            return SourceError(
                f"Google Sheets is having trouble (HTTP {status}) and did not recover after "
                f"{self.policy.attempts} attempts. Try again in a few minutes.",
                transient=True,
            )
        if status == HTTPStatus.BAD_REQUEST and "parse range" in reason:
            return SourceError(
                "A tab was renamed or removed while it was being read; refresh to read it again.",
                transient=True,
            )
        return SourceError(f"Google Sheets refused the request (HTTP {status}: {reason}).")


def _quoted(title: str) -> str:
    """A tab title as an A1 range: always quoted, inner quotes doubled (Google's rule)."""
    return "'" + title.replace("'", "''") + "'"
