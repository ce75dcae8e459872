"""The no_strategy page's tool: a strategy canvas whose written parts set the strategy
clarity (:func:`smm_sim.planning.canvas_clarity`)."""

from __future__ import annotations

import streamlit as st

from smm_sim.planning import CANVAS_PARTS, canvas_clarity

from .. import levers, state
from ..kept import CANVAS_BLANK, CANVAS_CHARS, CANVAS_KEY
from ..text import percent, t


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
