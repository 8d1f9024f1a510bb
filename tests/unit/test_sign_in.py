"""Who may edit: only verified e-mails count, and the editors list reads any separator."""

from __future__ import annotations

import pytest

from lib.config import load_settings
from lib.edit.permissions import may_edit

ADA, BOB = "ada@vna.example", "bob@tass.example"


def settings_with(editors: object):
    return load_settings(secrets={"tracker": {"editors": editors}}, env={})


@pytest.mark.parametrize(
    "editors",
    [
        f"{ADA},{BOB}",
        f"{ADA}; {BOB}",
        f"{ADA};{BOB}",
        f"{ADA} {BOB}",
        f"{ADA}\n{BOB}",
        f"{ADA},\r\n\t{BOB};",
        [ADA, BOB],
        [f"{ADA}; {BOB}"],
        f"mailto:{ADA}, <{BOB.upper()}>",
    ],
)
def test_every_separator_gives_both_editors(editors):
    settings = settings_with(editors)
    assert settings.editors == (ADA, BOB)
    assert settings.ignored_editors == ()
    assert may_edit(settings, "google", BOB, login_configured=True).allowed


def test_an_entry_that_is_not_an_e_mail_is_kept_aside_to_be_shown():
    settings = settings_with(f"Ada Lovelace, {BOB}; ada@vna")
    assert settings.editors == (BOB,)
    assert settings.ignored_editors == ("Ada", "Lovelace", "ada@vna")


def test_an_editors_setting_with_no_e_mail_says_so_instead_of_a_silent_nobody():
    decision = may_edit(settings_with("Ada; Bob"), "google", ADA, login_configured=True)
    assert not decision.allowed
    assert "has no e-mail address in it (Ada, Bob)" in decision.reason


def test_an_unverified_e_mail_that_matches_an_editor_is_refused():
    settings = settings_with(ADA)
    decision = may_edit(settings, "google", ADA, login_configured=True, email_verified=False)
    assert not decision.allowed
    assert "has not verified ada@vna.example" in decision.reason
    assert may_edit(settings, "google", ADA, login_configured=True, email_verified=True).allowed


def test_an_unverified_e_mail_cannot_edit_the_demo_or_a_workbook_either():
    for kind in ("demo", "workbook"):
        decision = may_edit(settings_with(ADA), kind, ADA, True, email_verified=False)
        assert not decision.allowed
