"""The no_personalization page's tool: profit against the share of personalised posts,
with the same hours and with the same posts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from smm_sim.planning import personalization_hours

from .. import charts, engine, layout, levers, state, theme
from ..text import money_title, percent, t


PERSONALIZATION_STEPS = tuple(float(v) for v in np.round(np.linspace(0, 1, 21), 2))


def personalization_tradeoff() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.lever("personalization_time", "no_personalization")
    same_hours = engine.sweep_totals(scenario, weeks, personalization=PERSONALIZATION_STEPS)
    hours = tuple(float(h) for h in personalization_hours(scenario, PERSONALIZATION_STEPS))
    same_posts = engine.sweep_totals(scenario, weeks, personalization=PERSONALIZATION_STEPS,
                                     hours_per_week=hours)
    data = pd.concat([
        pd.DataFrame({"p": PERSONALIZATION_STEPS, "value": same_hours["cum_profit"],
                      "series": t("tool.no_personalization.same_hours")}),
        pd.DataFrame({"p": PERSONALIZATION_STEPS, "value": same_posts["cum_profit"],
                      "series": t("tool.no_personalization.same_posts")})])
    colors = {t("tool.no_personalization.same_hours"): theme.CURRENT,
              t("tool.no_personalization.same_posts"): theme.ACCENT}
    with st.container(key="chart-personalization"):
        layout.draw(charts.lines_chart(
            data, "p", "value", "series", t("tool.no_personalization.chart"),
            t("field.personalization.label"),
            money_title(t("figure.profit", weeks=weeks), scenario.currency), colors,
            rule_x=scenario.personalization, rule_label=t("tool.too_much_time.here"),
            zero_line=True, x_format=".0%"), "chart-personalization",
            lambda: layout.series_table(data, "p", t("field.personalization.label"),
                                 layout.value_text("cum_profit", scenario.currency), percent))

