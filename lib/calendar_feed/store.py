"""A small JSON file in the data folder, read and rewritten under a lock, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock


def read_json(path: Path, empty: dict[str, Any]) -> dict[str, Any]:
    if not path.is_file():
        return empty
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        # Kept for a person to look at; starting afresh beats refusing every request.
        path.replace(path.with_suffix(".damaged.json"))
        return empty


def write_json(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(content, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


@contextmanager
def updating(path: Path, empty: Callable[[], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The file's content, to change in the block; written back when the block ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=30):
        content = read_json(path, empty())
        before = json.dumps(content, sort_keys=True)
        yield content
        if json.dumps(content, sort_keys=True) != before:
            write_json(path, content)
