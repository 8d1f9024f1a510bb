"""The last good load of each source, kept on disk so the dashboard survives a Google outage.

Snapshots hold the raw cells (not the normalised data), as JSON: a format that is safe to load
even if someone else could write the folder, unlike pickle. They live outside the repository,
under TRACKER_DATA_DIR or ~/.cache/joint-production-tracker.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from lib.config import data_dir
from lib.model import RawWorkbook

FORMAT_VERSION = 1


def _encode(cell: Any) -> Any:
    if isinstance(cell, datetime):
        return {"$datetime": cell.isoformat()}
    if isinstance(cell, date):
        return {"$date": cell.isoformat()}
    if isinstance(cell, float) and not math.isfinite(cell):
        return None
    if cell is None or isinstance(cell, str | int | float | bool):
        return cell
    return str(cell)


def _decode(cell: Any) -> Any:
    if isinstance(cell, dict):
        if "$datetime" in cell:
            return datetime.fromisoformat(cell["$datetime"])
        if "$date" in cell:
            return date.fromisoformat(cell["$date"])
        return None
    return cell


def save(name: str, raw: RawWorkbook, loaded_at: datetime, folder: Path | None = None) -> Path:
    """Write the snapshot atomically (temporary file, then rename): a reader never sees half."""
    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        "version": FORMAT_VERSION,
        "loaded_at": loaded_at.isoformat(),
        "kind": raw.kind,
        "label": raw.label,
        "sheet_url": raw.sheet_url,
        "gids": raw.gids,
        "tabs": {t: [[_encode(c) for c in row] for row in rows] for t, rows in raw.tabs.items()},
    }
    target = folder / f"snapshot-{name}.json"
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".snapshot-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load(name: str, folder: Path | None = None) -> tuple[RawWorkbook, datetime] | None:
    """The saved snapshot, or None when there is none or it cannot be read."""
    path = (folder or data_dir()) / f"snapshot-{name}.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("version") != FORMAT_VERSION:
            return None
        tabs = {
            str(t): [[_decode(c) for c in row] for row in rows]
            for t, rows in document["tabs"].items()
        }
        raw = RawWorkbook(
            tabs,
            document["kind"],
            document["label"],
            document.get("sheet_url"),
            {str(k): int(v) for k, v in document.get("gids", {}).items()},
        )
        loaded_at = datetime.fromisoformat(document["loaded_at"])
        if loaded_at.tzinfo is None:  # written by hand or by an older version: we save UTC
            loaded_at = loaded_at.replace(tzinfo=UTC)
        return raw, loaded_at
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or damaged snapshot is simply not used
