"""Settings: `[tracker]` in .streamlit/secrets.toml, overridden by TRACKER_* environment variables.

The CLI and the app read the same settings; nothing here imports Streamlit.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lib.i18n import LANGUAGES, supported

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRETS_PATHS = (PROJECT_ROOT / ".streamlit" / "secrets.toml",)
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


DATA_DIR_VARIABLE = "TRACKER_DATA_DIR"


def data_dir() -> Path:
    """The app's private folder (snapshots, the demo's editable copy): never the repository."""
    configured = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(cache) / "joint-production-tracker"


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message says which and what to do."""


def writable_data_dir() -> Path:
    """The data folder, created if need be; a ConfigError says why it cannot be."""
    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # FileExistsError or NotADirectoryError: a file sits where a folder must be.
        blocked = isinstance(error, FileExistsError | NotADirectoryError)
        raise ConfigError(
            f"The app's data folder cannot be created ({folder.name}: "
            + ("a file is in the way" if blocked else error.strerror or type(error).__name__)
            + f"). Set {DATA_DIR_VARIABLE} to a folder the app may write to."
        ) from None
    return folder


@dataclass(frozen=True)
class Smtp:
    """The mail server reminders go through (`[smtp]` in secrets.toml, TRACKER_SMTP_* vars)."""

    host: str = ""
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str = ""
    password: str = field(default="", repr=False)  # never shown, logged or put in a message
    sender: str = ""  # the From address; the user when blank
    timeout_seconds: float = 30.0

    @property
    def configured(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True)
class Person:
    """Someone who receives reminders: their name as the sheet's Producer / Lead cells write it."""

    name: str
    email: str
    language: str = ""  # vi, ru, ko, en; blank: the `language` setting
    manager: bool = False  # receives the portfolio digest


