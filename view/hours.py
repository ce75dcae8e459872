"""Hours a week against ROI and profit: the curves with their best points, shared by the
too_much_time page's tool and the decide page, and a button that sets the hours."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from . import charts, engine, layout, levers, state
from .text import field_label, money, money_title, number, percent, t


def hours_table(curve: pd.DataFrame, metric: str, marks: pd.DataFrame,
                currency: str) -> pd.DataFrame:
    """An hours curve's numbers: a row per point of the curve and per mark (the best, "you are
    here"), hours rounded to a tenth, the marked ones named; a mark that falls on a point of
    the curve takes its place."""
    rows = pd.concat([marks.rename(columns={"x": "hours", "y": metric}),
                      curve[["hours", metric]].assign(label="")])
    rows = rows.groupby(rows["hours"].round(1)).agg(
        value=(metric, "first"), label=("label", lambda names: " · ".join(filter(None, names))))
    shown = layout.value_text(metric, currency)
    return pd.DataFrame({t(f"metric.{metric}"): [shown(v) for v in rows["value"]],
                         t("tool.too_much_time.point"): rows["label"].to_numpy()},
                        index=pd.Index([number(h, 1) for h in rows.index],
                                       name=field_label("hours_per_week", currency)))


def curve_title(metric: str, currency: str, weeks: int) -> str:
    """The y axis of an hours curve: each point is the horizon's end, not a week on the way."""
    if metric == "roi":
        return t("figure.roi")
    return money_title(t("figure.profit", weeks=weeks), currency)


def hours_curves(actions: str | None = None) -> None:
    """The curves with their best points; with ``actions`` (the buttons' key prefix), a button
    for each best point that sets the scenario's hours to it."""
    scenario, weeks = state.scenario(), state.weeks()
    levers.lever("hourly_cost", "too_much_time")
    best_roi = engine.optimize_hours(scenario, "roi", weeks)
    best_profit = engine.optimize_hours(scenario, "profit", weeks)
    curve = best_roi.curve
    here = engine.simulate(scenario, weeks)
    left, right = st.columns(2)
    for column, metric, best, key in ((left, "roi", best_roi, "chart-hours-roi"),
                                      (right, "cum_profit", best_profit, "chart-hours-profit")):
        marks = pd.DataFrame({
            "x": [best.hours, scenario.hours_per_week],
            "y": [best.value, float(here[metric].iloc[-1])],
            "label": [t(f"tool.too_much_time.best_{best.objective}"),
                      t("tool.too_much_time.here")]})
        with column, st.container(key=key):
            layout.draw(charts.curve_chart(
                curve, "hours", metric, t(f"tool.too_much_time.chart_{metric}"),
                field_label("hours_per_week", scenario.currency),
                curve_title(metric, scenario.currency, weeks), marks,
                value_format=".0%" if metric == "roi" else ",.0f"), key,
                partial(hours_table, curve, metric, marks, scenario.currency))
    margin = engine.marginal_return(scenario, weeks)
    currency = scenario.currency
    st.caption(t("tool.too_much_time.marginal", profit=money(margin.extra_profit, currency),
                 cost=money(margin.extra_cost, currency), roi=percent(margin.roi)))
    if actions is None:
        return
    with st.container(key=f"{actions}-hours-actions", horizontal=True):
        for best in (best_roi, best_profit):
            hours = round(best.hours, 1)
            use_hours_button(t(f"decide.hours.use_{best.objective}", hours=number(hours, 1)),
                             f"{actions}.hours.use_{best.objective}", hours)


def use_hours_button(label: str, key: str, hours: float) -> None:
    """A button that sets the scenario's hours a week to ``hours``; off while they are that
    already, to the tenth of an hour the label shows."""
    st.button(label, key=key, on_click=state.update, kwargs={"hours_per_week": float(hours)},
              disabled=abs(hours - state.scenario().hours_per_week) < 0.05)
