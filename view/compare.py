"""Compare: up to four named scenarios side by side, starting from the current one.

Slot 0 is always the scenario every page uses; the other three hold a built-in reference
(every mistake fixed, the typical mistakes made, one mistake fixed) or a scenario saved
from an earlier state. References follow the current scenario as it changes; saved ones
stay as they were saved. The setup lives in the session and in the link (``kept``): the
slots with their names, and each saved scenario a slot shows; saved ones no slot shows are
counted there but not kept.
"""

from __future__ import annotations


import pandas as pd
import streamlit as st

from smm_sim import Scenario
from smm_sim.mistakes import fix_all, make_all, mistake

from . import charts, engine, layout, levers, state, theme
from .kept import CURRENT_NAME_KEY, NAME_CHARS, NEXT_ID_KEY, SLOTS, saved, slots
from .text import (currency_symbol, labels, lang, metric_title, money, number, percent, plain,
                   plural, t)

MAX_SAVED = 8  # saved scenarios kept; the oldest goes first
SLOT_COLORS = (theme.CURRENT, theme.FIXED, theme.MADE, theme.ACCENT, theme.SKY, theme.PURPLE)
CURVE_METRICS = ("cum_profit", "roi", "cum_revenue", "engagements", "followers")
DIFFERS_NAMED = 3  # settings named under a slot; the rest are counted
CURVES_HEIGHT = 340  # px: one full-width chart, taller than the paired ones
HIDDEN_KEY = "compare.hidden"  # names of the scenarios taken off the charts


# --- the setup, kept in the session and the link -------------------------------------------
def sources(ranked: pd.DataFrame) -> list[str]:
    """Every choice a slot offers: empty, the references, one mistake fixed (in the order of
    ``ranked``, smm_sim.mistakes_ranked on the current scenario), saved ones."""
    return ["none", "fixed", "made"] + [f"fix.{m}" for m in ranked["mistake"]] \
        + [f"saved.{k}" for k in saved()]


def option_labels(options: list[str], ranked: pd.DataFrame, currency: str) -> dict[str, str]:
    """How the slot menu names each choice: one mistake fixed with its money at stake."""
    stake = dict(zip(ranked["mistake"], ranked["at_stake"]))
    return {source: t("compare.source.fix_one_stake", mistake=mistake(source[4:]).title(lang()),
                      stake=money(stake[source[4:]], currency))
            if source.startswith("fix.") else source_label(source) for source in options}


def source_label(source: str) -> str:
    if source.startswith("fix."):
        return t("compare.source.fix_one", mistake=mistake(source[4:]).title(lang()))
    if source.startswith("saved."):
        entry = saved()[int(source[6:])]
        if entry["previous"]:
            return t("compare.previous")
        return entry["name"] or t("compare.saved_default", n=int(source[6:]))
    return t(f"compare.source.{source}")


def resolve(source: str, current: Scenario) -> Scenario | None:
    """The scenario a slot's source stands for, on the current scenario (None when empty)."""
    if source == "none":
        return None
    if source == "fixed":
        return fix_all(current)
    if source == "made":
        return make_all(current)
    if source.startswith("fix."):
        return mistake(source[4:]).fix(current)
    return saved()[int(source[6:])]["scenario"]


def differs_text(fields: list[str]) -> str:
    """Which settings differ from the current scenario: the first few by name, then a count."""
    named = ", ".join(t(f"field.{f}.label") for f in fields[:DIFFERS_NAMED])
    count, more = len(fields), len(fields) - DIFFERS_NAMED
    if more <= 0:
        return t(f"compare.differs.{plural(count)}", count=number(count), fields=named)
    return t(f"compare.differs_more.{plural(more)}", count=number(count), fields=named,
             more=number(more))


def unique_names(names: list[str]) -> list[str]:
    """The names with repeats numbered, so each scenario has its own column and colour."""
    out: list[str] = []
    for name in names:
        shown, n = name, 1
        while shown in out:  # numbered until unused, even against a name typed as "X (2)"
            n += 1
            shown = f"{name} ({n})"
        out.append(shown)
    return out


def _save(scenario: Scenario, name: str | None, previous: bool = False) -> int:
    ss = st.session_state
    store = saved()
    if previous:  # one "previous scenario" at a time: the newest replaces the older
        for k in [k for k, e in store.items() if e["previous"]]:
            _forget(k)
    key = ss.get(NEXT_ID_KEY, 1)
    ss[NEXT_ID_KEY] = key + 1
    store[key] = {"name": name, "scenario": scenario, "previous": previous}
    while len(store) > MAX_SAVED:
        _forget(min(store))
    return key


def _forget(key: int) -> None:
    saved().pop(key, None)
    for slot in slots():
        if slot["source"] == f"saved.{key}":
            slot.update(source="none", name=None)


