"""Make AppTest route every run through app.py, as a running server does.

A served app leaves Streamlit's old `pages/`-folder mode for good once app.py's st.navigation
has run (and `session.require_router` sends a lone first page run back to the router). AppTest,
though, forgets that before every run and then runs a switched-to page on its own, without
app.py's sidebar, filters and sign-in gate. Tests and the benchmark would then check a page
the way no user ever sees it; this puts AppTest in the server's steady state instead.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager

_original_init = PagesManager.__init__


def _routed_init(self: PagesManager, *args: object, **kwargs: object) -> None:
    PagesManager.uses_pages_directory = False  # what st.navigation leaves it as
    _original_init(self, *args, **kwargs)


def route_through_app() -> None:
    """Idempotent: patch PagesManager once for the whole process."""
    if PagesManager.__init__ is not _routed_init:
        PagesManager.__init__ = _routed_init  # type: ignore[method-assign]
