"""The floor for bench/bench_ui.py: the least a Streamlit app can do, one slider and one metric.

Measured the same way as the home page, so the ratio says what the app adds to Streamlit's own
cost (browser, websocket, rerun) rather than what the machine is worth.
"""

import streamlit as st

hours = st.slider("Hours per week", 0.0, 80.0, 8.0, step=0.5, key="lever-home-hours_per_week")
with st.container(key="key-figures"):
    st.metric("Profit", f"${hours * 1234.5:,.0f}")
