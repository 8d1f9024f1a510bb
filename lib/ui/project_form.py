"""The Streamlit shell of a project's form: edit its cells, change its stage from a card, or add
a project, all through the same conflict-checked save (`lib.edit`).

The values a user starts from are frozen when the form opens, so a save compares the sheet
against what they saw, not against data refreshed since (lib.edit does the checking). Used by
the Update page and the Project page; the Pipeline board's stage change calls `move_stage`.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from lib import filters
from lib.edit import Change, EditError, NewProject
from lib.edit import form as edit_form
from lib.formatting import COLUMN_DATE_FORMAT
from lib.i18n import t, tc
from lib.markup import plain
from lib.model import Dataset
from lib.schema import Kind
from lib.ui import editing, session

EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)
PICKED = "update_project"
SELECT_FIELDS = ("Stage", "Format")  # one value from the vocabulary
FREE_PICK_FIELDS = ("Producer", "Lead", "Occasion")  # a value in use, or a new one
OPEN_LISTS = ("Partner", "Languages", "Channels")  # lists that take new values


def state() -> dict[str, Any]:
    """This session's editing state: per project, the frozen starting values and any
    conflict; a counter that renews widget keys whenever the form must be refilled."""
    return st.session_state.setdefault("_update", {"version": 0, "projects": {}})


def renew(project_id: str, **entry: Any) -> dict[str, Any]:
    """A fresh entry for a project, with a new version so its widgets get new keys."""
    current = state()
    current["version"] += 1
    current["projects"][project_id] = {**entry, "version": current["version"]}
    return current["projects"][project_id]


def field_keys(project_id: str, version: int, fields: list[str]) -> dict[str, str]:
    return {name: f"edit:{project_id}:{version}:{name}" for name in fields}


def widget(dataset: Dataset, name: str, key: str, current: Any) -> None:
    """The input for one field; its value lives in Session State under `key`."""
    label = tc("field", name)
    shown = functools.partial(filters.shown_value, name.lower())  # the sheet's value is kept
    kind = edit_form.kind_of(name)
    if kind is Kind.DATE:
        st.date_input(
            label, min_value=EARLIEST, max_value=LATEST, format=COLUMN_DATE_FORMAT, key=key
        )
    elif kind is Kind.INTEGER:
        st.number_input(label, min_value=0, step=1, key=key)
    elif kind is Kind.NUMBER:
        st.number_input(label, min_value=0.0, step=0.5, key=key)
    elif name in SELECT_FIELDS:
        options = session.cached(dataset, edit_form.options_for, dataset, name, current)
        st.selectbox(label, options, index=None, key=key, format_func=shown)
    elif name in FREE_PICK_FIELDS:
        options = session.cached(dataset, edit_form.text_options, dataset, name, current)
        st.selectbox(label, options, index=None, accept_new_options=True, key=key)
    elif kind in (Kind.LIST, Kind.VOCAB_LIST):
        options = session.cached(dataset, edit_form.options_for, dataset, name, current)
        st.multiselect(
            label, options, accept_new_options=name in OPEN_LISTS, key=key, format_func=shown
        )
    elif name == "Notes":
        st.text_area(label, key=key, height=100)
    else:
        st.text_input(label, key=key)


def seed(name: str, value: Any) -> Any:
    """A value as its widget holds it: selection boxes hold None, not "", for blank."""
    if name in SELECT_FIELDS + FREE_PICK_FIELDS and not value:
        return None
    return value


def show_conflicts(project_id: str, entry: dict[str, Any]) -> None:
    conflicts = entry["conflicts"]
    saved = entry.get("saved_too", ())
    if saved:
        message = t(
            "Saved {fields} of {id}. Someone changed the cells below at the same moment, so "
            "yours were not written there. Reload to see their values with your changes "
            "applied on top, then review and save again.",
            id=plain(project_id),
            fields=", ".join(tc("field", name) for name in saved),
        )
    else:
        message = t(
            "Someone changed these cells after you opened {id}. Nothing was saved. Reload to "
            "see their values with your changes applied on top, then review and save again.",
            id=plain(project_id),
        )
    st.warning(message, icon=":material/sync_problem:")
    st.table(
        {
            t("Field"): [plain(tc("field", c.field)) for c in conflicts],
            t("Yours"): [plain(edit_form.describe(c.yours)) for c in conflicts],
            t("In the sheet now"): [plain(edit_form.describe(c.current)) for c in conflicts],
            t("When you started"): [plain(edit_form.describe(c.started_from)) for c in conflicts],
        }
    )
    reload, discard = st.columns(2)
    reload.button(
        t("Reload and reapply my changes"),
        icon=":material/refresh:",
        type="primary",
        on_click=reload_and_reapply,
        args=(project_id, entry["wanted"]),
    )
    discard.button(
        t("Discard my changes"),
        icon=":material/undo:",
        on_click=discard_changes,
        args=(project_id,),
    )


def reload_and_reapply(project_id: str, wanted: dict[str, Any]) -> None:
    session.refresh()
    renew(project_id, reapply=wanted)


def discard_changes(project_id: str) -> None:
    session.refresh()
    state()["projects"].pop(project_id, None)


def save(dataset: Dataset, change: Change, entry: dict[str, Any]) -> None:
    who = editing.decision()  # checked again at the moment of writing
    if not who.allowed:
        st.error(plain(who.reason))
        return
    with st.spinner(t("Saving…")):
        try:
            result = editing.writer().save(change, editing.context(dataset, who))
        except EditError as error:
            st.error(plain(str(error)), icon=":material/error:")
            if error.written:
                session.refresh()
            return
    if result.conflicts:
        entry["conflicts"] = result.conflicts
        entry["saved_too"] = result.written  # a cell someone typed into in the same instant
        entry["wanted"] = {
            name: new for name, (_, new) in change.fields.items() if name not in result.written
        }
        if result.written:
            session.refresh()
        st.rerun()
    if result.written:
        fields = ", ".join(tc("field", name) for name in result.written)
        saved = t(
            "Saved {id} (row {row}): {fields}",
            id=plain(change.project_id),
            row=result.row,
            fields=fields,
        )
        editing.flash(" ".join([saved, *map(plain, result.notes)]))
    else:
        editing.flash(
            t("Nothing to write: the sheet already holds these values."), ":material/info:"
        )
    session.refresh()
    state()["projects"].pop(change.project_id, None)
    st.rerun()


def move_stage(dataset: Dataset, project: pd.Series, stage: str) -> None:
    """Change one project's stage from its card: the Update page's save, conflict check
    included (the card's stage is what the user started from)."""
    project_id = str(project["ID"])
    ctx = editing.context(dataset, editing.decision())
    change = edit_form.change_from(project_id, {"Stage": project["Stage"]}, {"Stage": stage}, ctx)
    if not change.fields:
        return
    entry = renew(project_id, baseline={"Stage": project["Stage"]}, reapply={})
    save(dataset, change, entry)


def stage_conflict(project_id: str) -> None:
    """After a stage change from a card met someone else's edit: what the sheet holds now."""
    entry = state()["projects"].get(project_id) or {}
    if entry.get("conflicts"):
        show_conflicts(project_id, entry)


def pick_project(dataset: Dataset) -> str | None:
    """The Update page's picker. What is typed in the box above it is matched as the sidebar
    search matches (accents, case and punctuation folded: "Mat-xcova" finds "Matxcơva")."""
    labels = session.cached(dataset, edit_form.choices, dataset)
    query = st.text_input(
        t("Find a project"),
        key="update_find",
        placeholder=t("Part of an ID, a title, a partner or a producer; accents optional"),
    )
    if query.strip():
        found = session.cached(dataset, edit_form.matching_ids, dataset, query)
        picked = st.session_state.get(PICKED)
        labels = {k: v for k, v in labels.items() if k in found or k == picked}
        if not labels:
            st.caption(t("No project matches {query}.", query=plain(query)))
    return st.selectbox(
        t("Project"),
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder=t("Type part of an ID or title"),
        key=PICKED,
    )


def edit_section(dataset: Dataset, project_id: str) -> None:
    """The form of one project's editable fields, the most used first (Stage, Due, Title)."""
    project = edit_form.find_project(dataset, project_id)
    if project is None:
        st.warning(
            t("{id} is no longer in the data; it may have been renamed.", id=plain(project_id))
        )
        return
    if edit_form.is_duplicated(dataset, project_id):
        st.error(
            t(
                "ID {id} is on more than one row, so the app cannot tell which to change. Give "
                "each row its own ID in the sheet first (see Data quality).",
                id=plain(project_id),
            )
        )
        return
    fields = edit_form.editable_fields(dataset)
    entry = state()["projects"].get(project_id) or {}
    keys = field_keys(project_id, entry.get("version", -1), fields)
    if "baseline" not in entry or not all(k in st.session_state for k in keys.values()):
        # The form was not on screen: start from the data as it is now (plus any changes
        # the user asked to reapply after a conflict).
        reapply = entry.get("reapply") or {}
        baseline = edit_form.project_values(project, fields)
        entry = renew(project_id, baseline=baseline, reapply=reapply)
        keys = field_keys(project_id, entry["version"], fields)
        for name in fields:
            st.session_state[keys[name]] = seed(name, {**baseline, **reapply}.get(name))
    baseline = entry["baseline"]

    overview = edit_form.summary(project, ("Updated", "Updated by"))
    st.caption(
        plain(t("Row {row} in the sheet", row=int(project["row"])))
        + "".join(f" · {plain(tc('field', name))}: {plain(value)}" for name, value in overview)
    )
    if entry.get("conflicts"):
        show_conflicts(project_id, entry)
    elif entry.get("reapply"):
        st.info(
            t("Your changes are applied on top of the current values. Review them, then save."),
            icon=":material/merge:",
        )

    with st.form(f"edit:{project_id}:{entry['version']}", border=True):
        # A grid fills row by row and wraps on a narrow screen, so the fields keep their order
        # at every width (columns would stack column by column on a phone).
        with st.grid(3, min_column_width=240, gap="small"):
            for name in edit_form.form_order(fields):
                widget(dataset, name, keys[name], st.session_state.get(keys[name]))
        submitted = st.form_submit_button(t("Save changes"), type="primary", icon=":material/save:")
    if submitted:
        edited = {name: st.session_state[keys[name]] for name in fields}
        problems = edit_form.date_problems({**baseline, **edited})
        if problems:
            for name, message in problems.items():
                st.error(tc("field", name) + ": " + plain(message), icon=":material/error:")
            return
        ctx = editing.context(dataset, editing.decision())
        try:
            change = edit_form.change_from(project_id, baseline, edited, ctx)
        except EditError as error:
            st.error(plain(str(error)))
            return
        if not change.fields:
            st.info(t("Nothing changed."), icon=":material/info:")
            return
        cleared = edit_form.cleared_required(change)
        if cleared:
            names = ", ".join(tc("field", f) for f in cleared)
            st.error(t("{fields} cannot be blank.", fields=names))
            return
        save(dataset, change, entry)


def _date_input(label: str, key: str) -> None:
    st.date_input(
        label, value=None, min_value=EARLIEST, max_value=LATEST, format=COLUMN_DATE_FORMAT, key=key
    )


def _marked(problems: dict[str, str], name: str) -> None:
    """A field's problem from the last try, drawn right above the field."""
    if name in problems:
        st.error(plain(problems[name]), icon=":material/error:")


def add_section(dataset: Dataset) -> None:
    version = st.session_state.setdefault("_add_version", 0)
    key = f"add:{version}:"
    problems: dict[str, str] = st.session_state.get(f"_add_problems:{version}", {})
    st.caption(
        t(
            "The new project gets the next ID in the sheet's pattern for its partner (for "
            "example VT-2026-014); fields marked * are required."
        )
    )
    known = [name for name in dataset.vocab.partners.names]
    with st.form(f"add:{version}", border=True):
        with st.grid(3, min_column_width=240, gap="small"):
            st.text_input(tc("field", "Title") + " *", key=key + "Title")
            st.multiselect(
                tc("field", "Partner") + " *",
                session.cached(dataset, edit_form.options_for, dataset, "Partner"),
                key=key + "Partner",
                format_func=functools.partial(filters.shown_value, "partner"),
                help=t("The partners the sheet knows; a new one goes in the box below."),
            )
            with st.container(gap="xsmall"):
                _marked(problems, "New partner")
                st.text_input(
                    t("New partner (not in the list)"),
                    key=key + "New partner",
                    help=t(
                        "Only for a partner the sheet does not know yet. A known name or alias "
                        "(such as {example}) is matched to its partner.",
                        example=", ".join(known[:2]),
                    ),
                )
            stages = session.cached(dataset, edit_form.options_for, dataset, "Stage")
            st.selectbox(
                tc("field", "Stage") + " *",
                stages,
                index=0,
                key=key + "Stage",
                format_func=functools.partial(filters.shown_value, "stage"),
            )
            _date_input(tc("field", "Start"), key + "Start")
            with st.container(gap="xsmall"):
                _marked(problems, "Due")
                _date_input(tc("field", "Due"), key + "Due")
            widget(dataset, "Format", key + "Format", None)
            widget(dataset, "Theme", key + "Theme", None)
            widget(dataset, "Producer", key + "Producer", None)
            widget(dataset, "Lead", key + "Lead", None)
            widget(dataset, "Occasion", key + "Occasion", None)
        st.text_area(tc("field", "Notes"), key=key + "Notes", height=100)
        confirm_new = st.checkbox(
            t("Yes, add the new partner typed above"), key=key + "confirm_new_partner"
        )
        submitted = st.form_submit_button(t("Add project"), type="primary", icon=":material/add:")
    if not submitted:
        return
    values = {name: st.session_state.get(key + name) for name in edit_form.ADD_FIELDS}
    partners, new = edit_form.resolve_partners(
        values.get("Partner") or [],
        st.session_state.get(key + "New partner") or "",
        dataset.vocab.partners,
    )
    values["Partner"] = partners
    found = edit_form.date_problems(values)
    if new and not confirm_new:
        found["New partner"] = t(
            "{names} is not a partner the sheet knows. Pick it from the list if it is one under "
            "another name, or tick the box to add it as a new partner.",
            names=", ".join(new),
        )
    if found != problems:
        st.session_state[f"_add_problems:{version}"] = found
        if found:
            st.rerun()  # draws each problem above its field
    if found:
        return
    missing = edit_form.missing_required(values)
    if missing:
        names = ", ".join(tc("field", m) for m in missing)
        st.error(t("Fill in {fields} first.", fields=names))
        return
    who = editing.decision()
    if not who.allowed:
        st.error(plain(who.reason))
        return
    with st.spinner(t("Adding…")):
        try:
            result = editing.writer().add(NewProject(values), editing.context(dataset, who))
        except EditError as error:
            st.error(plain(str(error)), icon=":material/error:")
            return
    message = t("Added {id}: {title}", id=plain(result.project_id), title=plain(values["Title"]))
    if result.renumbered_from:
        message += " " + t(
            "({old} was taken at the same moment by someone else.)",
            old=plain(result.renumbered_from),
        )
    editing.flash(" ".join([message, *map(plain, result.notes)]))
    session.refresh()
    st.session_state["_add_version"] = version + 1
    st.rerun()
