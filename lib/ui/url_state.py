"""Choices kept in the address by their canonical values, whatever language the page is shown in.

Streamlit's `bind="query-params"` writes a widget's *displayed* option text to the URL, so a
link made in Russian would carry `?theme=Культура и наследие` and mean nothing to a Vietnamese
colleague. Here a widget's state is seeded from the URL's canonical values (`?theme=Culture
& heritage`) on a person's first run and written back after every run, so a link opens the same
view in every language. Values the options do not hold are dropped, as Streamlit does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_KEYS = "url_state_keys"  # the widgets of this session kept here, for refresh_shown


def _remember(key: str) -> None:
    keys = st.session_state.setdefault(_KEYS, set())
    keys.add(key)


def seed_many(key: str, options: Sequence[str], param: str | None = None) -> None:
    """Before a multi-choice widget is drawn: its state from the URL on a first run."""
    _remember(key)
    if key not in st.session_state:
        known = set(options)
        chosen = [value for value in st.query_params.get_all(param or key) if value in known]
        st.session_state[key] = list(dict.fromkeys(chosen))


def seed_one(
    key: str, options: Sequence[str], default: str | None, param: str | None = None
) -> None:
    """Before a single-choice widget is drawn: its state from the URL on a first run."""
    _remember(key)
    known = set(options)
    # Also when the state holds nothing the options know: a page left and come back to, or
    # options that changed with the data.
    if st.session_state.get(key) not in known:
        wanted = st.query_params.get(param or key)
        st.session_state[key] = wanted if wanted in known else default


def publish(key: str, default: object = None, param: str | None = None) -> None:
    """After the widget is drawn: the URL holds its canonical value(s), none when default."""
    value = st.session_state.get(key)
    key = param or key  # the URL's name for it from here on
    empty = value is None or value == default or (isinstance(value, list | tuple) and not value)
    if empty:
        if key in st.query_params:
            del st.query_params[key]
        return
    wanted = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    if st.query_params.get_all(key) != wanted:
        st.query_params[key] = wanted if len(wanted) > 1 else wanted[0]


def refresh_shown() -> None:
    """When the language changes: hand every kept widget its value again, so the browser shows
    the chosen options in the new language (it otherwise keeps the text it was last sent)."""
    for key in st.session_state.get(_KEYS, set()):
        if key in st.session_state:
            value = st.session_state[key]
            st.session_state[key] = list(value) if isinstance(value, list | tuple) else value


def kept(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: Any = None,
    param: str | None = None,
    **kwargs: Any,
) -> Any:
    """Draw `widget` (st.segmented_control, st.pills, st.selectbox, st.multiselect) with its
    choice kept in the URL under `param` (else `key`) by canonical value; `default` is left out
    of the URL. Use it instead of `bind="query-params"` wherever `format_func` translates the
    options. Two pages may share a `param`, never a widget `key`."""
    many = widget is st.multiselect or kwargs.get("selection_mode") == "multi"
    if many:
        seed_many(key, options, param)
    else:
        seed_one(key, options, default, param)
    value = widget(label, options, key=key, **kwargs)
    publish(key, [] if many else default, param)
    return value
