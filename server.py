"""The app server: the Streamlit app (app.py) plus the HTTP routes beside it (the calendar feed).

Run with `streamlit run server.py`.
"""

from pathlib import Path

import streamlit as st

from lib.server.routes import ROUTES

app = st.App(str(Path(__file__).with_name("app.py")), routes=ROUTES)
