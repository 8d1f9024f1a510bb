"""The Streamlit shell of editing: who is signed in, whether they may edit, and saving.

Part of the Streamlit shell (with `lib.ui`); the rules are `lib.edit.permissions.may_edit` and
the writing is `lib.edit`, both pure of Streamlit.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lib.config import ConfigError
from lib.edit import ANONYMOUS, Decision, EditContext, Writer, may_edit, writer_for
from lib.i18n import t
from lib.markup import plain
from lib.model import Dataset
from lib.ui import session


def login_configured() -> bool:
    """Streamlit's built-in sign-in is configured (an `[auth]` table in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def user_email() -> str:
    """The signed-in user's e-mail, or "" when nobody is signed in (or sign-in is off)."""
    if not login_configured() or not st.user.get("is_logged_in", False):
        return ""
    return str(st.user.get("email") or "").strip().lower()


def email_verified() -> bool:
    """False when the ID token says the e-mail is not verified (`email_verified: false`).

    A provider that sends no such claim is taken at its word: most OpenID providers verify
    addresses before putting them in the `email` claim.
    """
    claim = st.user.get("email_verified")
    return not (claim is False or str(claim).strip().lower() in ("false", "0", "no"))


def decision() -> Decision:
    """May the person in this session save changes to the configured source?"""
    try:
        current = session.settings()
    except ConfigError as error:
        return Decision(False, str(error))
    return may_edit(
        current, current.source_kind, user_email(), login_configured(), email_verified()
    )


def writer() -> Writer:
    return writer_for(session.source())


def context(dataset: Dataset, who: Decision) -> EditContext:
    """What a save needs from this session: the user, and the data they started from."""
    projects = dataset.projects
    return EditContext(
        user=log_name(who.user),
        vocab=dataset.vocab,
        date_order=session.settings().date_order,
        layout=dataset.layout,
        today=session.today(),
        known_ids=tuple(zip(projects["ID"], projects["Partner"], strict=True)),
    )


NAME_KEY = "editor_name"
MAX_NAME_CHARS = 80


def log_name(user: str) -> str:
    """Who the Log records: the signed-in e-mail, else the name this person gave, else
    "anonymous". The name is theirs to give (no sign-in proves it), so it is kept apart from
    e-mails: "name (not signed in)"."""
    if login_configured() or user != ANONYMOUS:
        return user
    given = " ".join(str(st.session_state.get(NAME_KEY) or "").split())[:MAX_NAME_CHARS]
    return t("{name} (not signed in)", name=given) if given else user


def render_account() -> None:
    """Sign in / sign out in the sidebar, when sign-in is configured; without sign-in, a box
    for the name the Log records for this person's edits."""
    if not login_configured():
        if decision().allowed:
            with st.sidebar:
                st.text_input(
                    t("Your name, for the Log"),
                    key=NAME_KEY,
                    max_chars=MAX_NAME_CHARS,
                    placeholder=t("anonymous"),
                    help=t("Without sign-in, the Log records your edits under this name."),
                )
        return
    with st.sidebar:
        ignored = _ignored_editors()
        if ignored:
            st.warning(
                t(
                    "Ignored in the editors setting (not e-mail addresses): {entries}. Separate "
                    "e-mails with commas, semicolons, spaces or line breaks.",
                    entries=plain(", ".join(ignored)),
                ),
                icon=":material/person_alert:",
            )
        if st.user.get("is_logged_in", False):
            who = user_email() or str(st.user.get("name") or "")
            st.caption(t("Signed in as {email}", email=plain(who)))
            if st.button(t("Sign out"), icon=":material/logout:", key="sign_out"):
                st.logout()
        else:
            if st.button(t("Sign in to edit"), icon=":material/login:", key="sign_in"):
                st.login()


def _ignored_editors() -> tuple[str, ...]:
    try:
        return session.settings().ignored_editors
    except ConfigError:
        return ()  # the sidebar already shows the configuration problem


def flash(message: str, icon: str = ":material/check_circle:") -> None:
    """A toast shown on the next run (a save reruns the page to show fresh data)."""
    st.session_state["_edit_flash"] = (message, icon)


def show_flash() -> None:
    pending: Any = st.session_state.pop("_edit_flash", None)
    if pending:
        st.toast(pending[0], icon=pending[1], duration="long")
