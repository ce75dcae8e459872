"""One scenario for the whole session, mirrored in the URL so a link reproduces it.

The scenario lives in ``st.session_state`` under a key no widget uses, so it survives page
switches; the URL holds what differs from the chosen preset, named as the scenario's fields,
plus the preset, the language and the horizon, so it survives a refresh and can be shared.
A pinned reference travels with it as its differences from the scenario
(``ref=pin&ref.<field>=…``), and so does the work the pages keep (``kept``): a new session,
after a refresh or a server restart, shows the same numbers.

Each change of the scenario keeps the one before for Undo (``UNDO_STEPS`` deep), and each URL
written is a browser-history entry (Streamlit pushes one per change): Back and Forward bring
the scenario of that entry back, and are kept for Undo as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from smm_sim import Scenario
from smm_sim.excerpt import excerpt
from smm_sim.i18n import LANGUAGES, normalise_language
from smm_sim.presets import DEFAULT_PRESET, PRESETS, preset
from smm_sim.query import Problem, decode, decode_under, encode, encode_under, repeated

from . import kept
from .guard import LINK_DROPPED
from .text import LANG_KEY

SCENARIO_KEY = "scenario"
REFERENCE_KEY = "reference"
PRESET_KEY = "preset"
WEEKS_KEY = "weeks"
PROBLEMS_KEY = "url_problems"
DROPPED_KEY = "url_dropped"  # the link was too long for Streamlit, which read none of it
ERROR_KEY = "last_error"
HORIZONS = (26, 52, 104)
DEFAULT_WEEKS = 52
VIEW_PARAMS = (LANG_KEY, PRESET_KEY, WEEKS_KEY)
REF, PINNED = "ref", "pin"  # the link's marker of a pinned reference: ref=pin
UNDO_KEY = "undo"  # [Step]: what each change replaced, the newest last
UNDO_STEPS = 20  # changes that Undo can take back; older ones are forgotten


def init() -> None:
    """Read the URL once per session; afterwards the session's own state is the truth, except
    after the browser's Back or Forward: then the URL of that step brings its scenario back."""
    ss = st.session_state
    if SCENARIO_KEY not in ss:
        link = _read_link()
        ss[LANG_KEY] = link.language
        ss[PRESET_KEY], ss[SCENARIO_KEY], ss[REFERENCE_KEY] = link.step
        ss[WEEKS_KEY], ss[PROBLEMS_KEY] = link.weeks, link.problems
        # Copied as a dict: under AppTest the cookies are a mock that holds every name.
        ss[DROPPED_KEY] = dict(st.context.cookies).get(LINK_DROPPED) == "1"
    elif _history_navigation():
        # Streamlit adds a history entry for each URL written; Back had only rerun the page,
        # which wrote the newest URL over the old one again: nothing seen, then off the app.
        # The kept work (canvas, RACI, compare) stays as the session has it.
        link = _read_link(with_kept=False)
        _change(link.step)
        ss[LANG_KEY], ss[WEEKS_KEY] = link.language, link.weeks
        if link.problems:
            ss[PROBLEMS_KEY] = link.problems
    write_url()


@dataclass(frozen=True)
class _Link:
    step: Step
    language: str
    weeks: int
    problems: list[Problem]


def _read_link(with_kept: bool = True) -> _Link:
    """What the URL says: the scenario's step, the language, the horizon and what was refused;
    ``with_kept`` also brings the kept work back into the session (:func:`kept.read`)."""
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    problems: list[Problem] = repeated({k: st.query_params.get_all(k)
                                        for k in st.query_params.keys()})
    name = params.get(PRESET_KEY, DEFAULT_PRESET)
    if name not in PRESETS:
        problems.append(Problem(PRESET_KEY, excerpt(name), "invalid"))
        name = DEFAULT_PRESET
    pinned = any(k == REF or k.startswith(f"{REF}.") for k in params)
    own = {k: v for k, v in params.items()
           if not (k == REF or k.startswith(f"{REF}.") or kept.owns(k))}
    scenario, found = decode(own, preset(name), ignore=VIEW_PARAMS)
    problems += found
    reference = preset(name)
    if pinned:
        if params.get(REF, PINNED) != PINNED:
            problems.append(Problem(REF, str(params[REF])[:40], "invalid"))
        reference, found = decode_under(params, scenario, REF)
        problems += found
    if with_kept:
        problems += kept.read(params, scenario)
    language = params.get(LANG_KEY)
    if language is not None and language not in LANGUAGES:
        problems.append(Problem(LANG_KEY, excerpt(language), "invalid"))
        language = None
    weeks = params.get(WEEKS_KEY, str(DEFAULT_WEEKS))
    if weeks not in {str(h) for h in HORIZONS}:
        problems.append(Problem(WEEKS_KEY, excerpt(weeks), "invalid"))
        weeks = str(DEFAULT_WEEKS)
    return _Link(Step(name, scenario, reference),
                 language or normalise_language(st.context.locale), int(weeks), problems)


