"""The words of a data-quality issue, kept apart from the reading so every reader sees their own.

The sheet is read once for all viewers, before anyone's language is known, so the reading core
stores each issue's code and its parameters (`params`, JSON text) and this module renders the
message in the current interface language: on the Data quality page, in the CLI with --lang,
wherever an issue is shown. Pure: no Streamlit.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import pandas as pd

from lib.i18n import Phrase, language, t
from lib.schema import ISSUE_CODES

# How a project without an ID is named in issues ("row 12"): recognised so it can be translated.
_ROW_LABEL = re.compile(r"row (\d+)")


def params(
    *, header: str, value: str, tab: str, detail: Phrase | None = None, cell: str = ""
) -> str:
    """An issue's parameters as compact JSON (a string keeps the issues frame plain for Arrow)."""
    data: dict[str, Any] = {"header": header, "value": value, "tab": tab}
    if detail is not None:
        data["detail"] = detail.as_dict()
    if cell:
        data["cell"] = cell  # a cell outside any known column, named by its address
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def message(code: str, encoded: str) -> str:
    """The message of one issue in the current language."""
    return _message(code, encoded, language())


@functools.lru_cache(maxsize=65_536)
def _message(code: str, encoded: str, _language: str) -> str:
    # `_language` keys the cache: the same issue is rendered once per language.
    data = json.loads(encoded)
    template = ISSUE_CODES[code][1]
    header = data.get("header") or ""
    if not header and data.get("cell"):
        header = t("Cell {cell}", cell=data["cell"])
    value = data.get("value") or ""
    if match := _ROW_LABEL.fullmatch(value):
        value = t("row {n}", n=match[1])
    detail = Phrase.from_dict(data["detail"]).render() if data.get("detail") else ""
    return t(template, header=header, value=value or t("(blank)"), detail=detail, tab=data["tab"])


def messages(issues: pd.DataFrame) -> pd.Series:
    """Every issue's message in the current language (frames without params keep theirs)."""
    if "params" not in issues.columns:
        return issues["message"]
    return pd.Series(
        [
            message(code, encoded)
            for code, encoded in zip(issues["code"], issues["params"], strict=True)
        ],
        index=issues.index,
        dtype=object,
    )


def in_language(issues: pd.DataFrame) -> pd.DataFrame:
    """The issues with `message` in the current language."""
    if issues.empty:
        return issues
    return issues.assign(message=messages(issues))
