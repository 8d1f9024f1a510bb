"""Chart builders: the data drawn equals the metrics, colours come from the vocabularies.

Plotly 7 serialises numbers as typed arrays in `to_dict()`, so the tests read the traces'
`x` / `y` / `customdata` as arrays, which is what the browser gets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from lib import charts, metrics
from lib.schema import MEASURES
from tests.fixtures.workbooks import AS_OF, dataset_of, portfolio_tabs, small_tabs


@pytest.fixture(scope="module")
def small():
    return dataset_of(small_tabs())


@pytest.fixture(scope="module")
def portfolio():
    return dataset_of(portfolio_tabs(AS_OF, 150))


def traces_by_name(figure: go.Figure) -> dict[str, go.Bar]:
    return {trace.name: trace for trace in figure.data}


def bar_totals(figure: go.Figure, axis: str = "y") -> dict[str, float]:
    return {t.name: float(np.sum(getattr(t, axis))) for t in figure.data}


@pytest.mark.parametrize("measure", list(MEASURES))
def test_output_over_time_bars_add_up_to_the_output_by_theme(portfolio, measure):
    figure = charts.output_over_time_chart(
        metrics.output_over_time(portfolio.projects, "quarter"),
        measure,
        "quarter",
        portfolio.vocab.themes,
    )
    expected = metrics.output_by_theme(portfolio.projects).set_index("Theme")[measure]
    assert bar_totals(figure) == pytest.approx(expected.to_dict())


def test_output_over_time_has_one_bar_per_quarter_including_quiet_ones(small):
    figure = charts.output_over_time_chart(
        metrics.output_over_time(small.projects, "quarter"), "photos", "quarter", small.vocab.themes
    )
    green = traces_by_name(figure)["Green development"]
    assert list(green.x) == ["Q4 2025", "Q1 2026"]
    assert green.y.tolist() == [10, 70]  # G2; G1 40 + X1 30
    culture = traces_by_name(figure)["Culture & heritage"]
    assert culture.y.tolist() == [0, 150]  # C1 120 + X1 30
    months = charts.output_over_time_chart(
        metrics.output_over_time(small.projects, "month"), "projects", "month", small.vocab.themes
    )
    assert list(months.data[0].x) == ["Oct 2025", "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026"]


def test_month_and_quarter_names_on_the_axis_are_in_the_readers_language(small):
    from lib.i18n import using

    output = metrics.output_over_time(small.projects, "quarter")
    monthly = metrics.output_over_time(small.projects, "month")
    expected = {
        "ru": ("4-й кв. 2025\u202fг.", "окт. 2025\u202fг."),
        "ko": ("2025년 4분기", "2025년 10월"),
        "vi": ("Q4 2025", "thg 10 2025"),
    }
    for lang, (quarter, month) in expected.items():
        themes = small.vocab.themes
        with using(lang):
            quarters = charts.output_over_time_chart(output, "photos", "quarter", themes)
            months = charts.output_over_time_chart(monthly, "projects", "month", themes)
        assert quarters.data[0].x[0] == quarter, lang
        assert months.data[0].x[0] == month, lang


def test_themes_keep_their_vocabulary_colour_and_order(portfolio):
    themes = portfolio.vocab.themes
    figure = charts.output_over_time_chart(
        metrics.output_over_time(portfolio.projects, "year"), "projects", "year", themes
    )
    assert [t.name for t in figure.data] == themes.names
    for trace in figure.data:
        assert trace.marker.color == themes.colour(trace.name)
    share = charts.theme_share_chart(
        metrics.output_by_theme(portfolio.projects), "projects", themes
    )
    assert list(share.data[0].marker.color) == [themes.colour(n) for n in share.data[0].y]


def test_partner_by_theme_bars_equal_the_metric(small):
    output = metrics.output_by_partner_theme(small.projects)
    figure = charts.partner_theme_chart(output, "projects", small.vocab.themes)
    green = traces_by_name(figure)["Green development"]
    drawn = dict(zip(green.y, green.x.tolist(), strict=True))
    assert drawn == {"KCNA": 1, "TASS": 3}  # X1 for KCNA; G1, G2, X1 for TASS
    assert list(figure.data[0].y) == ["KCNA", "TASS"]  # the larger partner on top


def test_stage_chart_draws_every_stage_in_order_in_its_colour(small):
    counts = metrics.count_by_stage(small.projects, small.vocab.stages)
    figure = charts.stage_chart(counts, small.vocab.stages)
    bars = figure.data[0]
    assert list(bars.y) == list(counts)
    assert list(bars.x) == list(counts.values())
    assert list(bars.marker.color) == [small.vocab.stages.colour(s) for s in counts]


def test_theme_share_labels_give_the_share_of_distinct_published_projects(small):
    output = metrics.output_by_theme(small.projects, 2026)
    total = metrics.output_total(small.projects, 2026)["projects"]
    figure = charts.theme_share_chart(output, "projects", small.vocab.themes, total=total)
    bars = figure.data[0]
    assert list(bars.y) == ["Green development", "Culture & heritage"]
    assert bars.x.tolist() == [2, 2]
    assert bars.customdata.tolist() == pytest.approx([2 / 3, 2 / 3])


def test_stage_mix_counts_equal_the_metric_and_rows_add_to_one(small):
    mix = metrics.stage_mix_by_theme(small.projects)
    figure = charts.stage_mix_chart(mix, small.vocab.stages, small.vocab.themes)
    drawn = {
        (theme, trace.name): count
        for trace in figure.data
        for theme, count in zip(trace.y, trace.customdata.tolist(), strict=True)
        if count
    }
    expected = {(r.Theme, r.Stage): r.projects for r in mix.itertuples()}
    assert drawn == expected
    shares = np.sum([trace.x for trace in figure.data], axis=0)
    assert shares == pytest.approx(np.ones(len(shares)))


def test_timeline_draws_one_bar_per_project_from_start_to_due(small):
    spans = metrics.timeline_spans(small.projects).join(
        metrics.link_occasions(small.projects, small.occasions)
    )
    milestones = metrics.milestone_table(
        small.projects, small.milestones, small.vocab.stages, AS_OF
    )
    figure = charts.timeline_chart(spans, "Stage", small.vocab.stages, AS_OF, milestones=milestones)
    bars = [t for t in figure.data if t.type == "bar"]
    assert sum(len(t.y) for t in bars) == len(small.projects)
    published = next(t for t in bars if t.name == "Published")
    g1 = list(published.y).index("G1 · Green hydrogen")
    assert published.base[g1] == "2026-01-05"
    assert published.x[g1] == (36 + 1) * charts.DAY_MS  # 05/01 → 10/02, both days drawn
    assert published.customdata[g1][1:3].tolist() == ["05/01/2026", "10/02/2026"]  # DD/MM/YYYY
    planning = next(t for t in bars if t.name == "Planning")
    assert list(planning.marker.pattern.shape) == ["/"]  # C2 has no Start: hatched
    marks = {t.name: t for t in figure.data if t.type == "scatter"}
    assert list(marks["Milestone"].x) == ["2026-02-01", "2026-02-25"]
    assert list(marks["Occasion"].x) == ["2026-03-05"]  # G4 is timed to Victory Day
    assert any(shape.x0 == "2026-03-01" for shape in figure.layout.shapes)  # today


def test_timeline_colours_by_first_theme(small):
    spans = metrics.timeline_spans(small.projects)
    figure = charts.timeline_chart(spans, "Theme", small.vocab.themes, AS_OF)
    names = [t.name for t in figure.data if t.type == "bar"]
    assert names == ["Green development", "Culture & heritage"]
    green = traces_by_name(figure)["Green development"]
    assert "X1 · Green heritage" in list(green.y)


def test_timeline_stays_readable_at_150_projects(portfolio):
    spans = metrics.timeline_spans(portfolio.projects)
    figure = charts.timeline_chart(spans, "Theme", portfolio.vocab.themes, AS_OF)
    assert figure.layout.height >= charts.ROW_HEIGHT * len(spans)  # every row its own line
    labels = [label for t in figure.data if t.type == "bar" for label in t.y]
    assert len(labels) == len(set(labels)) == len(spans)
    assert max(len(label) for label in labels) <= 12 + 3 + charts.MAX_LABEL


def test_commitments_chart_shows_delivered_pipeline_and_target(small):
    progress = metrics.commitment_progress(small.commitments, small.projects, AS_OF)
    figure = charts.commitments_chart(progress, small.vocab.stages)
    delivered, pipeline, target = figure.data
    assert delivered.x.tolist() == [1, 1]
    assert pipeline.x.tolist() == [0, 1]
    assert target.x.tolist() == [2.0, 2.0]
    assert delivered.marker.color == charts.SHORT_BLUE  # neither target is met yet


def test_delivered_work_is_green_only_where_the_commitment_is_met(small):
    commitments = small.commitments.assign(Target=[1, 2])  # the first one now met
    progress = metrics.commitment_progress(commitments, small.projects, AS_OF)
    assert progress["status"].tolist()[0] == "met" and progress["status"].tolist()[1] != "met"
    figure = charts.commitments_chart(progress, small.vocab.stages)
    bars = {trace.name: trace for trace in figure.data if trace.type == "bar"}
    short, met = bars["Delivered"], bars["Delivered, target met"]
    assert (short.marker.color, met.marker.color) == (charts.SHORT_BLUE, charts.MET_GREEN)
    assert met.x.tolist() == [1, 0] and short.x.tolist() == [0, 1]


def test_sheet_text_cannot_inject_markup_into_a_chart(small):
    projects = small.projects.copy()
    projects.loc[0, "Title"] = "<a href='javascript:alert(1)'>click</a>"
    figure = charts.timeline_chart(
        metrics.timeline_spans(projects), "Theme", small.vocab.themes, AS_OF
    )
    texts = [str(v) for t in figure.data for v in (*t.y, *np.ravel(t.customdata))]
    assert not any("<a" in text for text in texts)
    assert any("&lt;a href=" in text for text in texts)


@pytest.mark.parametrize(
    "build",
    [
        lambda d, p: charts.output_over_time_chart(
            metrics.output_over_time(p, "month"), "projects", "month", d.vocab.themes
        ),
        lambda d, p: charts.partner_theme_chart(
            metrics.output_by_partner_theme(p), "photos", d.vocab.themes
        ),
        lambda d, p: charts.stage_chart(metrics.count_by_stage(p, d.vocab.stages), d.vocab.stages),
        lambda d, p: charts.theme_share_chart(metrics.output_by_theme(p), "videos", d.vocab.themes),
        lambda d, p: charts.stage_mix_chart(
            metrics.stage_mix_by_theme(p), d.vocab.stages, d.vocab.themes
        ),
        lambda d, p: charts.timeline_chart(
            metrics.timeline_spans(p), "Stage", d.vocab.stages, AS_OF
        ),
        lambda d, p: charts.commitments_chart(
            metrics.commitment_progress(d.commitments.iloc[0:0], p, AS_OF), d.vocab.stages
        ),
    ],
)
def test_every_chart_says_why_it_is_empty(small, build):
    figure = build(small, small.projects.iloc[0:0])
    assert not figure.data
    assert figure.layout.annotations[0].text
    figure.to_json()  # serialisable as Streamlit sends it


def test_axis_titles_are_words_not_column_names(small):
    figure = charts.output_over_time_chart(
        metrics.output_over_time(small.projects, "quarter"),
        "video_minutes",
        "quarter",
        small.vocab.themes,
    )
    assert figure.layout.yaxis.title.text == "Video minutes"
    assert figure.layout.xaxis.title.text == "Published in"
    assert "video_minutes" not in pd.Series(figure.data[0].hovertemplate).iloc[0]


def test_timeline_without_titles_labels_rows_by_id_and_tells_duplicate_ids_apart(small):
    projects = small.projects.copy()
    projects.loc[1, "ID"] = "G1"  # two rows share an ID, as in a messy sheet
    figure = charts.timeline_chart(
        metrics.timeline_spans(projects), "Stage", small.vocab.stages, AS_OF, titles=False
    )
    labels = [label for t in figure.data if t.type == "bar" for label in t.y]
    assert "G1 (row 2)" in labels and "G1 (row 3)" in labels
    assert "C2" in labels
    assert len(set(labels)) == len(projects)


def test_a_theme_drill_down_draws_only_that_theme(small):
    figure = charts.output_over_time_chart(
        metrics.output_over_time(small.projects, "quarter"),
        "projects",
        "quarter",
        small.vocab.themes,
        only=("Culture & heritage",),
    )
    assert [t.name for t in figure.data] == ["Culture & heritage"]


def test_long_commitment_names_wrap_onto_two_lines_above_their_bars(small):
    commitments = small.commitments.assign(
        Commitment=[
            "Photo exhibitions for high-level visits and anniversaries, in both capitals and "
            "the provinces",
            "Short",
        ]
    )
    progress = metrics.commitment_progress(commitments, small.projects, AS_OF)
    labels = list(charts.commitments_chart(progress, small.vocab.stages).data[0].y)
    assert labels == [
        "Photo exhibitions for high-level visits and<br>anniversaries, in both capitals and the …",
        "Short",
    ]


def test_a_name_above_its_bar_sits_just_clear_of_the_bars_top_edge(small):
    counts = metrics.count_by_stage(small.projects, small.vocab.stages)
    figure = charts.stage_chart(counts, small.vocab.stages)
    thickness = 1 - figure.layout.bargap  # of each category's room, at any drawn height
    names = [a for a in figure.layout.annotations if a.yref == "y"]
    assert [a.text for a in names] == list(figure.layout.yaxis.categoryarray)
    for index, name in enumerate(names):
        # The axis runs top-down: the bar's top edge is half its thickness above its centre.
        assert name.y == pytest.approx(index - thickness / 2)
        assert name.yanchor == "bottom" and name.yshift == charts.LABEL_GAP > 0
