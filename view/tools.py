"""Each mistake page's own tool. Every tool shows something about the current scenario and
feeds one or more of its levers back into it."""

from __future__ import annotations

from functools import partial
from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

from smm_sim import break_even_week
from smm_sim.catalogue import CONTENT_TYPES, NETWORKS, Department, Measurement
from smm_sim.mistakes import mistake
from smm_sim.planning import (CANVAS_PARTS, LADDER_MONEY_RUNGS, RACI_PEOPLE, RACI_TASKS,
                              RACI_VALUES, REPLY_TIMES, SLOTS_A_WEEK, MixError, canvas_clarity,
                              comment_checks, kpi_ladder_rows, mix_from_rows, normalised_shares,
                              personalization_hours, raci_clarity, raci_from_cells, raci_to_cells,
                              time_box)

from . import charts, engine, layout, levers, state, theme
from .kept import (CANVAS_BLANK, CANVAS_CHARS, CANVAS_KEY, RACI_CELLS_KEY, RACI_NAME_CHARS,
                   raci_cells, raci_names)
from .text import labels, money, number, percent, plural, t


def series_table(data: pd.DataFrame, x: str, x_title: str, shown: Callable[[float], str],
                 x_shown: Callable[[float], str] | None = None) -> pd.DataFrame:
    """A line chart's numbers from its long data (``x``, value, series): a row per ``x``, a
    column per series in the legend's order, each value as ``shown`` writes it."""
    names = list(dict.fromkeys(data["series"]))
    table = data.pivot(index=x, columns="series", values="value")[names].map(shown)
    table.columns.name = None
    table.index = pd.Index(table.index if x_shown is None else [x_shown(v) for v in table.index],
                           name=x_title)
    return table


# --- no_strategy: the strategy canvas ---------------------------------------------------
def _apply_canvas() -> None:
    """Keep what the user wrote and set the lever from it; only an edit of the canvas calls
    this, so a clarity that came with a shared link stands until the canvas is touched."""
    answers = {k: st.session_state.get(f"canvas.{k}", v) for k, v in CANVAS_BLANK.items()}
    st.session_state[CANVAS_KEY] = answers
    state.update(strategy_clarity=canvas_clarity(answers, bool(answers["layperson"])))


def strategy_canvas() -> None:
    # Widgets drop their state while another page shows: give them back what was written.
    for k, value in {**CANVAS_BLANK, **st.session_state.get(CANVAS_KEY, {})}.items():
        levers.sync(f"canvas.{k}", value)
    columns = st.columns(3)
    for i, part in enumerate(CANVAS_PARTS):
        columns[i % 3].text_area(t(f"tool.no_strategy.{part}"), key=f"canvas.{part}",
                                 placeholder=t(f"tool.no_strategy.{part}_hint"),
                                 max_chars=CANVAS_CHARS, height=110, on_change=_apply_canvas)
    st.checkbox(t("tool.no_strategy.layperson"), key="canvas.layperson", on_change=_apply_canvas)
    clarity = state.scenario().strategy_clarity
    st.caption(t("tool.no_strategy.score", share=percent(clarity)))
    answers = st.session_state.get(CANVAS_KEY)
    from_answers = canvas_clarity(answers or {}, bool((answers or {}).get("layperson")))
    if answers is not None and clarity != from_answers:  # a lever or a link moved it since
        with st.container(key="canvas-apart"):
            st.info(t("tool.no_strategy.apart", share=percent(clarity),
                      answers=percent(from_answers)), icon=":material/info:")


