"""The shared Google Sheet, read through gspread with bounded retries and plain-language errors.

Cost per refresh: one `values:batchGet` for every tab. The spreadsheet's metadata (tab titles and
gids) is fetched once and kept for an hour, because tabs are rarely added or renamed.

The boundary with Google is hardened in two layers: the HTTP client turns any answer that is not
the JSON object the API sends (an HTML page from a proxy, an empty or cut-off body, a JSON list)
into an `APIError` with a one-line summary, and `GoogleSheetSource` turns whatever still escapes
the HTTP and auth stack into a `SourceError` with a plain message.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import gspread
import requests
from google.auth.credentials import AnonymousCredentials, Credentials
from google.auth.exceptions import GoogleAuthError, RefreshError, TransportError
from google.oauth2 import service_account
from gspread.exceptions import APIError, GSpreadException
from gspread.http_client import HTTPClient
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from lib.config import Settings
from lib.i18n import t, tn
from lib.model import RawWorkbook, SourceKind
from lib.schema import TAB_ALIASES
from lib.sources.base import MissingProjectsTab, SourceError
from lib.sources.broken_text import blank_broken_text
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
_JSON_OBJECT_START = re.compile(rb"\s*\{")
_HTML_START = re.compile(rb"\s*(<!doctype|<html|<head|<body|<\?xml|<)", re.IGNORECASE)
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_HEADING = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# What could be a credential in text a server sends back: never repeated to users.
_SECRET_LIKE = (
    re.compile(r"-----BEGIN[^-]*-----.*?(-----END[^-]*-----|$)", re.DOTALL),
    re.compile(r"\bBearer\s+\S+", re.IGNORECASE),
    re.compile(r"\bya29\.[\w.-]+"),
    re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"),  # a JWT (signed assertion or ID token)
)
SUMMARY_LIMIT = 120
_log = logging.getLogger(__name__)


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
    # A body cut off mid-answer is a broken connection too.
    return isinstance(
        error,
        requests.Timeout | requests.ConnectionError | requests.exceptions.ChunkedEncodingError,
    )


def _status(error: APIError) -> int:
    code = error.code if isinstance(error.code, int) and error.code > 0 else 0
    return code or error.response.status_code


def one_line(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """`text` as one short line for a message: whitespace collapsed, cut, credentials removed."""
    for pattern in _SECRET_LIKE:
        text = pattern.sub("…", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_answer(status: int, body: bytes, content_type: str = "") -> str:
    """What an unusable answer was, in a few words: its status and the kind of body, never the
    body itself (an HTML error page would fill the screen and may echo the request)."""
    if not body.strip():
        kind = t("an empty answer")
    elif "html" in content_type.lower() or _HTML_START.match(body):
        found = _HTML_TITLE.search(body) or _HTML_HEADING.search(body)
        title = ""
        if found:
            text = found[1].decode("utf-8", "replace")
            title = one_line(html.unescape(_TAG.sub(" ", text)), 80)
        kind = t("an HTML page “{title}”", title=title) if title else t("an HTML page")
    else:
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = ...
        if parsed is ...:
            kind = t("a malformed or cut-off JSON answer")
        elif isinstance(parsed, dict):
            error = parsed.get("error")
            message = error.get("message") if isinstance(error, dict) else error
            if isinstance(message, str) and message.strip():
                kind = one_line(message)
            else:
                kind = t("a JSON object of an unexpected shape")
        else:
            kind = t("a JSON {kind} instead of an object", kind=type(parsed).__name__)
    return t("HTTP {status}, {kind}", status=status, kind=kind)


def _is_error_envelope(response: requests.Response) -> bool:
    """Google's `{"error": {"code": …, "message": …}}`, which gspread's APIError can read."""
    try:
        error = response.json()["error"]
        return isinstance(error, dict) and isinstance(error.get("code"), int)
    except Exception:  # any body at all may arrive here
        return False


class UnreadableAnswer(APIError):
    """An answer that is not what the Sheets API sends: an HTML page (a proxy, a captive portal,
    a sign-in page), an empty or cut-off body, a JSON list. `error["message"]` summarises it."""

    def __init__(self, response: requests.Response) -> None:
        # APIError's own __init__ parses the body again and fails on some bodies (a JSON
        # `{"error": "text"}` raises TypeError there): build the same attributes directly.
        self.summary = describe_answer(
            response.status_code, response.content or b"", response.headers.get("Content-Type", "")
        )
        error = {"code": response.status_code, "message": self.summary, "status": "UNREADABLE"}
        GSpreadException.__init__(self, error)
        self.response = response
        self.error = error
        self.code = response.status_code


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
                return self._send_once(method, endpoint, *args, **kwargs)
        raise AssertionError("unreachable: tenacity either returns or re-raises")

    def _send_once(
        self,
        method: str,
        endpoint: str,
        params: Any = None,
        data: Any = None,
        json: Any = None,
        files: Any = None,
        headers: Any = None,
    ) -> requests.Response:
        """gspread's HTTPClient.request, except that an answer it could not read is refused here
        with a summary: gspread builds its APIError by parsing the body, and that fails on some
        bodies (`{"error": "text"}` raises TypeError), and it parses a 200 body that is not JSON
        (or is a JSON list) into an exception of whatever kind the parser or caller hits."""
        response = self.session.request(
            method=method,
            url=endpoint,
            json=json,
            params=params,
            data=data,
            files=files,
            headers=headers,
            timeout=self.timeout,
        )
        if not response.ok:
            raise APIError(response) if _is_error_envelope(response) else UnreadableAnswer(response)
        # A cheap look at the first byte: parsing here would parse every answer twice.
        if not _JSON_OBJECT_START.match(response.content or b""):
            raise UnreadableAnswer(response)
        return response


def client_class(api_base: str, policy: RetryPolicy) -> type[BoundedRetryHTTPClient]:
    """An HTTP client class bound to one API base and retry policy (gspread instantiates it)."""
    return type(
        "ConfiguredHTTPClient",
        (BoundedRetryHTTPClient,),
        {"api_base": api_base or GOOGLE_API_BASE, "policy": policy},
    )


class StandInCredentials(AnonymousCredentials):
    """No credentials, for a local stand-in of the API. A refresh is a no-op rather than an
    error, so a 401 from the stand-in reaches the app as Google's would, as an APIError."""

    def refresh(self, request: Any) -> None:
        pass


