"""The app as an ASGI application (`streamlit run server.py`): app.py with the server's own
middleware (lib.server.middleware)."""

from pathlib import Path

import streamlit as st

from lib.server.middleware import MIDDLEWARE

app = st.App(str(Path(__file__).with_name("app.py")), middleware=MIDDLEWARE)