# --- no_goals: the KPI ladder -----------------------------------------------------------
def kpi_ladder() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.lever("savings_potential", "no_goals")
    rows = kpi_ladder_rows(engine.simulate(scenario, weeks), scenario.followers_start,
                           scenario.margin)
    rows[t("tool.no_goals.rung")] = [t(f"ladder.{r}") for r in rows["rung"]]
    rows[t("tool.no_goals.value")] = [money(v, scenario.currency) if r in LADDER_MONEY_RUNGS
                                      else number(v)
                                      for r, v in zip(rows["rung"], rows["value"])]
    st.dataframe(rows[[t("tool.no_goals.rung"), t("tool.no_goals.value")]], hide_index=True)
    made = engine.simulate(mistake("no_goals").make(scenario), weeks)
    vanity = pd.concat([
        pd.DataFrame({"week": made["week"], "value": made["followers"] / scenario.followers_start - 1,
                      "series": t("tool.no_goals.followers_growth")}),
        pd.DataFrame({"week": made["week"], "value": made["roi"], "series": t("metric.roi")})])
    with st.container(key="chart-vanity"):
        layout.draw(charts.lines_chart(
            vanity, "week", "value", "series", t("tool.no_goals.vanity_title"), t("chart.week"),
            t("tool.no_goals.vanity_axis"),
            {t("tool.no_goals.followers_growth"): theme.FIXED, t("metric.roi"): theme.MADE},
            value_format=".1%", zero_line=True), "chart-vanity",
            lambda: series_table(vanity, "week", t("chart.week"), partial(percent, digits=1)))


# --- no_focus: the network mix ----------------------------------------------------------
def network_mix() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    rows = pd.DataFrame([{"network": n, "share": round(s * 100, 1), "followers": f}
                         for n, s, f in scenario.networks])
    with st.form("network-mix"):
        edited = st.data_editor(rows, num_rows="dynamic", hide_index=True, key="mix.editor",
                                column_config={
                                    "network": st.column_config.SelectboxColumn(
                                        t("tool.no_focus.network"), options=list(NETWORKS),
                                        format_func=labels("network"), required=True),
                                    "share": st.column_config.NumberColumn(
                                        t("tool.no_focus.share"), min_value=0, max_value=100,
                                        format="%.1f %%"),
                                    "followers": st.column_config.NumberColumn(
                                        t("tool.no_focus.followers"), min_value=0,
                                        max_value=100_000_000, step=1)})
        submitted = st.form_submit_button(t("tool.no_focus.apply"))
    if submitted:
        try:
            mix = mix_from_rows(edited)
        except MixError as err:
            st.error(t(f"tool.no_focus.error_{err.reason}"))
        else:
            if state.update(networks=mix):
                st.rerun()
    per_network = engine.simulate_networks(scenario, weeks)
    totals = per_network.groupby("network", sort=False).agg(
        hours=("hours", "sum"), posts=("posts", "sum"), engagements=("engagements", "sum"),
        reach=("reach", "sum")).reset_index()
    totals["per_hour"] = totals["engagements"] / totals["hours"].where(totals["hours"] > 0)
    totals["label"] = [t(f"network.{n}") for n in totals["network"]]
    upkeep = len(scenario.networks) * scenario.network_upkeep_hours
    st.caption(t("tool.no_focus.upkeep", hours=number(upkeep, 1),
                 total=number(scenario.hours_per_week, 1)))
    totals = totals.fillna(0)
    with st.container(key="chart-networks"):
        layout.draw(charts.bars_chart(
            totals, "label", "per_hour", t("tool.no_focus.chart"),
            t("tool.no_focus.network"), t("tool.no_focus.per_hour"), value_format=",.1f"),
            "chart-networks",
            lambda: pd.DataFrame({t("tool.no_focus.per_hour"): [number(v, 1)
                                                                 for v in totals["per_hour"]]},
                                 index=pd.Index(totals["label"], name=t("tool.no_focus.network"))))


# --- no_roles: the RACI matrix ----------------------------------------------------------
def _keep_raci_name(person: str, default: str) -> None:
    name = (st.session_state.get(f"raci.name.{person}") or "").strip()[:RACI_NAME_CHARS]
    if name and name != default:
        raci_names()[person] = name
    else:  # left empty or as given: the default, which follows a change of language
        raci_names().pop(person, None)


