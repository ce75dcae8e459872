"""What every page shares: page settings, the sidebar (language, navigation, main levers)
and the notes about a link that could not be used as given."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from smm_sim import charts
from smm_sim.formats import COUNT_METRICS, whole_counts
from smm_sim.i18n import LANGUAGES
from smm_sim.model import MONEY_METRICS

from . import kept, levers, pages, state
from .guard import MAX_LINK_PARAMETERS
from .text import LANG_KEY, labels, lang, money, number, number_locale, percent, plural, t

if TYPE_CHECKING:  # Altair loads in half a second: the home page's charts do without it
    import altair as alt

MAX_NOTES = 8  # lines about a link before the rest are counted
STYLE = Path(__file__).with_name("fit.css")  # a phone and a projector: what config cannot set


def page_path(page_id: str) -> str:
    """The script of a page (home, a mistake or a tool), from the table in view/pages.py."""
    return pages.page(page_id).path


def setup(page: str) -> None:
    """Start a page: settings, state from the URL, the sidebar. ``page`` is "home", a mistake id
    or the name of a tool page."""
    # Workshop mode goes on a projector: its slides get the whole width. Every other page says
    # "auto" (left out, a page would keep the state of the page before).
    sidebar = "collapsed" if page == "workshop" else "auto"
    st.set_page_config(page_title=t("app.title"), page_icon=":material/trending_down:",
                       layout="wide", initial_sidebar_state=sidebar)
    st.html(STYLE)  # style only: Streamlit sends it apart, it takes no room on the page
    state.init()
    _sidebar(page)
    _url_notes()
    _lost_notes()


def _sidebar(page: str) -> None:
    with st.sidebar:
        key = "lever.lang"
        levers.sync(key, st.session_state[LANG_KEY])
        st.selectbox(t("nav.language"), LANGUAGES, key=key,
                     format_func=labels("language"),
                     on_change=lambda: state.set_language(st.session_state[key]))
        params = state.query()
        home = pages.page("home")
        st.page_link(home.path, label=t(home.label), icon=":material/home:", query_params=params)
        for kind, heading in (("mistake", "nav.mistakes"), ("tool", "nav.tools")):
            st.caption(t(heading))
            for p in pages.of_kind(kind):
                st.page_link(p.path, label=t(p.label), query_params=params)
        st.divider()
        if page != "home":  # the home page has them up front
            levers.core_levers("sidebar")
        levers.horizon()
        levers.presets_and_reset()


def _url_notes() -> None:
    """Say which parts of the link were clamped or ignored (values shown as plain text), or
    that the link was too long to be read at all."""
    notes, dropped = state.problems(), state.link_dropped()
    if not notes and not dropped:
        return
    lines = [t(f"url.{p.kind}", field=p.field, value=p.value) for p in notes[:MAX_NOTES]]
    if len(notes) > MAX_NOTES:
        more = len(notes) - MAX_NOTES
        lines.append("… " + t(f"list.more.{plural(more)}", count=number(more)))
    with st.container(key="url-notes"):
        if dropped:
            st.warning(t("url.dropped", limit=number(MAX_LINK_PARAMETERS)), icon="⚠️")
        if notes:
            st.warning(t("url.title"), icon="⚠️")
            st.text("\n".join(lines))
    if st.button(t("url.dismiss"), key="url.dismiss"):
        st.session_state[state.PROBLEMS_KEY] = []
        st.session_state[state.DROPPED_KEY] = False
        st.rerun()


def _lost_notes() -> None:
    """Name what the link says this work had but a new session cannot bring back (a server
    restart, a refresh, a shared link), so no one takes what is shown for the whole of it."""
    gone = kept.lost()
    if not gone:
        return
    lines = []
    if gone.get("fit"):
        lines.append(t("lost.fit"))
    if gone.get("saved"):
        lines.append(t(f"lost.saved.{plural(gone['saved'])}", count=number(gone["saved"])))
    with st.container(key="lost-notes"):
        st.info(t("lost.title") + "\n\n" + "\n".join(f"- {line}" for line in lines),
                icon=":material/history:")
        st.button(t("lost.dismiss"), key="lost.dismiss", on_click=kept.forget_lost)


def draw(chart: alt.TopLevelMixin, key: str | None = None,
         table: Callable[[], pd.DataFrame] | None = None) -> None:
    """An Altair chart at full width, its axis and tooltip numbers in the reader's language.

    With ``table``, a collapsed expander (widget key ``table.<key>``) under the chart holds its
    numbers as a table: ``table()`` gives it, headers translated (a named index shows as the
    first column). It is called only while the expander is open, so a closed one costs nothing.
    """
    st.altair_chart(chart.configure(locale={"number": number_locale()}), width="stretch")
    if table is None:
        return
    if key is None:
        raise ValueError("draw needs a key for the expander of its table")
    box = st.expander(t("chart.table"), key=f"table.{key}", icon=":material/table_chart:",
                      on_change="rerun")
    if box.open:
        data = table()
        box.dataframe(data, hide_index=data.index.name is None)
        with box:
            chart_files(chart, key)


CHART_FILE_WIDTH = 640  # px of a downloaded chart's plot: readable on a slide


def chart_files(chart: alt.TopLevelMixin | dict, key: str) -> None:
    """The chart as PNG and SVG, rendered as the report renders it, only when clicked."""
    language = lang()
    with st.container(key=f"chart-files-{key}", horizontal=True):
        st.download_button(
            t("chart_file.png"), key=f"png.{key}", file_name=f"{key}.png", mime="image/png",
            data=lambda: charts.to_png(chart, language, CHART_FILE_WIDTH), on_click="ignore",
            icon=":material/image:")
        st.download_button(
            t("chart_file.svg"), key=f"svg.{key}", file_name=f"{key}.svg",
            mime="image/svg+xml", data=lambda: charts.to_svg(chart, language, CHART_FILE_WIDTH),
            on_click="ignore", icon=":material/draw:")


def value_text(metric: str, currency: str) -> Callable[[float], str]:
    """How a value of the engine's weekly ``metric`` reads: money, a percent or a number."""
    if metric == "roi":
        return percent
    if metric in MONEY_METRICS:
        return lambda value: money(value, currency)
    if metric in COUNT_METRICS:
        return number
    return lambda value: number(value, 1)  # hours: to a tenth, as the levers set them


