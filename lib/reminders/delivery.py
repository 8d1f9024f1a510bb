"""Sending digests over SMTP, and remembering what was sent in each period.

The state file (in the data folder) records a digest as sent only once the server has accepted
it, one message at a time: a refused login sends nothing and records nothing; a connection that
drops mid-batch leaves the rest unrecorded, so the next run sends them and only them.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from lib.config import Smtp
from lib.reminders.compose import message
from lib.reminders.digest import Digest

STATE_FILE = "reminders.json"
KEPT_PERIODS = 12  # older periods are forgotten: they can never be sent again anyway


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)  # e-mail addresses the server accepted
    already: list[str] = field(default_factory=list)  # sent earlier in this period
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    error: str = ""  # what stopped the batch (login refused, connection dropped, …)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.error


def load_state(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {"sent": {}, "seen_problems": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        # A damaged file must not stop reminders; it is set aside for a person to look at.
        path.replace(path.with_suffix(".damaged.json"))
        return {"sent": {}, "seen_problems": {}}
    state.setdefault("sent", {})
    state.setdefault("seen_problems", {})
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Write atomically: a reader (or a crash) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    periods = sorted(state["sent"])
    state["sent"] = {p: state["sent"][p] for p in periods[-KEPT_PERIODS:]}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".reminders-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(state, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def seen_problems(state: dict[str, Any]) -> dict[str, set[str]]:
    return {email: set(keys) for email, keys in state["seen_problems"].items()}


def _connect(smtp: Smtp) -> smtplib.SMTP:
    if smtp.security == "ssl":
        context = ssl.create_default_context()
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=context
        )
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
        if smtp.security == "starttls":
            client.starttls(context=ssl.create_default_context())
    if smtp.user:
        client.login(smtp.user, smtp.password)
    return client


def deliver(digests: list[Digest], smtp: Smtp, folder: Path) -> DeliveryReport:
    """Send every digest not yet sent in its period; one process at a time (a lock file)."""
    report = DeliveryReport()
    path = folder / STATE_FILE
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=60):
        state = load_state(path)
        pending = []
        for digest in digests:
            if digest.person.email in state["sent"].get(digest.period, {}):
                report.already.append(digest.person.email)
            else:
                pending.append(digest)
        if not pending:
            return report
        try:
            client = _connect(smtp)
        except smtplib.SMTPAuthenticationError as error:
            report.error = (
                f"the mail server refused the login ({error.smtp_code}); nothing was sent"
            )
            return report
        except (smtplib.SMTPException, OSError) as error:
            report.error = (
                f"could not reach the mail server {smtp.host}:{smtp.port} "
                f"({type(error).__name__}); nothing was sent"
            )
            return report
        sender = smtp.sender or smtp.user or f"tracker@{smtp.host}"
        try:
            for done, digest in enumerate(pending):
                address = digest.person.email
                try:
                    client.send_message(message(digest, sender))
                except smtplib.SMTPRecipientsRefused:
                    report.failed.append((address, "the server refused this address"))
                    continue
                except smtplib.SMTPDataError as error:
                    if error.smtp_code == 421:  # the server is closing the connection
                        report.error = _dropped(done, len(pending), "421")
                        break
                    report.failed.append(
                        (address, f"the server refused the message ({error.smtp_code})")
                    )
                    continue
                except (smtplib.SMTPServerDisconnected, OSError) as error:
                    report.error = _dropped(done, len(pending), type(error).__name__)
                    break
                # Recorded at once: whatever happens next, this one is never sent twice.
                state["sent"].setdefault(digest.period, {})[address] = datetime.now(UTC).isoformat(
                    timespec="seconds"
                )
                seen = set(state["seen_problems"].get(address, ())) | digest.problem_keys
                state["seen_problems"][address] = sorted(seen)
                save_state(path, state)
                report.sent.append(address)
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    return report


def _dropped(done: int, total: int, why: str) -> str:
    return (
        f"the connection to the mail server dropped ({why}) after {done} of {total} digests; "
        f"the other {total - done} will be sent by the next run"
    )
