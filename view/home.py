"""The simulator's charts: audience, money week by week, cumulative ROI, each with its band."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim import break_even_week

from . import charts, engine, layout, state, theme
from .text import number, percent, t


def uncertainty_toggle() -> bool:
    return st.toggle(t("home.show_band"), value=True, key="home.band",
                     help=t("home.band_help"))


def charts_panel(show_band: bool) -> None:
    scenario, weeks = state.scenario(), state.weeks()
    frame = engine.simulate(scenario, weeks)
    band = engine.monte_carlo(scenario, weeks) if show_band else None
    week = t("chart.week")
    left, right = st.columns(2)
    with left, st.container(key="chart-engagements"):
        layout.draw(charts.series_chart(
            frame, "engagements", t("chart.engagements"), week, t("metric.engagements"), band))
    with right, st.container(key="chart-followers"):
        layout.draw(charts.series_chart(
            frame, "followers", t("chart.followers"), week, t("metric.followers"), band,
            from_zero=False))
    left, right = st.columns(2)
    with left, st.container(key="chart-money"):
        money = pd.concat([
            pd.DataFrame({"week": frame["week"], "value": frame["cost"], "series": t("metric.cost")}),
            pd.DataFrame({"week": frame["week"], "value": frame["revenue"],
                          "series": t("metric.revenue")})])
        layout.draw(charts.lines_chart(
            money, "week", "value", "series", t("chart.money"), week,
            t("chart.money_axis", currency=scenario.currency),
            {t("metric.cost"): theme.COST, t("metric.revenue"): theme.REVENUE}))
    with right, st.container(key="chart-roi"):
        be = break_even_week(frame)
        layout.draw(charts.band_line_chart(
            frame, "roi", band, t("chart.roi"), week, t("metric.roi"), rule_week=be,
            rule_label=t("chart.break_even", week=be) if be else None))
    if band is not None:
        p = band.attrs.get("p_profitable", 0.0)
        st.caption(t("home.p_profitable", share=percent(p), weeks=weeks,
                     draws=number(engine.MC_DRAWS)))
    with st.expander(t("home.table")):
        shown = frame[["week", "hours", "posts", "reach", "engagements", "followers", "clicks",
                       "conversions", "revenue", "cost", "profit", "cum_profit", "roi"]]
        st.dataframe(shown.rename(columns={c: t(f"metric.{c}") for c in shown.columns}),
                     hide_index=True, height=300)

