"""Decide: how sure we are, what matters most, the best hours and the hours for a goal."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from smm_sim import Scenario, break_even_week
from smm_sim.analysis import GOAL_XTOL, first_move
from smm_sim.formats import SETTING, field_value
from smm_sim.scenario import TEAM_LEVERS, field_meta

from . import charts, engine, layout, levers, state
from .hours import hours_curves, use_hours_button
from .text import labels, lang, metric_title, money, number, percent, t

TORNADO_DEFAULT = 10  # levers shown at first: the top of the tornado is what matters
GOAL_KINDS = ("revenue", "roi")
MAX_HOURS = field_meta("hours_per_week")["range"][1]
REVENUE_MAX = 1e18  # a revenue target box that no scenario's revenue outgrows


def setting_text(name: str, value: float, currency: str) -> str:
    """A lever's setting as a sentence on this page writes it, with its unit."""
    return field_value(name, value, currency, lang(), SETTING, with_unit=True)


def hours_up(hours: float) -> float:
    """Hours from a goal seek rounded up to a tenth past its tolerance: they reach the target."""
    if hours <= 0:  # reached with no hours at all: nothing to round
        return 0.0
    return min(MAX_HOURS, math.ceil((hours + GOAL_XTOL) * 10 - 1e-9) / 10)


def _set_lever(name: str, value: float) -> None:
    state.update(**{name: value})


# --- how sure are we --------------------------------------------------------------------
def odds() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    st.subheader(t("decide.odds.title"))
    band = engine.monte_carlo(scenario, weeks)
    final = band[(band["metric"] == "cum_profit") & (band["week"] == weeks)].iloc[0]
    cur = scenario.currency
    with st.container(key="decide-odds"):
        chance, bad, middle, good = st.columns(4)  # equal widths: one row whatever the labels
        chance.metric(t("decide.odds.p_profitable", weeks=weeks),
                      percent(band.attrs.get("p_profitable", 0.0)), border=True,
                      help=t("decide.odds.p_profitable_help", draws=number(engine.MC_DRAWS)))
        bad.metric(t("decide.odds.p10"), money(final["p10"], cur), border=True,
                   help=t("decide.odds.p10_help"))
        middle.metric(t("decide.odds.p50"), money(final["p50"], cur), border=True)
        good.metric(t("decide.odds.p90"), money(final["p90"], cur), border=True,
                    help=t("decide.odds.p90_help"))
    show = st.toggle(t("decide.odds.show_band"), value=True, key="decide.band")
    frame = engine.simulate(scenario, weeks)
    be = break_even_week(frame)
    with st.container(key="chart-decide-profit"):
        layout.draw(charts.band_line_chart(
            frame, "cum_profit", band if show else None, t("decide.odds.chart"), t("chart.week"),
            metric_title("cum_profit", cur), rule_week=be,
            rule_label=t("chart.break_even", week=be) if be else None, value_format=",.0f"),
            "chart-decide-profit", lambda: odds_table(frame, band if show else None, cur))
    st.caption(t("decide.odds.note"))


def odds_table(frame: pd.DataFrame, band: pd.DataFrame | None, currency: str) -> pd.DataFrame:
    """The profit chart's numbers: profit so far each week and, with the band, its cases."""
    table = layout.weekly_table({t("metric.cum_profit"): frame}, "cum_profit", currency)
    if band is not None:
        rows = band[band["metric"] == "cum_profit"].set_index("week").reindex(table.index)
        for case in ("p10", "p50", "p90"):
            table[t(f"decide.odds.{case}")] = [money(v, currency) for v in rows[case]]
    return table


# --- what matters most ------------------------------------------------------------------
def tornado_rows(frame: pd.DataFrame, currency: str, with_assumptions: bool,
                 count: int) -> pd.DataFrame:
    """The sensitivity rows to draw, labelled and with their low and high settings."""
    rows = frame if with_assumptions else frame[frame["group"] != "assumptions"]
    rows = rows.head(count).copy()
    rows["label"] = [row_label(f, g) for f, g in zip(rows["field"], rows["group"])]
    rows["low_setting"] = [setting_text(f, v, currency) for f, v in zip(rows["field"], rows["low"])]
    rows["high_setting"] = [setting_text(f, v, currency)
                            for f, v in zip(rows["field"], rows["high"])]
    return rows


def row_label(name: str, group: str) -> str:
    """A tornado row's label: a field the team does not set says whose it is."""
    label = t(f"field.{name}.label")
    if name in TEAM_LEVERS:
        return label
    return t("decide.tornado.model" if group == "assumptions" else "decide.tornado.business",
             label=label)


