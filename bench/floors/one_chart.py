"""The floor for a page with a chart: one 100-point Plotly line chart, nothing else."""

import plotly.graph_objects as go
import streamlit as st

figure = go.Figure(go.Scatter(x=list(range(100)), y=[(i * 37) % 101 for i in range(100)]))
st.plotly_chart(figure)
