"""Text that is not valid Unicode (a lone surrogate) is blanked and reported, cell by cell."""

from __future__ import annotations

from lib.sources.broken_text import blank_broken_text


def test_only_cells_with_a_lone_surrogate_are_blanked_each_with_its_row_and_column():
    rows = [["ID", "Title"], ["VT-1", "ok"], ["VT-2", "a \udc00 b", 7, "\ud83d"], ["Đà Nẵng 😀"]]
    rows += [["x"] for _ in range(1_500)] + [["late \udfff"]]  # past the first block of rows
    notes = blank_broken_text({"Projects": rows, "Log": [["\ud800"]], "Empty": []})
    assert rows[2] == ["VT-2", None, 7, None]
    assert rows[3] == ["Đà Nẵng 😀"] and rows[1] == ["VT-1", "ok"]
    assert rows[-1] == [None]
    assert [(n.tab, n.row, n.column, n.code) for n in notes] == [
        ("Projects", 3, 1, "unreadable_cell"),
        ("Projects", 3, 3, "unreadable_cell"),
        ("Projects", 1_505, 0, "unreadable_cell"),
        ("Log", 1, 0, "unreadable_cell"),
    ]
    assert "broken character" in notes[0].detail.render()


def test_a_sheet_of_valid_text_is_left_exactly_as_it_was():
    rows = [["ID", "Tiêu đề"], ["VT-1", "Москва 😀 서울"], [1.5, True, None]]
    assert blank_broken_text({"Projects": rows}) == ()
    assert rows == [["ID", "Tiêu đề"], ["VT-1", "Москва 😀 서울"], [1.5, True, None]]
