"""Workshop mode: the client's scenario on a projector, one mistake at a time.

Large type comes from headings, metrics and tall charts (no custom HTML). The slides are an
opening (the client's figures), the eleven mistakes in the chosen order and a closing (what
to change first); facilitator notes sit in a collapsed panel under each slide.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim.mistakes import MISTAKE_IDS, MISTAKES, fix_all, make_all, mistake

from . import assessment, charts, engine, layout, levers, mistake_page, state, theme
from .text import labels, lang, metric_title, money, percent, t
from .room import workshop_section

STEP_KEY = "workshop.step"  # the slide shown, kept across pages
ORDER_KEY = "workshop.slide_order"  # kept across pages (Streamlit drops a widget's own key)
ORDERS = ("cost", "articles")
TOP = 3  # mistakes named on the closing slide
NAV_WIDTH = 300  # px of the "go to" box: the buttons and the order stay on one line
# The figures beside the chart, not above it: a 1280×720 projector shows both at once.
SLIDE_COLUMNS = (1, 1)


def order() -> list[str]:
    """The mistakes in slide order: the most money at stake for this client first, or as written."""
    if st.session_state.get(ORDER_KEY, ORDERS[0]) == "articles":
        return list(MISTAKE_IDS)
    return list(engine.mistakes_ranked(state.scenario(), state.weeks())["mistake"])


def slide_count() -> int:
    return len(MISTAKES) + 2  # opening, the mistakes, closing


def step() -> int:
    return min(max(int(st.session_state.get(STEP_KEY, 0)), 0), slide_count() - 1)


def _go(to: int) -> None:
    st.session_state[STEP_KEY] = min(max(to, 0), slide_count() - 1)


def _keep_order() -> None:
    st.session_state[ORDER_KEY] = st.session_state["workshop.order"]


def _jump() -> None:
    _go(int(st.session_state["workshop.jump"]))


def slide_title(index: int, ids: list[str]) -> str:
    if index == 0:
        return t("workshop.opening.title")
    if index == slide_count() - 1:
        return t("workshop.closing.title")
    return mistake(ids[index - 1]).title(lang())


def navigation(ids: list[str]) -> None:
    current = step()
    with st.container(key="workshop-nav", horizontal=True, vertical_alignment="bottom"):
        st.button(t("workshop.previous"), key="workshop.prev", on_click=_go, args=(current - 1,),
                  disabled=current == 0, icon=":material/arrow_back:")
        st.button(t("workshop.next"), key="workshop.next", on_click=_go, args=(current + 1,),
                  disabled=current == slide_count() - 1, icon=":material/arrow_forward:",
                  type="primary")
        levers.sync("workshop.jump", current)
        titles = {i: slide_title(i, ids) for i in range(slide_count())}
        # Labels read by screen readers, not shown: the slide keeps the projector's height.
        st.selectbox(t("workshop.jump"), list(titles), key="workshop.jump", on_change=_jump,
                     format_func=titles.get, width=NAV_WIDTH, label_visibility="collapsed")
        levers.sync("workshop.order", st.session_state.get(ORDER_KEY, ORDERS[0]))
        st.segmented_control(t("workshop.order"), list(ORDERS), key="workshop.order",
                             required=True, on_change=_keep_order,
                             format_func=labels("workshop.orders"), label_visibility="collapsed")
    st.progress(current / (slide_count() - 1),
                text=t("workshop.progress", n=current + 1, total=slide_count()))


def notes(key: str) -> None:
    with st.expander(t("workshop.notes_title"), icon=":material/record_voice_over:"):
        st.markdown("\n".join(f"- {line}" for line in t(key)))


def big_profit_chart(frames: dict[str, pd.DataFrame], colors: dict[str, str], title: str,
                     key: str) -> None:
    data = pd.concat([pd.DataFrame({"week": f["week"], "value": f["cum_profit"], "series": name})
                      for name, f in frames.items()])
    with st.container(key=key):
        layout.draw(charts.lines_chart(
            data, "week", "value", "series", title, t("chart.week"),
            metric_title("cum_profit", state.scenario().currency),
            colors, zero_line=True, height=theme.BIG_CHART_HEIGHT), key,
            lambda: layout.weekly_table(frames, "cum_profit", state.scenario().currency))


def opening() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    cur = scenario.currency
    fixed, made = fix_all(scenario), make_all(scenario)
    summary = engine.compare((scenario, fixed, made), weeks).summary
    st.caption(t("workshop.opening.kicker"))
    st.title(t("workshop.opening.title"))
    left, right = st.columns(SLIDE_COLUMNS)
    left.header(t("workshop.opening.headline", profit=money(summary["profit"][0], cur),
                  weeks=weeks))
    with left, st.container(key="workshop-figures", horizontal=True):
        st.metric(t("figure.profit", weeks=weeks), money(summary["profit"][0], cur), border=True)
        st.metric(t("figure.roi"), percent(summary["roi"][0]), border=True)
        st.metric(t("workshop.opening.p_profitable"), percent(summary["p_profitable"][0]),
                  border=True)
        st.metric(t("workshop.opening.stake_all"),
                  money(summary["profit"][1] - summary["profit"][0], cur), border=True)
        st.metric(t("workshop.opening.cost_all"),
                  money(summary["profit"][1] - summary["profit"][2], cur), border=True)
    names = {"now": t("mistake.now"), "fixed": t("compare.source.fixed"),
             "made": t("compare.source.made")}
    frames = {names["fixed"]: engine.simulate(fixed, weeks),
              names["now"]: engine.simulate(scenario, weeks),
              names["made"]: engine.simulate(made, weeks)}
    colors = {names["fixed"]: theme.FIXED, names["now"]: theme.CURRENT,
              names["made"]: theme.MADE}
    with right:
        big_profit_chart(frames, colors, t("workshop.opening.chart", weeks=weeks),
                         "chart-workshop-opening")
    notes("workshop.opening.notes")


def mistake_slide(position: int, mistake_id: str) -> None:
    scenario, weeks = state.scenario(), state.weeks()
    cur = scenario.currency
    m = mistake(mistake_id)
    cost = engine.cost_of_mistake(scenario, mistake_id, weeks)
    st.caption(t("workshop.mistake.kicker", n=position, total=len(MISTAKES),
                 source=mistake_page.source_line(m)))
    st.title(m.title(lang()))
    left, right = st.columns(SLIDE_COLUMNS)
    left.header(t(f"workshop.{mistake_id}.headline"))
    shown = ("profit", "roi", "followers")
    with left, st.container(key="workshop-figures", horizontal=True):
        mistake_page.stake_metric(cost, weeks, cur)
        mistake_page.cost_metrics(cost, weeks, cur, shown)
        outcome = assessment.result(scenario)
        if outcome is not None and outcome.scores[mistake_id] is not None:
            st.metric(t("workshop.mistake.risk"), percent(outcome.scores[mistake_id]),
                      border=True, help=t("workshop.mistake.risk_help"))
    with left:
        mistake_page.stake_note(cost)
        mistake_page.stake_range(mistake_id, scenario, weeks)
        mistake_page.cost_note(cost, weeks, shown)
    frames = {t("mistake.fixed"): engine.simulate(cost.fixed, weeks),
              t("mistake.now"): engine.simulate(scenario, weeks),
              t("mistake.made"): engine.simulate(cost.made, weeks)}
    colors = dict(zip(frames, (theme.FIXED, theme.CURRENT, theme.MADE)))
    with right:
        big_profit_chart(frames, colors, t("chart.compare_cum_profit"), "chart-workshop-mistake")
    st.page_link(layout.page_path(mistake_id), label=t("workshop.mistake.open"),
                 icon=":material/open_in_new:", query_params=state.query())
    notes(f"workshop.{mistake_id}.notes")


def closing() -> None:
    scenario, weeks = state.scenario(), state.weeks()
    cur = scenario.currency
    ranked = engine.mistakes_ranked(scenario, weeks)
    ranges = engine.stake_ranges(scenario, weeks)
    st.caption(t("workshop.closing.kicker"))
    st.title(t("workshop.closing.title"))
    for column, (i, row) in zip(st.columns(TOP), ranked.head(TOP).iterrows()):
        cost = engine.cost_of_mistake(scenario, row["mistake"], weeks)
        with column:
            st.header(t("workshop.closing.item", n=i + 1,
                        mistake=mistake(row["mistake"]).title(lang())))
            mistake_page.stake_metric(cost, weeks, cur)
            mistake_page.stake_note(cost)
            st.caption(mistake_page.range_text(ranges.loc[row["mistake"]], cur))
    # Named as the mistake pages name it: below zero, fixing it from here would lose money.
    sides = [mistake_page.side(v) for v in ranked["at_stake"]]
    names = {side: t(f"mistake.stake_{side}", weeks=weeks) for side in dict.fromkeys(sides)}
    data = pd.DataFrame({"mistake": [mistake(m).title(lang()) for m in ranked["mistake"]],
                         "stake": ranked["at_stake"], "side": [names[s] for s in sides]})
    colors = {names[s]: {"cost": theme.MADE, "gain": theme.FIXED}[s] for s in names}
    with st.container(key="chart-workshop-closing"):
        layout.draw(charts.ranked_bars_chart(
            data, "mistake", "stake", "side" if len(names) > 1 else None, colors,
            t("workshop.closing.chart", weeks=weeks), t("assessment.col.mistake"),
            # with a saving among them, the axis says what a bar below zero means
            t("mistake.net_stake" if "gain" in names else "mistake.stake_cost", weeks=weeks),
            height=theme.BIG_CHART_HEIGHT),
            "chart-workshop-closing",
            lambda: pd.DataFrame({name: [money(abs(v), cur) if s == side else ""
                                         for v, s in zip(data["stake"], sides)]
                                  for side, name in names.items()},
                                 index=pd.Index(data["mistake"], name=t("assessment.col.mistake"))))
    st.page_link(layout.page_path("decide"), label=t("workshop.closing.decide"),
                 icon=":material/insights:", query_params=state.query())
    notes("workshop.closing.notes")


def render() -> None:
    ids = order()
    navigation(ids)
    current = step()
    with st.container(key="workshop-slide"):
        if current == 0:
            opening()
        elif current == slide_count() - 1:
            closing()
        else:
            mistake_slide(current, ids[current - 1])
    workshop_section()  # a live room: the participants answer on their phones (view/room.py)