class UnreadableTokenReply(RefreshError):
    """Google's token endpoint answered something google-auth could not read."""


class GuardedServiceAccountCredentials(service_account.Credentials):
    """Service-account credentials whose refresh fails only with a GoogleAuthError.

    google-auth reads the token endpoint's answer without checking its shape: an HTML page or
    a JSON list answered with status 200 makes it raise TypeError or ValueError from deep in
    the auth stack. Those become UnreadableTokenReply (naming only the kind of answer).
    """

    def refresh(self, request: Any) -> None:
        try:
            super().refresh(request)
        except GoogleAuthError:
            raise
        except Exception as error:  # any answer at all may come back
            raise UnreadableTokenReply(type(error).__name__) from None


def key_info(settings: Settings) -> Mapping[str, Any] | None:
    """The service-account key: the [gcp_service_account] table, else the file named by
    GOOGLE_APPLICATION_CREDENTIALS; None when neither is configured."""
    if settings.service_account is not None:
        return settings.service_account
    if not settings.credentials_file:
        return None
    path = Path(settings.credentials_file)
    if not path.is_file():
        raise SourceError(
            t(
                "GOOGLE_APPLICATION_CREDENTIALS points to a file that does not exist. "
                "Set it to the service-account key file (JSON) downloaded from Google Cloud."
            )
        )
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = None
    if not isinstance(info, dict):
        raise SourceError(
            t(
                "The key file in GOOGLE_APPLICATION_CREDENTIALS is not valid JSON. "
                "Download the service account's key again (Keys → Add key → JSON)."
            )
        )
    return info


