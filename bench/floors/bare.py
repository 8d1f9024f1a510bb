"""The floor: a bare Streamlit page, one line of text."""

import streamlit as st

st.write("Joint Production Tracker")
