"""The simulator: its levers, key figures and charts (audience, money week by week, cumulative
ROI, each with its band), and what depends on them, redrawn alone when a lever moves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smm_sim import Scenario, break_even_week
from smm_sim.formats import AS_SET, field_value
from smm_sim.model import customer_value

from . import assumptions, charts, engine, figures, layout, levers, state, theme
from .text import lang, money, number, number_locale, percent, short_unit, t

# The weekly figures in the table under the home page's charts, in its order.
HOME_TABLE = ["hours", "posts", "reach", "engagements", "followers", "clicks", "conversions",
              "revenue", "cost", "profit", "cum_profit", "roi"]

# The fields behind a customer's lifetime value, by the name its sentence gives each.
LIFETIME_FIELDS = (("years", "customer_years"), ("repeats", "repeat_orders"),
                   ("rate", "discount_rate"))


def uncertainty_toggle() -> bool:
    return st.toggle(t("home.show_band"), value=True, key="home.band",
                     help=t("home.band_help"))


def _draw(spec: dict, **data: pa.Table) -> None:
    """What ``layout.draw`` does for an Altair chart, for a spec whose data come by name.

    The data are Arrow tables, which Streamlit sends as they are: from a data frame it would
    convert each one first: 12% of the server's CPU time for a lever change, profiled (issue 19)."""
    config = {**spec["config"], "locale": {"number": number_locale()}}
    st.vega_lite_chart({**spec, "config": config, "datasets": data}, width="stretch")


def _data(frame: pd.DataFrame, metric: str,
          bands: dict[str, pd.DataFrame] | None) -> pa.Table:
    """A chart's one dataset: the week, ``metric`` and, with the band, its p10 and p90 (the
    same weeks in the same order). A few kilobytes to send instead of the whole frame."""
    data = {"week": frame["week"].to_numpy(), metric: frame[metric].to_numpy()}
    if bands is not None:
        data["p10"], data["p90"] = bands[metric]["p10"].to_numpy(), bands[metric]["p90"].to_numpy()
    return pa.table(data)


def profit_chain(frame: pd.DataFrame, margin: float, currency: str) -> pd.DataFrame:
    """From revenue to profit over the horizon, a row per step, each amount as the reader's
    language writes it: revenue, the gross margin kept of it, the gross profit, the savings,
    the cost, the profit and the ROI. The gross profit is what the steps below leave as the
    profit (the engine's), so the chain always adds up."""
    revenue, savings = frame["revenue"].sum(), frame["savings"].sum()
    cost, profit = frame["cost"].sum(), frame["cum_profit"].iloc[-1]
    steps = [("revenue", money(revenue, currency)), ("margin", percent(margin)),
             ("gross", money(profit - savings + cost, currency)),
             ("savings", money(savings, currency)), ("cost", money(cost, currency)),
             ("profit", money(profit, currency)), ("roi", percent(frame["roi"].iloc[-1]))]
    return pd.DataFrame({t("home.chain.amount"): [value for _, value in steps]},
                        index=pd.Index([t(f"home.chain.{step}") for step, _ in steps],
                                       name=t("home.chain.step", weeks=len(frame))))


def profit_chain_panel(frame: pd.DataFrame, scenario: Scenario) -> None:
    """Under the money chart: why revenue above cost is not all profit, and, one click away,
    the chain from revenue to profit of the scenario shown and what a customer is worth."""
    margin, currency = scenario.margin, scenario.currency
    if margin > 0:  # revenue pays for the cost once it is 1 ÷ margin times the cost
        st.caption(t("home.margin_note", margin=percent(margin), multiple=number(1 / margin, 1)))
    else:
        st.caption(t("home.margin_note_none"))
    with st.expander(t("home.chain.open"), icon=":material/calculate:"):
        st.table(profit_chain(frame, margin, currency))
        # A finance director compares this with the company's own lifetime value.
        st.caption(t("home.chain.lifetime", value=money(customer_value(scenario), currency),
                     **{key: field_value(name, getattr(scenario, name), currency, lang(), AS_SET)
                        for key, name in LIFETIME_FIELDS}))


def charts_panel(show_band: bool) -> None:
    scenario, weeks = state.scenario(), state.weeks()
    frame = engine.simulate(scenario, weeks)
    band = engine.bands(scenario, weeks) if show_band else None
    week = t("chart.week")
    # Money first: what the programme brings and costs is what the page is about.
    left, right = st.columns(2)
    with left, st.container(key="chart-money"):
        money_data = pa.table({  # long format: cost rows, then revenue rows
            "week": np.tile(frame["week"].to_numpy(), 2),
            "value": np.concatenate([frame["cost"].to_numpy(), frame["revenue"].to_numpy()]),
            "series": np.repeat([t("metric.cost"), t("metric.revenue")], len(frame))})
        _draw(charts.lines_spec(
            "week", "value", "series", t("chart.money"), week,
            short_unit("money/week", scenario.currency),
            {t("metric.cost"): theme.COST, t("metric.revenue"): theme.REVENUE}), lines=money_data)
    with left:
        profit_chain_panel(frame, scenario)
    with right, st.container(key="chart-roi"):
        be = break_even_week(frame)
        rule = pa.table({"week": pa.array([be] if be else [], pa.int64()),
                         "label": pa.array([t("chart.break_even", week=be)] if be else [],
                                           pa.string())})
        _draw(charts.band_line_spec("roi", band is not None, t("chart.roi"), week,
                                    t("metric.roi")),
              frame=_data(frame, "roi", band), rule=rule)
    left, right = st.columns(2)
    with left, st.container(key="chart-engagements"):
        _draw(charts.series_spec("engagements", t("chart.engagements"), week,
                                 t("metric.engagements"), band=band is not None),
              frame=_data(frame, "engagements", band))
    with right, st.container(key="chart-followers"):
        _draw(charts.series_spec("followers", t("chart.followers"), week, t("metric.followers"),
                                 band=band is not None, from_zero=False),
              frame=_data(frame, "followers", band))
    if band is not None:
        p = band["p_profitable"]
        st.caption(t("home.p_profitable", share=percent(p), weeks=weeks,
                     draws=number(engine.MC_DRAWS)))
    # Filled only while open: a closed table costs nothing on each lever change.
    table = st.expander(t("home.table"), key="home.table", on_change="rerun")
    if table.open:
        table.dataframe(layout.frame_table(frame, HOME_TABLE, scenario.currency), height=300)


@st.fragment
def simulator(below: DeltaGenerator) -> None:
    """The home page's levers, key figures and charts; below, in ``below``, the assumptions and
    the link, which show the scenario too.

    A fragment: moving one of its levers reruns only this, not the sidebar and the advanced
    levers (which no core lever changes). Levers elsewhere rerun the whole page as before.
    """
    figures.key_figures()  # the answer first: on a phone the levers come after it
    levers.core_levers_row("home")
    charts_panel(uncertainty_toggle())
    with below:
        assumptions.assumptions_expander()
        layout.share_link()
