"""Joint Production Tracker: the product logic behind the Streamlit pages."""
