"""The app server's own refresh: the sheet is read once per cache period even when nobody is
looking, so every change typed into it reaches the history.

It calls the viewers' cached loader (`lib.ui.session.outcome`): a call after the period
returns the cached data and starts the one shared background refresh, exactly as a viewer's
rerun would, so the server never costs more than one values request per period.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio

_log = logging.getLogger(__name__)


async def refresh_forever(touch: Callable[[], Any], period: float) -> None:
    """Touch the cached load now and then every `period` seconds; a failure waits a period."""
    while True:
        try:
            await anyio.to_thread.run_sync(touch)
        except Exception as error:  # the server keeps serving; the sidebar shows load errors
            _log.warning("background refresh failed (%s)", type(error).__name__)
        await anyio.sleep(period)


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
    # Imported here: the Streamlit runtime has started, so the caches are the real ones.
    from lib.ui import session

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(refresh_forever, session.outcome, session.CACHE_TTL_SECONDS)
        yield {"background_refresh_seconds": session.CACHE_TTL_SECONDS}
        tasks.cancel_scope.cancel()
