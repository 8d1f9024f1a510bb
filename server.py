"""The app server: app.py's pages, plus a background refresh of the sheet every cache period
(the change history stays complete when nobody is looking). `streamlit run server.py`."""

from pathlib import Path

import streamlit as st

from lib.server.lifespan import lifespan

app = st.App(str(Path(__file__).resolve().parent / "app.py"), lifespan=lifespan)
