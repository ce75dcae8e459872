"""The work of a session that defines what it shows besides the scenario, kept in the link so a
refresh or a server restart brings it back: the strategy canvas, the RACI matrix and its names,
the compare slots. A fitted file cannot travel in a link: the link only says one was fitted,
so a new session can say it is gone instead of showing other numbers silently.

Every value from the link is user text or a choice: checked against its own short limit and
kept as plain text (never markup). The pinned reference is the scenario's own: see ``state``.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Mapping

import streamlit as st

from smm_sim import Scenario
from smm_sim.mistakes import MISTAKE_IDS
from smm_sim.planning import CANVAS_PARTS, RACI_BLANK_CELL, RACI_PEOPLE, RACI_TASKS, RACI_VALUES
from smm_sim.query import Problem, decode_under, encode_under

# --- the strategy canvas -----------------------------------------------------------------
CANVAS_CHARS = 600  # an answer's most characters, in the text area and in the link
CANVAS_KEY = "canvas.answers"  # no widget owns it, so the answers survive page switches
CANVAS_BLANK = {**dict.fromkeys(CANVAS_PARTS, ""), "layperson": False}

# --- the RACI matrix ---------------------------------------------------------------------
RACI_NAME_CHARS = 40
RACI_CELLS_KEY = "raci.cells"  # the matrix applied last, task by task, person by person
RACI_NAMES_KEY = "raci.names"  # {person: name typed}; a person left out shows the default

# --- the compare page --------------------------------------------------------------------
SLOTS = 4  # the current scenario and three others
DEFAULT_SOURCES = ("fixed", "made", "none")
NAME_CHARS = 40
SLOTS_KEY = "compare.slots"  # [{"source": str, "name": str | None}] for slots 1..3
SAVED_KEY = "compare.saved"  # {id: {"name": str | None, "scenario": Scenario, "previous": bool}}
CURRENT_NAME_KEY = "compare.current_name"
NEXT_ID_KEY = "compare.next_id"
MAX_SAVED_ID = 1_000_000  # a saved scenario's number in a link
SLOT_NOT_FIELDS = ("name", "label", "previous")  # keys under cmpN. that are not fields

# --- the fitted file and what a new session could not bring back ------------------------
FIT_KEY = "data.result"  # the last weekly file's outcome (view.your_data.Upload)
LOST_KEY = "link.lost"  # {"fit": True, "saved": n}: named once in a new session

PREFIXES = ("canvas", "raci", "cmp")  # a link key ``<prefix>`` or ``<prefix>...`` is ours
FIT_PARAM = "fit"


def owns(key: str) -> bool:
    """Whether a link key belongs here rather than to the scenario."""
    return key == FIT_PARAM or key.startswith(PREFIXES)


def clean_text(text: str, most: int, lines: bool = False) -> str | None:
    """User text from a link as plain characters: control characters dropped (but line breaks
    with ``lines``), None when longer than ``most`` characters."""
    if len(text) > most:
        return None
    keep = "\n" if lines else ""
    return "".join(c for c in text if c in keep or unicodedata.category(c) != "Cc")


def slots() -> list[dict[str, Any]]:
    ss = st.session_state
    if SLOTS_KEY not in ss:
        ss[SLOTS_KEY] = [{"source": s, "name": None} for s in DEFAULT_SOURCES]
    return ss[SLOTS_KEY]


def saved() -> dict[int, dict[str, Any]]:
    return st.session_state.setdefault(SAVED_KEY, {})


def raci_cells() -> str | None:
    """The applied matrix as one letter a cell (task by task, then person), or None."""
    return st.session_state.get(RACI_CELLS_KEY)


def raci_names() -> dict[str, str]:
    return st.session_state.setdefault(RACI_NAMES_KEY, {})


def lost() -> dict[str, Any]:
    return st.session_state.get(LOST_KEY, {})


def forget_lost(what: str | None = None) -> None:
    """Stop naming ``what`` (everything when None) as lost, in the page and in the link."""
    if what is None:
        st.session_state.pop(LOST_KEY, None)
    else:
        lost().pop(what, None)


def fitted() -> bool:
    """A file was fitted in this session (its result is shown on the data page)."""
    return getattr(st.session_state.get(FIT_KEY), "calibration", None) is not None


# --- the link ------------------------------------------------------------------------------
def write(current: Scenario) -> dict[str, str]:
    """The link parameters of the kept work (the defaults left out)."""
    ss, out = st.session_state, {}
    answers = ss.get(CANVAS_KEY, {})
    out.update({f"canvas.{p}": answers[p] for p in CANVAS_PARTS if answers.get(p)})
    if answers.get("layperson"):
        out["canvas.layperson"] = "1"
    if raci_cells():
        out["raci"] = raci_cells()
    out.update({f"raci.{p}": n for p, n in raci_names().items()})
    if SLOTS_KEY in ss:
        out.update(_write_slots(current))
    if fitted() or lost().get("fit"):
        out[FIT_PARAM] = "1"
    return out


def _write_slots(current: Scenario) -> dict[str, str]:
    out: dict[str, str] = {}
    if ss_name := st.session_state.get(CURRENT_NAME_KEY):
        out["cmp0.name"] = ss_name
    shown = set()
    for i, slot in enumerate(slots(), start=1):
        source = slot["source"]
        if source != DEFAULT_SOURCES[i - 1]:
            out[f"cmp{i}"] = source
        if slot["name"]:
            out[f"cmp{i}.name"] = slot["name"]
        if source.startswith("saved.") and int(source[6:]) in saved():
            entry = saved()[int(source[6:])]
            shown.add(int(source[6:]))
            out.update(encode_under(entry["scenario"], current, f"cmp{i}"))
            if entry["name"]:
                out[f"cmp{i}.label"] = entry["name"]
            if entry["previous"]:
                out[f"cmp{i}.previous"] = "1"
    more = len(set(saved()) - shown) + lost().get("saved", 0)
    if more:
        out["cmp.more"] = str(more)
    return out


def read(params: Mapping[str, str], current: Scenario) -> list[Problem]:
    """Bring the kept work back from a link into a new session; return what was refused.
    What the link says existed but cannot come back is recorded for :func:`lost`."""
    ss, problems = st.session_state, []

    def refuse(key: str) -> None:
        problems.append(Problem(key[:40], str(params[key])[:40], "invalid"))

    answers = dict(CANVAS_BLANK)
    for part in CANVAS_PARTS:
        key = f"canvas.{part}"
        if key in params:
            text = clean_text(str(params[key]), CANVAS_CHARS, lines=True)
            if text is None:
                refuse(key)
            else:
                answers[part] = text
    if "canvas.layperson" in params:
        if params["canvas.layperson"] == "1":
            answers["layperson"] = True
        else:
            refuse("canvas.layperson")
    if answers != CANVAS_BLANK:
        ss[CANVAS_KEY] = answers
    if "raci" in params:
        cells = str(params["raci"])
        if len(cells) == len(RACI_TASKS) * len(RACI_PEOPLE) \
                and set(cells) <= set(RACI_VALUES[1:]) | {RACI_BLANK_CELL}:
            ss[RACI_CELLS_KEY] = cells
        else:
            refuse("raci")
    for person in RACI_PEOPLE:
        key = f"raci.{person}"
        if key in params:
            name = clean_text(str(params[key]), RACI_NAME_CHARS)
            if name and name.strip():
                raci_names()[person] = name.strip()
            else:
                refuse(key)
    problems += _read_slots(params, current)
    if FIT_PARAM in params:
        if params[FIT_PARAM] == "1":
            ss.setdefault(LOST_KEY, {})["fit"] = True
        else:
            refuse(FIT_PARAM)
    known = {"canvas.layperson", "raci", "cmp.more", FIT_PARAM, "cmp0.name"} \
        | {f"canvas.{p}" for p in CANVAS_PARTS} | {f"raci.{p}" for p in RACI_PEOPLE}
    for key in params:  # a key under our prefixes that names nothing we keep
        if owns(key) and key not in known and not _slot_key(key):
            refuse(key)
    return problems


def _slot_key(key: str) -> bool:
    return key[:4] in {f"cmp{i}" for i in range(1, SLOTS)} and key[4:5] in ("", ".")


def _source_ok(source: str) -> bool:
    if source in ("none", "fixed", "made"):
        return True
    if source.startswith("fix."):
        return source[4:] in MISTAKE_IDS
    number = source[6:]
    return source.startswith("saved.") and number.isascii() and number.isdigit() \
        and len(number) <= 7 and 0 < int(number) <= MAX_SAVED_ID


def _read_slots(params: Mapping[str, str], current: Scenario) -> list[Problem]:
    ss, problems = st.session_state, []

    def name(key: str) -> str | None:
        if key not in params:
            return None
        text = clean_text(str(params[key]), NAME_CHARS)
        if not text or not text.strip():
            problems.append(Problem(key, str(params[key])[:40], "invalid"))
            return None
        return text.strip()
    if not any(_slot_key(k) or k.startswith("cmp0") or k == "cmp.more" for k in params):
        return problems
    ss[CURRENT_NAME_KEY] = name("cmp0.name")
    store = saved()
    for i in range(1, SLOTS):
        key = f"cmp{i}"
        source = str(params.get(key, DEFAULT_SOURCES[i - 1]))
        if not _source_ok(source):
            problems.append(Problem(key, source[:40], "invalid"))
            source = DEFAULT_SOURCES[i - 1]
        if source.startswith("saved."):
            scenario, found = decode_under(params, current, key, ignore=SLOT_NOT_FIELDS)
            problems += found
            store.setdefault(int(source[6:]), {"name": name(f"{key}.label"), "scenario": scenario,
                                               "previous": params.get(f"{key}.previous") == "1"})
        slots()[i - 1].update(source=source, name=name(f"{key}.name"))
    ss[NEXT_ID_KEY] = max(store, default=0) + 1
    more = str(params.get("cmp.more", "0"))
    if more.isascii() and more.isdigit() and len(more) <= 3:
        if int(more):
            ss.setdefault(LOST_KEY, {})["saved"] = int(more)
    else:
        problems.append(Problem("cmp.more", more[:40], "invalid"))
    return problems