def _history_navigation() -> bool:
    """Whether this run follows the browser's Back or Forward (Streamlit's own flag)."""
    ctx = get_script_run_ctx()
    return ctx is not None and ctx.is_history_navigation


def scenario() -> Scenario:
    return st.session_state[SCENARIO_KEY]


def reference() -> Scenario:
    return st.session_state[REFERENCE_KEY]


def weeks() -> int:
    return st.session_state[WEEKS_KEY]


def preset_name() -> str:
    return st.session_state[PRESET_KEY]


def query() -> dict[str, str]:
    """The URL parameters of the current state (defaults left out)."""
    params = encode(scenario(), base=preset(preset_name()))
    if preset_name() != DEFAULT_PRESET:
        params[PRESET_KEY] = preset_name()
    if weeks() != DEFAULT_WEEKS:
        params[WEEKS_KEY] = str(weeks())
    params[LANG_KEY] = st.session_state[LANG_KEY]
    if pinned():
        params[REF] = PINNED
        params.update(encode_under(reference(), scenario(), REF))
    params.update(kept.write(scenario()))
    return params


def write_url() -> None:
    params = query()
    if {k: st.query_params.get(k) for k in st.query_params.keys()} != params:
        st.query_params.from_dict(params)


def update(**changes: Any) -> bool:
    """Change fields of the scenario; a refused change keeps the scenario and records why."""
    try:
        new = scenario().replace(**changes)
    except ValueError as err:
        st.session_state[ERROR_KEY] = str(err)
        return False
    st.session_state.pop(ERROR_KEY, None)
    _change(Step(preset_name(), new, reference()))
    write_url()
    return True


def replace_scenario(new: Scenario) -> None:
    """Make ``new`` the scenario of every page (a loaded file, a fitted or assessed scenario)."""
    _change(Step(preset_name(), new, reference()))
    st.session_state.pop(ERROR_KEY, None)
    write_url()


def use_preset(name: str) -> None:
    """Start again from a preset: it becomes the scenario and the reference."""
    _change(Step(name, preset(name), preset(name)))
    write_url()


def edited() -> bool:
    """Whether a preset or Reset would discard something: the scenario or the reference is no
    longer the chosen preset."""
    start = preset(preset_name())
    return scenario() != start or reference() != start


def pinned() -> bool:
    """Whether a reference was set: it is no longer the chosen preset."""
    return reference() != preset(preset_name())


def changed_fields() -> int:
    """How many of the scenario's fields differ from the chosen preset (what Reset undoes)."""
    return len(scenario().changes_from(preset(preset_name())))


def pin_reference() -> None:
    _change(Step(preset_name(), scenario(), scenario()))
    write_url()


# --- undo ------------------------------------------------------------------------------------
class Step(NamedTuple):
    """What one undo step brings back."""

    preset: str
    scenario: Scenario
    reference: Scenario


def _step() -> Step:
    return Step(preset_name(), scenario(), reference())


def _change(new: Step) -> None:
    """Make ``new`` the session's step, the one before it kept for :func:`undo` (an unchanged
    step keeps nothing: a click on the value shown is no change)."""
    ss = st.session_state
    before = _step()
    if new == before:
        return
    history = ss.setdefault(UNDO_KEY, [])
    history.append(before)
    del history[:-UNDO_STEPS]
    ss[PRESET_KEY], ss[SCENARIO_KEY], ss[REFERENCE_KEY] = new


def undo_steps() -> int:
    """How many changes :func:`undo` can take back (at most ``UNDO_STEPS``)."""
    return len(st.session_state.get(UNDO_KEY, ()))


def undo() -> None:
    """Bring back the step before the last change (its preset, scenario and reference)."""
    history = st.session_state.get(UNDO_KEY)
    if not history:
        return
    ss = st.session_state
    ss[PRESET_KEY], ss[SCENARIO_KEY], ss[REFERENCE_KEY] = history.pop()
    ss.pop(ERROR_KEY, None)
    write_url()


def set_weeks(value: int) -> None:
    st.session_state[WEEKS_KEY] = int(value)
    write_url()


def set_language(value: str) -> None:
    st.session_state[LANG_KEY] = value
    write_url()


def problems() -> list[Problem]:
    return st.session_state.get(PROBLEMS_KEY, [])


def link_dropped() -> bool:
    """Whether this session's link was too long to be read at all (view/guard.py)."""
    return st.session_state.get(DROPPED_KEY, False)


def last_error() -> str | None:
    return st.session_state.get(ERROR_KEY)
