"""Reminder digests sent to a real SMTP server (aiosmtpd on 127.0.0.1): who gets what, in which
language, and what a refused login, a dropped connection and a second run in one period do."""

from __future__ import annotations

import email
import email.policy
import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from lib.config import Person, Settings, Smtp
from lib.reminders.delivery import STATE_FILE, deliver
from lib.reminders.plan import digests_for
from tests.fixtures.workbooks import AS_OF, dataset_of, small_tabs

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "mail"
USER, PASSWORD = "tracker", "s3cret-pass"
HUY = Person("Huy", "huy@vnanet.vn", "vi")
MAI = Person("Mai", "mai@tass.ru", "ru")
BOSS = Person("Board", "board@vnanet.vn", "en", manager=True)


class Mailbox:
    """Keeps every accepted message; can be told to drop the connection at the n-th one."""

    def __init__(self, drop_at: int | None = None) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[str] = []
        self.drop_at = drop_at
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.drop_at is not None and self.seen == self.drop_at:
            server.transport.abort()  # the connection goes away before any reply
            return "250 never seen"
        self.recipients.extend(envelope.rcpt_tos)
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 OK"


def _authenticator(good_password: str):
    def check(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login.decode() == USER
        ok = ok and data.password.decode() == good_password
        return AuthResult(success=ok, handled=False)

    return check


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server() -> Iterator[tuple[Mailbox, Controller]]:
    yield from _serve(Mailbox(), PASSWORD)


def _serve(box: Mailbox, password: str) -> Iterator[tuple[Mailbox, Controller]]:
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=_authenticator(password),
        auth_require_tls=False,
        auth_required=True,
        enable_SMTPUTF8=True,
    )
    controller.start()
    try:
        yield box, controller
    finally:
        controller.stop()


def _smtp(controller: Controller, password: str = PASSWORD) -> Smtp:
    return Smtp(
        host="127.0.0.1",
        port=controller.port,
        security="none",
        user=USER,
        password=password,
        sender="tracker@vnanet.vn",
        timeout_seconds=10,
    )


def _tabs() -> dict:
    tabs = small_tabs()
    # A project of Huy's whose Photos cell is broken: a problem in the sheet for him.
    tabs["Projects"].append(
        ["G5", "Rooftop <b>solar</b>", "TASS", "Photo story", "Green development", "Editing",
         "Huy", "Minh", date(2026, 2, 20), date(2026, 3, 4), None, "", "many", None, None,
         "", "", "", "", None]
    )  # fmt: skip
    return tabs


def _digests(folder: Path, people: tuple[Person, ...], today: date = AS_OF):
    settings = Settings(
        people=people, public_url="https://tracker.example.org", stuck_days=30, as_of=today
    )
    return digests_for(dataset_of(_tabs(), today), settings, today, folder)


def _text(mail: email.message.EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


def _html(mail: email.message.EmailMessage) -> str:
    return mail.get_body(("html",)).get_content()


def test_each_person_gets_their_own_projects_in_their_own_language(server, tmp_path) -> None:
    box, controller = server
    report = deliver(_digests(tmp_path, (HUY, MAI, BOSS)), _smtp(controller), tmp_path)

    assert report.ok and report.sent == [HUY.email, MAI.email, BOSS.email]
    assert box.recipients == [HUY.email, MAI.email, BOSS.email]
    huy, mai, board = box.messages
    for name, mail in (("vi", huy), ("ru", mai), ("en", board)):  # kept for a person to read
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"digest-{name}.eml").write_bytes(mail.as_bytes())
    huy_text = _text(huy)
    # Huy produces G3 (overdue since 20/02, in Editing since 10/01), G4 (Shooting milestone
    # 25/02 passed) and G5 (due 04/03, its Photos cell unreadable).
    assert "Quá hạn (1)" in huy_text and "G3 Solar farms" in huy_text
    assert "Đến hạn tuần này (1)" in huy_text and "G5 Rooftop <b>solar</b>" in huy_text
    assert "Mốc tiến độ (1)" in huy_text and "G4 Wind power" in huy_text
    assert "https://tracker.example.org/project?id=G3" in huy_text
    assert "C3" not in huy_text and "Folk songs" not in huy_text
    assert huy["Content-Language"] == "vi"
    # Sheet text is escaped in the HTML part, never markup.
    assert "Rooftop &lt;b&gt;solar&lt;/b&gt;" in _html(huy) and "<b>solar" not in _html(huy)
    assert '<a href="https://tracker.example.org/project?id=G5">' in _html(huy)
    mai_text = _text(mai)
    # Mai's only open work is C3, on hold and overdue since 01/01/2026.
    assert "Просрочено (1)" in mai_text and "C3 Folk songs" in mai_text
    assert "G3" not in mai_text
    assert mai["Content-Language"] == "ru"
    board_text = _text(board)
    assert "Overdue (2)" in board_text
    assert "G3 Solar farms" in board_text and "C3 Folk songs" in board_text


