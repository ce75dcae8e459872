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

    def figure(label: str, value: str, change: float | None = None, change_text: str = "",
               note: str | None = None) -> None:
        # No arrow nor green for no change: "↑ $0" would read as a gain. Equal heights keep
        # the row calm.
        unchanged = change == 0
        st.metric(label, value, delta=change_text or None, border=True, height="stretch",
                  delta_arrow="off" if unchanged else "auto",
                  delta_color="off" if unchanged else "normal", help=note)

    with st.container(key="key-figures", horizontal=True):
        change = now.profit - ref.profit
        figure(t("figure.profit", weeks=weeks), money(now.profit, cur), change, money(change, cur))
        change = now.roi - ref.roi
        figure(t("figure.roi"), percent(now.roi), change,
               t("figure.points", value=number(change * 100)))
        if now.break_even:
            figure(t("figure.break_even"), t("figure.week", week=now.break_even))
        else:  # a short value keeps the five cards on one row; the note says what it means
            figure(t("figure.break_even"), t("figure.not_yet"),
                   note=t("figure.not_yet_help", weeks=weeks))
        change = now.engagements - ref.engagements
        figure(t("figure.engagements"), number(now.engagements), change, number(change))
        change = now.followers - ref.followers
        figure(t("figure.followers"), number(now.followers), change, number(change))
    st.caption(t("figure.reference_note"))
