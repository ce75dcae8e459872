"""Self-assessment: the questionnaire, what the answers say, and their scenario in one click."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smm_sim import Scenario
from smm_sim.assessment import ANSWERS, QUESTIONS, Assessment
from smm_sim.mistakes import mistake

from . import charts, engine, layout, mistake_page, state, theme
from .text import labels, lang, money, number, percent, t

ANSWERS_KEY = "assessment.answers"  # the submitted answers, kept across pages
# Risk groups for the chart, with their upper bound on the score and their colour.
RISK_GROUPS = (("low", 0.25, theme.FIXED), ("some", 0.75, theme.ACCENT),
               ("high", 1.0, theme.MADE))
COLUMNS = 2


def answers() -> dict[str, str]:
    """The answers last submitted (question id → yes, partly or no)."""
    return dict(st.session_state.get(ANSWERS_KEY, {}))


def answers_key(given: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(given.items()))


def result(scenario: Scenario | None = None) -> Assessment | None:
    """The assessment of the submitted answers on the current scenario, or None."""
    given = answers()
    if not given:
        return None
    return engine.assess(answers_key(given), scenario or state.scenario(), state.weeks())


def risk_group(score: float) -> str:
    if pd.isna(score):
        return "unasked"
    return next(name for name, upper, _ in RISK_GROUPS if score <= upper)


def _widget(qid: str) -> str:
    return f"assessment.q.{qid}"


def _submit() -> None:
    given = {q.id: st.session_state.get(_widget(q.id)) for q in QUESTIONS}
    st.session_state[ANSWERS_KEY] = {k: v for k, v in given.items() if v is not None}


def _clear() -> None:
    st.session_state.pop(ANSWERS_KEY, None)
    for q in QUESTIONS:
        st.session_state[_widget(q.id)] = None


def _load(scenario: Scenario) -> None:
    state.replace_scenario(scenario)
    st.session_state["assessment.loaded"] = True


def questionnaire() -> None:
    given = answers()
    for q in QUESTIONS:  # back on the page after a switch: show the answers given before
        if _widget(q.id) not in st.session_state and q.id in given:
            st.session_state[_widget(q.id)] = given[q.id]
    with st.form("assessment-form", border=True):
        columns = st.columns(COLUMNS)
        half = -(-len(QUESTIONS) // COLUMNS)
        for i, q in enumerate(QUESTIONS):
            with columns[i // half]:
                st.radio(f"{i + 1}. {t(f'question.{q.id}')}", ANSWERS, index=None,
                         horizontal=True, key=_widget(q.id),
                         format_func=labels("assessment.answer"),
                         help=t("assessment.source", article=t(f"article.{q.article}"),
                                section=q.section,
                                mistake=mistake(q.mistake).title(lang())))
        st.form_submit_button(t("assessment.submit"), key="assessment.submit", type="primary",
                              on_click=_submit)
    st.button(t("assessment.clear"), key="assessment.clear", on_click=_clear)


def ranking_frame(ranking: pd.DataFrame, currency: str,
                  ranges: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ranking as a table for people: mistake, risk and the money at stake; with
    ``ranges`` (engine.stake_ranges) its plausible range and how often it ranks top three."""
    frame = pd.DataFrame({
        t("assessment.col.mistake"): [mistake(m).title(lang()) for m in ranking["mistake"]],
        t("assessment.col.risk"): [t("assessment.unasked") if pd.isna(s) else percent(s)
                                   for s in ranking["score"]],
        t("assessment.col.stake"): [money(v, currency) for v in ranking["at_stake"]],
        t("assessment.col.last"): [money(v, currency) for v in ranking["last"]],
    })
    if ranges is not None:
        rows = ranges.loc[ranking["mistake"]]
        frame.insert(3, t("assessment.col.range"), [
            t("assessment.range_value", low=money(lo, currency), high=money(hi, currency))
            for lo, hi in zip(rows["at_stake_p10"], rows["at_stake_p90"])])
        frame.insert(4, t("assessment.col.top3"), [percent(p) for p in rows["p_top3"]])
    return frame


def results() -> None:
    outcome = result()
    if outcome is None:
        st.info(t("assessment.none_yet"))
        return
    scenario, weeks = state.scenario(), state.weeks()
    cur = scenario.currency
    now = float(engine.simulate(scenario, weeks)["cum_profit"].iloc[-1])
    st.subheader(t("assessment.results_title"))
    with st.container(key="assessment-summary", horizontal=True):
        st.metric(t("assessment.answered"),
                  t("assessment.answered_value", n=outcome.answered, total=len(QUESTIONS)),
                  border=True)
        st.metric(t("assessment.profit", weeks=weeks), money(outcome.profit, cur),
                  delta=money(outcome.profit - now, cur), border=True,
                  help=t("assessment.profit_help"))
        st.metric(t("assessment.fix_all"), money(outcome.fix_all_gain, cur), border=True)
    ranking = outcome.ranking
    ranges = engine.stake_ranges(outcome.scenario, weeks)
    top = ranking.iloc[0]
    if top["at_stake"] > 0:
        st.markdown(t("assessment.first", mistake=mistake(top["mistake"]).title(lang()),
                      stake=money(top["at_stake"], cur)))
        st.caption(mistake_page.range_text(ranges.loc[top["mistake"]], cur))
    groups = {t(f"assessment.risk.{name}"): color for name, _, color in RISK_GROUPS}
    groups[t("assessment.risk.unasked")] = theme.REFERENCE
    data = pd.DataFrame({"mistake": [mistake(m).title(lang()) for m in ranking["mistake"]],
                         "stake": ranking["at_stake"],
                         "risk": [t(f"assessment.risk.{risk_group(s)}") for s in ranking["score"]]})
    with st.container(key="chart-assessment"):
        layout.draw(charts.ranked_bars_chart(
            data, "mistake", "stake", "risk", groups, t("assessment.chart", weeks=weeks),
            t("assessment.col.mistake"), t("assessment.col.stake"), t("assessment.col.risk")))
    with st.container(key="assessment-ranking"):
        st.dataframe(ranking_frame(ranking, cur, ranges), hide_index=True, height="content")
    st.caption(t("assessment.stake_note", weeks=weeks))
    st.caption(t("assessment.range_note", draws=engine.RANK_DRAWS))
    implied_scenario(outcome.scenario)


def implied_scenario(implied: Scenario) -> None:
    st.subheader(t("assessment.scenario_title"))
    current = state.scenario()
    if st.session_state.pop("assessment.loaded", False):
        st.success(t("assessment.loaded"))
    changed = implied.changes_from(current)
    if not changed:
        st.caption(t("assessment.same"))
        return
    st.write(t("assessment.differs", fields=", ".join(t(f"field.{f}.label") for f in changed)))
    st.button(t("assessment.load"), key="assessment.load", type="primary", on_click=_load,
              args=(implied,), help=t("assessment.load_help"))


def render() -> None:
    st.title(t("assessment.title"))
    st.write(t("assessment.intro", count=number(len(QUESTIONS))))
    questionnaire()
    results()
    layout.share_link()
