"""The inconsistent page's tool: cumulative profit of steady, current and fading effort,
and a button that keeps the effort steady."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim import break_even_week
from smm_sim.mistakes import mistake

from .. import charts, engine, layout, state, theme
from ..text import metric_title, t


def persistence_curve() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    m = mistake("inconsistent")
    frames = {t("tool.inconsistent.steady"): engine.simulate(m.fix(scenario), weeks),
              t("mistake.now"): engine.simulate(scenario, weeks),
              t("tool.inconsistent.fading"): engine.simulate(m.make(scenario), weeks)}
    colors = dict(zip(frames, (theme.FIXED, theme.CURRENT, theme.MADE)))
    data = pd.concat([pd.DataFrame({"week": f["week"], "value": f["cum_profit"], "series": k})
                      for k, f in frames.items()])
    with st.container(key="chart-persistence"):
        layout.draw(charts.lines_chart(
            data, "week", "value", "series", t("tool.inconsistent.chart"), t("chart.week"),
            metric_title("cum_profit", scenario.currency), colors, zero_line=True),
            "chart-persistence",
            lambda: layout.weekly_table(frames, "cum_profit", scenario.currency))
    paid_back = {k: break_even_week(f) for k, f in frames.items()}
    parts = [t("tool.inconsistent.break_even", name=k, week=w) if w
             else t("tool.inconsistent.never", name=k) for k, w in paid_back.items()]
    st.caption(" · ".join(parts))
    steady = {f: getattr(m.fix(scenario), f) for f in m.levers}
    st.button(t("tool.inconsistent.keep_steady"), key="persistence.steady",
              help=t("tool.inconsistent.keep_steady_help"), on_click=state.update, kwargs=steady,
              disabled=all(getattr(scenario, f) == v for f, v in steady.items()))
