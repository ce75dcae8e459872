"""The no_roles page's tool: a RACI matrix whose complete tasks set the role clarity
(:func:`smm_sim.planning.raci_clarity`), with the people's names."""

from __future__ import annotations

import streamlit as st

from smm_sim.planning import (RACI_PEOPLE, RACI_TASKS, RACI_VALUES, raci_clarity, raci_from_cells,
                              raci_to_cells)

from .. import levers, state
from ..kept import RACI_CELLS_KEY, RACI_NAME_CHARS, raci_cells, raci_names
from ..text import percent, t

BLANK_CHOICE = "–"  # the matrix's "no role", the same in every language


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
    # The grid holds the blank choice as a mark, not as "": Streamlit shows an empty cell as
    # "None", flags it as unfilled ("Please fill out this cell.") and offers "Select...",
    # all in English. A cell cleared in the grid shows the same mark.
    shown = stored.replace("", BLANK_CHOICE)
    shown.insert(0, "task", [t(f"tool.no_roles.task.{k}") for k in RACI_TASKS])
    with st.form("raci"):
        column_config = {"task": st.column_config.TextColumn(t("tool.no_roles.task_column"),
                                                             disabled=True)}
        column_config.update({p: st.column_config.SelectboxColumn(
            name or p, options=[BLANK_CHOICE, *RACI_VALUES[1:]])
            for p, name in zip(RACI_PEOPLE, names)})
        edited = st.data_editor(shown, key="raci.editor", hide_index=True,
                                column_config=column_config, placeholder=BLANK_CHOICE)
        submitted = st.form_submit_button(t("tool.no_roles.apply"))
    st.caption(t("tool.no_roles.legend"))
    if submitted:  # the mark and a cleared cell (None) are no role: the engine reads them so
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
