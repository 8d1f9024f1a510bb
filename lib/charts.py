"""Plotly figure builders: data in, figure out. Pure — the pages only display what these return.

Colours come from the vocabularies (one per theme and per stage, defined in `lib.schema`), so a
theme looks the same on every chart. Dates are shown DD/MM/YYYY, in hover text as on axes.
"""

from __future__ import annotations

import textwrap
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.formatting import percent, period_labels
from lib.i18n import t, tc
from lib.markup import html_text, one_line
from lib.metrics import PERIODS
from lib.schema import MEASURES, Vocabulary

HOVER_DATE = "%d/%m/%Y"
ROW_HEIGHT = 22  # pixels per project row on the Gantt: readable, and 60 rows fit a laptop
BAR_THICKNESS = 20  # pixels of a horizontal bar whose name is written above it
LABEL_LINE = 15  # pixels per line of a category name above its bar
LABEL_GAP = 3  # pixels between a category name and the top of its bar
# Room for a legend that wraps to one entry per line in a narrow column (or on a phone), so it
# never squeezes the bars or needs a scrollbar.
LEGEND_ENTRY = 20
CHAR_WIDTH = 8  # pixels of a digit or separator of a tick label at the house font's size
# Fixed room (see _layout) for bars whose names are above them and counts along the bottom:
# a line of ticks and the axis title below, half of the last tick's width on the right.
COUNTS_BELOW = {"l": 8, "r": 24, "t": 8, "b": 52}
PERIODS_BELOW = 88
FONT = {"family": "Source Sans Pro, sans-serif", "size": 13}
MAX_LABEL = 24  # characters of a title beside a Gantt bar: leaves the bars room on a phone
DAY_MS = 86_400_000
# Marks that are not a theme or a stage: today and late milestones, and occasions.
OVERDUE_RED = "#d62728"
TIMELINE_ID_FIELD = 5  # where a timeline bar's custom data holds its project's label
OCCASION_GOLD = "#c9a400"
MET_GREEN = "#2e9d5b"  # work delivered on a commitment whose target is met
SHORT_BLUE = "#4c78a8"  # work delivered on a commitment still short of its target
EMPTY = "empty"  # the layout's meta key of a figure that has nothing to draw


def measure_label(measure: str) -> str:
    return t(MEASURES[measure])


def _layout(
    fig: go.Figure,
    *,
    x_title: str = "",
    y_title: str = "",
    height: int = 360,
    legend_title: str = "",
    margin: dict[str, int] | None = None,
) -> go.Figure:
    """The house layout. With `margin`, the axes' room is fixed instead of measured: Plotly
    then draws the figure once instead of measuring its labels and drawing it again, which
    is a third of its drawing time on the Overview (the legend still makes its own room)."""
    fig.update_layout(
        height=height,
        margin=margin or {"l": 8, "r": 8, "t": 8, "b": 8},
        font=FONT,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.01,
            "xanchor": "left",
            "x": 0,
            "traceorder": "normal",  # vocabulary order, also for stacked bars
            "title": {"text": legend_title},
        },
        hoverlabel={"namelength": -1},
        bargap=0.25,
    )
    fig.update_xaxes(title_text=x_title, automargin=margin is None)
    fig.update_yaxes(title_text=y_title, automargin=margin is None)
    return fig


def whole_number_axis(fig: go.Figure, axis: str = "x") -> go.Figure:
    """Ticks at whole numbers only on an axis of counts (never 0.5 projects): every one if the
    range is small, else a round step Plotly picks, at most a handful so they never crowd a
    phone's width. An axis holding fractional amounts (video minutes) is left to Plotly."""
    values = _axis_values(fig, axis)
    if values.size == 0 or not np.all(np.isclose(values, np.round(values))):
        return fig
    stacked = fig.layout.barmode == "stack" or any(
        getattr(trace, "stackgroup", None) for trace in fig.data
    )
    top = float(_stack_top(fig, axis) if stacked else values.max())
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    if top <= 10:
        update(tick0=0, dtick=1, tickformat="d", rangemode="tozero")
    else:
        update(tickformat=",d", rangemode="tozero", nticks=6)
    return fig