# --- callbacks ---------------------------------------------------------------------------
def _on_source(i: int) -> None:
    slots()[i - 1].update(source=st.session_state[f"compare.source.{i}"], name=None)


def _on_name(i: int) -> None:
    name = (st.session_state.get(f"compare.name.{i}") or "").strip()[:NAME_CHARS] or None
    default = t("compare.yours") if i == 0 else source_label(slots()[i - 1]["source"])
    if name == default:  # kept as the default, so it follows a change of language
        name = None
    if i == 0:
        st.session_state[CURRENT_NAME_KEY] = name
    else:
        slots()[i - 1]["name"] = name


def _on_save() -> None:
    name = (st.session_state.get("compare.save_name") or "").strip()[:NAME_CHARS] or None
    key = _save(state.scenario(), name)
    st.session_state["compare.save_name"] = ""
    # The new scenario goes into the first empty slot, so it shows at once.
    for slot in slots():
        if slot["source"] == "none":
            slot.update(source=f"saved.{key}", name=None)
            break


def _on_use(i: int) -> None:
    """Make slot i the scenario of every page; the slot keeps the one it replaced."""
    current = state.scenario()
    chosen = resolve(slots()[i - 1]["source"], current)
    if chosen is None or chosen == current:
        return
    key = _save(current, None, previous=True)
    state.replace_scenario(chosen)
    slots()[i - 1].update(source=f"saved.{key}", name=None)
    st.session_state["compare.loaded"] = True


# --- the page ----------------------------------------------------------------------------
def setup_panel() -> tuple[list[str], list[Scenario]]:
    """The four slots as columns; returns the names and scenarios of the filled ones."""
    current = state.scenario()
    names: list[str] = []
    chosen: list[Scenario] = []
    ranked = engine.mistakes_ranked(current, state.weeks())
    options = sources(ranked)
    for slot in slots():  # a saved scenario dropped since: the slot falls back to empty
        if slot["source"] not in options:
            slot.update(source="none", name=None)
    # Labels fixed now: a format function must not read the session after the run.
    shown = {source: source_label(source) for source in options}
    offered = option_labels(options, ranked, current.currency)
    with st.container(key="compare-slots"):  # two to a row where four cut names (fit.css)
        columns = st.columns(SLOTS)
    for i, column in enumerate(columns):
        with column, st.container(key=f"compare-slot-{i}", border=True):
            if i == 0:
                st.markdown(f"**{t('compare.slot_yours')}**")
                stored = st.session_state.get(CURRENT_NAME_KEY)
                default = t("compare.yours")
                scenario = current
                st.caption(t("compare.yours_note"))
            else:
                slot = slots()[i - 1]
                st.markdown(f"**{t('compare.slot', n=i + 1)}**")
                # Written every run, not only when it differs: the browser kept showing the label
                # it was first sent, with an old money at stake, and sent that label back, which
                # is no option, so the next click emptied the slot.
                st.session_state[f"compare.source.{i}"] = slot["source"]
                st.selectbox(t("compare.holds"), options, key=f"compare.source.{i}",
                             format_func=offered.get, on_change=_on_source, args=(i,))
                stored, default = slot["name"], shown[slot["source"]]
                scenario = resolve(slot["source"], current)
            levers.sync(f"compare.name.{i}", stored or default)
            st.text_input(t("compare.name"), key=f"compare.name.{i}", max_chars=NAME_CHARS,
                          on_change=_on_name, args=(i,), disabled=scenario is None)
            if scenario is None:
                st.caption(t("compare.empty"))
                continue
            if i > 0:
                changed = scenario.changes_from(current)
                st.caption(differs_text(list(changed)) if changed else t("compare.same"))
                st.button(t("compare.use"), key=f"compare.use.{i}", on_click=_on_use,
                          args=(i,), disabled=not changed, help=t("compare.use_help"))
            names.append(stored or default)
            chosen.append(scenario)
    with st.container(key="compare-save", horizontal=True, vertical_alignment="bottom"):
        st.text_input(t("compare.save_name"), key="compare.save_name", max_chars=NAME_CHARS,
                      placeholder=t("compare.save_placeholder"))
        st.button(t("compare.save"), key="compare.save", on_click=_on_save,
                  help=t("compare.save_help"))
    if st.session_state.pop("compare.loaded", False):
        st.success(t("compare.loaded"))
    return unique_names(names), chosen


