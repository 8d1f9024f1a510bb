"""The Streamlit shell of the interface language: one per viewer, bound to the URL as `?lang=`.

The router calls `activate()` first on every run, so the page title and navigation are already
in the viewer's language; `render_picker()` draws the sidebar's choice. The language lives in
the viewer's Session State and URL, never in the process (see lib.i18n).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import i18n
from lib.config import ConfigError
from lib.ui import url_state

PARAM = "lang"
STATE = "interface_language"  # not a widget key: Streamlit never cleans it up between pages
PICKER = "language_picker"


def _from_session() -> str | None:
    """The current viewer's language; None outside a script run (a background cache refresh)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(STATE)


def _default() -> str:
    """The `language` setting, else the browser's language, else English."""
    from lib.ui import session  # session imports this module's callers: import late, no cycle

    try:
        configured = session.settings().language
    except ConfigError:
        configured = ""
    return configured or i18n.supported(st.context.locale) or i18n.DEFAULT_LANGUAGE


def activate() -> str:
    """Work out this viewer's language for the run and put it in the URL (a link keeps it)."""
    i18n.set_session_hook(_from_session)
    requested = i18n.supported(st.query_params.get(PARAM))
    chosen = requested or st.session_state.get(STATE) or _default()
    st.session_state[STATE] = chosen
    if st.query_params.get(PARAM) != chosen:
        st.query_params[PARAM] = chosen
    # Fixed for the rest of this run's thread: every text of the page asks for the language,
    # and reading it from Session State each time cost a tenth of a board's rerun. A fragment's
    # rerun does not pass here: in the thread of a run it interrupts it finds this value, in a
    # thread of its own it reads Session State through the hook; both hold the same language.
    i18n.set_language(chosen)
    return chosen


def _picked() -> None:
    code = i18n.supported(st.session_state.get(PICKER))
    if code:
        st.session_state[STATE] = code
        st.query_params[PARAM] = code
        # Callbacks run just before the router, in the thread it then runs in: any callback
        # after this one already speaks the new language.
        i18n.set_language(code)
        url_state.refresh_shown()


def render_picker() -> None:
    """The language choice in the sidebar, each language named in itself."""
    if st.session_state.get(PICKER) != i18n.language():  # a new ?lang= in the same session
        st.session_state[PICKER] = i18n.language()
    with st.sidebar:
        st.selectbox(
            i18n.t("Language"),
            list(i18n.LANGUAGES),
            format_func=i18n.LANGUAGES.__getitem__,
            key=PICKER,
            on_change=_picked,
        )
