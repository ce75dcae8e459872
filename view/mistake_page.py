"""The page every mistake shares: what it is, its tool, made against fixed, the cost, the fix."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim import Scenario
from smm_sim.mistakes import ON_FIXED_LINE, Mistake, MistakeCost, mistake
from smm_sim.scenario import NUMERIC_FIELDS
from smm_sim.versions import settings

from . import charts, engine, layout, levers, state, theme, tools, versions
from .text import lang, metric_title, money, number, percent, t

COST_FIGURES = ("profit", "roi", "engagements", "followers")  # the MistakeCost figures shown
_COST_TEXT = {"profit": money,
              "roi": lambda v, _: t("figure.points", value=number(v * 100)),
              "engagements": lambda v, _: number(v), "followers": lambda v, _: number(v)}


def render(mistake_id: str) -> None:
    """Draw the page of one mistake on the user's current scenario."""
    layout.setup(mistake_id)
    m = mistake(mistake_id)
    st.title(m.title(lang()))
    st.caption(source_line(m))
    st.write(t(f"mistake.{m.id}.summary"))
    _levers(m.levers, m.id)
    with st.container(key="tool", border=True):
        st.subheader(t(f"tool.{m.id}.title"))
        st.caption(t(f"tool.{m.id}.intro"))
        tools.TOOLS[m.id]()
    made_against_fixed(m.id)
    _checklist(m.id)
    layout.share_link()


def source_line(m: Mistake) -> str:
    """Where the articles name the mistake, each article by its name in the reader's language."""
    return t("mistake.source", sources=t("mistake.source_join").join(
        t("mistake.source_item", article=t(f"article.{article}"), section=section)
        for article, section in m.sources))


def _levers(fields: tuple[str, ...], where: str) -> None:
    numeric = [f for f in fields if f in NUMERIC_FIELDS]
    if not numeric:
        return
    for column, name in zip(st.columns(len(numeric)), numeric):
        levers.lever(name, where, column)


def made_against_fixed(mistake_id: str) -> None:
    """The same programme with the mistake made and fixed, over time, and what it costs."""
    weeks, scenario = state.weeks(), state.scenario()
    cost = engine.cost_of_mistake(scenario, mistake_id, weeks)
    st.subheader(t("mistake.compare_title"))
    with st.container(key="mistake-stake", horizontal=True):
        stake_metric(cost, weeks, scenario.currency)
        st.metric(t("mistake.own_profit", weeks=weeks),
                  money(cost.current_profit, scenario.currency), border=True)
        closed = cost.gap_closed
        st.metric(t("mistake.gap_closed"), t("mistake.gap_none") if closed is None
                  else percent(closed), border=True, help=t("mistake.gap_help"))
    stake_note(cost)
    stop_note(cost, scenario, weeks)
    stake_range(mistake_id, scenario, weeks)
    st.caption(t("mistake.cost_caption"))
    with st.container(key="mistake-cost", horizontal=True):
        cost_metrics(cost, weeks, scenario.currency)
    cost_note(cost, weeks)
    names = {"made": t("mistake.made"), "fixed": t("mistake.fixed"), "now": t("mistake.now")}
    frames = {"made": engine.simulate(cost.made, weeks),
              "fixed": engine.simulate(cost.fixed, weeks),
              "now": engine.simulate(scenario, weeks)}
    colors = {names["made"]: theme.MADE, names["fixed"]: theme.FIXED, names["now"]: theme.CURRENT}
    left, right = st.columns(2)
    for column, metric, key in ((left, "cum_profit", "chart-compare-profit"),
                                (right, "engagements", "chart-compare-engagements")):
        data = pd.concat([pd.DataFrame({"week": f["week"], "value": f[metric],
                                        "series": names[k]}) for k, f in frames.items()])
        with column, st.container(key=key):
            layout.draw(charts.lines_chart(
                data, "week", "value", "series", t(f"chart.compare_{metric}"), t("chart.week"),
                metric_title(metric, scenario.currency), colors,
                zero_line=metric == "cum_profit"), key,
                lambda metric=metric: layout.weekly_table(
                    {names[k]: f for k, f in frames.items()}, metric, scenario.currency))
    rows = settings((scenario, cost.made, cost.fixed), mistake(mistake_id).levers)
    with st.container(key="mistake-versions", border=True):
        st.markdown(f"**{t('versions.title')}**")
        st.caption(t("versions.intro"))
        versions.side_by_side([names[k] for k in ("now", "made", "fixed")], rows,
                              scenario.currency)