def weekly_table(frames: Mapping[str, pd.DataFrame], metric: str,
                 currency: str) -> pd.DataFrame:
    """A weekly chart's numbers: a row per week, a column per series (``frames`` maps each
    name in the chart's legend to its engine frame)."""
    shown = value_text(metric, currency)
    table = pd.DataFrame({name: [shown(v) for v in whole_counts(frame[["week", metric]])[metric]]
                          for name, frame in frames.items()},
                         index=next(iter(frames.values()))["week"].to_numpy())
    table.index.name = t("chart.week")
    return table


def frame_table(frame: pd.DataFrame, metrics: list[str], currency: str) -> pd.DataFrame:
    """An engine frame for people: a row per week, a column per metric under its name, money
    in the currency, posts and people whole, every number as the reader's language writes it."""
    whole = whole_counts(frame)
    table = pd.DataFrame({t(f"metric.{m}"): [value_text(m, currency)(v) for v in whole[m]]
                          for m in metrics}, index=frame["week"].to_numpy())
    table.index.name = t("chart.week")
    return table


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


def share_link() -> None:
    """The link that reproduces this scenario, to copy, in a panel filled only while open.

    The address bar holds the same link. Closed, the panel spares every page load the
    browser's code viewer (1.5 MB of script) and every lever change its redrawing.
    """
    box = st.expander(t("share.title"), key="share.link", icon=":material/link:",
                      on_change="rerun")
    if box.open:
        box.caption(t("share.caption"))
        box.code(scenario_link(), language=None)


def scenario_link(home: bool = False) -> str:
    """The address of this page (or, with ``home``, of the home page) with the scenario."""
    base = (st.context.url or "").split("?")[0]
    if home and base.rstrip("/").rsplit("/", 1)[-1] in {p.id for p in pages.PAGES}:
        base = base.rstrip("/").rsplit("/", 1)[0] + "/"
    query = urlencode(state.query(), safe=":,")
    return f"{base}?{query}" if query else base
