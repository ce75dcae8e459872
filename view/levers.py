"""Widgets that read and change the shared scenario.

A widget's key names where it stands and which field it moves (``lever.sidebar.consistency``);
its value is set from the scenario before it is drawn, and its callback writes back to the
scenario, so the same field can have a widget on several pages and all agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from smm_sim.catalogue import Currency, Department, Measurement
from smm_sim.formats import (EXACT, MONEY_UNITS, NUMBER_CHARS, NumberError, field_value,
                             in_percent, needed_decimals, parse_number, typed_number)
from smm_sim.presets import PRESETS
from smm_sim.scenario import GROUPS, NUMERIC_FIELDS, WHOLE_FIELDS, field_meta

from . import state
from .text import field_label, labels, lang, number, plain, plural, t

CORE_LEVERS = ("hours_per_week", "consistency", "personalization")


def sync(key: str, value: Any) -> None:
    """Give the widget under ``key`` the value it must show (the scenario's, the language, a
    step), before it is drawn: not after, Streamlit forbids it."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def help_text(name: str) -> str:
    meta = field_meta(name)
    lo, hi = meta["range"]
    source = t(f"source.{meta['source']}")
    described = {"description": t(f"field.{name}.help"), "unit": t(f"unit.{meta['unit']}"),
                 "source": source}
    if lo is None:  # a field of named values: no range to give
        return t("levers.help_named", **described)
    low, high = (field_value(name, end, state.scenario().currency, lang(), EXACT,
                             percent_past_100=False) for end in (lo, hi))
    return t("levers.help", low=low, high=high, **described)


def lever(name: str, where: str, container: Any = None) -> None:
    """A slider (shares in percent) or number box for one numeric field."""
    box = container or st
    meta = field_meta(name)
    lo, hi = meta["range"]
    value = getattr(state.scenario(), name)
    key = f"lever.{where}.{name}"
    label = field_label(name, state.scenario().currency)
    if in_percent(name, past_100=False):  # a share that may pass 100% shows as it is
        sync(key, round(value * 100, 2))
        box.slider(label, min_value=lo * 100, max_value=hi * 100,
                   step=max(0.01, (meta["step"] or 0.01) * 100), format="%g%%", key=key,
                   help=help_text(name), on_change=_apply_scaled, args=(name, key, 100.0))
    elif name in WHOLE_FIELDS:
        sync(key, value)
        box.slider(label, min_value=int(lo), max_value=int(hi), step=1, key=key,
                   help=help_text(name), on_change=_apply_scaled, args=(name, key, 1.0))
    elif meta["unit"] in MONEY_UNITS or hi > 1000:
        number_box(label, key, float(value), (float(lo), float(hi)),
                   lambda typed: state.update(**{name: typed}), help=help_text(name),
                   money=meta["unit"] in MONEY_UNITS, container=box)
    else:
        sync(key, float(value))
        box.slider(label, min_value=float(lo), max_value=float(hi),
                   step=float(meta["step"] or 0.1), format="%g", key=key, help=help_text(name),
                   on_change=_apply_scaled, args=(name, key, 1.0))


REFUSED_KEY = "number.refused"  # {box key: Refusal}: typed texts a number box did not take


@dataclass(frozen=True)
class Refusal:
    text: str  # what the reader typed, left in the box to correct
    value: float  # what the box stood for then: a change made elsewhere supersedes the refusal


def number_box(label: str, key: str, value: float, bounds: tuple[float, float],
               on_value: Callable[[float], Any], help: str | None = None, money: bool = False,
               container: Any = None) -> None:
    """A box for one number, read and written as the reader's language does (50,5 in
    Italian): ``st.number_input`` knows no locale, showing 43.50 and reading 50,5 as 505.
    A typed number inside ``bounds`` goes to ``on_value``; anything else stays in the box
    with a message under it and changes nothing. Money shows cents when it has any."""
    box = container or st
    refused = st.session_state.get(REFUSED_KEY, {}).get(key)
    if refused and (refused.value != value or st.session_state.get(key) != refused.text):
        st.session_state[REFUSED_KEY].pop(key)
        refused = None
    if refused is None:
        digits = min(needed_decimals(value), 6)
        sync(key, typed_number(value, lang(), max(digits, 2) if money and digits else digits))
    box.text_input(label, key=key, help=help, max_chars=NUMBER_CHARS,
                   on_change=_read_number, args=(key, value, bounds, on_value))
    if refused:
        with box.container(key=f"refused-{key}"):
            st.error(_refusal(refused.text, bounds), icon=":material/error:")


def _refusal(text: str, bounds: tuple[float, float]) -> str | None:
    """The message for a typed text the box cannot take, or None when it can."""
    try:
        typed = parse_number(text, lang())
    except NumberError as err:
        return t(f"number.{err.reason}", **{k: plain(v) for k, v in err.values.items()})
    low, high = bounds
    if low <= typed <= high:
        return None
    return t("number.range", low=typed_number(low, lang(), min(needed_decimals(low), 6)),
             high=typed_number(high, lang(), min(needed_decimals(high), 6)))


def _read_number(key: str, value: float, bounds: tuple[float, float],
                 on_value: Callable[[float], Any]) -> None:
    text = st.session_state.get(key) or ""
    refused = st.session_state.setdefault(REFUSED_KEY, {})
    if _refusal(text, bounds):
        refused[key] = Refusal(text, value)
        return
    refused.pop(key, None)
    on_value(parse_number(text, lang()))


def _apply_scaled(name: str, key: str, scale: float) -> None:
    value = st.session_state[key] / scale
    if name in WHOLE_FIELDS:
        value = int(round(value))
    state.update(**{name: value})


