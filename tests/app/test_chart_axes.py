"""Every chart the pages draw on the demo, read back as Streamlit sends it to the browser: an
axis of counts has whole-number ticks (never 0.5 projects), a percentage is written one way,
and a filter that leaves nothing to draw shows a message instead of a blank chart."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lib import filters
from lib.schema import MEASURES

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


pytestmark = pytest.mark.usefixtures("demo")  # tests/app/conftest.py


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def numbers(data: object) -> np.ndarray:
    """A trace's values as the browser gets them: a list, or Plotly's typed array."""
    if isinstance(data, dict) and "bdata" in data:
        values = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        return values.astype(float)
    found = [v for v in np.ravel(np.asarray(data, dtype=object)) if isinstance(v, int | float)]
    return np.asarray(found, dtype=float)


def count_axes(figure: dict) -> Iterator[tuple[str, dict, np.ndarray]]:
    """(name, layout, values) of each axis that holds only whole numbers of something."""
    layout = figure["layout"]
    for axis in ("x", "y"):
        settings = layout.get(f"{axis}axis", {})
        if settings.get("type") in ("date", "category") or settings.get("visible") is False:
            continue
        values = []
        for trace in figure["data"]:
            horizontal = trace.get("orientation") == "h"
            if (axis == "x") != horizontal or axis not in trace:
                continue
            values.append(numbers(trace[axis]))
        drawn = np.concatenate(values) if values else np.array([])
        if drawn.size and np.allclose(drawn, np.round(drawn)) and drawn.max() >= 1:
            yield axis, settings, drawn


def whole_ticks(settings: dict) -> bool:
    """Plotly draws no tick between whole numbers: a whole step, or an integer format."""
    dtick = settings.get("dtick")
    if dtick is not None and float(dtick) >= 1 and float(dtick).is_integer():
        return True
    return "d" in str(settings.get("tickformat", ""))


def every_page_figure() -> Iterator[tuple[str, dict]]:
    """Each page's figures for each choice that changes them (measure, year, grouping)."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    for measure in MEASURES:
        app.switch_page("pages/overview.py").run()
        for chart in ("theme", "partner"):  # Overview draws one chart at a time
            app.segmented_control(key="overview_chart").set_value(chart).run()
            app.segmented_control(key="measure").set_value(measure).run()
            assert not app.exception, app.exception
            yield from ((f"overview/{chart}/{measure}", f) for f in figures(app))
        app.switch_page("pages/themes.py").run()
        assert not app.exception, app.exception
        yield from ((f"themes/{measure}", f) for f in figures(app))
    app.switch_page("pages/commitments.py").run()
    for year in app.segmented_control(key="year").options:
        app.segmented_control(key="year").set_value(int(year)).run()
        assert not app.exception, app.exception
        yield from ((f"commitments/{year}", f) for f in figures(app))
    app.switch_page("pages/overview.py").run()
    app.segmented_control(key="overview_chart").set_value("stage").run()
    yield from (("overview/stage", f) for f in figures(app))
    for page in ("flow", "timeline"):
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, app.exception
        yield from ((page, f) for f in figures(app))


def test_every_count_axis_of_every_chart_on_the_demo_has_whole_number_ticks():
    checked, wrong = [], []
    for where, figure in every_page_figure():
        for axis, settings, values in count_axes(figure):
            checked.append((where, axis))
            if not whole_ticks(settings):
                wrong.append((where, axis, settings, values.max()))
    assert not wrong, wrong
    pages = {where.split("/")[0] for where, _ in checked}
    assert {"overview", "themes", "commitments", "flow"} <= pages
    assert {"overview/theme/photos", "overview/partner/videos", "overview/stage"} <= {
        where for where, _ in checked
    }  # each of Overview's charts, for more than one measure
    assert len(checked) >= 25  # every measure's charts, not a lucky few


def test_a_count_axis_without_whole_ticks_is_caught():
    loose = {"data": [{"type": "bar", "orientation": "h", "x": [1, 3]}], "layout": {}}
    found = list(count_axes(loose))
    assert [axis for axis, _, _ in found] == ["x"] and not whole_ticks(found[0][1])
    assert whole_ticks({"dtick": 1}) and whole_ticks({"tickformat": ",d"})


def test_a_filter_that_leaves_no_published_output_shows_a_message_not_a_blank_chart():
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/overview.py").run()
    app.multiselect(key=filters.STAGE).set_value(["Proposed"]).run()  # nothing published
    for chart in ("theme", "partner"):  # Overview draws one chart at a time
        app.segmented_control(key="overview_chart").set_value(chart).run()
        assert not app.exception, app.exception
        assert [box.value for box in app.main.info] == ["No published output in this view."]
        assert figures(app) == []
    app.segmented_control(key="overview_chart").set_value("stage").run()
    drawn = figures(app)
    assert len(drawn) == 1  # projects by stage, which has something to draw
    assert all(figure["data"] for figure in drawn)
    assert "No published output in this view." not in [box.value for box in app.info]


def test_commitments_progress_bars_share_one_percent_format_and_are_not_green():
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/commitments.py").run()
    tables = [frame for frame in app.dataframe if "Progress" in frame.value.columns]
    assert tables
    for frame in tables:
        progress = frame.value["Progress"].dropna()
        assert (progress == progress.round(0)).all()  # whole percents: no "83.33%"
        column = json.loads(frame.proto.columns)["Progress"]
        assert column["type_config"]["format"] == "%d%%"  # as percent() writes 83%
        assert column["type_config"]["color"] == "blue"  # green is for "met" (the status)