def credentials_for(settings: Settings) -> Credentials:
    """Service-account credentials, or none at all for a local stand-in of the API."""
    if settings.sheets_api_base:
        return StandInCredentials()
    info = key_info(settings)
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
        return GuardedServiceAccountCredentials.from_service_account_info(dict(info), scopes=SCOPES)
    except Exception:  # ValueError, GoogleAuthError, or a TypeError on a field of odd type
        # The library's message may quote the key; ours never does.
        raise SourceError(
            "The service-account private key could not be read. Copy the key again exactly, "
            "including the BEGIN/END PRIVATE KEY lines and the \\n line breaks."
        ) from None


R = TypeVar("R")


def _boundary(method: Callable[..., R]) -> Callable[..., R]:
    """Whatever escapes a public read (an answer of an unexpected shape) is a SourceError."""

    @functools.wraps(method)
    def guarded(self: GoogleSheetSource, *args: Any, **kwargs: Any) -> R:
        try:
            return method(self, *args, **kwargs)
        except SourceError:
            raise
        except Exception as error:
            raise _unreadable(error) from None

    return guarded


def _unreadable(error: BaseException) -> SourceError:
    # Only the kind of failure is logged: its text may hold cell values or a server's page.
    _log.warning("unreadable answer from Google Sheets (%s)", type(error).__name__)
    return SourceError(
        t(
            "Google Sheets sent an answer the app cannot read. Something between the app and "
            "Google (a proxy, a firewall or a captive portal) may be answering instead; the data "
            "will be read again shortly."
        ),
        transient=True,
    )


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
        """The e-mail the sheet must be shared with, from whichever key is configured."""
        try:
            info = key_info(self.settings) or {}
        except SourceError:
            info = {}
        email = info.get("client_email")
        return one_line(email, 200) if isinstance(email, str) and email.strip() else ""

    @property
    def http(self) -> BoundedRetryHTTPClient:
        """The configured gspread HTTP client (created on first use)."""
        if self._client is None:
            credentials = credentials_for(self.settings)
            http_client = client_class(self.settings.sheets_api_base, self.policy)
            self._client = gspread.Client(credentials, http_client=http_client)
        return self._client.http_client  # type: ignore[return-value]

    @_boundary
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

    @_boundary
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
        ranges_read = answer.get("valueRanges")
        if not isinstance(ranges_read, list) or len(ranges_read) != len(titles):
            raise _unreadable(TypeError("valueRanges"))
        tabs = dict(zip(titles, map(_rows_of, ranges_read), strict=True))
        notes = blank_broken_text(tabs)
        return RawWorkbook(tabs, "google", self.label, self.sheet_url, metadata.gids, notes)

    def _call(self, request: Callable[[], R]) -> R:
        """Run one request; every way it can fail becomes a SourceError with a plain message."""
        try:
            answer = request()
        except SourceError:
            raise
        except APIError as error:
            raise self.explain(error) from None
        except requests.Timeout:
            raise SourceError(
                tn(
                    "Google Sheets did not answer within {seconds:g} seconds ({n} attempt). It "
                    "may be a slow minute; try again shortly.",
                    "Google Sheets did not answer within {seconds:g} seconds ({n} attempts). "
                    "It may be a slow minute; try again shortly.",
                    self.policy.attempts,
                    seconds=self.policy.timeout_seconds,
                ),
                transient=True,
            ) from None
        except requests.ConnectionError:
            raise SourceError(
                t(
                    "Google Sheets could not be reached (no connection). Check the network and "
                    "try again."
                ),
                transient=True,
            ) from None
        except requests.exceptions.InvalidJSONError as error:  # a 200 body cut off or garbled
            raise _unreadable(error) from None
        except requests.RequestException:
            raise SourceError(
                tn(
                    "The answer from Google Sheets was cut off ({n} attempt). The connection "
                    "may be unstable; try again shortly.",
                    "The answer from Google Sheets was cut off ({n} attempts). The connection "
                    "may be unstable; try again shortly.",
                    self.policy.attempts,
                ),
                transient=True,
            ) from None
        except GoogleAuthError as error:
            raise self.explain_sign_in(error) from None
        except Exception as error:
            raise _unreadable(error) from None
        if not isinstance(answer, dict):  # every Sheets API answer is a JSON object
            raise _unreadable(TypeError(type(answer).__name__))
        return answer

    def explain(self, error: APIError) -> SourceError:
        """A plain-language message for an API error; never quotes credentials or a page."""
        status = _status(error)
        details = error.error if isinstance(getattr(error, "error", None), Mapping) else {}
        reason = one_line(str(details.get("message", "")))
        if isinstance(error, UnreadableAnswer) and status < 400:
            return SourceError(
                t(
                    "Google Sheets sent an answer the app cannot read ({summary}). Something "
                    "between the app and Google (a proxy, a firewall or a captive portal) may be "
                    "answering instead; the data will be read again shortly.",
                    summary=error.summary,
                ),
                transient=True,
            )
        if status == HTTPStatus.FORBIDDEN and _api_disabled(details, reason):
            return SourceError(
                t(
                    "The Google Sheets API is not enabled for the service account's Cloud "
                    "project. Enable “Google Sheets API” in Google Cloud Console → APIs & "
                    "Services, then retry; the sheet must also be shared with {email}.",
                    email=self.service_account_email or t("the service account"),
                )
            )
        if status == HTTPStatus.FORBIDDEN:
            email = self.service_account_email
            if not email:
                return SourceError(
                    t(
                        "Google Sheets refused access to this spreadsheet (HTTP 403). Share it "
                        "with the service account's e-mail (the client_email in its key): "
                        "Viewer to read, Editor to let the app save changes."
                    )
                )
            return SourceError(
                t(
                    "{email} may not open this spreadsheet. In Google Sheets, click Share and "
                    "add {email} (Viewer to read, Editor to let the app save changes).",
                    email=email,
                )
            )
        if status == HTTPStatus.UNAUTHORIZED:
            return SourceError(
                t(
                    "Google Sheets did not accept the app's sign-in ({summary}). Check the "
                    "service-account key in the settings; if it was deleted, create a new key.",
                    summary=_summary(error, status, reason),
                )
            )
        if status == HTTPStatus.NOT_FOUND and isinstance(error, UnreadableAnswer):
            return SourceError(
                t(
                    "The Google Sheets address answered {summary}, not the Sheets API. Check "
                    "sheets_api_base if it is set, and the network's proxy.",
                    summary=error.summary,
                )
            )
        if status == HTTPStatus.NOT_FOUND:
            return SourceError(
                t(
                    "No spreadsheet with key “{key}” exists (or it was deleted). Check the "
                    "spreadsheet URL or key in the settings.",
                    key=self.key,
                )
            )
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            return SourceError(
                tn(
                    "Google Sheets' request quota is used up for this minute (60 reads per "
                    "minute per user); gave up after {n} attempt. The data will refresh on its "
                    "own shortly.",
                    "Google Sheets' request quota is used up for this minute (60 reads per "
                    "minute per user); gave up after {n} attempts. The data will refresh on "
                    "its own shortly.",
                    self.policy.attempts,
                ),
                transient=True,
            )
        if status >= 500:
            return SourceError(
                tn(
                    "Google Sheets is having trouble (HTTP {status}) and did not recover after "
                    "{n} attempt. Try again in a few minutes.",
                    "Google Sheets is having trouble (HTTP {status}) and did not recover after "
                    "{n} attempts. Try again in a few minutes.",
                    self.policy.attempts,
                    status=status,
                ),
                transient=True,
            )
        if status == HTTPStatus.BAD_REQUEST and "parse range" in reason:
            return SourceError(
                t(
                    "A tab was renamed or removed while it was being read; refresh to read it "
                    "again."
                ),
                transient=True,
            )
        return SourceError(
            t(
                "Google Sheets refused the request ({summary}).",
                summary=_summary(error, status, reason),
            )
        )

    def explain_sign_in(self, error: GoogleAuthError) -> SourceError:
        """A plain message for a failed sign-in with the service-account key.

        Only the OAuth error code is ever repeated: the token endpoint's text is not ours to show.
        """
        host = _token_host(self.settings)
        if isinstance(error, TransportError):
            return SourceError(
                t(
                    "Google's sign-in service ({host}) could not be reached, so the sheet could "
                    "not be read. Check the network (and any proxy) and try again; the key itself "
                    "was not refused.",
                    host=host,
                ),
                transient=True,
            )
        reply = error.args[1] if len(error.args) > 1 else None
        code = reply.get("error") if isinstance(reply, Mapping) else None
        description = str(reply.get("error_description", "")) if isinstance(reply, Mapping) else ""
        if isinstance(code, str) and code:
            lowered = description.lower()
            if code == "invalid_grant" and ("iat" in lowered or "timeframe" in lowered):
                return SourceError(
                    t(
                        "Google refused the sign-in because this server's clock is wrong "
                        "(OAuth error “invalid_grant”). Set the server's clock to the right "
                        "time (NTP), then retry."
                    )
                )
            if code in ("invalid_grant", "invalid_client", "unauthorized_client"):
                return SourceError(
                    t(
                        "Google refused the service-account key (OAuth error “{code}”): it may "
                        "have been deleted or revoked, or the service account disabled. Create "
                        "a new key for the service account and update the secrets.",
                        code=one_line(code, 40),
                    )
                )
            return SourceError(
                t(
                    "Google's sign-in service refused the request (OAuth error “{code}”). "
                    "Check the service-account key in the settings.",
                    code=one_line(code, 40),
                ),
                transient=bool(getattr(error, "retryable", False)),
            )
        return SourceError(
            t(
                "Google's sign-in service ({host}) sent an answer the app cannot read. Something "
                "between the app and Google (a proxy or a firewall) may be answering instead; "
                "try again shortly.",
                host=host,
            ),
            transient=True,
        )


