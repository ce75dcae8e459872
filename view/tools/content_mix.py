"""The boring page's tool: the content mix on sliders, and what it does to engagement,
followers and profit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim.catalogue import CONTENT_TYPES
from smm_sim.mistakes import mistake
from smm_sim.planning import normalised_shares

from .. import engine, levers, state
from ..text import money, number, t


def _apply_mix() -> None:
    weights = [max(0.0, float(st.session_state.get(f"mix.{c.value}", 0))) for c in CONTENT_TYPES]
    try:
        shares = normalised_shares(weights)
    except ValueError:  # every slider at zero
        st.session_state["mix.error"] = True
        return
    st.session_state.pop("mix.error", None)
    state.update(content_mix=shares)


def content_mix_designer() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    columns = st.columns(len(CONTENT_TYPES))
    for column, ctype, share in zip(columns, CONTENT_TYPES, scenario.content_mix):
        key = f"mix.{ctype.value}"
        levers.sync(key, round(share * 100))
        column.slider(t(f"content.{ctype.value}"), 0, 100, step=5, key=key, format="%d%%",
                      on_change=_apply_mix)
    if st.session_state.get("mix.error"):
        st.error(t("tool.boring.error_zero"))
    st.caption(t("tool.boring.normalised"))
    m = mistake("boring")
    rows = []
    for label, s in ((t("mistake.made"), m.make(scenario)), (t("mistake.now"), scenario),
                     (t("mistake.fixed"), m.fix(scenario))):
        f = engine.simulate(s, weeks)
        rows.append({t("tool.boring.version"): label,
                     t("tool.boring.per_post"): number(f["engagements"].sum()
                                                       / max(f["posts"].sum(), 1e-9), 1),
                     t("metric.followers"): number(f["followers"].iloc[-1]),
                     t("metric.cum_profit"): money(f["cum_profit"].iloc[-1], scenario.currency)})
    st.dataframe(pd.DataFrame(rows), hide_index=True)
