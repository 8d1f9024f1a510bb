"""Every page through app.py in every language: it renders, and no English source text shows.

The catalogue's own English is the yardstick: a msgid whose translation differs from it must
never appear as a whole title, label, caption, metric label, button or heading of a page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from lib import i18n
from lib.i18n import LOCALES_DIR

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
TRANSLATED = tuple(code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LANGUAGE)


def english_sources(lang: str) -> set[str]:
    """The catalogue's English texts (without placeholders) that read differently in `lang`."""
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = set()
    for message in catalog:
        if not message.id or isinstance(message.id, tuple) or "{" in message.id:
            continue
        if message.string and message.string.strip() != message.id.strip():
            found.add(message.id.strip())
    return found


def page_texts(app: AppTest) -> set[str]:
    """What a reader sees as a whole piece of interface text on the page."""
    texts: set[str] = set()
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "success"):
        texts.update(str(element.value).strip() for element in getattr(app, kind))
    for kind in ("button", "metric", "selectbox", "multiselect", "radio", "toggle", "checkbox"):
        texts.update(str(element.label).strip() for element in getattr(app, kind))
    texts.update(str(tab.label).strip() for tab in app.tabs)
    texts.update(str(expander.label).strip() for expander in app.expander)
    texts.update(str(element.label).strip() for element in app.get("segmented_control"))
    return texts


def param(app: AppTest, key: str) -> list[str]:
    value = app.query_params.get(key, [])
    return list(value) if isinstance(value, list | tuple) else [value]


def open_in(lang: str, page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception, app.exception
    if page is not None:
        app.switch_page(page)
        app.run()
        assert not app.exception, f"{page} in {lang}: {app.exception}"
    return app


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_no_english_source_text_in_each_language(demo, page, lang):
    app = open_in(lang, page)
    untranslated = page_texts(app) & english_sources(lang)
    assert not untranslated, f"{page} in {lang} shows English: {sorted(untranslated)}"


def test_the_overview_title_follows_the_url_language(demo):
    titles = {lang: open_in(lang).title[0].value for lang in ("en", "vi", "ru", "ko")}
    assert titles == {"en": "Overview", "vi": "Tổng quan", "ru": "Обзор", "ko": "개요"}


def test_the_language_goes_into_the_url_so_a_link_keeps_it(demo):
    app = open_in("ru")
    assert param(app, "lang") == ["ru"]
    app.multiselect(key="theme").select("Green development").run()
    assert param(app, "lang") == ["ru"]
    assert app.session_state["theme"] == ["Green development"]  # the sheet's value


def test_the_picker_changes_the_language_of_this_viewer_only(demo):
    first = open_in("en")
    first.selectbox(key="language_picker").select("ko").run()
    assert first.title[0].value == "개요"
    assert param(first, "lang") == ["ko"]
    assert open_in("vi").title[0].value == "Tổng quan"  # another viewer, same server


def test_the_language_setting_is_the_default_without_a_lang_in_the_url(demo, monkeypatch):
    monkeypatch.setattr("lib.config.read_secrets_file", lambda *a: {"tracker": {"language": "ru"}})
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert app.title[0].value == "Обзор"
    assert param(app, "lang") == ["ru"]


def test_vocabulary_is_shown_translated_while_filters_keep_the_sheets_values(demo):
    app = open_in("ru")
    theme = app.multiselect(key="theme")
    assert "Green development" in theme.options or "Зелёное развитие" in theme.options
    theme.select("Green development").run()
    assert not app.exception
    assert app.session_state["theme"] == ["Green development"]
    shown = " ".join(caption.value for caption in app.caption)
    assert "Зелёное развитие" in shown  # "… — Тема: Зелёное развитие"
    assert "Green development" not in shown


def test_the_pipeline_names_its_stages_in_the_readers_language(demo):
    app = open_in("ko", "pages/pipeline.py")
    board = " ".join(block.value for block in app.markdown)
    assert "**제안**" in board and "**Proposed**" not in board


def test_charts_name_themes_and_stages_in_the_readers_language(demo):
    app = open_in("vi")
    figures = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    assert figures, "the overview draws its charts"
    drawn = json.dumps(figures, ensure_ascii=False)
    assert "Phát triển xanh" in drawn
    assert "Green development" not in drawn


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_link_holds_the_sheets_values_and_opens_the_same_view_in_every_language(demo, lang):
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(
        {"lang": lang, "theme": "Green development", "measure": "photos", "period": "month"}
    )
    app.run()
    assert not app.exception, app.exception
    assert app.session_state["theme"] == ["Green development"]
    assert app.session_state["measure"] == "photos" and app.session_state["period"] == "month"
    # What the URL keeps is the canonical value, not the label shown in this language.
    assert param(app, "theme") == ["Green development"]
    assert param(app, "measure") == ["photos"] and param(app, "period") == ["month"]