def _along(trace: object, axis: str) -> bool:
    """Whether a trace's values (not its categories) lie along `axis`."""
    horizontal = getattr(trace, "orientation", None) == "h"
    return horizontal if axis == "x" else not horizontal


def _axis_values(fig: go.Figure, axis: str) -> np.ndarray:
    found: list[np.ndarray] = []
    for trace in fig.data:
        data = getattr(trace, axis, None)
        if data is None or not _along(trace, axis):
            continue
        numbers = pd.to_numeric(pd.Series(np.asarray(data, dtype=object)), errors="coerce")
        found.append(numbers.dropna().to_numpy(dtype=float))
    return np.concatenate(found) if found else np.array([])


def _stack_top(fig: go.Figure, axis: str) -> float:
    """The tallest stack: bars (or areas) of one category add up."""
    other = "y" if axis == "x" else "x"
    totals: dict[object, float] = {}
    for trace in fig.data:
        if not _along(trace, axis) or getattr(trace, axis, None) is None:
            continue
        keys = getattr(trace, other)
        values = pd.to_numeric(pd.Series(np.asarray(getattr(trace, axis), dtype=object)))
        for key, value in zip(np.asarray(keys, dtype=object), values.fillna(0), strict=False):
            totals[key] = totals.get(key, 0.0) + max(float(value), 0.0)
    return max(totals.values(), default=0.0)


def _labels_above(fig: go.Figure, labels: list[str]) -> go.Figure:
    """Category names above their bars, from the left edge, instead of tick labels beside them:
    long names (Russian themes, commitments) then neither squeeze the bars into a sliver on a
    phone nor get cut at the chart's edge. `labels` are the categories, top to bottom."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        showticklabels=False,
        automargin=False,
        range=[len(labels) - 0.5, -0.5 - 0.3 * lines],  # room above the first bar's name
        autorange=False,
    )
    thickness = BAR_THICKNESS / _row_height(lines)  # of a category's room, whatever the height
    fig.update_layout(bargap=1 - thickness)
    for index, label in enumerate(labels):
        fig.add_annotation(
            x=0,
            xref="paper",
            # The bar's top edge (the axis runs top-down), so the name clears its bar however
            # tall the chart is drawn; Hangul and Cyrillic glyphs reach their line's foot.
            y=index - thickness / 2,
            yref="y",
            xanchor="left",
            yanchor="bottom",
            yshift=LABEL_GAP,
            align="left",
            text=label,
            showarrow=False,
            font={"size": 12, "color": "#31333f"},
        )
    return fig


def _row_height(lines: int) -> int:
    """Pixels per category with its name above the bar."""
    return BAR_THICKNESS + 8 + LABEL_LINE * lines


def _label_rows_height(labels: list[str]) -> int:
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return int(_row_height(lines) * (len(labels) + 0.3 * lines))


def empty_figure(message: str, height: int = 220) -> go.Figure:
    """A blank chart that says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5, font=FONT
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(meta={EMPTY: message})
    return _layout(fig, height=height)


def empty_message(fig: go.Figure) -> str:
    """Why a figure is blank ("" when it draws something): pages show the message instead."""
    meta = fig.layout.meta
    return str(meta.get(EMPTY, "")) if isinstance(meta, dict) else ""


def _ordered(names: pd.Series | list[str], vocabulary: Vocabulary) -> list[str]:
    """Vocabulary order first, then anything outside it alphabetically."""
    present = list(dict.fromkeys(names))
    known = [n for n in vocabulary.names if n in present]
    return known + sorted(set(present) - set(known))


def _full_periods(starts: pd.Series, period: str) -> pd.Series:
    """Every period from the first to the last, so a quiet quarter shows as a gap."""
    span = pd.period_range(starts.min(), starts.max(), freq=PERIODS[period])
    return pd.Series(span.start_time)


