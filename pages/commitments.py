"""Commitments: what each agreement promises per partner and year, against what was delivered."""

import streamlit as st

from lib import charts, filters, metrics, report, tables
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

with st.container(border=True):
    st.subheader(t("Implementation report"), anchor=False)
    st.caption(
        t(
            "What to bring to a bilateral meeting: each commitment against delivered work, the "
            "published projects, occasions covered, cross-posting, what is still in the "
            "pipeline and the problems — the same figures as above."
        )
    )
    partners = [group.partner for group in groups]
    languages = {"vi,ru": "Tiếng Việt | Русский", "vi": "Tiếng Việt", "ru": "Русский"}
    languages |= {"ko": "한국어", "vi,ko": "Tiếng Việt | 한국어", "en": "English"}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        partner = st.selectbox(t("Partner"), partners, key="report_partner")
        chosen = st.selectbox(
            t("Language"), list(languages), format_func=languages.get, key="report_languages"
        )
        kind = st.segmented_control(
            t("Format"), ["docx", "pdf"], default="docx", key="report_format", required=True
        )
    if partner:
        codes = tuple(chosen.split(","))

        def document() -> bytes:
            made = report.build_report(dataset, partner, year, today)
            return report.write_report(made, codes, kind)

        st.download_button(
            t("Download the report"),
            data=document,
            file_name=f"implementation-{partner}-{year}-{'-'.join(codes)}.{kind}",
            mime=report.MIME[kind],
            icon=":material/description:",
            on_click="ignore",
            key="report_download",
        )
