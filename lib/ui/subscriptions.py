"""The Deadlines page's calendar subscriptions: a signed-in user makes an address for the view's
filters, sees their live ones, and revokes any of them."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from lib.calendar_feed.tokens import (
    FILTER_KEYS,
    clean_filters,
    create_token,
    feed_address,
    revoke_token,
    tokens_of,
)
from lib.config import ConfigError, writable_data_dir
from lib.filters import FilterSpec, shown_value
from lib.i18n import t
from lib.markup import plain
from lib.ui import editing, session

_NEW = "calendar_new_address"


def _base() -> str:
    configured = session.settings().public_url
    if configured:
        return configured
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def _describe(filters: dict[str, tuple[str, ...]]) -> str:
    if not filters:
        return t("every project")
    return "; ".join(
        ", ".join(shown_value(key, value) for value in values) for key, values in filters.items()
    )


def render(spec: FilterSpec) -> None:
    with st.expander(t("Subscribe to this view's deadlines"), icon=":material/event_repeat:"):
        st.caption(
            t(
                "A private address for Google Calendar, Outlook or a phone: it follows the sheet "
                "as deadlines move and shows only the projects of the filters it was made for. "
                "Anyone who has the address can read those deadlines; revoke it when in doubt."
            )
        )
        owner = editing.user_email()
        if not owner:
            st.info(t("Sign in to create a calendar address."), icon=":material/login:")
            return
        try:
            folder = writable_data_dir()
        except ConfigError as error:
            st.error(str(error))
            return
        filters = clean_filters({key: spec.chosen(key) for key in FILTER_KEYS})
        st.write(t("Filters of the new address: {filters}", filters=plain(_describe(filters))))
        if st.button(
            t("Create a calendar address"), icon=":material/add_link:", key="calendar_create"
        ):
            token, _ = create_token(folder, owner, filters)
            st.session_state[_NEW] = feed_address(_base(), filters, token)
        if st.session_state.get(_NEW):
            st.success(t("Copy this address now: it is shown only once."), icon=":material/key:")
            st.code(st.session_state[_NEW], language=None, wrap_lines=True)
            # Phones and desktop calendar apps subscribe when they open the webcal: form.
            webcal = "webcal://" + st.session_state[_NEW].split("://", 1)[-1]
            st.link_button(
                t("Subscribe in a calendar app"), webcal, icon=":material/calendar_add_on:"
            )
        mine = tokens_of(folder, owner)
        if mine:
            st.subheader(t("Your calendar addresses"), anchor=False)
        for token in mine:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.text(
                    t(
                        "Made {date} · {filters}",
                        date=token.created[:10],
                        filters=_describe(token.filters),
                    )
                )
                if st.button(t("Revoke"), key=f"revoke_{token.id}", icon=":material/link_off:"):
                    revoke_token(folder, owner, token.id)
                    st.session_state.pop(_NEW, None)
                    st.rerun()