def stake_metric(cost: MistakeCost, weeks: int, currency: str) -> None:
    """The money at stake: what fixing the mistake brings from the current scenario. Below
    zero it reads, as the cost figures do, as what staying as you are saves."""
    st.metric(t(f"mistake.stake_{side(cost.at_stake)}", weeks=weeks),
              money(abs(cost.at_stake), currency), border=True, help=t("mistake.stake_help"))


def range_text(row: pd.Series, currency: str) -> str:
    """The money at stake's p10–p90 and how sure the ranking is, in words: ``row`` is one
    mistake of engine.stake_ranges."""
    return t("mistake.range", low=money(row["at_stake_p10"], currency),
             high=money(row["at_stake_p90"], currency), top3=percent(row["p_top3"]),
             costs=percent(row["p_costs"]))


def stake_range(mistake_id: str, scenario: Scenario, weeks: int) -> None:
    """Under the money at stake: its plausible range over the priors' draws."""
    row = engine.stake_ranges(scenario, weeks).loc[mistake_id]
    with st.container(key="mistake-range"):
        st.caption(range_text(row, scenario.currency), help=t("mistake.range_help",
                                                              draws=engine.RANK_DRAWS))


def stake_note(cost: MistakeCost) -> None:
    """Why nothing is to gain when the scenario already beats the fixed version; when the
    mistake itself saves money, cost_note says why."""
    if cost.at_stake < 0 <= cost.profit:
        st.caption(t("mistake.stake_beyond"))


def stop_note(cost: MistakeCost, scenario: Scenario, weeks: int) -> None:
    """Said plainly where no number of hours pays: the best choice is then to stop."""
    if cost.stop:
        best = engine.optimize_hours(scenario, "profit", weeks)
        with st.container(key="mistake-stop"):
            st.warning(t("mistake.stop_best", weeks=weeks, hours=number(best.hours, 1),
                         loss=money(max(0.0, -best.value), scenario.currency)))


def cost_metrics(cost: MistakeCost, weeks: int, currency: str,
                 shown: tuple[str, ...] = COST_FIGURES) -> None:
    """What the mistake costs, one metric per figure in ``shown``. A figure on which the
    mistake comes out ahead reads as saved or gained, with the amount made positive."""
    for name in shown:
        value = getattr(cost, name)
        st.metric(t(f"mistake.{side(value)}_{name}", weeks=weeks),
                  _COST_TEXT[name](abs(value), currency), border=True)


def side(value: float) -> str:
    """How a figure of a MistakeCost reads: "cost", or "gain" where the mistake comes out ahead
    (for the money at stake: where staying as you are does better than fixing it)."""
    return "gain" if value < 0 else "cost"


def cost_note(cost: MistakeCost, weeks: int, shown: tuple[str, ...] = COST_FIGURES) -> None:
    """Why the mistake saves money, or gains on a figure, when it does."""
    if cost.profit < 0:
        spent = [engine.simulate(s, weeks)["cost"].sum() for s in (cost.made, cost.fixed)]
        # Within a cent the two spend the same: float noise is no saving on spending.
        reason = "spending" if spent[0] < spent[1] - ON_FIXED_LINE else "earning"
        st.caption(t(f"mistake.saves_{reason}", weeks=weeks))
    elif any(getattr(cost, name) < 0 for name in shown):
        st.caption(t("mistake.gains_note", weeks=weeks))


def _checklist(mistake_id: str) -> None:
    st.subheader(t("mistake.checklist_title"))
    for i, item in enumerate(t(f"mistake.{mistake_id}.checklist")):
        st.checkbox(item, key=f"checklist.{mistake_id}.{i}")
