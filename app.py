"""SMM Sim home: the simulator."""

import streamlit as st

from view import home, layout, levers
from view.text import t

layout.setup("home")
st.title(t("home.title"))
st.write(t("home.intro"))
# The simulator is a fragment that reruns alone when its levers move; the advanced levers
# between its two parts change nothing it shows without rerunning the whole page.
simulator = st.container()
levers.advanced_panel()
below = st.container()  # the assumptions and the link: they show the scenario too
with simulator:
    home.simulator(below)