_CELL_TYPES = (str, int, float, bool)


def _rows_of(value_range: Any) -> list[list[Any]]:
    """A valueRange's rows, checked to be what the API sends: a list of lists of plain cells,
    so that an answer of another shape stops here, not in the normaliser."""
    rows = value_range.get("values", []) if isinstance(value_range, dict) else None
    if not isinstance(rows, list):
        raise _unreadable(TypeError("values"))
    for row in rows:
        if not isinstance(row, list) or not all(isinstance(c, _CELL_TYPES) for c in row):
            raise _unreadable(TypeError("row"))
    return rows


def _summary(error: APIError, status: int, reason: str) -> str:
    if isinstance(error, UnreadableAnswer):
        return error.summary
    return (
        t("HTTP {status}: {reason}", status=status, reason=reason) if reason else f"HTTP {status}"
    )


def _api_disabled(details: Mapping[str, Any], reason: str) -> bool:
    reasons = {
        item.get("reason") for item in details.get("details", []) or [] if isinstance(item, Mapping)
    }
    return "SERVICE_DISABLED" in reasons or "has not been used" in reason


def _token_host(settings: Settings) -> str:
    try:
        uri = (key_info(settings) or {}).get("token_uri", "")
        return urlsplit(str(uri)).hostname or "oauth2.googleapis.com"
    except (SourceError, ValueError):
        return "oauth2.googleapis.com"


def _quoted(title: str) -> str:
    """A tab title as an A1 range: always quoted, inner quotes doubled (Google's rule)."""
    return "'" + title.replace("'", "''") + "'"
