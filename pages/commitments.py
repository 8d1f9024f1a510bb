"""Commitments: what each agreement promises per partner and year, against what was delivered."""

import streamlit as st

from lib import charts, filters, metrics, tables
from lib.i18n import t
from lib.markup import plain
from lib.ui import session, widgets
from lib.ui.filter_bar import page_header

session.require_router()

view = page_header(t("Commitments"))
dataset, today = view.dataset, session.today()
if dataset.commitments.empty:
    st.info(
        t(
            "The sheet has no Commitments tab yet. Add one with the columns Partner, Year, "
            "Commitment, Format, Theme and Target (Format and Theme may stay blank) to follow "
            "each agreement here."
        ),
        icon=":material/info:",
    )
    st.stop()

progress = session.cached(
    dataset, metrics.commitment_progress, dataset.commitments, dataset.projects, today
)
progress = filters.filter_commitments(progress, view.spec)
years = tables.commitment_years(progress)
if not years:
    st.info(t("No commitment matches the filters."), icon=":material/filter_alt:")
    st.stop()
year = st.segmented_control(
    t("Year"),
    years,
    default=today.year if today.year in years else years[-1],
    key="year",
    bind="query-params",
    required=True,
)
st.caption(
    t(
        "Delivered: published projects of the partner in that year matching the commitment's "
        "format and theme. In the pipeline: its active projects due that year. Progress counts "
        "every project; the sidebar's partner, format and theme filters choose which "
        "commitments are listed."
    )
)

statuses, groups = tables.commitments_of_year(progress, year)
labels = widgets.commitment_labels()
with st.grid(4, min_column_width=140, gap="small"):
    for status, count in statuses.items():
        if count or status != "upcoming":
            st.metric(labels[status], count, border=True, height="stretch")

for group in groups:
    with st.container(border=True):
        st.subheader(f"{plain(group.partner)} · {year}", anchor=False)
        widgets.chart(
            charts.commitments_chart(group.progress, dataset.vocab.stages),
            alt=t(
                "Commitments of {partner}: delivered and in the pipeline against target",
                partner=group.partner,
            ),
        )
        widgets.commitments_table(group.table)
