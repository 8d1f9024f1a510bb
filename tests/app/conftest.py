"""What the AppTest tests share: the demo on a fixed day, with Streamlit's caches emptied around
each test so no loaded data or figure carries over from another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st

from tests.fixtures.workbooks import AS_OF


def _empty_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The bundled demo as of AS_OF (its deadlines and windows depend on the day)."""
    monkeypatch.setenv("TRACKER_AS_OF", AS_OF.isoformat())
    _empty_caches()
    yield
    _empty_caches()
