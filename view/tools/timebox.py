"""The not_daily page's tool: a weekly time box (planned slots, a reply time) and the
minutes a day it leaves for each task."""

from __future__ import annotations

import streamlit as st

from smm_sim.planning import REPLY_TIMES, SLOTS_A_WEEK, comment_checks, time_box

from .. import levers, state
from ..text import labels, number, percent, plural, t


def reply_checks(reply_hours: float) -> str:
    """How often comments must be read to answer within ``reply_hours``, in words."""
    checks, days = comment_checks(reply_hours)
    if days > 1:
        return t("tool.not_daily.checks_every", n=number(days))
    return t(f"tool.not_daily.checks.{plural(checks)}", n=number(checks))


def _set_reply_time(key: str) -> None:
    if st.session_state.get(key):  # a click on the chosen rhythm clears it: keep the time
        state.update(reply_hours=REPLY_TIMES[st.session_state[key]])


def timebox_planner() -> None:
    scenario = state.scenario()
    slots, reply = "timebox.slots", "timebox.reply"
    levers.sync(slots, round(scenario.daily_routine * SLOTS_A_WEEK))
    st.slider(t("tool.not_daily.slots"), 0, SLOTS_A_WEEK, key=slots,
              help=t("tool.not_daily.slots_help", slots=SLOTS_A_WEEK),
              on_change=lambda: state.update(daily_routine=st.session_state[slots] / SLOTS_A_WEEK))
    option = next((k for k, h in REPLY_TIMES.items() if h == scenario.reply_hours), None)
    levers.sync(reply, option)
    st.segmented_control(t("tool.not_daily.reply"), list(REPLY_TIMES), key=reply,
                         format_func=labels("tool.not_daily.within"), on_change=_set_reply_time,
                         args=(reply,))
    plan = time_box(scenario.hours_per_week, scenario.daily_routine)
    plan[t("tool.not_daily.task")] = [t(f"tool.not_daily.task_{k}") for k in plan["task"]]
    plan[t("tool.not_daily.minutes")] = plan["minutes"]
    st.dataframe(plan[[t("tool.not_daily.task"), t("tool.not_daily.minutes")]], hide_index=True)
    hours = scenario.reply_hours
    days = comment_checks(hours)[1]
    if option:  # the caption names the reply time as the choice above it does
        within = t(f"tool.not_daily.within.{option}")
    elif days == 1:
        within = t(f"tool.not_daily.hours.{plural(round(hours))}", n=number(hours))
    else:
        within = t("tool.not_daily.days", n=number(days))
    st.caption(t("tool.not_daily.replies", within=within, checks=reply_checks(hours),
                 unplanned=percent(1 - scenario.daily_routine)))
