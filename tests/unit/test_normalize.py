"""Normalisation of whole tabs: headers, blank rows, extra columns, and every issue code."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.model import RawWorkbook, ReadOptions
from lib.normalize import normalize
from lib.schema import ISSUE_CODES, PROJECT_FIELDS

TODAY = date(2026, 3, 1)
HEADER = [
    "ID",
    "Title",
    "Partner",
    "Format",
    "Theme",
    "Stage",
    "Start",
    "Due",
    "Published",
    "Occasion",
    "Photos",
    "Videos",
    "Video minutes",
]


def read(rows, *, header=HEADER, tabs=None, url=None):
    workbook = {"Projects": [header, *rows], **(tabs or {})}
    raw = RawWorkbook(workbook, "workbook", "test", url, {"Projects": 123} if url else {})
    return normalize(raw, ReadOptions(today=TODAY))


def project(**values):
    base = {
        "ID": "VT-2026-001",
        "Title": "A story",
        "Partner": "TASS",
        "Format": "Video",
        "Theme": "Culture",
        "Stage": "Editing",
        "Start": "01/02/2026",
        "Due": "20/03/2026",
    }
    base.update(values)
    return [base.get(h, "") for h in HEADER]


def codes(dataset):
    return sorted(dataset.issues["code"])


def test_a_clean_row_gives_a_typed_project_and_no_issue():
    dataset = read([project()])
    assert codes(dataset) == []
    row = dataset.projects.iloc[0]
    assert row["Due"].date() == date(2026, 3, 20)
    assert row["Theme"] == ("Culture & heritage",)
    assert row["row"] == 2


@pytest.mark.parametrize(
    ("values", "code", "column"),
    [
        ({"Due": "31/02/2026"}, "bad_date", "H"),
        ({"Photos": "about 40"}, "bad_number", "K"),
        ({"Videos": -3}, "negative_number", "L"),
        ({"Video minutes": "#DIV/0!"}, "formula_error", "M"),
        ({"Stage": "Waiting for visa"}, "unknown_stage", "F"),
        ({"Theme": "Sports; culture"}, "unknown_theme", "E"),
        ({"Format": "Podcast"}, "unknown_format", "D"),
        ({"ID": ""}, "missing_id", "A"),
        ({"Title": ""}, "missing_title", "B"),
        ({"Due": ""}, "missing_due", "H"),
        ({"Start": "01/04/2026"}, "due_before_start", "H"),
        ({"Stage": "Published", "Published": ""}, "published_without_date", "I"),
        ({"Stage": "Published", "Published": "05/03/2026"}, "published_in_future", "I"),
    ],
)
def test_each_cell_problem_gives_its_issue_code_at_its_row_and_column(values, code, column):
    dataset = read([project(), project(**{"ID": "VT-2026-002", **values})])
    issue = dataset.issues.iloc[0]
    assert codes(dataset) == [code]
    assert (issue["row"], issue["column"], issue["severity"]) == (
        3,
        column,
        str(ISSUE_CODES[code][0]),
    )
    assert len(dataset.projects) == 2, "a row with problems is still a project"


def test_every_issue_code_has_a_severity_as_the_spec_says():
    errors = {c for c, (severity, _) in ISSUE_CODES.items() if severity == "error"}
    assert errors == {
        "bad_date",
        "bad_number",
        "negative_number",
        "formula_error",
        "duplicate_id",
        "missing_required_column",
        "no_header_row",
        "unreadable_cell",
    }
    assert len(ISSUE_CODES) == 20  # the spec's 17, and three for reading files


def test_duplicate_ids_are_reported_on_every_row_that_shares_them():
    dataset = read([project(), project(Title="Other"), project(ID="VT-2026-009")])
    duplicates = dataset.issues[dataset.issues["code"] == "duplicate_id"]
    assert list(duplicates["row"]) == [2, 3]
    assert list(duplicates["message"].str.extract(r"\((also row \d+)\)")[0]) == [
        "also row 3",
        "also row 2",
    ]


def test_a_due_after_the_linked_occasion_is_reported():
    occasions = {
        "Occasions": [
            ["Date", "Occasion", "Partner", "Kind"],
            [date(2026, 3, 15), "Victory Day", "TASS", "Anniversary"],
        ]
    }
    dataset = read([project(Occasion="victory day")], tabs=occasions)
    assert codes(dataset) == ["due_after_occasion"]
    assert "15/03/2026" in dataset.issues["message"].iloc[0]


def test_a_repeated_header_is_reported_and_the_second_column_kept_as_extra():
    dataset = read([[*project(), "again"]], header=[*HEADER, "Title"])
    assert codes(dataset) == ["duplicate_header"]
    assert dataset.projects["Title"].iloc[0] == "A story"
    assert "Title (N)" in dataset.projects.columns


def test_a_missing_required_column_is_an_error_on_the_header_row():
    header = [h for h in HEADER if h != "Stage"]
    dataset = read(
        [[v for h, v in zip(HEADER, project(), strict=True) if h != "Stage"]], header=header
    )
    assert codes(dataset) == ["missing_required_column"]
    assert dataset.issues["row"].iloc[0] == 1


def test_header_is_found_below_banner_rows():
    rows = [["Joint productions 2026"], [], HEADER, project()]
    dataset = normalize(RawWorkbook({"Projects": rows}, "workbook", "t"), ReadOptions(TODAY))
    assert dataset.layout.header_row == 3
    assert dataset.projects["row"].tolist() == [4]


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        (["Mã dự án", "Tên dự án", "Trạng thái"], "ID"),
        (["Код", "Название", "Статус"], "Title"),
        (["Project ID", "Project title", "Status"], "Stage"),
        (["code", "name", "giai đoạn", "hạn chót"], "Due"),
        (["ID", "Title", "Stage", "Đối tác"], "Partner"),
        (["ID", "Title", "Stage", "Phụ trách", "Trưởng nhóm"], "Producer"),
        (["ID", "Title", "Stage", "ngày xuất bản", "số ảnh", "số phút"], "Published"),
        (["ID", "Title", "Stage", "Ngôn ngữ", "Kênh", "Liên kết", "Ghi chú"], "Channels"),
        (["ID", "Title", "Stage", "Тема", "Формат", "Срок", "Видео", "Фото", "Минуты"], "Theme"),
    ],
)
def test_header_aliases_in_english_vietnamese_and_russian_are_recognised(headers, field):
    dataset = normalize(
        RawWorkbook({"Projects": [headers, ["x"] * len(headers)]}, "workbook", "t"),
        ReadOptions(TODAY),
    )
    assert field in {c.field for c in dataset.layout.columns}


@pytest.mark.parametrize("title", ["Projects", "projects", "Dự án", "DU AN", "Проекты"])
def test_the_projects_tab_is_found_by_any_of_its_names(title):
    dataset = normalize(
        RawWorkbook({"Other": [["x"]], title: [HEADER, project()]}, "workbook", "t"),
        ReadOptions(TODAY),
    )
    assert dataset.rows.projects == 1


def test_blank_rows_are_counted_not_reported_and_trailing_ones_not_read():
    dataset = read([project(), [], ["", "  ", None], project(ID="VT-2026-002"), [], [""]])
    assert (dataset.rows.read, dataset.rows.projects, dataset.rows.blank) == (4, 2, 2)
    assert codes(dataset) == []


def test_unknown_columns_are_kept_in_order_with_their_values():
    dataset = read([[*project(), "1 000 000", "x"]], header=[*HEADER, "Budget (VND)", "Misc"])
    assert dataset.extras == ("Budget (VND)", "Misc")
    assert dataset.projects["Budget (VND)"].iloc[0] == "1 000 000"


def test_milestone_columns_are_read_as_stage_deadlines():
    dataset = read(
        [[*project(), "01/03/2026", "10/03/2026"]], header=[*HEADER, "Shooting due", "Review due"]
    )
    assert dataset.milestones == ("Shooting", "Partner review")
    assert dataset.projects["Partner review due"].iloc[0].date() == date(2026, 3, 10)


def test_vocabulary_tabs_extend_the_built_in_vocabularies():
    themes = {
        "Themes": [
            ["Name", "Aliases"],
            ["Sports", "sport; thể thao"],
            ["Green development", "xanh hoá"],
        ]
    }
    dataset = read([project(Theme="thể thao; xanh hoá")], tabs=themes)
    assert codes(dataset) == []
    assert dataset.projects["Theme"].iloc[0] == ("Sports", "Green development")


def test_issues_link_to_their_cell_in_a_google_sheet():
    dataset = read(
        [project(Due="31/02/2026")], url="https://docs.google.com/spreadsheets/d/KEY/edit"
    )
    assert (
        dataset.issues["link"].iloc[0]
        == "https://docs.google.com/spreadsheets/d/KEY/edit#gid=123&range=H2"
    )


def test_an_empty_projects_tab_gives_an_empty_dataset():
    dataset = normalize(RawWorkbook({"Projects": []}, "workbook", "t"), ReadOptions(TODAY))
    assert dataset.projects.empty and dataset.issues.empty
    assert list(dataset.projects.columns[:3]) == ["row", "ID", "Title"]


def test_a_tab_with_no_recognisable_header_counts_its_rows_as_unread_and_says_why():
    dataset = normalize(
        RawWorkbook({"Projects": [["a", "b"], [], ["c", "d"]]}, "workbook", "t"), ReadOptions(TODAY)
    )
    assert codes(dataset) == ["no_header_row"]
    assert "2 non-blank rows are not read as projects" in dataset.issues["message"].iloc[0]
    assert dataset.rows.projects == 0
    assert (dataset.rows.read, dataset.rows.blank, dataset.rows.unread) == (3, 1, 2)


any_cell = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    st.sampled_from(
        ["#REF!", "31/02/2026", "1 200", "12,5", "green; DX", "đã xuất bản", " ", "=A1"]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(any_cell, max_size=len(HEADER) + 2), max_size=12))
def test_no_row_crashes_the_parser_and_rows_read_equal_projects_plus_blank(rows):
    dataset = read(rows)
    rows_ = dataset.rows
    assert rows_.read == rows_.projects + rows_.blank + rows_.unread
    assert len(dataset.projects) == dataset.rows.projects
    assert set(dataset.issues["code"]) <= set(ISSUE_CODES)
    assert {f.name for f in PROJECT_FIELDS} <= set(dataset.projects.columns)


def test_a_sheet_column_named_like_a_column_the_app_adds_is_kept_under_its_letter():
    dataset = read([[*project(), "7", "late"]], header=[*HEADER, "row", "Status"])
    assert dataset.projects["row (N)"].iloc[0] == "7"
    assert dataset.projects["Status (O)"].iloc[0] == "late"
    assert dataset.projects["row"].iloc[0] == 2
