"""What the app's web server adds to Streamlit's own: middleware mounted through `st.App`."""
