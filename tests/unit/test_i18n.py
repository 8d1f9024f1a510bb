"""The catalogues are complete and consistent, and the language is chosen per context."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from lib import i18n
from lib.cli import main
from lib.config import ConfigError, load_settings
from lib.i18n import t, tc, tn, using

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = tuple(code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LANGUAGE)
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\{[^}]*\}")
KEYWORDS = {"t": None, "tn": (1, 2), "tc": ((1, "c"), 2), "N_": None, "Nn_": (1, 2)}


def catalogue(lang: str):
    with (i18n.LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def source_messages() -> set[tuple[str | None, str]]:
    """(context, English) of every message the code passes to t, tn and tc, as pybabel sees it."""
    method_map = [
        ("lib/schema.py", "lib.i18n_extract:extract_vocabulary"),
        ("app.py", "python"),
        ("lib/**.py", "python"),
        ("pages/**.py", "python"),
    ]
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_source_message_has_a_finished_translation(lang):
    entries = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalogue(lang)}
    missing = sorted(str(key) for key in source_messages() if key not in entries)
    assert not missing, f"{lang}: run `make i18n-update` and translate {missing[:5]}"
    for key in source_messages():
        message = entries[key]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{lang}: empty translation of {key}"
        assert not message.fuzzy, f"{lang}: fuzzy translation of {key}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders_of_the_english(lang):
    for message in catalogue(lang):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(english[-1]))
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (lang, message.id, text)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogues_have_no_obsolete_entries_and_the_languages_plural_forms(lang):
    cat = catalogue(lang)
    assert not cat.obsolete
    assert cat.num_plurals == {"vi": 1, "ru": 3, "ko": 1}[lang]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 проектов"),
        (1, "1 проект"),
        (2, "2 проекта"),
        (5, "5 проектов"),
        (11, "11 проектов"),
        (21, "21 проект"),
        (22, "22 проекта"),
    ],
)
def test_russian_counts_take_their_three_plural_forms(n, text):
    with using("ru"):
        assert tn("{n} project", "{n} projects", n) == text


# A count followed by the word it counts ("{n} days", "{n} more") needs the plural forms of tn;
# a count set apart ("Overdue ({n})", "…: {n}.") reads the same for every number.
COUNTED_WORD = re.compile(r"\{n\}\s+\w")


def test_no_single_form_message_puts_a_word_after_its_count():
    method_map = [("app.py", "python"), ("lib/**.py", "python"), ("pages/**.py", "python")]
    single = {"t": None, "N_": None}  # only the one-form keywords
    found = [
        f"{path}:{line}: {message}"
        for path, line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords=single
        )
        if COUNTED_WORD.search(message)
    ]
    assert not found, "use tn(singular, plural, n) for:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("n", "export"),
    [
        (21, "Выгрузить все 21 подходящий проект"),
        (103, "Выгрузить все 103 подходящих проекта"),
        (250, "Выгрузить все 250 подходящих проектов"),
    ],
)
def test_russian_captions_with_a_count_agree_with_it(n, export):
    with using("ru"):
        caption = tn(
            "Export the {n} matching project, not only the rows on screen:",
            "Export all {n} matching projects, not only the rows on screen:",
            n,
        )
        assert caption.startswith(export)
        days = {d: tn("Due within {n} day", "Due within {n} days", d) for d in (1, 3, 14)}
    assert days == {
        1: "Срок до 1 дня",
        3: "Срок до 3 дней",
        14: "Срок до 14 дней",
    }


def test_english_is_the_source_text_and_the_default():
    assert i18n.language() == "en"
    assert t("Overview") == "Overview"
    assert tn("{n} project", "{n} projects", 1) == "1 project"
    assert tn("{n} project", "{n} projects", 5) == "5 projects"


def test_vocabulary_is_translated_in_its_context():
    with using("vi"):
        assert tc("stage", "Proposed") == "Đề xuất"
        assert tc("theme", "Green development") == "Phát triển xanh"
    with using("ru"):
        assert tc("stage", "Proposed") == "Предложено"
        assert tc("theme", "Green development") == "Зелёное развитие"
    with using("ko"):
        assert tc("stage", "Proposed") == "제안"
        assert tc("theme", "Green development") == "녹색 발전"
        assert tc("stage", "Not a stage of ours") == "Not a stage of ours"  # the sheet's own


def test_one_english_word_can_have_two_meanings():
    with using("ru"):
        assert tc("stage", "Published") == "Опубликовано"
        assert tc("field", "Lead") == "Руководитель"
        assert t("Update") != tc("field", "Updated")


def test_each_thread_keeps_its_own_language():
    seen: dict[str, str] = {}
    barrier = threading.Barrier(3)

    def reader(lang: str) -> None:
        i18n.set_language(lang)
        barrier.wait()
        seen[lang] = t("Overview")

    threads = [threading.Thread(target=reader, args=(lang,)) for lang in TRANSLATED]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"vi": "Tổng quan", "ru": "Обзор", "ko": "개요"}
    assert i18n.language() == "en"


@pytest.mark.parametrize(("code", "lang"), [("ru-RU", "ru"), ("vi_VN", "vi"), ("KO", "ko")])
def test_browser_locales_name_a_supported_language(code, lang):
    assert i18n.supported(code) == lang
    assert i18n.supported("fr-FR") is None


def test_the_language_setting_must_be_a_supported_language():
    assert load_settings({"tracker": {"language": "ru"}}, env={}).language == "ru"
    with pytest.raises(ConfigError, match="language"):
        load_settings({"tracker": {"language": "fr"}}, env={})


def test_no_process_wide_language_variable_remains():
    source = "\n".join(p.read_text() for p in (ROOT / "lib").rglob("*.py"))
    assert "TRACKER_LANGUAGE" not in source


def test_the_cli_speaks_the_language_it_is_asked_for(capsys):
    main(["summary", "--as-of", "2026-03-01", "--lang", "ru"])
    out = capsys.readouterr().out
    assert "122 проекта" in out
    assert "По этапам:" in out
    assert "Предложено" in out
    assert i18n.language() == "en"  # the language was the command's, not the process's


@pytest.mark.parametrize(
    ("days", "countdown_ru", "lateness_ru"),
    [
        (2, "через 2 дня", "срок через 2 дня"),
        (5, "через 5 дней", "срок через 5 дней"),
        (11, "через 11 дней", "срок через 11 дней"),
        (21, "через 21 день", "срок через 21 день"),
        (22, "через 22 дня", "срок через 22 дня"),
        (-1, "вчера", "опоздание на 1 день"),
        (-2, "2 дня назад", "опоздание на 2 дня"),
        (-5, "5 дней назад", "опоздание на 5 дней"),
        (-21, "21 день назад", "опоздание на 21 день"),
    ],
)
def test_relative_days_take_the_russian_plural_each_number_needs(days, countdown_ru, lateness_ru):
    from lib.formatting import countdown, lateness

    series = pd.Series([float(days)])
    with using("ru"):
        assert countdown(series).tolist() == [countdown_ru]
        assert lateness(series).tolist() == [lateness_ru]


@pytest.mark.parametrize(
    ("lang", "large", "year", "share"),
    [
        ("en", "12,500", "2026", "67%"),
        ("ru", "12\xa0500", "2026", "67\xa0%"),
        ("vi", "12.500", "2026", "67%"),
        ("ko", "12,500", "2026", "67%"),
    ],
)
def test_numbers_follow_the_readers_locale_and_years_stay_as_written(lang, large, year, share):
    from lib.formatting import percent

    with using(lang):
        assert t("{n} of {year}", n=12_500, year=2026) == f"{large} of {year}"
        assert percent(2 / 3) == share


def test_a_data_quality_message_is_rendered_in_each_readers_language():
    from lib import issue_text
    from lib.i18n import Nn_, Phrase

    params = issue_text.params(
        header="Hạn chót",
        value="",
        tab="Projects",
        detail=Phrase.counted(
            Nn_(
                " (it needs a row naming the columns {columns}); its {n} row is not read",
                " (it needs a row naming the columns {columns}); its {n} rows are not read",
            ),
            {"columns": "Date, Occasion", "n": 5},
        ),
    )
    english = issue_text.message("no_header_row", params)
    assert english == (
        "No header row was found in the first 10 rows of the Projects tab (it needs a row naming "
        "the columns Date, Occasion); its 5 rows are not read."
    )
    with using("ru"):
        assert issue_text.message("no_header_row", params) == (
            "В первых 10 строках вкладки Projects не найдена строка заголовков (нужна строка с "
            "названиями столбцов Date, Occasion); 5 строк вкладки не прочитано."
        )
    with using("vi"):
        blank = issue_text.message(
            "bad_number", issue_text.params(header="Số ảnh", value="", tab="P")
        )
        assert blank == "“(trống)” trong cột Số ảnh không phải là số."


def test_the_load_time_is_given_in_the_sheets_zone_and_the_viewers_when_they_differ():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from lib.formatting import loaded_when

    moment = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)
    hanoi, moscow = ZoneInfo("Asia/Ho_Chi_Minh"), ZoneInfo("Europe/Moscow")
    assert loaded_when(moment, hanoi, None) == "02/12/2026 03:30 Hanoi time"
    assert loaded_when(moment, hanoi, ZoneInfo("Asia/Bangkok")) == "02/12/2026 03:30 Hanoi time"
    with using("ru"):
        assert loaded_when(moment, hanoi, moscow) == (
            "02/12/2026 в 03:30 по ханойскому времени · 01/12/2026 23:30 по московскому времени"
        )
    with using("ko"):
        assert loaded_when(moment, hanoi, ZoneInfo("Asia/Pyongyang")) == (
            "02/12/2026 03:30(하노이 시각) · 05:30(평양 시각)"
        )
