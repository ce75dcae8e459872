"""The silo page's tool: the departments involved, and what each one is worth to the
profit over the horizon."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim.catalogue import Department

from .. import engine, levers, state
from ..text import money, t


def department_checklist() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.departments("silo")
    base = float(engine.simulate(scenario, weeks)["cum_profit"].iloc[-1])
    rows = []
    for dept in Department:
        chosen = set(scenario.departments) ^ {dept.value}
        other = scenario.replace(departments=tuple(d.value for d in Department
                                                   if d.value in chosen))
        change = float(engine.simulate(other, weeks)["cum_profit"].iloc[-1]) - base
        involved = dept.value in scenario.departments
        worth = -change if involved else change
        rows.append({t("tool.silo.department"): t(f"choice.departments.{dept.value}"),
                     t("tool.silo.brings"): t(f"department.{dept.value}.brings"),
                     t("tool.silo.worth"): money(worth, scenario.currency)})
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(t("tool.silo.worth_note", weeks=weeks))
