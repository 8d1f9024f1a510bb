"""The app server: the Streamlit app (app.py), the HTTP routes beside it (the calendar feed),
compressed static files (lib.server.middleware), and a background refresh of the sheet every
cache period (the change history stays complete when nobody is looking). Run with
`streamlit run server.py`.
"""

from pathlib import Path

import streamlit as st

from lib.columns import use_system_memory_pool
from lib.server.lifespan import lifespan
from lib.server.middleware import MIDDLEWARE
from lib.server.routes import ROUTES

use_system_memory_pool()  # the background refresh and the calendar feed read before any app run
app = st.App(
    str(Path(__file__).resolve().parent / "app.py"),
    routes=ROUTES,
    middleware=MIDDLEWARE,
    lifespan=lifespan,
)