def output_over_time_chart(
    output: pd.DataFrame,
    measure: str,
    period: str,
    themes: Vocabulary,
    *,
    lines: bool = False,
    only: tuple[str, ...] = (),
    highlight: str | None = None,
) -> go.Figure:
    """Published output per period, one stacked bar segment (or line) per theme.

    `output` is `metrics.output_over_time(projects, period)`; `only` limits the themes drawn
    (a theme's drill-down shows that theme, not the other themes of its projects). With
    `highlight`, lines of the other themes are thin and grey behind it: seven coloured lines
    that cross each other cannot be read, one against the rest can.
    """
    if only:
        output = output[output["Theme"].isin(only)]
    if output.empty or output[measure].sum() == 0:
        return empty_figure(t("No published output in this view."))
    periods = _full_periods(output["period"], period)
    labels = period_labels(periods, period).tolist()
    wide = output.pivot_table(
        index="period", columns="Theme", values=measure, aggfunc="sum", fill_value=0
    ).reindex(periods, fill_value=0)
    fig = go.Figure()
    unit = measure_label(measure).lower()
    for theme in _ordered(list(wide.columns), themes):
        values = wide[theme].to_numpy()
        hover = f"<b>%{{fullData.name}}</b><br>%{{x}}: %{{y:,.4~f}} {unit}<extra></extra>"
        colour = themes.colour(theme)
        if lines:
            faded = highlight is not None and theme != highlight
            trace = go.Scatter(
                x=labels,
                y=values,
                name=html_text(tc("theme", theme)),
                mode="lines" if faded else "lines+markers",
                line={"color": "#c8c8c8" if faded else colour, "width": 1 if faded else 3},
                hovertemplate=hover,
                showlegend=not faded,
            )
        else:
            trace = go.Bar(
                x=labels,
                y=values,
                name=html_text(tc("theme", theme)),
                marker_color=colour,
                hovertemplate=hover,
            )
        fig.add_trace(trace)
    fig.update_layout(barmode="stack", hovermode="x unified" if lines else "closest")
    fig.update_xaxes(type="category", tickvals=labels, ticktext=[_two_lines(x) for x in labels])
    height = 300 + LEGEND_ENTRY * len(fig.data)
    # Room for the widest count beside the axis and its title; below, for the period names
    # (two lines, or turned on end when a phone has no room for them side by side).
    widest = len(f"{_stack_top(fig, 'y') if not lines else wide.to_numpy().max():,.1f}")
    margin = {"l": 36 + CHAR_WIDTH * widest, "r": 8, "t": 8, "b": PERIODS_BELOW}
    fig = _layout(
        fig,
        x_title=t("Published in"),
        y_title=measure_label(measure),
        height=height,
        margin=margin,
    )
    return whole_number_axis(fig, "y")


def _two_lines(period: str) -> str:
    """A period's name on two lines, its year on one of them ("4-й кв.<br>2025 г."): eight
    quarters then sit side by side on a phone instead of being turned on end."""
    words = period.split(" ")
    year = next((i for i, word in enumerate(words) if sum(c.isdigit() for c in word) == 4), None)
    if year is None or len(words) < 2:
        return period
    cut = 1 if year == 0 else year
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])


