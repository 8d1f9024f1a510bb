"""The Streamlit shell of the filters: sidebar widgets bound to the URL, and the page header.

The widgets are drawn by the router on every run, before the page, so a filter follows the user
from page to page; each is kept in the address by its canonical values (search and dates by
`bind="query-params"`, the lists by `url_state`), so a filtered view is a link in any language.
What the filters mean (and the filtering itself) is `lib.filters`, pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from lib import filters
from lib.config import ConfigError
from lib.filters import FilterOptions, FilterSpec
from lib.i18n import t, tn
from lib.markup import plain
from lib.model import Dataset
from lib.ui import session, url_state

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Filtered:
    """What a page works with: the dataset, the filters, and the projects they leave."""

    dataset: Dataset
    spec: FilterSpec
    projects: pd.DataFrame

    @property
    def total(self) -> int:
        return len(self.dataset.projects)


def _labels() -> dict[str, str]:
    return {
        filters.PARTNER: t("Partner"),
        filters.THEME: t("Theme"),
        filters.FORMAT: t("Format"),
        filters.STAGE: t("Stage"),
        filters.PRODUCER: t("Producer"),
        filters.LEAD: t("Team lead"),
    }


def _clear() -> None:
    """Reset every filter; bound widgets change only through Session State."""
    for key in filters.LIST_FILTER_COLUMNS:
        st.session_state[key] = []
    st.session_state[filters.DATES] = ()
    st.session_state[filters.SEARCH] = ""


def _list_filter(key: str, label: str, options: FilterOptions) -> None:
    # Shown in the reader's language, kept in the URL by the sheet's values (url_state).
    choices = options.for_key(key)
    url_state.seed_many(key, choices)
    st.multiselect(
        label,
        choices,
        key=key,
        placeholder=t("Any"),
        format_func=lambda value: filters.shown_value(key, value),
    )
    url_state.publish(key)


def _requested_spec() -> FilterSpec:
    """The filters this run will apply, known before the widgets are drawn: their state, or
    for a widget not drawn yet in this session, the URL's query parameters."""
    params = st.query_params
    state = {
        key: st.session_state[key] if key in st.session_state else params.get_all(key)
        for key in filters.FILTER_KEYS
    }
    return filters.spec_from_state(state)


def render_filters() -> None:
    """The shared filters in the sidebar. Draw once per run, before the page runs."""
    try:
        dataset = session.outcome().dataset
    except ConfigError:
        return  # the source sidebar says what is wrong with the settings
    if dataset is None:
        return
    options = session.cached(dataset, filters.filter_options, dataset.projects, dataset.vocab)
    labels = _labels()
    spec = _requested_spec()
    with st.sidebar:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(t("**Filters**"), width="stretch")
            if not spec.is_empty:
                st.button(
                    t("Clear"),
                    icon=":material/filter_alt_off:",
                    type="tertiary",
                    on_click=_clear,
                    key="clear_filters",
                )
        st.text_input(
            t("Search"),
            key=filters.SEARCH,
            bind="query-params",
            placeholder=t("Title, ID, producer, occasion…"),
            icon=":material/search:",
        )
        for key in (filters.PARTNER, filters.THEME, filters.STAGE):
            _list_filter(key, labels[key], options)
        more = sum(bool(spec.chosen(k)) for k in (filters.FORMAT, filters.PRODUCER, filters.LEAD))
        more += bool(spec.start or spec.end)
        title = (
            tn("More filters ({n} in use)", "More filters ({n} in use)", more)
            if more
            else t("More filters")
        )
        # Drawn only when opened or in use: three lists and a calendar fewer for the browser
        # to load and draw on every first screen (a filter in use stays drawn, closed or not,
        # so that it keeps applying).
        panel = st.expander(title, expanded=bool(more), key="more_filters", on_change="rerun")
        if not (more or panel.open):
            return
        with panel:
            for key in (filters.FORMAT, filters.PRODUCER, filters.LEAD):
                _list_filter(key, labels[key], options)
            st.date_input(
                t("Dates"),
                value=(),
                key=filters.DATES,
                bind="query-params",
                format="DD/MM/YYYY",
                min_value=options.first_date,
                max_value=options.last_date,
                help=t(
                    "Projects whose start, due or published date range meets this period. "
                    "Pick the first and the last day."
                ),
            )


def current_spec() -> FilterSpec:
    """The filters as the widgets hold them on this run."""
    return filters.spec_from_state(st.session_state)


def page_header(title: str) -> Filtered:
    """The page title, then "N of M projects" for the filters in use; returns the filtered view."""
    st.title(title, anchor=False)
    dataset = session.dataset()
    spec = current_spec()
    # Shared by every rerun and viewer with the same filters: a search folds every project's text.
    projects = session.cached(dataset, filters.apply_filters, dataset.projects, spec)
    shown = Filtered(dataset, spec, projects)
    count = tn(
        "**{shown}** of {n} project",
        "**{shown}** of {n} projects",
        shown.total,
        shown=len(projects),
    )
    if spec.is_empty:
        st.caption(count)
    else:
        labels = _labels() | {filters.DATES: t("Dates"), filters.SEARCH: t("Search")}
        used = " · ".join(f"{labels[key]}: {plain(value)}" for key, value in filters.describe(spec))
        st.caption(f"{count} — {used}")
    return shown


def cached(view: Filtered, compute: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`compute(*args, **kwargs)` once per loaded dataset, filters and arguments, shared by every
    viewer; the view's projects and the dataset's frames may be among the arguments.

    Every filter combination in use keeps its own result for a cache period: for a table with a
    row per project, one worked out for the whole dataset (`session.cached`) and cut to the view
    with `tables.rows_for` costs less memory.
    """
    named = session.dataset_parts(view.dataset) | {id(view.projects): "<projects in view>"}
    key = (session.dataset_key(view.dataset), view.spec)
    return session.remembered(key, named, compute, *args, **kwargs)


def cached_for(
    view: Filtered, extra: object, compute: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """`cached`, for a result that also depends on `extra` (hashable): a choice of the page that
    narrows the view's projects further (the Pipeline's "My work")."""
    named = session.dataset_parts(view.dataset) | {id(view.projects): "<projects in view>"}
    for value in args:
        if isinstance(value, pd.DataFrame) and id(value) not in named:
            named[id(value)] = "<projects in view, narrowed>"
    key = (session.dataset_key(view.dataset), view.spec, extra)
    return session.remembered(key, named, compute, *args, **kwargs)
