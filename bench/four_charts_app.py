"""A reference for bench/bench_ui.py: the floor app plus four Altair line charts.

The issue that set the 2× target measured such an app at about 2.1 times the floor. Measured
in the same run as the app, it says how much of the app's time four charts alone cost
Streamlit and the browser on this machine.
"""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

hours = st.slider("Hours per week", 0.0, 80.0, 8.0, step=0.5, key="lever-home-hours_per_week")
with st.container(key="key-figures"):
    st.metric("Profit", f"${hours * 1234.5:,.0f}")
weeks = np.arange(1, 53)
for i, key in enumerate(("chart-engagements", "chart-followers", "chart-money", "chart-roi")):
    data = pd.DataFrame({"week": weeks, "value": hours * np.sin(weeks / 10 + i)})
    with st.container(key=key):
        st.altair_chart(alt.Chart(data).mark_line().encode(x="week:Q", y="value:Q")
                        .properties(height=260), width="stretch")