def partner_theme_chart(output: pd.DataFrame, measure: str, themes: Vocabulary) -> go.Figure:
    """Published output per partner, split by theme (horizontal stacked bars).

    `output` is `metrics.output_by_partner_theme(projects)`.
    """
    if output.empty or output[measure].sum() == 0:
        return empty_figure(t("No published output in this view."))
    wide = output.pivot_table(
        index="Partner", columns="Theme", values=measure, aggfunc="sum", fill_value=0
    )
    partners = wide.sum(axis=1).sort_values(ascending=True).index  # largest on top
    wide = wide.reindex(partners)
    names = html_text(pd.Series([tc("partner", p) for p in partners])).to_numpy()
    unit = measure_label(measure).lower()
    fig = go.Figure()
    for theme in _ordered(list(wide.columns), themes):
        fig.add_trace(
            go.Bar(
                y=names,
                x=wide[theme].to_numpy(),
                name=html_text(tc("theme", theme)),
                orientation="h",
                marker_color=themes.colour(theme),
                hovertemplate=f"<b>%{{y}}</b> · %{{fullData.name}}<br>%{{x:,.4~f}} {unit}"
                "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    top_down = list(names[::-1])  # the largest partner on top
    height = 90 + _label_rows_height(top_down) + LEGEND_ENTRY * len(fig.data)
    fig = _layout(fig, x_title=measure_label(measure), height=height, margin=COUNTS_BELOW)
    return whole_number_axis(_labels_above(fig, top_down))


def stage_chart(counts: dict[str, int], stages: Vocabulary) -> go.Figure:
    """Projects per stage in stage order (top to bottom), each bar in its stage's colour."""
    if not counts or sum(counts.values()) == 0:
        return empty_figure(t("No projects in this view."))
    names = list(counts)
    values = [counts[n] for n in names]
    fig = go.Figure(
        go.Bar(
            y=html_text(pd.Series([tc("stage", n) for n in names])).to_numpy(),
            x=values,
            orientation="h",
            marker_color=[stages.colour(n) for n in names],
            text=values,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>" + t("%{x} projects") + "<extra></extra>",
            showlegend=False,
        )
    )
    labels = list(fig.data[0].y)
    height = 80 + _label_rows_height(labels)
    fig = _layout(fig, x_title=t("Projects"), height=height, margin=COUNTS_BELOW)
    fig = whole_number_axis(_labels_above(fig, labels))
    return fig.update_xaxes(range=[0, max(values) * 1.15])  # room for the counts


def theme_share_chart(
    output: pd.DataFrame, measure: str, themes: Vocabulary, total: float | None = None
) -> go.Figure:
    """Each theme's published output, with its share of `total` in the label.

    `output` is `metrics.output_by_theme(projects, year)`; `total` the output of the distinct
    projects (`metrics.output_total`), so shares can add up to more than 100%: a project with
    several themes counts fully under each. Without `total`, shares are of the themes' sum.
    """
    if output.empty or output[measure].sum() == 0:
        return empty_figure(t("No published output in this view."))
    order = _ordered(output["Theme"], themes)
    frame = output.set_index("Theme").reindex(order)
    values = frame[measure].fillna(0).to_numpy()
    total = total if total else values.sum()
    shares = values / total if total else values * 0
    unit = measure_label(measure).lower()
    fig = go.Figure(
        go.Bar(
            y=html_text(pd.Series([tc("theme", n) for n in order])).to_numpy(),
            x=values,
            orientation="h",
            marker_color=[themes.colour(n) for n in order],
            texttemplate="%{x:,.4~f} · %{text}",
            text=[percent(share) for share in shares],  # as every page writes a percentage
            customdata=shares,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>%{{y}}</b><br>%{{x:,.4~f}} {unit} · %{{text}}<extra></extra>",
            showlegend=False,
        )
    )
    labels = list(fig.data[0].y)
    fig = _layout(fig, x_title=measure_label(measure), height=80 + _label_rows_height(labels))
    fig = whole_number_axis(_labels_above(fig, labels))
    return fig.update_xaxes(range=[0, values.max() * 1.35])  # room for the labels outside


def stage_mix_chart(mix: pd.DataFrame, stages: Vocabulary, themes: Vocabulary) -> go.Figure:
    """Each theme's projects split by stage, as shares of the theme (100% stacked bars).

    `mix` is `metrics.stage_mix_by_theme(projects)`.
    """
    if mix.empty:
        return empty_figure(t("No projects in this view."))
    wide = mix.pivot_table(
        index="Theme", columns="Stage", values="projects", aggfunc="sum", fill_value=0
    )
    order = _ordered(list(wide.index), themes)
    wide = wide.reindex(order)
    totals = wide.sum(axis=1).to_numpy()
    names = html_text(pd.Series([tc("theme", n) for n in order])).to_numpy()
    fig = go.Figure()
    for stage in _ordered(list(wide.columns), stages):
        counts = wide[stage].to_numpy()
        fig.add_trace(
            go.Bar(
                y=names,
                x=counts / totals,
                customdata=counts,
                name=html_text(tc("stage", stage)),
                orientation="h",
                marker_color=stages.colour(stage),
                text=[percent(share) for share in counts / totals],
                textposition="none",
                hovertemplate="<b>%{y}</b> · %{fullData.name}<br>"
                + t("%{customdata} projects")
                + " "
                "(%{text})<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    ticks = [0, 0.25, 0.5, 0.75, 1]
    fig.update_xaxes(tickvals=ticks, ticktext=[percent(tick) for tick in ticks], range=[0, 1.005])
    labels = list(names)
    height = 90 + _label_rows_height(labels) + LEGEND_ENTRY * len(fig.data)
    fig = _layout(fig, x_title=t("Share of the theme's projects"), height=height)
    return _labels_above(fig.update_layout(margin={"r": 24}), labels)


def timeline_chart(
    spans: pd.DataFrame,
    colour_by: str,
    vocabulary: Vocabulary,
    today: date,
    *,
    milestones: pd.DataFrame | None = None,
    titles: bool = True,
) -> go.Figure:
    """A Gantt: one bar per project from start to due, a today line, milestone and occasion marks.

    `spans` is `metrics.timeline_spans(projects)` (optionally a page of it), plus
    `occasion_name` / `occasion_date` columns from `metrics.link_occasions` when known.
    `colour_by` is "Theme" (a project's first theme) or "Stage". Bars whose start is assumed
    are hatched. `milestones` is `metrics.milestone_table` rows for the same projects; a star
    marks the date of the occasion a project is timed to, on that project's row. Rows are
    labelled "ID · short title", or by ID alone without `titles` (narrow screens).
    """
    if spans.empty:
        return empty_figure(t("No project in this view has a due date to draw."))
    labels = html_text(_bar_labels(spans, titles))
    key = spans["Theme"].str.get(0).fillna("") if colour_by == "Theme" else spans["Stage"]
    blank = t("(no theme)") if colour_by == "Theme" else t("(no stage)")
    key = key.replace("", blank)
    context = "theme" if colour_by == "Theme" else "stage"
    fig = go.Figure()
    for name in _ordered(key, vocabulary):
        part = key == name
        rows = spans[part]
        starts, ends = rows["start"], rows["end"]
        durations = ((ends - starts).dt.days.clip(lower=0) + 1) * DAY_MS
        assumed = rows["start_assumed"].to_numpy(dtype=bool)
        details = pd.DataFrame(
            {
                "title": html_text(rows["Title"]),
                "start": starts.dt.strftime(HOVER_DATE),
                "end": ends.dt.strftime(HOVER_DATE),
                "stage": html_text(rows["Stage"].map(lambda v: tc("stage", v))),
                "note": np.where(assumed, t(" (start not set: assumed)"), ""),
                # Not drawn: what a click on the bar opens (the Project page of this ID).
                "id": rows["ID"].where(rows["ID"] != "", "row " + rows["row"].astype("str")),
            }
        )
        fig.add_trace(
            go.Bar(
                y=labels[part],
                x=durations.to_numpy(),
                base=starts.dt.strftime("%Y-%m-%d").to_numpy(),
                orientation="h",
                name=html_text(tc(context, name)),
                marker={
                    "color": vocabulary.colour(name) if name != blank else "#a0a0a0",
                    "pattern": {"shape": np.where(assumed, "/", ""), "solidity": 0.4},
                },
                customdata=details.to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}%{customdata[4]}"
                " → %{customdata[2]}<br>%{customdata[3]}<extra></extra>",
            )
        )
    _milestone_marks(fig, spans, labels, milestones)
    _occasion_marks(fig, spans, labels)
    start, end = spans["start"].min(), spans["end"].max()
    _today_line(fig, today)
    fig.update_layout(barmode="overlay", hovermode="closest", bargap=0.3)
    fig.update_xaxes(
        type="date",
        tickformat=HOVER_DATE,
        range=[
            min(start, pd.Timestamp(today)) - pd.Timedelta(days=7),
            max(end, pd.Timestamp(today)) + pd.Timedelta(days=7),
        ],
        showgrid=True,
        side="top",
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels.tolist()[::-1],  # first project at the top
        tickfont={"size": 11},
    )
    legend = t("Theme") if colour_by == "Theme" else t("Stage")
    height = 140 + ROW_HEIGHT * len(spans)
    return _layout(fig, height=height, legend_title=legend).update_layout(
        legend={"y": -0.02, "yanchor": "top"} if len(spans) > 8 else {}
    )


WRAP = 44  # characters per line of a long name above its bar: a phone's width at 12 px


def _wrapped(labels: pd.Series) -> pd.Series:
    """Sheet text as long labels on two lines (Plotly never wraps axis labels by itself),
    escaped line by line so a break never cuts an escape in two."""

    def wrap(text: str) -> str:
        lines = textwrap.wrap(one_line(text), WRAP, max_lines=2, placeholder=" …") or [text]
        return "<br>".join(html_text(line) for line in lines)

    return labels.astype("str").map(wrap)


def _bar_labels(spans: pd.DataFrame, titles: bool) -> pd.Series:
    """ID · short title (or the ID alone, for a phone): one distinct label per project."""
    rows = "row " + spans["row"].astype("str")
    labels = spans["ID"].where(spans["ID"] != "", rows)
    if titles:
        fits = spans["Title"].where(spans["Title"].str.len() <= MAX_LABEL, None)
        short = fits.fillna(spans["Title"].str.slice(0, MAX_LABEL - 1) + "…")
        labels = labels + " · " + short
    # Two rows with one ID would share a line of the chart: tell them apart by sheet row.
    return labels.where(~labels.duplicated(keep=False), labels + " (" + rows + ")")


def _milestone_marks(
    fig: go.Figure, spans: pd.DataFrame, labels: pd.Series, milestones: pd.DataFrame | None
) -> None:
    if milestones is None or milestones.empty:
        return
    by_row = pd.Series(labels.to_numpy(), index=spans["row"].to_numpy())
    marks = milestones[milestones["row"].isin(by_row.index)]
    if marks.empty:
        return
    fig.add_trace(
        go.Scatter(
            x=marks["due"].dt.strftime("%Y-%m-%d").to_numpy(),
            y=by_row.reindex(marks["row"]).to_numpy(),
            mode="markers",
            name=t("Milestone"),
            marker={
                "symbol": "diamond",
                "size": 9,
                "color": np.where(marks["overdue"].to_numpy(dtype=bool), OVERDUE_RED, "#ffffff"),
                "line": {"color": "#333333", "width": 1},
            },
            customdata=np.column_stack(
                [
                    html_text(marks["milestone"]).to_numpy(),
                    marks["due"].dt.strftime(HOVER_DATE).to_numpy(),
                ]
            ),
            hovertemplate=t("%{customdata[0]} due %{customdata[1]}") + "<extra></extra>",
        )
    )


def _occasion_marks(fig: go.Figure, spans: pd.DataFrame, labels: pd.Series) -> None:
    """A star on the row of each project timed to an occasion, at the occasion's date."""
    if "occasion_date" in spans:
        linked = spans["occasion_date"].notna()
        if linked.any():
            rows = spans[linked]
            fig.add_trace(
                go.Scatter(
                    x=rows["occasion_date"].dt.strftime("%Y-%m-%d").to_numpy(),
                    y=labels[linked].to_numpy(),
                    mode="markers",
                    name=t("Occasion"),
                    marker={
                        "symbol": "star",
                        "size": 11,
                        "color": OCCASION_GOLD,
                        "line": {"color": "#5c4a00", "width": 1},
                    },
                    customdata=np.column_stack(
                        [
                            html_text(rows["occasion_name"]).to_numpy(),
                            rows["occasion_date"].dt.strftime(HOVER_DATE).to_numpy(),
                        ]
                    ),
                    hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
                )
            )


def _today_line(fig: go.Figure, today: date) -> None:
    moment = pd.Timestamp(today).strftime("%Y-%m-%d")
    fig.add_vline(x=moment, line={"color": OVERDUE_RED, "width": 2})
    fig.add_annotation(
        x=moment,
        y=1,
        yref="paper",
        yanchor="top",
        xanchor="left",
        xshift=3,
        bgcolor="rgba(255,255,255,0.8)",
        text=t("Today"),
        showarrow=False,
        font={"color": OVERDUE_RED, "size": 12},
    )


def commitments_chart(progress: pd.DataFrame, stages: Vocabulary) -> go.Figure:
    """Each commitment's delivered and in-pipeline work as stacked bars, with its target marked.

    `progress` is `metrics.commitment_progress(...)`; delivered work takes the Published stage's
    colour, work in the pipeline a lighter one, the target a black tick.
    """
    if progress.empty:
        return empty_figure(t("No commitments in this view."))
    if int(progress["delivered"].sum() + progress["in_pipeline"].sum()) == 0:
        return empty_figure(
            t("Nothing delivered or in the pipeline yet for these commitments."), height=120
        )
    labels = progress["Commitment"].where(progress["Commitment"] != "", t("(unnamed)"))
    if progress["Year"].nunique() > 1:
        labels = labels + " · " + progress["Year"].astype("str")
    labels = labels.where(~labels.duplicated(), labels + " (" + progress["row"].astype("str") + ")")
    labels = _wrapped(labels).to_numpy()
    fig = go.Figure()
    met = (progress["status"] == "met").to_numpy()
    delivered = progress["delivered"].to_numpy()
    # Green says "met": work delivered toward a target not yet reached is blue, so a row of
    # green bars is never mistaken for a row of kept promises.
    for name, colour, rows in (
        (t("Delivered"), SHORT_BLUE, ~met),
        (t("Delivered, target met"), MET_GREEN, met),
    ):
        if rows.any() or (colour == SHORT_BLUE and not met.any()):
            fig.add_trace(
                go.Bar(
                    y=labels,
                    x=np.where(rows, delivered, 0),
                    name=name,
                    orientation="h",
                    marker_color=colour,
                    hovertemplate="<b>%{y}</b><br>" + t("%{x} delivered") + "<extra></extra>",
                )
            )
    pipeline_colour = stages.colour(stages.names[0])  # the first stage: work not yet done
    fig.add_trace(
        go.Bar(
            y=labels,
            x=progress["in_pipeline"].to_numpy(),
            name=t("In the pipeline"),
            orientation="h",
            marker_color=pipeline_colour,
            marker_pattern_shape="/",
            hovertemplate="<b>%{y}</b><br>" + t("%{x} in the pipeline") + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=progress["Target"].astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
            name=t("Target"),
            mode="markers",
            marker={
                "symbol": "line-ns",
                "size": BAR_THICKNESS,  # the bar's height: it never strikes through the name
                "line": {"width": 3, "color": "#222222"},
            },
            hovertemplate="<b>%{y}</b><br>" + t("target %{x}") + "<extra></extra>",
        )
    )
    fig.update_layout(barmode="stack")
    top_down = list(labels)
    height = 90 + _label_rows_height(top_down) + LEGEND_ENTRY * len(fig.data)
    fig = _layout(fig, x_title=t("Projects"), height=height)
    return whole_number_axis(_labels_above(fig, top_down))


def throughput_chart(monthly: pd.DataFrame) -> go.Figure:
    """Projects published per month (`lib.history.flow.throughput`)."""
    if monthly.empty:
        return empty_figure(t("No project reached Published in the history yet."))
    fig = go.Figure(
        go.Bar(
            x=monthly["month"].to_numpy(),
            y=monthly["published"].to_numpy(),
            marker_color="#2e9d5b",
            hovertemplate="%{x}<br>" + t("%{y} published") + "<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    return whole_number_axis(_layout(fig, y_title=t("Projects published"), height=300), "y")


def cumulative_flow_chart(wip: pd.DataFrame, stages: Vocabulary) -> go.Figure:
    """Projects in each stage over time, stacked in stage order (`flow.work_in_progress`)."""
    if wip.empty:
        return empty_figure(t("No stage history yet."))
    fig = go.Figure()
    for name, part in wip.groupby("stage", sort=False):
        fig.add_trace(
            go.Scatter(
                x=part["at"].dt.tz_localize(None).to_numpy(),
                y=part["projects"].to_numpy(),
                name=html_text(tc("stage", str(name))),
                mode="lines",
                stackgroup="stages",
                line={"width": 0.5, "color": stages.colour(str(name))},
                hovertemplate="%{x|" + HOVER_DATE + "}<br>%{y}<extra>%{fullData.name}</extra>",
            )
        )
    return whole_number_axis(_layout(fig, y_title=t("Projects"), height=380), "y")
