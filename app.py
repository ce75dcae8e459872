"""SMM Sim home: the simulator."""

import streamlit as st

from view import assumptions, figures, home, layout, levers
from view.text import t

layout.setup("home")
st.title(t("home.title"))
st.write(t("home.intro"))
levers.core_levers_row("home")
figures.key_figures()
home.charts_panel(home.uncertainty_toggle())
levers.advanced_panel()
assumptions.assumptions_expander()
layout.share_link()
