"""Who may edit (SPEC §5), decided in one pure function the app and the tests share."""

from __future__ import annotations

from dataclasses import dataclass

from lib.config import Settings
from lib.edit.model import ANONYMOUS
from lib.i18n import t


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # for users: why not, and what to do; or what the edits go to
    user: str = ANONYMOUS  # who the Log records
    sign_in: bool = False  # signing in could change the answer


def may_edit(
    settings: Settings,
    source_kind: str,
    user_email: str | None,
    login_configured: bool,
    email_verified: bool = True,
) -> Decision:
    """Whether this person may save changes to this source.

    With sign-in configured only the `editors` may edit, whatever the source, and only with an
    e-mail the sign-in provider has verified (anyone can put an editor's address on an account
    they make elsewhere). Without it, a Google Sheet is read-only unless
    `allow_anonymous_edits`; the demo and local workbooks are editable (the demo edits a
    private copy).
    """
    email = (user_email or "").strip().lower()
    if login_configured:
        if not email:
            return Decision(False, t("Sign in to update projects."), sign_in=True)
        if not email_verified:
            return Decision(
                False,
                t(
                    "The sign-in provider has not verified {email}, so this account can only "
                    "view. Verify the address with the provider, or sign in with another account.",
                    email=email,
                ),
                email,
                sign_in=True,
            )
        if not settings.editors:
            ignored = ", ".join(settings.ignored_editors)
            return Decision(
                False,
                t(
                    "No editors are configured, so nobody can update projects from the app. "
                    "Ask the administrator to add e-mails to editors in the settings."
                )
                if not ignored
                else t(
                    "The editors setting has no e-mail address in it ({entries}), so nobody can "
                    "update projects from the app. Separate e-mails with commas, semicolons, "
                    "spaces or line breaks.",
                    entries=ignored,
                ),
                email,
            )
        if email not in settings.editors:
            return Decision(
                False,
                t(
                    "{email} is not on the editors list, so this account can only view. "
                    "Ask the administrator to add it to the editors list.",
                    email=email,
                ),
                email,
            )
        return Decision(True, t("Signed in as {email}, an editor.", email=email), email)
    if source_kind == "google":
        if settings.allow_anonymous_edits:
            return Decision(True, t("Anyone with this app's address may update the sheet."))
        return Decision(
            False,
            t(
                "The Google Sheet is read-only here: nobody is signed in. Configure sign-in "
                "([auth] in secrets.toml) with an editors list, or set "
                "allow_anonymous_edits = true."
            ),
        )
    if source_kind == "demo":
        return Decision(
            True, t("Edits to the demo go to your private copy; the bundled demo is untouched.")
        )
    return Decision(True, t("Edits are saved to the local workbook."))
