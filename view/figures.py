"""The row of key figures for the horizon, each with its change against the reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

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

    def figure(label: str, value: str, change: float = 0.0,
               shown: Callable[[float], str] | None = None,
               note: str | None = None) -> None:
        """A key figure and, with ``shown`` (how a change is written), its change. A change that
        reads as zero gets no arrow and no colour: "↑ $0" would read as a gain."""
        unchanged = shown is None or shown(abs(change)) == shown(0.0)
        delta = None if shown is None else shown(0.0 if unchanged else change)
        st.metric(label, value, delta=delta, border=True, height="stretch",  # rows stay calm
                  delta_arrow="off" if unchanged else "auto",
                  delta_color="off" if unchanged else "normal", help=note)

    with st.container(key="key-figures", horizontal=True):
        figure(t("figure.profit", weeks=weeks), money(now.profit, cur), now.profit - ref.profit,
               lambda v: money(v, cur))
        figure(t("figure.roi"), percent(now.roi), now.roi - ref.roi,
               lambda v: t("figure.points", value=number(v * 100)))
        if now.break_even:
            figure(t("figure.break_even"), t("figure.week", week=now.break_even))
        else:  # a short value keeps the five cards on one row; the note says what it means
            figure(t("figure.break_even"), t("figure.not_yet"),
                   note=t("figure.not_yet_help", weeks=weeks))
        figure(t("figure.engagements"), number(now.engagements),
               now.engagements - ref.engagements, number)
        figure(t("figure.followers"), number(now.followers), now.followers - ref.followers, number)
    st.caption(t("figure.reference_note"))
