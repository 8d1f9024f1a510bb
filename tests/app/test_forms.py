"""Forms that catch mistakes (AppTest through app.py, on the demo, which is editable): due
before start refused with the field marked, partners chosen from the known ones with aliases
resolved and a new one confirmed, Notes in the add form, a picker that folds accents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.edit import form as edit_form
from lib.markup import plain
from lib.schema import PARTNERS, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


pytestmark = pytest.mark.usefixtures("demo")  # tests/app/conftest.py


def add_form() -> tuple[AppTest, dict]:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/update.py").run()
    assert not app.exception, app.exception
    widgets = [*app.text_input, *app.multiselect, *app.date_input, *app.text_area, *app.checkbox]
    return app, {w.label: w for w in widgets if str(w.key).startswith("add:")}


def submit(app: AppTest) -> AppTest:
    next(b for b in app.button if b.label == "Add project").click().run()
    assert not app.exception, app.exception
    return app


def test_a_due_date_before_the_start_is_refused_above_the_due_field():
    app, fields = add_form()
    fields["Title *"].set_value("Ha Long Bay in winter")
    fields["Partner *"].set_value(["TASS"])
    fields["Start"].set_value(date(2026, 4, 10))
    fields["Due"].set_value(date(2026, 4, 1))
    submit(app)
    assert [e.value for e in app.error] == [
        plain("Due (01/04/2026) is before Start (10/04/2026): correct one of them.")
    ]
    assert not [t for t in app.toast if "Added" in t.value]
    # the values are kept for the correction
    assert next(w for w in app.date_input if w.label == "Due").value == date(2026, 4, 1)


def test_a_partner_typed_by_its_alias_becomes_the_known_partner():
    known = Vocabulary(list(PARTNERS), open_ended=True)
    assert edit_form.resolve_partners([], "Korean Central News Agency", known) == (["KCNA"], [])
    assert edit_form.resolve_partners(["TASS"], "itar-tass; KPL", known) == (
        ["TASS", "KPL"],
        ["KPL"],  # a truly new partner, returned apart for the form to confirm
    )


def test_an_alias_typed_in_the_add_form_adds_the_project_under_the_known_partner():
    app, fields = add_form()
    fields["Title *"].set_value("Pyongyang spring")
    fields["New partner (not in the list)"].set_value("Korean Central News Agency")
    fields["Notes"].set_value("From the KCNA desk")
    submit(app)
    added = [t.value for t in app.toast if t.value.startswith("Added")]
    assert added and "VK" in added[0], [t.value for t in app.toast]


def test_a_new_partner_must_be_confirmed_before_the_project_is_added():
    app, fields = add_form()
    fields["Title *"].set_value("Mekong fishermen")
    fields["New partner (not in the list)"].set_value("Agence Nouvelle")
    fields["Notes"].set_value("Pitched at the March meeting")
    submit(app)
    assert any("Agence Nouvelle is not a partner the sheet knows" in e.value for e in app.error)
    assert not [t for t in app.toast if "Added" in t.value]


def test_the_picker_folds_accents_and_punctuation_like_the_sidebar_search():
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/update.py").run()
    every = app.selectbox(key="update_project").options
    app.text_input(key="update_find").set_value("hoang-van NAM").run()  # Hoàng Văn Nam
    found = app.selectbox(key="update_project").options
    app.text_input(key="update_find").set_value("Hoàng Văn Nam").run()
    assert app.selectbox(key="update_project").options == found
    assert 0 < len(found) < len(every)
