"""The last good load on disk: written atomically, read back with a time that has a zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from lib import snapshots
from lib.config import ConfigError, writable_data_dir
from lib.model import RawWorkbook

RAW = RawWorkbook(
    {"Projects": [["ID", "Due"], ["VT-1", datetime(2026, 3, 1, 9, 30)]]}, "google", "x"
)


def test_a_snapshot_is_read_back_as_it_was_saved(tmp_path):
    loaded_at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    snapshots.save("one", RAW, loaded_at, tmp_path)
    raw, when = snapshots.load("one", tmp_path)
    assert raw.tabs == RAW.tabs and when == loaded_at


def test_a_snapshot_time_without_a_zone_is_read_as_utc(tmp_path):
    path = snapshots.save("one", RAW, datetime(2026, 3, 1, 8, 0, tzinfo=UTC), tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["loaded_at"] = "2026-03-01T08:00:00"
    path.write_text(json.dumps(document), encoding="utf-8")
    _, when = snapshots.load("one", tmp_path)
    assert when == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert datetime.now(UTC) - when  # the banner's age can be worked out


@pytest.mark.parametrize("where", ["blocker", "blocker/data"])
def test_a_data_folder_blocked_by_a_file_is_a_plain_config_error(tmp_path, monkeypatch, where):
    (tmp_path / "blocker").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / where))
    with pytest.raises(ConfigError, match="a file is in the way") as raised:
        writable_data_dir()
    assert str(tmp_path) not in str(raised.value)
