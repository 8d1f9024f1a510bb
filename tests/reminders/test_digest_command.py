"""`python -m lib.cli digest` end to end: a workbook with a People tab, the [smtp] settings from
TRACKER_SMTP_* variables, a real SMTP server on 127.0.0.1 — with STARTTLS and a certificate."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import ssl
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lib.cli import main
from tests.fixtures.workbooks import small_tabs, write_xlsx
from tests.reminders.test_digest_mail import PASSWORD, USER, Mailbox, _authenticator, _free_port


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, trusted by the client through SSL_CERT_FILE."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_mailbox(tmp_path, monkeypatch):
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = Mailbox()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=_authenticator(PASSWORD),
        tls_context=context,
        require_starttls=True,
        auth_required=True,
    )
    controller.start()
    tabs = small_tabs()
    tabs["People"] = [
        ["Name", "E-mail", "Language", "Role"],
        ["Huy", "huy@vnanet.vn", "vi", ""],
        ["Mai", "mai@tass.ru", "ru", ""],
        ["Nobody", "not an address", "en", ""],
    ]
    settings = {
        "TRACKER_WORKBOOK": str(write_xlsx(tabs, tmp_path / "tracker.xlsx")),
        "TRACKER_AS_OF": "2026-03-01",
        "TRACKER_DATA_DIR": str(tmp_path / "data"),
        "TRACKER_PUBLIC_URL": "https://tracker.example.org",
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(controller.port),
        "TRACKER_SMTP_SECURITY": "starttls",
        "TRACKER_SMTP_USER": USER,
        "TRACKER_SMTP_PASSWORD": PASSWORD,
        "TRACKER_SMTP_SENDER": "tracker@vnanet.vn",
        "SSL_CERT_FILE": str(cert),
    }
    for variable, value in settings.items():
        monkeypatch.setenv(variable, value)
    try:
        yield box
    finally:
        controller.stop()


def test_digest_prints_the_mails_without_sending_them(tls_mailbox, capsys) -> None:
    assert main(["digest"]) == 0
    out = capsys.readouterr().out
    assert "To: Huy <huy@vnanet.vn>" in out and "To: Mai <mai@tass.ru>" in out
    assert "Chào Huy," in out and "Здравствуйте, Mai!" in out
    assert tls_mailbox.messages == []


def test_digest_send_delivers_over_starttls_once_a_period(tls_mailbox, capsys) -> None:
    assert main(["digest", "--send"]) == 0
    assert "sent to huy@vnanet.vn" in capsys.readouterr().out
    assert tls_mailbox.recipients == ["huy@vnanet.vn", "mai@tass.ru"]
    mai = tls_mailbox.messages[1]
    assert mai["Subject"] == "Совместные проекты — ваша сводка за 2026-W09 · просрочено: 1"
    assert main(["digest", "--send", "--lang", "en"]) == 0
    assert "already sent this period to mai@tass.ru" in capsys.readouterr().out
    assert len(tls_mailbox.messages) == 2


def test_digest_to_one_person_sends_only_theirs(tls_mailbox, capsys) -> None:
    assert main(["digest", "--send", "--to", "mai@tass.ru"]) == 0
    assert tls_mailbox.recipients == ["mai@tass.ru"]
    parsed = email.message_from_bytes(
        tls_mailbox.messages[0].as_bytes(), policy=email.policy.default
    )
    assert "C3 Folk songs" in parsed.get_body(("plain",)).get_content()


def test_a_wrong_password_is_one_line_and_a_failing_status(
    tls_mailbox, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "wrong-one")
    assert main(["digest", "--send"]) == 1
    err = capsys.readouterr().err
    assert "error: the mail server refused the login (535); nothing was sent" in err
    assert "wrong-one" not in err
    assert tls_mailbox.messages == []
