"""The no_goals page's tool: the KPI ladder from audience to money, and what counting
followers alone hides."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from smm_sim.mistakes import mistake
from smm_sim.planning import LADDER_MONEY_RUNGS, kpi_ladder_rows

from .. import charts, engine, layout, levers, state, theme
from ..text import money, number, percent, t


def kpi_ladder() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.lever("savings_potential", "no_goals")
    rows = kpi_ladder_rows(engine.simulate(scenario, weeks), scenario.followers_start,
                           scenario.margin)
    rows[t("tool.no_goals.rung")] = [t(f"ladder.{r}") for r in rows["rung"]]
    rows[t("tool.no_goals.value")] = [money(v, scenario.currency) if r in LADDER_MONEY_RUNGS
                                      else number(v)
                                      for r, v in zip(rows["rung"], rows["value"])]
    st.dataframe(rows[[t("tool.no_goals.rung"), t("tool.no_goals.value")]], hide_index=True)
    made = engine.simulate(mistake("no_goals").make(scenario), weeks)
    growth = made["followers"] / scenario.followers_start - 1
    vanity = pd.concat([
        pd.DataFrame({"week": made["week"], "value": growth,
                      "series": t("tool.no_goals.followers_growth")}),
        pd.DataFrame({"week": made["week"], "value": made["roi"], "series": t("metric.roi")})])
    with st.container(key="chart-vanity"):
        layout.draw(charts.lines_chart(
            vanity, "week", "value", "series", t("tool.no_goals.vanity_title"), t("chart.week"),
            t("tool.no_goals.vanity_axis"),
            {t("tool.no_goals.followers_growth"): theme.FIXED, t("metric.roi"): theme.MADE},
            value_format=".1%", zero_line=True), "chart-vanity",
            lambda: layout.series_table(vanity, "week", t("chart.week"),
                                        partial(percent, digits=1)))