def raci_matrix() -> None:
    names = []
    for i, p in enumerate(RACI_PEOPLE):
        default = t("tool.no_roles.person", n=i + 1)
        levers.sync(f"raci.name.{p}", raci_names().get(p, default))
        names.append(st.text_input(t("tool.no_roles.name", n=i + 1), key=f"raci.name.{p}",
                                   max_chars=RACI_NAME_CHARS, on_change=_keep_raci_name,
                                   args=(p, default)))
    stored = raci_from_cells(raci_cells())
    shown = stored.copy()
    shown.insert(0, "task", [t(f"tool.no_roles.task.{k}") for k in RACI_TASKS])
    with st.form("raci"):
        column_config = {"task": st.column_config.TextColumn(t("tool.no_roles.task_column"),
                                                             disabled=True)}
        column_config.update({p: st.column_config.SelectboxColumn(name or p,
                                                                  options=list(RACI_VALUES))
                              for p, name in zip(RACI_PEOPLE, names)})
        edited = st.data_editor(shown, key="raci.editor", hide_index=True,
                                column_config=column_config)
        submitted = st.form_submit_button(t("tool.no_roles.apply"))
    st.caption(t("tool.no_roles.legend"))
    if submitted:
        matrix = edited[list(RACI_PEOPLE)].set_axis(list(RACI_TASKS), axis=0)
        st.session_state[RACI_CELLS_KEY] = raci_to_cells(matrix)
        if state.update(role_clarity=raci_clarity(matrix)):
            st.rerun()
    clarity = state.scenario().role_clarity
    st.caption(t("tool.no_roles.score", share=percent(clarity)))
    if raci_cells() is not None and clarity != raci_clarity(stored):
        with st.container(key="raci-apart"):  # moved by a lever since: the matrix no longer says it
            st.info(t("tool.no_roles.apart", share=percent(clarity),
                      matrix=percent(raci_clarity(stored))), icon=":material/info:")


# --- not_daily: the weekly time box -----------------------------------------------------
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


# --- inconsistent: the persistence curve ------------------------------------------------
def persistence_curve() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    m = mistake("inconsistent")
    frames = {t("tool.inconsistent.steady"): engine.simulate(m.fix(scenario), weeks),
              t("mistake.now"): engine.simulate(scenario, weeks),
              t("tool.inconsistent.fading"): engine.simulate(m.make(scenario), weeks)}
    colors = dict(zip(frames, (theme.FIXED, theme.CURRENT, theme.MADE)))
    data = pd.concat([pd.DataFrame({"week": f["week"], "value": f["cum_profit"], "series": k})
                      for k, f in frames.items()])
    with st.container(key="chart-persistence"):
        layout.draw(charts.lines_chart(
            data, "week", "value", "series", t("tool.inconsistent.chart"), t("chart.week"),
            t("metric.cum_profit"), colors, zero_line=True), "chart-persistence",
            lambda: layout.weekly_table(frames, "cum_profit", scenario.currency))
    paid_back = {k: break_even_week(f) for k, f in frames.items()}
    parts = [t("tool.inconsistent.break_even", name=k, week=w) if w
             else t("tool.inconsistent.never", name=k) for k, w in paid_back.items()]
    st.caption(" · ".join(parts))
    steady = {f: getattr(m.fix(scenario), f) for f in m.levers}
    st.button(t("tool.inconsistent.keep_steady"), key="persistence.steady",
              help=t("tool.inconsistent.keep_steady_help"), on_click=state.update, kwargs=steady,
              disabled=all(getattr(scenario, f) == v for f, v in steady.items()))


# --- too_much_time: hours against ROI and profit ----------------------------------------
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
                                       name=t("field.hours_per_week.label")))


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
            "label": [t(f"tool.too_much_time.best_{best.objective}"), t("tool.too_much_time.here")]})
        with column, st.container(key=key):
            layout.draw(charts.curve_chart(
                curve, "hours", metric, t(f"tool.too_much_time.chart_{metric}"),
                t("field.hours_per_week.label"), t(f"metric.{metric}"), marks,
                value_format=".0%" if metric == "roi" else ",.0f"), key,
                partial(hours_table, curve, metric, marks, scenario.currency))
    margin = engine.marginal_return(scenario, weeks)
    st.caption(t("tool.too_much_time.marginal", profit=money(margin.extra_profit, scenario.currency),
                 cost=money(margin.extra_cost, scenario.currency), roi=percent(margin.roi)))
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


