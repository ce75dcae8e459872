"""The worksheets behind the mistake pages' tools, as plain functions: the strategy canvas,
the KPI ladder, the network mix, the RACI matrix, the weekly time box, the content mix and
the hours that personalisation takes.

Each turns what a user fills in into a lever of :class:`~smm_sim.Scenario` (a share from 0 to
1, a mix of networks, hours a week), or a simulated frame into a table.

>>> from smm_sim.planning import canvas_clarity
>>> canvas_clarity({"audience": "Owners of small restaurants in Milan"}, layperson=True)
0.29
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .catalogue import NETWORKS
from .scenario import MAX_FOLLOWERS, Scenario, field_meta

__all__ = [
    "CANVAS_MIN_CHARS", "CANVAS_PARTS", "DAILY_TASKS", "DAY_HOURS", "LADDER_MONEY_RUNGS",
    "MAX_FOLLOWERS", "MixError", "RACI_BLANK_CELL", "RACI_PEOPLE", "RACI_TASKS", "RACI_VALUES",
    "REPLY_TIMES", "SLOTS_A_WEEK", "WORKDAYS", "canvas_clarity", "comment_checks",
    "kpi_ladder_rows", "mix_from_rows", "normalised_shares", "personalization_hours",
    "raci_clarity", "raci_from_cells", "raci_to_cells", "time_box",
]


def normalised_shares(weights: Sequence[float]) -> tuple[float, ...]:
    """``weights`` (any unit, none negative) as shares that sum to exactly 1.

    The last share takes what rounding left, so the sum is 1 to the last bit. Raises
    ``ValueError`` when the weights sum to 0 or less.
    """
    total = float(sum(weights))
    if total <= 0:
        raise ValueError(f"weights must sum to more than 0; got {total!r}")
    shares = [float(w) / total for w in weights]
    shares[-1] = 1.0 - sum(shares[:-1])
    return tuple(shares)


# --- the strategy canvas -----------------------------------------------------------------
CANVAS_PARTS = ("audience", "goal", "networks", "message", "cadence", "kpi")
CANVAS_MIN_CHARS = 15  # an answer shorter than this does not count as written


def canvas_clarity(answers: Mapping[str, str | None], layperson: bool) -> float:
    """Strategy clarity (share, 0 to 1, to the hundredth) from the canvas.

    Each part of ``CANVAS_PARTS`` answered in at least ``CANVAS_MIN_CHARS`` characters
    (spaces around left out) counts one, and so does passing the layperson test (someone
    outside the team understands the plan); the clarity is the share of those counts.
    """
    written = sum(len((answers.get(p) or "").strip()) >= CANVAS_MIN_CHARS for p in CANVAS_PARTS)
    return round((written + int(layperson)) / (len(CANVAS_PARTS) + 1), 2)


# --- the KPI ladder ----------------------------------------------------------------------
LADDER_MONEY_RUNGS = ("revenue", "gross_margin", "savings", "cost", "profit")  # in currency


def kpi_ladder_rows(frame: pd.DataFrame, followers_start: float, margin: float) -> pd.DataFrame:
    """Each rung of the ladder, from audience to money, over the horizon of ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A weekly frame of :func:`smm_sim.simulate`.
    followers_start : float
        Followers before the first week (the scenario's ``followers_start``).
    margin : float
        Gross margin, a share of revenue (the scenario's ``margin``).

    Returns
    -------
    pandas.DataFrame
        Columns ``rung`` and ``value``: followers gained, then engagements, clicks and
        conversions (counts), then revenue, gross margin, savings, cost and profit (currency,
        the rungs of ``LADDER_MONEY_RUNGS``), each summed over the weeks.
    """
    rungs = [("followers", frame["followers"].iloc[-1] - followers_start),
             ("engagements", frame["engagements"].sum()), ("clicks", frame["clicks"].sum()),
             ("conversions", frame["conversions"].sum()), ("revenue", frame["revenue"].sum()),
             ("gross_margin", margin * frame["revenue"].sum()),
             ("savings", frame["savings"].sum()), ("cost", frame["cost"].sum()),
             ("profit", frame["profit"].sum())]
    return pd.DataFrame(rungs, columns=["rung", "value"])


# --- the network mix ---------------------------------------------------------------------


class MixError(ValueError):
    """Rows that cannot make a mix of networks; ``reason`` says why: "empty" (no known
    network), "duplicate" (a network twice) or "shares" (no share above 0)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def mix_from_rows(rows: pd.DataFrame) -> tuple[tuple[str, float, int], ...]:
    """The scenario's ``networks`` from a table of rows, as a user edits it.

    Parameters
    ----------
    rows : pandas.DataFrame
        Columns ``network`` (an id of ``NETWORKS``; other rows are dropped), ``share`` (the
        network's part of the hours, in percent or any unit: normalised; empty is 0, below 0
        is 0) and ``followers`` (empty is 0; clipped to 0 … ``MAX_FOLLOWERS``, rounded).

    Returns
    -------
    tuple of (str, float, int)
        (network, share of the hours summing to 1, followers), in the rows' order.

    Raises
    ------
    MixError
        When no row names a known network, a network comes twice, or no share is above 0.
    """
    clean = rows.dropna(subset=["network"])
    clean = clean[clean["network"].isin(list(NETWORKS))]
    if clean.empty:
        raise MixError("empty", "no row names a known network")
    if clean["network"].duplicated().any():
        raise MixError("duplicate", "a network is named in two rows")
    weights = clean["share"].fillna(0).clip(lower=0).astype(float)
    if weights.sum() <= 0:
        raise MixError("shares", "no network has a share above 0")
    shares = normalised_shares(list(weights))
    followers = clean["followers"].fillna(0).clip(lower=0, upper=MAX_FOLLOWERS).round()
    return tuple((str(n), s, int(f)) for n, s, f in zip(clean["network"], shares, followers))


# --- the RACI matrix ---------------------------------------------------------------------
RACI_TASKS = ("plan", "create", "publish", "reply", "monitor", "report", "crisis")
RACI_PEOPLE = ("p1", "p2", "p3")
RACI_VALUES = ("", "R", "A", "C", "I")  # none, responsible, accountable, consulted, informed
RACI_BLANK_CELL = "-"  # an empty cell in the matrix's cells as a string


def raci_clarity(matrix: pd.DataFrame) -> float:
    """Role clarity (share, 0 to 1, to the hundredth): the share of tasks (rows of
    ``matrix``, a column per person, cells of ``RACI_VALUES``) with exactly one person
    accountable (A) and at least one responsible (R). An empty matrix gives 0."""
    if matrix.empty or matrix.shape[1] == 0:
        return 0.0
    values = matrix.fillna("").astype(str)
    complete = ((values == "A").sum(axis=1) == 1) & ((values == "R").sum(axis=1) >= 1)
    return round(float(complete.mean()), 2)


def raci_from_cells(cells: str | None) -> pd.DataFrame:
    """The matrix (``RACI_TASKS`` × ``RACI_PEOPLE``) from one letter a cell, task by task then
    person by person, ``RACI_BLANK_CELL`` for an empty one; None or "" gives it empty."""
    values = ["" if c == RACI_BLANK_CELL else c for c in cells or ""] \
        or [""] * (len(RACI_TASKS) * len(RACI_PEOPLE))
    width = len(RACI_PEOPLE)
    rows = [values[i * width:(i + 1) * width] for i in range(len(RACI_TASKS))]
    return pd.DataFrame(rows, index=list(RACI_TASKS), columns=list(RACI_PEOPLE))


def raci_to_cells(matrix: pd.DataFrame) -> str:
    """The matrix as :func:`raci_from_cells` reads it; a cell not in ``RACI_VALUES`` is blank."""
    values = matrix.fillna("").astype(str).to_numpy().ravel()
    return "".join(v if v in RACI_VALUES[1:] else RACI_BLANK_CELL for v in values)


# --- the weekly time box -----------------------------------------------------------------
DAILY_TASKS = {"create": 0.45, "publish": 0.1, "reply": 0.25, "monitor": 0.1, "report": 0.1}
WORKDAYS = 5  # working days a week
SLOTS_A_WEEK = 2 * WORKDAYS  # a morning and an afternoon of each working day
DAY_HOURS = 8  # the working day the reply checks are spread over
# Reply times a planner offers, in hours: each option is a rhythm of checking comments.
REPLY_TIMES = {"hour": 1.0, "two_hours": 2.0, "four_hours": 4.0, "day": 24.0,
               "three_days": 72.0, "week": 168.0}
DAILY_BELOW_HOURS = 48  # a reply time shorter than two days asks for a check every day


def time_box(hours_per_week: float, daily_routine: float) -> pd.DataFrame:
    """Minutes a working day for each task of ``DAILY_TASKS`` (columns ``task``, ``minutes``,
    whole minutes): the planned share (``daily_routine``, 0 to 1) of ``hours_per_week`` spread
    evenly over the ``WORKDAYS``."""
    planned = hours_per_week * daily_routine * 60 / WORKDAYS
    return pd.DataFrame({"task": list(DAILY_TASKS),
                         "minutes": [round(planned * share) for share in DAILY_TASKS.values()]})


def comment_checks(reply_hours: float) -> tuple[int, int]:
    """How often comments must be read to answer within ``reply_hours`` (hours): ``(checks,
    days)``, read them ``checks`` times every ``days`` working days.

    Under ``DAILY_BELOW_HOURS`` the checks spread over a ``DAY_HOURS`` working day, one at
    least (``days`` is 1); from there, once every whole day of the reply time.
    """
    if reply_hours >= DAILY_BELOW_HOURS:
        return 1, int(reply_hours // 24)
    return max(1, math.ceil(DAY_HOURS / max(reply_hours, 1))), 1


# --- personalisation ---------------------------------------------------------------------
def personalization_hours(scenario: Scenario, personalization: Sequence[float]) -> np.ndarray:
    """Hours a week that keep the posts of ``scenario`` at each ``personalization`` share
    (0 to 1): a personalised post takes ``personalization_time`` (a share) more time. Capped at
    the most hours a Scenario allows."""
    per_post = np.asarray(personalization, dtype=float) * scenario.personalization_time + 1.0
    base = 1.0 + scenario.personalization_time * scenario.personalization
    most = field_meta("hours_per_week")["range"][1]
    return np.minimum(scenario.hours_per_week * per_post / base, most)
