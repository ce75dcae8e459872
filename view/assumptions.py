"""Every assumption of the model, visible with its value, unit, range and source."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from smm_sim import Scenario
from smm_sim.catalogue import NETWORKS
from smm_sim.formats import field_value
from smm_sim.model import prior_quantile
from smm_sim.scenario import NUMERIC_FIELDS, PRIORS
from smm_sim.report import setting_text
from smm_sim.sources import SOURCES

from . import state
from .text import lang, number, percent, t


def value_text(scenario: Scenario, name: str) -> str:
    """A field's value as a reader of this language writes it (as the report writes it)."""
    return setting_text(scenario, name, lang())


def prior_text(scenario: Scenario, name: str) -> tuple[str, str]:
    """How the Monte Carlo draws a field, as the 10th–90th percentile of its prior around
    the scenario's value, and where that spread comes from; a fixed number says so."""
    if name not in PRIORS:
        return (t("assumptions.prior_fixed") if name in NUMERIC_FIELDS else "", "")
    kind, _, source = PRIORS[name]
    low, high = prior_quantile(name, getattr(scenario, name), (0.1, 0.9))
    return (t("assumptions.prior_value", kind=t(f"prior.{kind}"),
              low=field_value(name, float(low), scenario.currency, lang()),
              high=field_value(name, float(high), scenario.currency, lang())),
            t(f"source.{source}"))


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    rows = []
    for f in dataclasses.fields(Scenario):
        meta = f.metadata
        lo, hi = meta["range"]
        source = SOURCES[meta["source"]]
        prior, prior_source = prior_text(scenario, f.name)
        rows.append({
            t("assumptions.field"): t(f"field.{f.name}.label"),
            t("assumptions.value"): value_text(scenario, f.name),
            t("assumptions.unit"): t(f"unit.{meta['unit']}"),
            t("assumptions.range"): "" if lo is None else " – ".join(
                field_value(f.name, end, scenario.currency, lang()) for end in (lo, hi)),
            t("assumptions.source"): t(f"source.{source.id}"),
            t("assumptions.kind"): t(f"source_kind.{source.kind}"),
            t("assumptions.prior"): prior,
            t("assumptions.prior_source"): prior_source,
        })
    return pd.DataFrame(rows)


def networks_table() -> pd.DataFrame:
    return pd.DataFrame([{
        t("assumptions.network"): t(f"network.{n.id}"),
        t("assumptions.engagement_rate"): percent(n.engagement_rate, 3),
        t("assumptions.source"): t(f"source.{n.engagement_source}"),
        t("assumptions.reach_rate"): percent(n.reach_rate, 1),
        t("assumptions.reach_source"): t(f"source.{n.reach_source}"),
        t("assumptions.effort"): f"×{n.effort:g}",
        t("assumptions.fatigue"): number(n.fatigue_posts),
        t("assumptions.fatigue_source"): t(f"source.{n.fatigue_source}"),
        t("assumptions.link_click_rate"): percent(n.link_click_rate, 1),
        t("assumptions.link_click_source"): t(f"source.{n.link_click_source}"),
        t("assumptions.conversion_rate"): percent(n.conversion_rate, 1),
        t("assumptions.conversion_source"): t(f"source.{n.conversion_source}")}
        for n in NETWORKS.values()])


def assumptions_expander() -> None:
    # Filled only while open: a closed panel costs nothing on each lever change.
    panel = st.expander(t("assumptions.title"), key="assumptions", on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.write(t("assumptions.intro"))
        st.dataframe(assumptions_table(state.scenario()), hide_index=True, height=360)
        st.write(t("assumptions.networks"))
        st.dataframe(networks_table(), hide_index=True)
        st.caption(t("assumptions.caveats"))
