"""The no_focus page's tool: the networks, their shares of the hours and followers, in an
editor; and what an hour brings on each."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim.catalogue import NETWORKS
from smm_sim.model import network_upkeep
from smm_sim.planning import MAX_FOLLOWERS, MixError, mix_from_rows

from .. import charts, engine, layout, state
from ..text import labels, number, t

NETWORK_WIDTH = 120  # px: the longest name (Pinterest) with the menu's mark, so a phone fits


def network_mix() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    rows = pd.DataFrame([{"network": n, "share": round(s * 100, 1), "followers": f}
                         for n, s, f in scenario.networks])
    with st.container(key="network-mix"), st.form("network-mix"):  # fit.css: a phone
        edited = st.data_editor(rows, num_rows="dynamic", hide_index=True, key="mix.editor",
                                column_config={
                                    "network": st.column_config.SelectboxColumn(
                                        t("tool.no_focus.network"), options=list(NETWORKS),
                                        format_func=labels("network"), required=True,
                                        width=NETWORK_WIDTH),
                                    "share": st.column_config.NumberColumn(
                                        t("tool.no_focus.share"), min_value=0, max_value=100,
                                        format="%.1f %%", width="small"),
                                    "followers": st.column_config.NumberColumn(
                                        t("tool.no_focus.followers"), min_value=0,
                                        max_value=MAX_FOLLOWERS, step=1, width="small")})
        submitted = st.form_submit_button(t("tool.no_focus.apply"))
    if submitted:
        try:
            mix = mix_from_rows(edited)
        except MixError as err:
            st.error(t(f"tool.no_focus.error_{err.reason}"))
        else:
            if state.update(networks=mix):
                st.rerun()
    per_network = engine.simulate_networks(scenario, weeks)
    totals = per_network.groupby("network", sort=False).agg(
        hours=("hours", "sum"), posts=("posts", "sum"), engagements=("engagements", "sum"),
        reach=("reach", "sum")).reset_index()
    totals["per_hour"] = totals["engagements"] / totals["hours"].where(totals["hours"] > 0)
    totals["label"] = [t(f"network.{n}") for n in totals["network"]]
    upkeep = network_upkeep(scenario)
    st.caption(t("tool.no_focus.upkeep", hours=number(upkeep, 1),
                 total=number(scenario.hours_per_week, 1)))
    totals = totals.fillna(0)
    with st.container(key="chart-networks"):
        layout.draw(charts.bars_chart(
            totals, "label", "per_hour", t("tool.no_focus.chart"),
            t("tool.no_focus.network"), t("tool.no_focus.per_hour"), value_format=",.1f"),
            "chart-networks",
            lambda: pd.DataFrame({t("tool.no_focus.per_hour"): [number(v, 1)
                                                                 for v in totals["per_hour"]]},
                                 index=pd.Index(totals["label"], name=t("tool.no_focus.network"))))