@dataclass(frozen=True)
class Settings:
    spreadsheet: str = ""
    workbook: str = ""
    timezone: str = DEFAULT_TIMEZONE
    date_order: Literal["DMY", "MDY"] = "DMY"
    due_soon_days: int = 14
    cache_ttl_seconds: int = 60
    editors: tuple[str, ...] = ()
    ignored_editors: tuple[str, ...] = ()  # entries of `editors` that are not e-mail addresses
    allow_anonymous_edits: bool = False
    sheets_api_base: str = ""
    request_timeout_seconds: float = 20.0
    retry_attempts: int = 4
    retry_base_seconds: float = 1.0
    # After a write that timed out or failed on Google's side, how long to watch for it to
    # land before writing again (None: twice the request timeout). See README "Editing".
    write_settle_seconds: float | None = None
    language: str = ""  # default interface language (vi, ru, ko, en); blank: the browser's
    as_of: date | None = None  # fixes "today" (reproducible demos, tests); normally unset
    public_url: str = ""  # where the app is served, for links in mails and calendars
    people: tuple[Person, ...] = ()
    digest_period: Literal["day", "week"] = "week"
    stuck_days: int = 30  # a project this long in one stage is "stuck"
    smtp: Smtp = field(default_factory=Smtp)
    # Where the change history lives: blank is SQLite in the data folder; a PostgreSQL URL lets
    # several app servers share one history (and one save lock). Never shown: it may hold a
    # password.
    history_database_url: str = field(default="", repr=False)
    # Never shown, logged or put in a message: the service-account key.
    service_account: Mapping[str, Any] | None = field(default=None, repr=False)
    credentials_file: str = field(default="", repr=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> date:
        """Today in the configured time zone (SPEC §2.6), unless `as_of` fixes it."""
        return self.as_of or datetime.now(self.zone).date()

    @property
    def source_kind(self) -> str:
        if self.spreadsheet:
            return "google"
        return "workbook" if self.workbook else "demo"


_ENV = {
    "spreadsheet": "TRACKER_SPREADSHEET",
    "workbook": "TRACKER_WORKBOOK",
    "timezone": "TRACKER_TIMEZONE",
    "date_order": "TRACKER_DATE_ORDER",
    "due_soon_days": "TRACKER_DUE_SOON_DAYS",
    "cache_ttl_seconds": "TRACKER_CACHE_TTL_SECONDS",
    "editors": "TRACKER_EDITORS",
    "allow_anonymous_edits": "TRACKER_ALLOW_ANONYMOUS_EDITS",
    "sheets_api_base": "TRACKER_SHEETS_API_BASE",
    "request_timeout_seconds": "TRACKER_REQUEST_TIMEOUT_SECONDS",
    "retry_attempts": "TRACKER_RETRY_ATTEMPTS",
    "retry_base_seconds": "TRACKER_RETRY_BASE_SECONDS",
    "write_settle_seconds": "TRACKER_WRITE_SETTLE_SECONDS",
    "as_of": "TRACKER_AS_OF",
    "public_url": "TRACKER_PUBLIC_URL",
    "digest_period": "TRACKER_DIGEST_PERIOD",
    "stuck_days": "TRACKER_STUCK_DAYS",
    "history_database_url": "TRACKER_HISTORY_DATABASE_URL",
}
_SMTP_ENV = {
    "host": "TRACKER_SMTP_HOST",
    "port": "TRACKER_SMTP_PORT",
    "security": "TRACKER_SMTP_SECURITY",
    "user": "TRACKER_SMTP_USER",
    "password": "TRACKER_SMTP_PASSWORD",
    "sender": "TRACKER_SMTP_SENDER",
}


def read_secrets_file(paths: tuple[Path, ...] = SECRETS_PATHS) -> dict[str, Any]:
    for path in paths:
        if path.is_file():
            try:
                return tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as error:
                raise ConfigError(f"{path.name} is not valid TOML ({error}).") from None
    return {}


def load_settings(
    secrets: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Settings from a secrets mapping (default: the secrets file) and the environment."""
    secrets = read_secrets_file() if secrets is None else secrets
    env = os.environ if env is None else env
    values: dict[str, Any] = dict(secrets.get("tracker", {}))
    for key, variable in _ENV.items():
        if env.get(variable, "").strip():
            values[key] = env[variable].strip()
    editors, ignored_editors = _editors(values.get("editors", ()))
    settings = Settings(
        spreadsheet=str(values.get("spreadsheet", "")).strip(),
        workbook=str(values.get("workbook", "")).strip(),
        timezone=str(values.get("timezone", DEFAULT_TIMEZONE)),
        date_order=_date_order(values.get("date_order", "DMY")),
        due_soon_days=_positive_int(values, "due_soon_days", 14),
        cache_ttl_seconds=_positive_int(values, "cache_ttl_seconds", 60),
        editors=editors,
        ignored_editors=ignored_editors,
        allow_anonymous_edits=_boolean(values.get("allow_anonymous_edits", False)),
        sheets_api_base=str(values.get("sheets_api_base", "")).strip().rstrip("/"),
        request_timeout_seconds=float(values.get("request_timeout_seconds", 20.0)),
        retry_attempts=_positive_int(values, "retry_attempts", 4),
        retry_base_seconds=float(values.get("retry_base_seconds", 1.0)),
        write_settle_seconds=_optional_seconds(values.get("write_settle_seconds")),
        language=_language(values.get("language", "")),
        as_of=_as_of(values.get("as_of")),
        public_url=str(values.get("public_url", "")).strip().rstrip("/"),
        people=people_from(values.get("people", {})),
        digest_period=_digest_period(values.get("digest_period", "week")),
        stuck_days=_positive_int(values, "stuck_days", 30),
        smtp=_smtp(secrets.get("smtp", {}), env),
        history_database_url=str(values.get("history_database_url", "")).strip(),
        service_account=_service_account(secrets),
        credentials_file=env.get("GOOGLE_APPLICATION_CREDENTIALS", ""),
    )
    try:
        settings.zone  # noqa: B018 - validate early, with a message that says what to fix
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"Unknown time zone “{settings.timezone}”; use an IANA name like Asia/Ho_Chi_Minh."
        ) from None
    return settings


def _smtp(table: Any, env: Mapping[str, str]) -> Smtp:
    if not isinstance(table, Mapping):
        raise ConfigError("[smtp] must be a table: host, port, security, user, password, sender.")
    values = dict(table)
    for key, variable in _SMTP_ENV.items():
        if env.get(variable, "").strip():
            values[key] = env[variable].strip()
    security = str(values.get("security", "starttls")).strip().lower()
    if security not in ("starttls", "ssl", "none"):
        raise ConfigError(f"[smtp] security must be starttls, ssl or none, not “{security}”.")
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    return Smtp(
        host=str(values.get("host", "")).strip(),
        port=_positive_int(values, "port", default_port),
        security=security,  # type: ignore[arg-type]
        user=str(values.get("user", "")).strip(),
        password=str(values.get("password", "")),
        sender=str(values.get("sender", "")).strip(),
        timeout_seconds=float(values.get("timeout_seconds", 30.0)),
    )


def people_from(table: Any) -> tuple[Person, ...]:
    """`people` in settings: `"Name" = "e-mail"` or `"Name" = {email = "...", language = "ru",
    manager = true}`; entries without a usable e-mail address are a ConfigError naming them."""
    if not table:
        return ()
    if not isinstance(table, Mapping):
        raise ConfigError('people must be a table of "Name" = "e-mail" entries.')
    people = []
    for name, entry in table.items():
        details = entry if isinstance(entry, Mapping) else {"email": entry}
        email = str(details.get("email", "")).strip().removeprefix("mailto:").strip("<>")
        if not _EMAIL.match(email):
            raise ConfigError(f"people: “{name}” has no valid e-mail address.")
        people.append(
            Person(
                name=str(name).strip(),
                email=email,
                language=_language(details.get("language", "")),
                manager=_boolean(details.get("manager", False)),
            )
        )
    return tuple(people)


def _digest_period(value: Any) -> Literal["day", "week"]:
    text = str(value).strip().lower()
    if text not in ("day", "week"):
        raise ConfigError(f"digest_period must be day or week, not “{value}”.")
    return text  # type: ignore[return-value]


def _service_account(secrets: Mapping[str, Any]) -> Mapping[str, Any] | None:
    table = secrets.get("gcp_service_account")
    if table is None:
        return None
    if isinstance(table, str):  # some deployments paste the JSON key as one string
        try:
            return json.loads(table)
        except json.JSONDecodeError:
            raise ConfigError(
                "[gcp_service_account] is not a table nor valid JSON; paste the key's fields "
                "as a TOML table (see .streamlit/secrets.toml.example)."
            ) from None
    return dict(table)


def _optional_seconds(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"write_settle_seconds must be a number, not “{value}”.") from None
    if seconds < 0:
        raise ConfigError("write_settle_seconds cannot be negative.")
    return seconds


def _language(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    code = supported(text)
    if code is None:
        raise ConfigError(f"language must be one of {', '.join(LANGUAGES)}, not “{text}”.")
    return code


def _as_of(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"as_of must be a date as YYYY-MM-DD, not “{value}”.") from None


def _date_order(value: Any) -> Literal["DMY", "MDY"]:
    text = str(value).strip().upper()
    if text not in ("DMY", "MDY"):
        raise ConfigError(f"date_order must be DMY or MDY, not “{value}”.")
    return text  # type: ignore[return-value]


def _positive_int(values: Mapping[str, Any], key: str, default: int) -> int:
    raw = values.get(key, default)
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{key} must be a whole number, not “{raw}”.") from None
    if number < 0:
        raise ConfigError(f"{key} cannot be negative.")
    return number


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


_EDITOR_SEPARATORS = re.compile(r"[,;\s]+")
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]+$")


def _editors(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(e-mails, ignored entries): a list, or one string with the e-mails separated by commas,
    semicolons, spaces or line breaks. `mailto:` and <angle brackets> are tolerated."""
    items = [value] if isinstance(value, str) else list(value or ())
    entries = [e for item in items for e in _EDITOR_SEPARATORS.split(str(item)) if e]
    emails, ignored = set(), []
    for entry in entries:
        address = entry.strip("<>").removeprefix("mailto:").lower()
        if _EMAIL.match(address):
            emails.add(address)
        elif entry not in ignored:
            ignored.append(entry)
    return tuple(sorted(emails)), tuple(ignored)
