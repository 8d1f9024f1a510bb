"""Themes: every theme side by side, then one theme in detail for its team lead."""

import streamlit as st

from lib import charts, metrics, tables
from lib.formatting import percent, percent_format
from lib.i18n import t, tc
from lib.ui import filter_bar, session, url_state, widgets
from lib.ui.filter_bar import page_header

session.require_router()

view = page_header(t("Themes"))
projects, vocab = view.projects, view.dataset.vocab
today, soon = session.today(), session.settings().due_soon_days

measure = widgets.measure_picker("themes_measure")

st.subheader(t("All themes"), anchor=False)
summary = filter_bar.cached(view, metrics.theme_summary, projects, vocab.themes, today, soon)
widgets.table(
    tables.themes_table(summary),
    alt=t("Projects per theme: active, overdue, published this year, share of output"),
    config={
        "projects": st.column_config.NumberColumn(t("Projects"), format="%d"),
        "active": st.column_config.NumberColumn(t("Active"), format="%d"),
        "overdue": st.column_config.NumberColumn(t("Overdue"), format="%d"),
        "published_this_year": st.column_config.NumberColumn(
            t("Published in {year}", year=today.year), format="%d"
        ),
        "share": st.column_config.ProgressColumn(
            t("Share of {year}'s published projects", year=today.year),
            format=percent_format(),
            min_value=0,
            max_value=100,
        ),
    },
)
share_column, mix_column = st.columns(2)
with share_column.container(border=True, height="stretch"):
    st.markdown(t("**Published output** (every year in view)"))
    widgets.chart(
        charts.theme_share_chart(
            filter_bar.cached(view, metrics.output_by_theme, projects),
            measure,
            vocab.themes,
            total=filter_bar.cached(view, metrics.output_total, projects)[measure],
        ),
        alt=t("Published output per theme and its share of the total"),
    )
with mix_column.container(border=True, height="stretch"):
    st.markdown(t("**Stage mix**"))
    widgets.chart(
        charts.stage_mix_chart(
            filter_bar.cached(view, metrics.stage_mix_by_theme, projects),
            vocab.stages,
            vocab.themes,
        ),
        alt=t("Each theme's projects split by stage"),
    )
with st.container(border=True):
    st.markdown(t("**Trend** (published per quarter)"))
    trend_themes = [name for name in summary["Theme"] if name in vocab.themes.names]
    trend_choices = trend_themes or vocab.themes.names
    highlight = url_state.kept(
        st.selectbox,
        t("Highlight"),
        trend_choices,
        default=trend_choices[0] if trend_choices else None,
        format_func=lambda name: tc("theme", name),
        key="trend",
        help=t("One theme in colour, the others in grey behind it."),
        width=300,
    )
    widgets.chart(
        charts.output_over_time_chart(
            filter_bar.cached(view, metrics.output_over_time, projects, "quarter"),
            measure,
            "quarter",
            vocab.themes,
            lines=True,
            highlight=highlight,
        ),
        alt=t("Published output per theme and quarter"),
    )
st.caption(
    t(
        "A project with several themes counts fully under each, so shares can add up to more "
        "than 100%."
    )
)

st.subheader(t("One theme in detail"), anchor=False)
choices = [name for name in summary["Theme"] if name in vocab.themes.names] or vocab.themes.names
preferred = [name for name in view.spec.theme if name in choices]
focus = url_state.kept(
    st.selectbox,
    t("Theme"),
    choices,
    default=preferred[0] if preferred else choices[0],
    format_func=lambda name: tc("theme", name),
    key="focus",
)
detail = filter_bar.cached(view, tables.theme_detail, projects, focus, vocab.stages, today, soon)
kpis = detail.kpis
with st.grid(4, min_column_width=150, gap="small"):
    st.metric(t("Active"), kpis.active, border=True, height="stretch")
    st.metric(t("Overdue"), kpis.overdue, border=True, height="stretch")
    st.metric(t("Published in {year}", year=today.year), kpis.published_this_year, border=True)
    st.metric(t("On time in {year}", year=today.year), percent(kpis.on_time_rate), border=True)
left, right = st.columns(2)
with left.container(border=True, height="stretch"):
    st.markdown(t("**Published per quarter**"))
    widgets.chart(
        charts.output_over_time_chart(
            detail.over_time, measure, "quarter", vocab.themes, only=(focus,)
        ),
        alt=t("Published output of the theme per quarter"),
    )
with right.container(border=True, height="stretch"):
    st.markdown(t("**Projects by stage**"))
    widgets.chart(
        charts.stage_chart(detail.by_stage, vocab.stages),
        alt=t("The theme's projects in each stage"),
    )
if not detail.attention.empty:
    st.markdown(t("**Needs attention**"))
    part = widgets.table_part(detail.attention, key="attention_rows")
    widgets.table(part, alt=t("The theme's urgent projects"))
