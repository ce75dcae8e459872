"""Every assumption of the model, visible with its value, unit, range and source."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from smm_sim import Scenario
from smm_sim.catalogue import NETWORKS
from smm_sim.sources import SOURCES

from . import state
from .text import t


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    rows = []
    for f in dataclasses.fields(Scenario):
        meta = f.metadata
        lo, hi = meta["range"]
        source = SOURCES[meta["source"]]
        rows.append({
            t("assumptions.field"): t(f"field.{f.name}.label"),
            t("assumptions.value"): str(getattr(scenario, f.name)),
            t("assumptions.unit"): t(f"unit.{meta['unit']}"),
            t("assumptions.range"): "" if lo is None else f"{lo:g} – {hi:g}",
            t("assumptions.source"): t(f"source.{source.id}"),
            t("assumptions.kind"): t(f"source_kind.{source.kind}"),
        })
    return pd.DataFrame(rows)


def networks_table() -> pd.DataFrame:
    return pd.DataFrame([{
        t("assumptions.network"): t(f"network.{n.id}"),
        t("assumptions.engagement_rate"): f"{n.engagement_rate:.3%}",
        t("assumptions.source"): t(f"source.{n.engagement_source}"),
        t("assumptions.reach_rate"): f"{n.reach_rate:.1%}",
        t("assumptions.reach_source"): t(f"source.{n.reach_source}"),
        t("assumptions.effort"): f"×{n.effort:g}"} for n in NETWORKS.values()])


def assumptions_expander() -> None:
    with st.expander(t("assumptions.title")):
        st.write(t("assumptions.intro"))
        st.dataframe(assumptions_table(state.scenario()), hide_index=True, height=360)
        st.write(t("assumptions.networks"))
        st.dataframe(networks_table(), hide_index=True)
        st.caption(t("assumptions.caveats"))
