"""The row of key figures for the horizon, each with its change against the reference."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from smm_sim import Scenario, break_even_week

from . import engine, state
from .text import money, number, percent, t


@dataclass(frozen=True)
class KeyFigures:
    profit: float
    roi: float
    break_even: int | None
    engagements: float
    followers: float


def key_figures_of(frame: pd.DataFrame) -> KeyFigures:
    return KeyFigures(profit=float(frame["cum_profit"].iloc[-1]), roi=float(frame["roi"].iloc[-1]),
                      break_even=break_even_week(frame),
                      engagements=float(frame["engagements"].sum()),
                      followers=float(frame["followers"].iloc[-1]))


def key_figures(scenario: Scenario | None = None, reference: Scenario | None = None) -> None:
    """Profit, ROI, break-even week, engagements and followers, with deltas."""
    scenario = scenario or state.scenario()
    reference = reference or state.reference()
    weeks = state.weeks()
    now = key_figures_of(engine.simulate(scenario, weeks))
    ref = key_figures_of(engine.simulate(reference, weeks))
    cur = scenario.currency
    with st.container(key="key-figures", horizontal=True):
        st.metric(t("figure.profit", weeks=weeks), money(now.profit, cur),
                  delta=money(now.profit - ref.profit, cur), border=True)
        st.metric(t("figure.roi"), percent(now.roi),
                  delta=t("figure.points", value=number((now.roi - ref.roi) * 100)), border=True)
        st.metric(t("figure.break_even"),
                  t("figure.week", week=now.break_even) if now.break_even else t("figure.never"),
                  border=True)
        st.metric(t("figure.engagements"), number(now.engagements),
                  delta=number(now.engagements - ref.engagements), border=True)
        st.metric(t("figure.followers"), number(now.followers),
                  delta=number(now.followers - ref.followers), border=True)
    st.caption(t("figure.reference_note"))