def test_a_second_run_in_the_same_period_sends_nothing(server, tmp_path) -> None:
    box, controller = server
    first = deliver(_digests(tmp_path, (HUY, MAI)), _smtp(controller), tmp_path)
    second = deliver(_digests(tmp_path, (HUY, MAI)), _smtp(controller), tmp_path)

    assert first.sent == [HUY.email, MAI.email]
    assert second.sent == [] and second.already == [HUY.email, MAI.email] and second.ok
    assert len(box.messages) == 2
    state = json.loads((tmp_path / STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(state["sent"]["2026-W09"]) == [HUY.email, MAI.email]


def test_a_problem_already_reported_is_not_new_the_next_week(server, tmp_path) -> None:
    box, controller = server
    deliver(_digests(tmp_path, (HUY,)), _smtp(controller), tmp_path)
    next_week = date(2026, 3, 2)
    deliver(_digests(tmp_path, (HUY,), next_week), _smtp(controller), tmp_path)

    first, second = box.messages
    # G5's unreadable Photos, and G4 due after its occasion (Victory Day, 05/03).
    assert "Lỗi mới trong bảng tính (2)" in _text(first)
    assert "G4 Wind power: Hạn sau sự kiện (Due)" in _text(first)
    assert "G5 Rooftop <b>solar</b>: Số không hợp lệ (Photos)" in _text(first)
    assert "Lỗi mới trong bảng tính" not in _text(second) and "(Photos)" not in _text(second)
    assert "Quá hạn (1)" in _text(second)  # what is still late is said again


def test_a_refused_login_sends_nothing_and_the_next_run_sends_everything(tmp_path) -> None:
    for box, controller in _serve(Mailbox(), PASSWORD):
        refused = deliver(_digests(tmp_path, (HUY, MAI)), _smtp(controller, "wrong"), tmp_path)
        assert not refused.ok and refused.sent == []
        assert "refused the login (535)" in refused.error
        assert "wrong" not in refused.error  # the password never reaches a message
        assert box.messages == []
        assert not (tmp_path / STATE_FILE).exists()

        retried = deliver(_digests(tmp_path, (HUY, MAI)), _smtp(controller), tmp_path)
        assert retried.ok and retried.sent == [HUY.email, MAI.email]
        assert box.recipients == [HUY.email, MAI.email]


def test_a_dropped_connection_records_only_what_was_accepted(tmp_path) -> None:
    people = (HUY, MAI, BOSS)
    for box, controller in _serve(Mailbox(drop_at=2), PASSWORD):
        dropped = deliver(_digests(tmp_path, people), _smtp(controller), tmp_path)
        assert dropped.sent == [HUY.email]
        assert "dropped" in dropped.error and "after 1 of 3" in dropped.error
        state = json.loads((tmp_path / STATE_FILE).read_text(encoding="utf-8"))
        assert list(state["sent"]["2026-W09"]) == [HUY.email]

        again = deliver(_digests(tmp_path, people), _smtp(controller), tmp_path)
        assert again.ok and again.sent == [MAI.email, BOSS.email]
        assert again.already == [HUY.email]
        # Huy's digest arrived once; Mai's and the board's arrived on the second run.
        assert box.recipients == [HUY.email, MAI.email, BOSS.email]


def test_nobody_without_projects_or_a_role_gets_a_digest(tmp_path) -> None:
    stranger = Person("Nobody Here", "nobody@vnanet.vn", "vi")
    assert _digests(tmp_path, (stranger,)) == []
    assert [d.person for d in _digests(tmp_path, (replace(stranger, manager=True),))] == [
        replace(stranger, manager=True)
    ]
