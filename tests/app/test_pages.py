"""Every page through app.py (AppTest): renders on any data, filters narrow it, URLs preselect.

Pages are run through the router and `switch_page`, as a user reaches them, so the shared
sidebar and its filters are part of every test. AppTest (Streamlit 1.67) shows the sidebar of
an app with `st.navigation` on the first run only, so later runs check what the filters did on
the page, and the filter values in Session State.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from standin import SheetsStandIn
from tests.fixtures.workbooks import (
    AS_OF,
    broken_tabs,
    empty_tabs,
    portfolio_tabs,
    small_tabs,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE_DIR = next(d for d in ("app_pages", "pages") if (ROOT / d).is_dir())
PAGES = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / PAGE_DIR).glob("*.py"))
# Issue 3's pages (the Update and Project pages show one project, not a filtered view)
DASHBOARDS = [page for page in PAGES if not page.endswith(("/update.py", "/project.py"))]
assert len(DASHBOARDS) >= 9, "every page of issue 3 is smoke-tested"
COUNT = re.compile(r"^\*\*(\d+)\*\* of (\d+) projects")


def fresh_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_AS_OF", AS_OF.isoformat())


def use_workbook(tabs, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_WORKBOOK", str(write_xlsx(tabs, path)))


@pytest.fixture(params=["demo", "empty", "broken", "google"])
def source(request, as_of, monkeypatch, tmp_path) -> Iterator[str]:
    """Each kind of data a page must survive: the demo, nothing, only broken rows, Google."""
    if request.param == "empty":
        use_workbook(empty_tabs(), tmp_path / "empty.xlsx", monkeypatch)
    elif request.param == "broken":
        use_workbook(broken_tabs(), tmp_path / "broken.xlsx", monkeypatch)
    if request.param != "google":
        fresh_caches()
        yield request.param
        fresh_caches()
        return
    with SheetsStandIn(portfolio_tabs(AS_OF, 60), lifetime_seconds=300) as standin:
        monkeypatch.setenv("TRACKER_SPREADSHEET", standin.key)
        monkeypatch.setenv("TRACKER_SHEETS_API_BASE", standin.base_url)
        monkeypatch.setenv("TRACKER_RETRY_ATTEMPTS", "2")
        monkeypatch.setenv("TRACKER_RETRY_BASE_SECONDS", "0.05")
        fresh_caches()
        yield request.param
        fresh_caches()


@pytest.fixture
def small(as_of, monkeypatch, tmp_path) -> Iterator[None]:
    """The small workbook whose numbers are worked out by hand (tests/fixtures/workbooks.py)."""
    use_workbook(small_tabs(), tmp_path / "small.xlsx", monkeypatch)
    fresh_caches()
    yield
    fresh_caches()


def open_app(query: dict[str, str | list[str]] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(query or {})
    app.run()
    assert not app.exception, app.exception
    return app


def shown_count(app: AppTest) -> tuple[int, int]:
    match = next(m for c in app.caption if (m := COUNT.match(c.value)))
    return int(match[1]), int(match[2])


def kpis(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_an_exception(source, page):
    app = open_app()
    try:
        app.switch_page(page)
    except ValueError:
        pytest.skip(f"{page} is not offered for this source (read-only Google Sheet)")
    app.run()
    assert not app.exception, f"{page} on {source}: {app.exception}"
    if page in DASHBOARDS:
        shown, total = shown_count(app)
        assert shown == total  # no filter yet
        assert (total == 0) == (source == "empty")


def test_the_overview_is_the_first_page(small):
    app = open_app()
    assert app.title[0].value == "Overview"


def test_overview_kpis_of_the_small_workbook(small):
    assert kpis(open_app()) == {
        "Active": "4",
        "Overdue": "2",
        "Due within 14 days": "1",
        "Published in 2026": "3",
        "On time in 2026": "67%",
    }


def test_more_filters_are_drawn_once_opened_or_when_in_use(small):
    assert [m.key for m in open_app().multiselect] == ["partner", "theme", "stage"]
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["more_filters"] = True  # the panel opened
    app.run()
    assert [m.key for m in app.multiselect][3:] == ["format", "producer", "lead"]
    assert len(app.date_input) == 1
    shared = open_app({"format": "Video"})  # a link with a filter in use: drawn, applied
    assert shared.multiselect(key="format").value == ["Video"]
    assert shown_count(shared)[0] < shown_count(app)[0]
    assert shared.expander[0].label == "More filters (1 in use)"


def test_the_overview_draws_one_chart_and_the_others_are_one_choice_away(small):
    app = open_app()
    assert len(app.get("plotly_chart")) == 1
    assert "Output by theme" in [s.value for s in app.subheader]
    for chart, title in (
        ("partner", "Output by partner and theme"),
        ("stage", "Projects by stage"),
    ):
        app.segmented_control(key="overview_chart").set_value(chart).run()
        assert not app.exception, app.exception
        assert len(app.get("plotly_chart")) == 1
        assert title in [s.value for s in app.subheader]
        assert app.query_params["chart"] in ([chart], chart)
    assert [c.label for c in app.segmented_control] == ["Chart"]  # no measure for stages
    shared = open_app({"chart": "partner", "measure": "photos"})
    assert "Output by partner and theme" in [s.value for s in shared.subheader]
    assert shared.segmented_control(key="measure").value == "photos"


def test_the_overviews_needs_attention_lines_open_each_project_most_urgent_first(small):
    app = open_app()
    links = [link.proto for link in app.get("page_link") if "id=" in link.proto.query_string]
    assert [link.query_string.split("&")[0] for link in links] == ["id=C3", "id=G3", "id=G4"]
    lines = [c.value for c in app.caption if "late" in c.value or "due in" in c.value]
    assert lines[0].startswith(":red[59 days late]") and lines[2].startswith(":orange[due in 9")
    assert not app.dataframe  # a first screen without a table to load


def test_choosing_a_theme_changes_the_overview_kpis(small):
    app = open_app()
    app.multiselect(key="theme").select("Green development").run()
    assert kpis(app) == {
        "Active": "2",
        "Overdue": "1",
        "Due within 14 days": "1",
        "Published in 2026": "2",
        "On time in 2026": "100%",
    }
    assert shown_count(app) == (5, 8)


def test_query_parameters_preselect_the_filters(small):
    app = open_app({"theme": "Culture & heritage", "partner": ["TASS", "KCNA"]})
    assert app.multiselect(key="theme").value == ["Culture & heritage"]
    assert app.multiselect(key="partner").value == ["TASS", "KCNA"]
    assert shown_count(app) == (4, 8)
    assert kpis(app) == {
        "Active": "2",
        "Overdue": "1",
        "Due within 14 days": "0",
        "Published in 2026": "2",
        "On time in 2026": "50%",
    }


def test_search_and_dates_come_from_the_url_too(small):
    app = open_app({"q": "green", "dates": ["2026-02-01", "2026-03-31"]})
    assert app.text_input(key="q").value == "green"
    assert shown_count(app) == (2, 8)  # G1 and X1 (G2 ends before; G3 and G4 are not "green")


def test_an_unknown_value_in_the_url_is_ignored(small):
    app = open_app({"theme": "Not a theme"})
    assert app.multiselect(key="theme").value == []
    assert shown_count(app) == (8, 8)


def test_the_filters_follow_the_user_to_another_page(small):
    app = open_app()
    app.multiselect(key="theme").select("Green development").run()
    app.switch_page(f"{PAGE_DIR}/projects.py").run()
    assert app.session_state["theme"] == ["Green development"]
    # Most urgent first: overdue G3, due-soon G4, then on track and published.
    assert app.dataframe[0].value["ID"].tolist() == ["G3", "G4", "G1", "X1", "G2"]
    app.switch_page(f"{PAGE_DIR}/deadlines.py").run()
    assert shown_count(app) == (5, 8)


def test_clear_resets_every_filter(small):
    app = open_app({"theme": "Green development", "q": "wind"})
    assert shown_count(app) == (1, 8)
    app.button(key="clear_filters").click().run()
    assert app.session_state["theme"] == []
    assert app.session_state["q"] == ""
    assert shown_count(app) == (8, 8)


def test_the_deadlines_page_counts_each_bucket(small):
    app = open_app()
    app.switch_page(f"{PAGE_DIR}/deadlines.py").run()
    # Projects by their Due, as on the Overview (2 overdue, 1 due within 14 days); G4's
    # overdue Shooting milestone is counted apart.
    assert kpis(app) == {
        "Overdue": "2",
        "Next 7 days": "0",
        "In 7–14 days": "1",
        "After 14 days": "1",
    }
    assert any(
        "Milestones besides: 1 overdue, 0 in the next 7 days" in c.value for c in app.caption
    )


def test_the_pipeline_groups_unrecognised_stages_apart(as_of, monkeypatch, tmp_path):
    use_workbook(broken_tabs(), tmp_path / "broken.xlsx", monkeypatch)
    fresh_caches()
    app = open_app()
    app.switch_page(f"{PAGE_DIR}/pipeline.py").run()
    headers = [m.value for m in app.markdown if re.match(r"^\*\*[^*]+\*\* · \d+$", m.value)]
    assert headers[-1] == "**Unrecognised stage** · 3"


def test_data_quality_filters_by_severity_and_code(as_of, monkeypatch, tmp_path):
    use_workbook(broken_tabs(), tmp_path / "broken.xlsx", monkeypatch)
    fresh_caches()
    app = open_app()
    app.switch_page(f"{PAGE_DIR}/data_quality.py").run()
    everything = len(app.dataframe[0].value)
    app.pills(key="severity").set_value(["error"]).run()
    errors = app.dataframe[0].value
    assert 0 < len(errors) < everything
    assert {tuple(s) for s in errors["severity"]} == {("error",)}
    app.multiselect(key="code").select("bad_date").run()
    assert set(app.dataframe[0].value["code"]) == {"bad_date"}
    assert app.metric[0].value == "3"  # rows read = projects + blank rows
    fresh_caches()


def test_sheet_text_is_shown_as_text_never_as_markup(as_of, monkeypatch, tmp_path):
    tabs = small_tabs()
    tabs["Projects"][3][1] = "**Bold** [click](javascript:alert(1)) <img src=x onerror=alert(1)>"
    use_workbook(tabs, tmp_path / "tricky.xlsx", monkeypatch)
    fresh_caches()
    app = open_app()
    for page in DASHBOARDS:
        app.switch_page(page).run()
        assert not app.exception
        for element in app.markdown:
            assert not element.proto.allow_html, f"{page} allows HTML"
            assert "[click](" not in element.value, f"{page} renders a sheet link"
    app.switch_page(f"{PAGE_DIR}/pipeline.py").run()
    card = next(m.value for m in app.markdown if "Bold" in m.value)
    assert card.startswith("**\\*\\*Bold\\*\\*")  # shown with its asterisks, not in bold
    fresh_caches()


def test_a_long_projects_table_comes_in_parts_and_the_export_says_it_holds_them_all(
    as_of, monkeypatch, tmp_path
):
    use_workbook(portfolio_tabs(AS_OF, 1_200), tmp_path / "long.xlsx", monkeypatch)
    fresh_caches()
    app = open_app()
    app.switch_page(f"{PAGE_DIR}/projects.py").run()
    assert shown_count(app) == (1_200, 1_200)
    assert len(app.dataframe[0].value) == 1_000
    rows = app.selectbox(key="rows")
    assert rows.options == ["1–1000 of 1200", "1001–1200 of 1200"]
    assert any(c.value.startswith("Export all 1200 matching projects") for c in app.caption)
    rows.select(1_000).run()
    assert len(app.dataframe[0].value) == 200
    assert not app.exception
    fresh_caches()


def test_a_pipeline_card_shows_its_themes_and_deadline_status_as_badges(small):
    app = open_app()
    app.switch_page(f"{PAGE_DIR}/pipeline.py").run()
    badges = [m.value.rpartition("  \n")[2] for m in app.markdown if "-badge[" in m.value]
    solar_farms = (
        ":gray-badge[Green development] :red-badge[:material/error: Overdue · 9 days late]"
    )
    assert solar_farms in badges  # G3: one line of badges, its theme then its status


def test_a_pipeline_card_is_one_element_of_text_under_its_title_and_link(small):
    app = open_app()
    app.switch_page(f"{PAGE_DIR}/pipeline.py").run()
    details = [m.value for m in app.markdown if "-badge[" in m.value]
    # The subtitle (ID, partner, kind), small and grey, then a line break and the badges.
    assert any(d.startswith(":small[:gray[") and "]]  \n:gray-badge[" in d for d in details), (
        details[:3]
    )
    assert not [c.value for c in app.caption if "-badge[" in c.value]