def choice(name: str, options: list[str], where: str, container: Any = None) -> None:
    """A select box for a field with named values (measurement, currency)."""
    box = container or st
    key = f"lever.{where}.{name}"
    sync(key, getattr(state.scenario(), name))
    box.selectbox(t(f"field.{name}.label"), options, key=key, help=help_text(name),
                  format_func=labels(f"choice.{name}"),
                  on_change=lambda: state.update(**{name: st.session_state[key]}))


def departments(where: str, container: Any = None) -> None:
    box = container or st
    for dept in Department:
        key = f"lever.{where}.departments.{dept.value}"
        sync(key, dept.value in state.scenario().departments)
        box.checkbox(t(f"choice.departments.{dept.value}"), key=key,
                     help=t(f"department.{dept.value}.brings"),
                     on_change=_toggle_department, args=(dept.value, key))


def _toggle_department(dept: str, key: str) -> None:
    chosen = [d for d in state.scenario().departments if d != dept]
    if st.session_state[key]:
        chosen.append(dept)
    state.update(departments=tuple(d.value for d in Department if d.value in chosen))


def core_levers(where: str, container: Any = None) -> None:
    for name in CORE_LEVERS:
        lever(name, where, container)


def core_levers_row(where: str) -> None:
    """The three main levers side by side (stacked on a narrow screen)."""
    for column, name in zip(st.columns(len(CORE_LEVERS)), CORE_LEVERS):
        lever(name, where, column)


def advanced_panel() -> None:
    """Every other field, grouped as the scenario groups them, in expanders."""
    st.subheader(t("levers.advanced"))
    for group in GROUPS:
        if group == "core":
            continue
        # Filled only while open: some 50 closed levers would cost every page load and rerun.
        panel = st.expander(t(f"group.{group}"), key=f"levers.group.{group}", on_change="rerun")
        if not panel.open:
            continue
        with panel:
            for name in NUMERIC_FIELDS:
                if field_meta(name)["group"] == group and name not in CORE_LEVERS:
                    lever(name, "advanced")
            if group == "measurement":
                choice("measurement", [m.value for m in Measurement], "advanced")
                departments("advanced")
            if group == "economics":
                choice("currency", [c.value for c in Currency], "advanced")
            if group == "networks":
                st.caption(t("levers.networks_elsewhere"))
            if group == "content":
                st.caption(t("levers.content_mix_elsewhere"))


PENDING_KEY = "lever.preset.pending"  # the preset asked for while it would discard edits


def presets_and_reset(container: Any = None) -> None:
    """Start from a typical case, go back to it, pin the current scenario as reference, or
    undo the last change. A preset or Reset that would discard edits asks first."""
    box = container or st
    key = "lever.preset"
    sync(key, state.preset_name())
    box.selectbox(t("levers.preset"), list(PRESETS), key=key,
                  format_func=labels("preset"),
                  on_change=lambda: _ask_preset(st.session_state[key]))
    left, right = box.columns(2)
    left.button(t("levers.reset"), key="lever.reset",
                on_click=lambda: _ask_preset(state.preset_name()), help=t("levers.reset_help"),
                disabled=not state.edited(), width="stretch")
    right.button(t("levers.pin"), key="lever.pin", on_click=state.pin_reference,
                 help=t("levers.pin_help"), width="stretch")
    if PENDING_KEY in st.session_state:
        _confirm_discard(box)
    steps = state.undo_steps()
    box.button(t("levers.undo"), key="lever.undo", on_click=state.undo, disabled=not steps,
               icon=":material/undo:", width="stretch",
               help=t("levers.undo_help", most=state.UNDO_STEPS))


def _ask_preset(name: str) -> None:
    """Start from ``name`` at once when nothing would be lost; otherwise ask first."""
    if state.edited():
        st.session_state[PENDING_KEY] = name
    else:
        st.session_state.pop(PENDING_KEY, None)
        state.use_preset(name)


def _confirm_discard(box: Any) -> None:
    name = st.session_state[PENDING_KEY]
    if not state.edited():  # undone or changed back meanwhile: nothing left to ask about
        st.session_state.pop(PENDING_KEY)
        return
    kind = "reset" if name == state.preset_name() else "preset"
    count = state.changed_fields()
    lines = [t(f"levers.discard.{kind}", preset=t(f"preset.{name}"))]
    if count:
        lines.append(t(f"levers.discard.count.{plural(count)}", count=number(count)))
    if state.pinned():
        lines.append(t("levers.discard.pinned"))
    lines.append(t("levers.discard.undo"))
    with box.container(key="preset-confirm"):
        st.warning(" ".join(lines), icon=":material/warning:")
        yes, no = st.columns(2)
        yes.button(t("levers.discard.yes"), key="lever.discard.yes", type="primary",
                   on_click=_discard, width="stretch")
        no.button(t("levers.discard.no"), key="lever.discard.no", width="stretch",
                  on_click=lambda: st.session_state.pop(PENDING_KEY, None))


def _discard() -> None:
    state.use_preset(st.session_state.pop(PENDING_KEY))


def horizon(container: Any = None) -> None:
    box = container or st
    key = "lever.weeks"
    sync(key, state.weeks())
    # The unit in the label and bare numbers on the buttons: three fit a sidebar's row.
    box.segmented_control(t("levers.horizon"), list(state.HORIZONS), key=key, format_func=str,
                          on_change=_set_weeks, args=(key,))


def _set_weeks(key: str) -> None:
    if st.session_state.get(key):  # a click on the chosen value clears it: keep the horizon
        state.set_weeks(st.session_state[key])