def figures_table(names: list[str], summary: pd.DataFrame, currency: str,
                  weeks: int) -> pd.DataFrame:
    """The key figures, one column per scenario, formatted in the reader's language."""
    rows = {
        t("compare.row.profit", weeks=weeks): [money(v, currency) for v in summary["profit"]],
        t("compare.row.difference"): ["—"] + [money(v, currency)
                                              for v in summary["profit_difference"].iloc[1:]],
        t("compare.row.roi"): [percent(v) for v in summary["roi"]],
        t("compare.row.p_profitable"): [percent(v) for v in summary["p_profitable"]],
        t("compare.row.range"): [t("compare.range", low=money(lo, currency),
                                   high=money(hi, currency))
                                 for lo, hi in zip(summary["profit_p10"], summary["profit_p90"])],
        t("compare.row.break_even"): [t("figure.week", week=int(w)) if pd.notna(w)
                                      else t("figure.never") for w in summary["break_even"]],
        t("compare.row.revenue"): [money(v, currency) for v in summary["revenue"]],
        t("compare.row.cost"): [money(v, currency) for v in summary["cost"]],
        t("compare.row.engagements"): [number(v) for v in summary["engagements"]],
        t("compare.row.followers"): [number(v) for v in summary["followers"]],
    }
    table = pd.DataFrame(rows, index=names).T
    table.index.name = t("compare.figure")
    return table


def results(names: list[str], scenarios: list[Scenario]) -> None:
    weeks, currency = state.weeks(), state.scenario().currency
    comparison = engine.compare(tuple(scenarios), weeks)
    summary = comparison.summary
    st.subheader(t("compare.figures_title"))
    st.dataframe(figures_table(names, summary, currency, weeks), height="content")
    st.caption(t("compare.figures_note", draws=number(engine.MC_DRAWS)))
    best = int(summary["profit"].idxmax())
    with st.container(key="compare-best", horizontal=True):
        st.metric(t("compare.best_label", weeks=weeks), plain(names[best]),
                  delta=money(summary["profit_difference"].iloc[best], currency)
                  if best else None, border=True)
        if len(names) > 1:
            gap = summary["profit"].max() - summary["profit"].min()
            st.metric(t("compare.spread_label"), money(gap, currency), border=True)
    shown = shown_series(names)
    if not shown:
        st.info(t("compare.none_shown"))
        return
    others = [i for i in range(1, len(names)) if names[i] in shown]
    if others:
        diff = pd.DataFrame({"name": [names[i] for i in others],
                             "difference": summary["profit_difference"].iloc[others].to_numpy()})
        axis = t("compare.difference_axis", currency=currency_symbol(currency))
        with st.container(key="chart-compare-difference"):
            layout.draw(charts.difference_chart(
                diff, "name", "difference", t("compare.difference_chart", name=names[0]),
                t("compare.scenario"), axis), "chart-compare-difference",
                lambda: pd.DataFrame({axis: [money(v, currency) for v in diff["difference"]]},
                                     index=pd.Index(diff["name"], name=t("compare.scenario"))))
    curves(names, comparison.weekly, shown)


def _on_shown(names: list[str]) -> None:
    chosen = st.session_state["compare.shown"]
    st.session_state[HIDDEN_KEY] = [name for name in names if name not in chosen]


def shown_series(names: list[str]) -> list[str]:
    """The scenarios the charts draw: every one but those the reader took off, so the axes
    fit what is left (one far-off scenario flattens the others). A hidden name stays hidden
    while it is shown in a slot; a new or renamed one is drawn."""
    if len(names) < 2:  # nothing to take off
        return names
    hidden = st.session_state.get(HIDDEN_KEY, [])
    levers.sync("compare.shown", [name for name in names if name not in hidden])
    st.multiselect(t("compare.shown"), names, key="compare.shown", on_change=_on_shown,
                   args=(names,), help=t("compare.shown_help"),
                   placeholder=t("compare.shown_placeholder"))
    return [name for name in names if name not in hidden]


def curves(names: list[str], weekly: pd.DataFrame, shown: list[str]) -> None:
    metric = st.segmented_control(t("compare.curve"), list(CURVE_METRICS), key="compare.metric",
                                  default=CURVE_METRICS[0], required=True,
                                  format_func=labels("metric"))
    series = pd.Series([names[i] for i in weekly["scenario"]], index=weekly.index)
    weekly = weekly[series.isin(shown).to_numpy()]
    data = pd.DataFrame({"week": weekly["week"], "value": weekly[metric],
                         "series": series[weekly.index]})
    colors = {name: color for name, color in zip(names, SLOT_COLORS) if name in shown}
    with st.container(key="chart-compare-curves"):
        layout.draw(charts.lines_chart(
            data, "week", "value", "series",
            t("compare.curves_title", metric=t(f"metric.{metric}")), t("chart.week"),
            metric_title(metric, state.scenario().currency), colors,
            value_format=".0%" if metric == "roi" else ",.0f",
            zero_line=metric in ("cum_profit", "roi"), height=CURVES_HEIGHT),
            "chart-compare-curves", lambda: layout.weekly_table(
                {name: weekly[weekly["scenario"] == i] for i, name in enumerate(names)
                 if name in shown}, metric,
                state.scenario().currency))


def render() -> None:
    st.title(t("compare.title"))
    st.write(t("compare.intro"))
    names, scenarios = setup_panel()
    results(names, scenarios)
    layout.share_link()
