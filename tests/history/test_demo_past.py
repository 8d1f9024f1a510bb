"""The demo's two-year past: consistent with every project as the demo shows it now, nothing in
the future, the same on every start, and partner reviews as long as each partner takes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from lib.config import Settings
from lib.history import flow
from lib.history.compare import snapshot
from lib.history.demo_past import ORDER, demo_past
from lib.loading import read_dataset
from lib.sources.demo import DemoSource

TODAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo():
    dataset = read_dataset(DemoSource(lambda: TODAY), Settings(as_of=TODAY), TODAY)
    current = snapshot(dataset.projects)
    return dataset, current, demo_past(current, NOW, TODAY)


def test_every_path_ends_in_the_stage_the_project_is_in_now(demo) -> None:
    _, current, records = demo
    last = {}
    for record in records:
        last[record.project_id] = record.new
    assert last and all(current[pid]["Stage"] == stage for pid, stage in last.items())
    assert len(last) >= 0.9 * len(current)  # only projects without a usable stage or date lack one


def test_nothing_lies_in_the_future_and_published_projects_end_on_their_published_day(demo) -> None:
    _, current, records = demo
    assert max(r.seen_at for r in records) <= NOW
    for record in records:
        if record.new == "Published":
            published = current[record.project_id]["Published"]
            # A Published date in the future (one of the demo's deliberate mistakes) ends today.
            expected = min(published, TODAY.isoformat())
            assert not published or record.seen_at.date().isoformat() == expected


def test_stages_follow_the_pipeline_order_except_a_review_sent_back(demo) -> None:
    _, _, records = demo
    for record in records:
        if record.old in ORDER and record.new in ORDER:
            forward = ORDER.index(record.new) > ORDER.index(record.old)
            sent_back = (record.old, record.new) == ("Partner review", "Editing")
            assert forward or sent_back, record


def test_the_past_is_the_same_on_every_start(demo) -> None:
    _, current, records = demo
    assert demo_past(current, NOW, TODAY) == records


def test_tass_reviews_take_longer_than_kcnas_and_the_history_spans_two_years(demo) -> None:
    dataset, _, records = demo
    frame = pd.DataFrame([r.__dict__ for r in records])
    frame["seen_at"] = pd.to_datetime(frame["seen_at"], utc=True)
    visits = flow.visits(frame, NOW, dataset.projects["ID"])
    stats = flow.stage_stats(visits, dataset.projects, "Partner")
    review = stats[stats["stage"] == "Partner review"].set_index("group")["median_days"]
    assert review["TASS"] > 1.8 * review["KCNA"]
    assert (NOW - frame["seen_at"].min()).days > 700
