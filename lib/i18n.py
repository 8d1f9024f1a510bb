"""The translation functions every user-facing string passes through: t, tn (plurals), tc (context).

English is the source text; translations live in gettext catalogues, `locales/<lang>/LC_MESSAGES/
messages.po`, which translators edit. The language is per reader, never per process: a ContextVar
(set by the CLI's --lang or `using()`), else a hook the Streamlit shell installs to read the
viewer's session, else English. Nothing here imports Streamlit.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import io
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# The interface languages, one line each: code → (its name in itself, for the picker; Babel's
# locale, for numbers, months and time zones). Adding a language is one line here and one
# locales/<code>/LC_MESSAGES/messages.po (see README, Languages).
_LANGUAGE_TABLE: dict[str, tuple[str, str]] = {
    "vi": ("Tiếng Việt", "vi_VN"),
    "ru": ("Русский", "ru_RU"),
    "ko": ("한국어", "ko_KR"),
    "en": ("English", "en_GB"),
}
LANGUAGES: dict[str, str] = {code: name for code, (name, _) in _LANGUAGE_TABLE.items()}
LOCALES: dict[str, str] = {code: babel for code, (_, babel) in _LANGUAGE_TABLE.items()}

_chosen: ContextVar[str | None] = ContextVar("tracker_language", default=None)
_session_hook: Callable[[], str | None] | None = None


def supported(code: object) -> str | None:
    """The supported language a code such as 'ru', 'ru-RU' or 'vi_VN' names, else None."""
    if not isinstance(code, str) or not code.strip():
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def set_session_hook(hook: Callable[[], str | None] | None) -> None:
    """Install the function that tells the current viewer's language (the Streamlit shell's)."""
    global _session_hook
    _session_hook = hook


def set_language(code: str | None) -> None:
    """Fix the language for the current context (a CLI run, a script run, a thread)."""
    _chosen.set(supported(code))


@contextlib.contextmanager
def using(code: str | None) -> Iterator[None]:
    """Run a block in one language, then restore the previous one."""
    token = _chosen.set(supported(code))
    try:
        yield
    finally:
        _chosen.reset(token)


def language() -> str:
    chosen = _chosen.get()
    if chosen is None and _session_hook is not None:
        chosen = supported(_session_hook())
    return chosen or DEFAULT_LANGUAGE


def locale() -> str:
    """The Babel locale of the current language (for numbers and dates)."""
    return LOCALES[language()]


def _compiled(po: Path) -> gettext.NullTranslations:
    """The catalogue of one .po file, compiled in memory: nothing stale to ship or to forget."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def translations(code: str) -> gettext.NullTranslations:
    po = LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == DEFAULT_LANGUAGE or not po.is_file():
        return gettext.NullTranslations()
    mo = po.with_suffix(".mo")  # `make i18n-compile` output, used only when newer than the .po
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return _compiled(po)


# Whole numbers from this size up are written with the reader's group separator (12 500,
# 12.500, 12,500); smaller ones, years among them, stay as they are, as newsroom style writes them.
GROUPED_FROM = 10_000


def _shown(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= GROUPED_FROM:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=locale())
    return value


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**{key: _shown(value) for key, value in values.items()}) if values else text


def t(text: str, /, **values: object) -> str:
    """`text` in the interface language, with `{name}` placeholders filled from `values`."""
    return _fill(translations(language()).gettext(text), values)


def tn(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The plural form for `n` ('1 project', '5 projects'; Russian has three); `{n}` is filled."""
    chosen = translations(language()).ngettext(singular, plural, n)
    return _fill(chosen, {"n": n, **values})


def tc(context: str, text: str, /, **values: object) -> str:
    """`text` in the sense `context` gives it (pgettext): a stage name, a theme, a format …"""
    if not isinstance(text, str) or not text:
        return text
    return _fill(translations(language()).pgettext(context, text), values)


def N_(text: str, /) -> str:
    """Mark `text` for the catalogue without translating it: it is translated where it is shown."""
    return text


def Nn_(singular: str, plural: str, /) -> tuple[str, str]:
    """Mark a singular/plural pair for the catalogue (see Phrase.counted)."""
    return singular, plural


@dataclass(frozen=True)
class Phrase:
    """A sentence kept as its English source and its values, so it can be shown in any language.

    The reading core works before anyone's language is known (one load serves every viewer), so
    what it has to say is stored as a Phrase and rendered for each reader. `plural` with `n` picks
    the plural form; large whole numbers are written with the reader's separators.
    """

    text: str
    values: dict[str, object] = field(default_factory=dict)
    plural: str | None = None

    def render(self) -> str:
        if self.plural is not None:
            count = int(self.values.get("n", 0))  # type: ignore[call-overload]
            chosen = translations(language()).ngettext(self.text, self.plural, count)
            return _fill(chosen, self.values)
        return _fill(translations(language()).gettext(self.text), self.values)

    @classmethod
    def counted(cls, forms: tuple[str, str], values: dict[str, object]) -> Phrase:
        """A phrase whose form follows `values["n"]` ('1 row', '5 rows'; Russian has three)."""
        singular, plural = forms
        return cls(singular, values, plural)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"text": self.text, "values": self.values}
        if self.plural is not None:
            data["plural"] = self.plural
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Phrase:
        return cls(str(data["text"]), dict(data.get("values") or {}), data.get("plural"))
