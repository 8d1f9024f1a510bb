"""What the app server adds beside Streamlit (see server.py): HTTP routes, middleware and
the lifespan task."""