# --- no_measurement: the ROI calculator and the fog -------------------------------------
def roi_calculator() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.choice("measurement", [m.value for m in Measurement], "no_measurement")
    columns = st.columns(3)
    for i, name in enumerate(("click_rate", "conversion_rate", "customer_value", "margin",
                              "tool_cost", "paid_budget")):
        levers.lever(name, "no_measurement", columns[i % 3])
    frame = engine.simulate(scenario, weeks)
    totals = {k: float(frame[k].sum()) for k in ("clicks", "conversions", "revenue", "savings",
                                                  "cost", "profit")}
    cur = scenario.currency
    st.write(t("tool.no_measurement.steps", clicks=number(totals["clicks"]),
               conversions=number(totals["conversions"], 1), revenue=money(totals["revenue"], cur),
               margin=percent(scenario.margin), savings=money(totals["savings"], cur),
               cost=money(totals["cost"], cur), profit=money(totals["profit"], cur),
               roi=percent(float(frame["roi"].iloc[-1]))))
    st.markdown(f"**{t('tool.no_measurement.fog_title')}**")
    level = scenario.measurement
    visible = {"none": ("posts", "followers"), "activity": ("posts", "followers", "engagements"),
               "business": ("engagements", "conversions", "revenue", "profit")}[level]
    st.caption(t(f"tool.no_measurement.fog_{level}"))
    with st.container(key="fog", horizontal=True):
        for metric in visible:
            value = frame[metric].iloc[-1] if metric == "followers" else frame[metric].sum()
            shown = money(value, cur) if metric in ("revenue", "profit") else number(value)
            st.metric(t(f"metric.{metric}"), shown, border=True)


# --- silo: the department checklist -----------------------------------------------------
def department_checklist() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.departments("silo")
    base = float(engine.simulate(scenario, weeks)["cum_profit"].iloc[-1])
    rows = []
    for dept in Department:
        chosen = set(scenario.departments) ^ {dept.value}
        other = scenario.replace(departments=tuple(d.value for d in Department if d.value in chosen))
        change = float(engine.simulate(other, weeks)["cum_profit"].iloc[-1]) - base
        involved = dept.value in scenario.departments
        rows.append({t("tool.silo.department"): t(f"choice.departments.{dept.value}"),
                     t("tool.silo.brings"): t(f"department.{dept.value}.brings"),
                     t("tool.silo.worth"): money(-change if involved else change, scenario.currency)})
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(t("tool.silo.worth_note", weeks=weeks))


# --- boring: the content-mix designer ---------------------------------------------------
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


# --- no_personalization: what personalisation costs in hours and where it pays ----------
PERSONALIZATION_STEPS = tuple(float(v) for v in np.round(np.linspace(0, 1, 21), 2))


def personalization_tradeoff() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    levers.lever("personalization_time", "no_personalization")
    same_hours = engine.sweep_totals(scenario, weeks, personalization=PERSONALIZATION_STEPS)
    hours = tuple(float(h) for h in personalization_hours(scenario, PERSONALIZATION_STEPS))
    same_posts = engine.sweep_totals(scenario, weeks, personalization=PERSONALIZATION_STEPS,
                                     hours_per_week=hours)
    data = pd.concat([
        pd.DataFrame({"p": PERSONALIZATION_STEPS, "value": same_hours["cum_profit"],
                      "series": t("tool.no_personalization.same_hours")}),
        pd.DataFrame({"p": PERSONALIZATION_STEPS, "value": same_posts["cum_profit"],
                      "series": t("tool.no_personalization.same_posts")})])
    colors = {t("tool.no_personalization.same_hours"): theme.CURRENT,
              t("tool.no_personalization.same_posts"): theme.ACCENT}
    with st.container(key="chart-personalization"):
        layout.draw(charts.lines_chart(
            data, "p", "value", "series", t("tool.no_personalization.chart"),
            t("field.personalization.label"), t("metric.cum_profit"), colors,
            rule_x=scenario.personalization, rule_label=t("tool.too_much_time.here"),
            zero_line=True), "chart-personalization",
            lambda: series_table(data, "p", t("field.personalization.label"),
                                 layout.value_text("cum_profit", scenario.currency), percent))


TOOLS: dict[str, Callable[[], None]] = {
    "no_strategy": strategy_canvas, "no_goals": kpi_ladder, "no_focus": network_mix,
    "no_roles": raci_matrix, "not_daily": timebox_planner, "inconsistent": persistence_curve,
    "too_much_time": partial(hours_curves, "too_much_time"), "no_measurement": roi_calculator,
    "silo": department_checklist,
    "boring": content_mix_designer, "no_personalization": personalization_tradeoff,
}