def tornado_table(rows: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The tornado's numbers: each lever lowered and raised, and the profit each time."""
    return pd.DataFrame({
        t("decide.tornado.col.low_setting"): rows["low_setting"].to_numpy(),
        t("decide.tornado.col.low_profit"): [money(v, currency) for v in rows["metric_low"]],
        t("decide.tornado.col.high_setting"): rows["high_setting"].to_numpy(),
        t("decide.tornado.col.high_profit"): [money(v, currency) for v in rows["metric_high"]],
        t("decide.tornado.col.base"): [money(v, currency) for v in rows["base"]]},
        index=pd.Index(rows["label"], name=t("decide.tornado.lever")))


def what_matters() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    cur = scenario.currency
    st.subheader(t("decide.tornado.title"))
    st.caption(t("decide.tornado.intro"))
    frame = engine.sensitivity(scenario, weeks)
    left, right = st.columns(2)
    with_assumptions = left.toggle(t("decide.tornado.assumptions"), value=False,
                                   key="decide.tornado.assumptions",
                                   help=t("decide.tornado.assumptions_help"))
    count = right.slider(t("decide.tornado.count"), 3, 20, TORNADO_DEFAULT,
                         key="decide.tornado.count")
    rows = tornado_rows(frame, cur, with_assumptions, count)
    with st.container(key="chart-tornado"):
        layout.draw(charts.tornado_chart(
            rows, t("decide.tornado.chart", weeks=weeks), t("decide.tornado.lever"),
            t("figure.profit", weeks=weeks), t("decide.tornado.low"), t("decide.tornado.high"),
            setting_title=t("decide.tornado.setting")), "chart-tornado",
            lambda: tornado_table(rows, cur))
    st.caption(t("decide.tornado.team_note"))
    move = first_move(frame)
    if move is None:
        st.info(t("decide.tornado.no_move"))
        return
    name = move.field
    with st.container(key="decide-first-move", border=True):
        st.markdown(t("decide.tornado.first_move", lever=t(f"field.{name}.label"),
                      now=setting_text(name, move.value, cur),
                      to=setting_text(name, move.to, cur), gain=money(move.gain, cur),
                      weeks=weeks))
        st.button(t("decide.tornado.apply"), key="decide.tornado.apply", on_click=_set_lever,
                  args=(name, move.to))


# --- best hours -------------------------------------------------------------------------
def best_hours() -> None:
    st.subheader(t("decide.hours.title"))
    st.caption(t("decide.hours.intro"))
    hours_curves("decide")  # the too_much_time page's curves, its buttons keyed decide.*


# --- goal seek --------------------------------------------------------------------------
def _revenue_default(revenue: float) -> float:
    """A first target: half as much revenue again, rounded to two significant figures."""
    target = min(max(revenue * 1.5, 1000.0), REVENUE_MAX)
    scale = 10 ** (int(math.log10(target)) - 1)
    return float(min(round(target / scale) * scale, REVENUE_MAX))


def goal_seek() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    cur = scenario.currency
    st.subheader(t("decide.goal.title"))
    st.caption(t("decide.goal.intro"))
    frame = engine.simulate(scenario, weeks)
    now_revenue, now_roi = float(frame["cum_revenue"].iloc[-1]), float(frame["roi"].iloc[-1])
    kind = st.segmented_control(t("decide.goal.kind"), list(GOAL_KINDS), key="decide.goal.kind",
                                default=GOAL_KINDS[0], required=True,
                                format_func=labels("decide.goal.kinds"))
    if kind == "roi":
        target = _goal_box("decide.goal.roi", 20.0, (-99.0, 10000.0), t("decide.goal.roi_target"),
                           t("decide.goal.roi_help", now=percent(now_roi)))
        _roi_answer(scenario, weeks, target / 100.0)
    else:
        target = _goal_box("decide.goal.revenue", _revenue_default(now_revenue),
                           (0.0, REVENUE_MAX),
                           t("decide.goal.revenue_target", weeks=weeks, currency=cur),
                           t("decide.goal.revenue_help", now=money(now_revenue, cur)))
        _revenue_answer(scenario, weeks, target)


def _goal_box(key: str, default: float, bounds: tuple[float, float], label: str,
              help: str) -> float:
    """A target typed as the reader writes numbers; the box's key holds the text, the key
    with ``.value`` the target it stands for."""
    held = f"{key}.value"
    st.session_state.setdefault(held, default)
    levers.number_box(label, key, st.session_state[held], bounds,
                      lambda typed: st.session_state.__setitem__(held, typed), help=help)
    return float(st.session_state[held])


def _use_button(hours: float) -> None:
    use_hours_button(t("decide.goal.use", hours=number(hours, 1)), "decide.goal.use", hours)


def _revenue_answer(scenario: Scenario, weeks: int, target: float) -> None:
    cur = scenario.currency
    seek = engine.hours_for_target(scenario, float(target), weeks)
    with st.container(key="decide-goal-answer"):
        if not seek.reachable:
            st.warning(t("decide.goal.revenue_out_of_reach", target=money(target, cur),
                         best=money(seek.best_revenue, cur), hours=number(seek.best_hours, 1),
                         weeks=weeks))
            return
        hours = hours_up(seek.hours)
        st.success(t("decide.goal.revenue_reached", target=money(target, cur),
                     hours=number(hours, 1), now=number(scenario.hours_per_week, 1),
                     weeks=weeks))
        _use_button(hours)


def _roi_answer(scenario: Scenario, weeks: int, target: float) -> None:
    seek = engine.hours_for_roi(scenario, float(target), weeks)
    with st.container(key="decide-goal-answer"):
        if not seek.reachable:
            st.warning(t("decide.goal.roi_out_of_reach", target=percent(target),
                         best=percent(seek.best_roi), hours=number(seek.best_hours, 1),
                         weeks=weeks))
            return
        hours = min(hours_up(seek.hours), seek.most_hours)
        st.success(t("decide.goal.roi_reached", target=percent(target), low=number(hours, 1),
                     high=number(seek.most_hours, 1), weeks=weeks))
        if seek.hours <= scenario.hours_per_week <= seek.most_hours:
            st.caption(t("decide.goal.roi_already", now=number(scenario.hours_per_week, 1)))
        _use_button(hours)


def render() -> None:
    st.title(t("decide.title"))
    st.write(t("decide.intro"))
    odds()
    what_matters()
    best_hours()
    goal_seek()
    layout.share_link()
