"""The no_measurement page's tool: the ROI worked out step by step, and what each level
of measurement lets a company see."""

from __future__ import annotations

import streamlit as st

from smm_sim.catalogue import Measurement

from .. import engine, levers, state
from ..text import money, number, percent, t


def roi_calculator() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.choice("measurement", [m.value for m in Measurement], "no_measurement")
    columns = st.columns(3)
    for i, name in enumerate(("click_scale", "conversion_scale", "order_value", "incrementality",
                              "margin", "paid_budget")):
        levers.lever(name, "no_measurement", columns[i % 3])
    frame = engine.simulate(scenario, weeks)
    totals = {k: float(frame[k].sum()) for k in ("clicks", "conversions", "revenue", "savings",
                                                  "cost", "profit")}
    cur = scenario.currency
    st.write(t("tool.no_measurement.steps", clicks=number(totals["clicks"]),
               conversions=number(totals["conversions"], 1), revenue=money(totals["revenue"], cur),
               margin=percent(scenario.margin), savings=money(totals["savings"], cur),
               cost=money(totals["cost"], cur), profit=money(totals["profit"], cur),
               roi=percent(float(frame["roi"].iloc[-1]))))
    st.markdown(f"**{t('tool.no_measurement.fog_title')}**")
    level = scenario.measurement
    visible = {"none": ("posts", "followers"), "activity": ("posts", "followers", "engagements"),
               "business": ("engagements", "conversions", "revenue", "profit")}[level]
    st.caption(t(f"tool.no_measurement.fog_{level}"))
    with st.container(key="fog", horizontal=True):
        for metric in visible:
            value = frame[metric].iloc[-1] if metric == "followers" else frame[metric].sum()
            shown = money(value, cur) if metric in ("revenue", "profit") else number(value)
            st.metric(t(f"metric.{metric}"), shown, border=True)
