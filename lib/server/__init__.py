"""HTTP routes the app server serves beside the Streamlit app (see server.py)."""
