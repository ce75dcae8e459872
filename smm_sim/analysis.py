"""Questions asked of the model: best hours, hours for a target revenue or ROI, sensitivity,
break-even, and several scenarios side by side.

Each question runs the model once over a batch of variants (vectorized), then refines
with ``scipy.optimize`` where a precise answer is wanted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from .model import (METRICS, MIN_COST_FOR_ROI, QUANTILES, check_weeks, inputs, profit_draws,
                    run, run_batch, with_totals)
from .scenario import NUMERIC_FIELDS, TEAM_LEVERS, WHOLE_FIELDS, Scenario, field_meta

HOURS_GRID_STEP = 0.5  # h/week between points of the hours curves
SHARE_SWING = 0.2  # a share moves 20 points each way in the sensitivity analysis
RELATIVE_SWING = 0.25  # any other lever moves 25% each way
OBJECTIVES = {"roi": "roi", "profit": "cum_profit"}
MAX_COMPARED = 8  # scenarios side by side: a readable table and one batch
GOAL_XTOL = 0.01  # h/week: how close the goal seeks get to the exact crossing


def sweep(scenario: Scenario, overrides: dict[str, np.ndarray],
          weeks: int = 52) -> dict[str, np.ndarray]:
    """Run ``scenario`` with numeric fields replaced by arrays of n values: n variants at once.

    Every array in ``overrides`` has the same length n; the result holds each metric as an
    array (weeks, n). Values must lie in the fields' valid ranges (not checked here).
    """
    arrays = {}
    for name, values in overrides.items():
        if name not in NUMERIC_FIELDS:
            raise ValueError(f"{name} is not a numeric field of Scenario")
        arrays[name] = np.asarray(values, dtype=float).reshape(1, 1, -1)
    n = max((a.shape[2] for a in arrays.values()), default=1)
    base = inputs([scenario])
    # Every field as n variants: the core reads the variant count off a few of its arrays
    # (the reach, the follower recursion), which a lever that misses them would leave at one.
    batch = base.vary(**{name: np.broadcast_to(arrays.get(name, base.fields[name]), (1, 1, n))
                         for name in NUMERIC_FIELDS})
    return with_totals(run(batch, weeks))


def _final(scenario: Scenario, metric: str, weeks: int, **fields: float) -> float:
    series = sweep(scenario, {k: np.array([v]) for k, v in fields.items()}, weeks)
    return float(series[metric][-1, 0])


def hours_curve(scenario: Scenario, weeks: int = 52) -> pd.DataFrame:
    """ROI, cumulative profit, revenue and cost at the horizon for each hours value of the
    range."""
    lo, hi = field_meta("hours_per_week")["range"]
    hours = np.arange(lo, hi + HOURS_GRID_STEP / 2, HOURS_GRID_STEP)
    series = sweep(scenario, {"hours_per_week": hours}, weeks)
    return pd.DataFrame({"hours": hours, "roi": series["roi"][-1],
                         "cum_profit": series["cum_profit"][-1],
                         "cum_revenue": series["cum_revenue"][-1],
                         "cum_cost": series["cum_cost"][-1]})


@dataclass(frozen=True)
class HoursOptimum:
    objective: str  # "roi" or "profit"
    hours: float  # h/week that maximise the objective
    value: float  # the objective there (ROI as a fraction, or profit in money)
    curve: pd.DataFrame  # hours_curve() it was found on


def optimize_hours(scenario: Scenario, objective: str = "roi", weeks: int = 52) -> HoursOptimum:
    """The hours per week that maximise ROI or cumulative profit over the horizon.

    A grid over the whole range finds the best region (the curve can have a flat start
    while upkeep eats the hours); a bounded scalar search refines it to 0.01 h.
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVES)}; got {objective!r}")
    metric = OBJECTIVES[objective]
    curve = hours_curve(scenario, weeks)
    best = int(curve[metric].idxmax())
    lo_bound, hi_bound = field_meta("hours_per_week")["range"]
    lo = max(lo_bound, curve["hours"].iloc[best] - HOURS_GRID_STEP)
    hi = min(hi_bound, curve["hours"].iloc[best] + HOURS_GRID_STEP)
    hours, value = float(curve["hours"].iloc[best]), float(curve[metric].iloc[best])
    if hi > lo:
        from scipy.optimize import minimize_scalar  # 0.6 s to import: only when asked
        res = minimize_scalar(lambda h: -_final(scenario, metric, weeks, hours_per_week=h),
                              bounds=(lo, hi), method="bounded", options={"xatol": 0.01})
        if res.success and -res.fun > value:
            hours, value = float(res.x), float(-res.fun)
    return HoursOptimum(objective, hours, value, curve)


@dataclass(frozen=True)
class GoalSeek:
    target_revenue: float
    reachable: bool
    hours: float | None  # the fewest h/week that reach the target, when reachable
    best_hours: float  # where revenue peaks inside the range
    best_revenue: float  # the most revenue the range can reach


def hours_for_target(scenario: Scenario, target_revenue: float, weeks: int = 52) -> GoalSeek:
    """The fewest hours per week whose cumulative revenue over the horizon reaches the target.

    ``reachable`` is False when no hours in the valid range get there; ``best_revenue`` then
    says how far the range goes.
    """
    if not np.isfinite(target_revenue) or target_revenue < 0:
        raise ValueError(f"target_revenue must be a number of 0 or more; got {target_revenue!r}")
    curve = hours_curve(scenario, weeks)
    revenue = curve["cum_revenue"].to_numpy()
    best = int(revenue.argmax())
    reached = np.flatnonzero(revenue >= target_revenue)
    if reached.size == 0:
        return GoalSeek(target_revenue, False, None, float(curve["hours"][best]),
                        float(revenue[best]))
    first = int(reached[0])
    hours = float(curve["hours"][0]) if first == 0 else _crossing(
        scenario, "cum_revenue", target_revenue, weeks, curve["hours"][first - 1],
        curve["hours"][first])
    return GoalSeek(target_revenue, True, hours, float(curve["hours"][best]),
                    float(revenue[best]))


def _crossing(scenario: Scenario, metric: str, target: float, weeks: int, a: float,
              b: float) -> float:
    """The hours between grid points ``a`` and ``b`` where the metric crosses the target.

    When both ends lie on the same side (ROI jumps there from 0, before a cent is spent, to
    its value once something is), the end already on the target's side is the answer.
    """
    from scipy.optimize import brentq  # 0.6 s to import: only when asked

    def gap(h: float) -> float:
        return _final(scenario, metric, weeks, hours_per_week=h) - target

    at_a, at_b = gap(a), gap(b)
    if (at_a >= 0) == (at_b >= 0):
        return float(a if at_a >= 0 else b)
    return float(brentq(gap, a, b, xtol=GOAL_XTOL))


@dataclass(frozen=True)
class RoiGoalSeek:
    target_roi: float  # as a fraction: 0.2 is 20%
    reachable: bool
    hours: float | None  # the fewest h/week whose ROI at the horizon reaches the target
    most_hours: float | None  # the most h/week that still reach it (ROI falls past its peak)
    best_hours: float  # where ROI peaks inside the range
    best_roi: float  # the best ROI the range can reach


def hours_for_roi(scenario: Scenario, target_roi: float, weeks: int = 52) -> RoiGoalSeek:
    """The fewest and the most hours per week whose ROI over the horizon reaches the target.

    ROI first rises with the hours (upkeep and tools are paid whatever is posted) and then
    falls (fatigue, labour cost), so a target is met on a span of hours: ``hours`` is where
    it starts, ``most_hours`` where it ends. Hours at which nothing is spent have no ROI
    and never count. ``reachable`` is False when no hours in the range get there.
    """
    if isinstance(target_roi, bool) or not isinstance(target_roi, (int, float, np.floating)) \
            or not np.isfinite(target_roi) or target_roi <= -1:
        raise ValueError(f"target_roi must be a number above -1 (-100%); got {target_roi!r}")
    curve = hours_curve(scenario, weeks)
    grid = curve["hours"].to_numpy()
    spent = curve["cum_cost"].to_numpy() >= MIN_COST_FOR_ROI
    roi = np.where(spent, curve["roi"].to_numpy(), -np.inf)
    if not spent.any():  # nothing costs anything: ROI is not defined anywhere
        return RoiGoalSeek(float(target_roi), False, None, None, float(grid[0]), 0.0)
    best = int(roi.argmax())
    best_hours, best_roi = float(grid[best]), float(roi[best])
    reached = np.flatnonzero(roi >= target_roi)
    if reached.size == 0:
        return RoiGoalSeek(float(target_roi), False, None, None, best_hours, best_roi)
    first, last = int(reached[0]), int(reached[-1])
    if first == 0:
        hours = float(grid[0])
    else:
        # Just above a point where nothing was spent ROI is -100%, below any valid target.
        lower = grid[first - 1] if spent[first - 1] else grid[first - 1] + 1e-6
        hours = _crossing(scenario, "roi", target_roi, weeks, lower, grid[first])
    most = float(grid[-1]) if last == len(grid) - 1 else _crossing(
        scenario, "roi", target_roi, weeks, grid[last], grid[last + 1])
    return RoiGoalSeek(float(target_roi), True, hours, most, best_hours, best_roi)


def swing_range(scenario: Scenario, name: str) -> tuple[float, float]:
    """The low and high values a lever takes in the sensitivity analysis."""
    meta = field_meta(name)
    lo, hi = meta["range"]
    value = float(getattr(scenario, name))
    if meta["unit"] == "share":
        return max(lo, value - SHARE_SWING), min(hi, value + SHARE_SWING)
    return max(lo, value * (1 - RELATIVE_SWING)), min(hi, value * (1 + RELATIVE_SWING))


def sensitivity(scenario: Scenario, metric: str = "cum_profit", weeks: int = 52) -> pd.DataFrame:
    """One-at-a-time swings of every numeric lever: the metric at the horizon, low and high.

    Sorted by the size of the swing, largest first (the order of a tornado chart). Whole
    numbers such as ``stop_week`` are left out: a week of stopping has no "25% more".
    """
    names = [n for n in NUMERIC_FIELDS if n not in WHOLE_FIELDS]
    ranges = [swing_range(scenario, n) for n in names]
    overrides = {}
    for i, name in enumerate(names):
        values = np.full(2 * len(names) + 1, float(getattr(scenario, name)))
        values[2 * i], values[2 * i + 1] = ranges[i]
        overrides[name] = values
    series = sweep(scenario, overrides, weeks)
    final = series[metric][-1]
    base = float(final[-1])
    frame = pd.DataFrame({
        "field": names, "group": [field_meta(n)["group"] for n in names],
        "value": [float(getattr(scenario, n)) for n in names],
        "low": [r[0] for r in ranges], "high": [r[1] for r in ranges],
        "metric_low": final[0:-1:2], "metric_high": final[1::2], "base": base})
    frame["swing"] = (frame["metric_high"] - frame["metric_low"]).abs()
    return frame.sort_values("swing", ascending=False, ignore_index=True)


@dataclass(frozen=True)
class Move:
    """One lever moved on its own: from ``value`` to ``to`` (the field's units), adding ``gain``
    to the metric of the sensitivity it comes from (money, for profit)."""

    field: str
    value: float
    to: float
    gain: float


def first_move(frame: pd.DataFrame) -> Move | None:
    """Of a :func:`sensitivity` frame, the one move of a team's lever (``TEAM_LEVERS``) that
    adds the most, lowered or raised; None when no such move adds anything. A business
    figure or an assumption is never the move, however much it would add: the team cannot
    set it."""
    levers = frame[frame["field"].isin(TEAM_LEVERS)]
    if levers.empty:
        return None
    up = levers["metric_high"] - levers["base"]
    down = levers["metric_low"] - levers["base"]
    raise_it = up >= down
    gain = up.where(raise_it, down)
    best = gain.idxmax()
    if not gain[best] > 0:
        return None
    row = levers.loc[best]
    return Move(str(row["field"]), float(row["value"]),
                float(row["high"] if raise_it[best] else row["low"]), float(gain[best]))


def break_even_week(frame: pd.DataFrame) -> int | None:
    """The week from which cumulative profit stays at or above zero to the horizon's end.

    None when the programme has not broken even by the last week, or has spent nothing.
    """
    profit = frame["cum_profit"].to_numpy()
    if frame["cum_cost"].iloc[-1] <= 0 or profit[-1] < 0:
        return None
    below = np.flatnonzero(profit < 0)
    return int(frame["week"].iloc[below[-1] + 1]) if below.size else int(frame["week"].iloc[0])


@dataclass(frozen=True)
class MarginalReturn:
    extra_profit: float  # cumulative profit gained over the horizon by one more hour a week
    extra_cost: float  # what that hour costs over the horizon
    roi: float  # extra_profit / extra_cost: below 0, the next hour loses money


def marginal_return(scenario: Scenario, weeks: int = 52, step: float = 1.0) -> MarginalReturn:
    """What one more hour per week (``step``) adds to profit and cost over the horizon.

    Near the top of the range the step is taken downwards and its sign turned, so the
    answer is always about the hour at the margin.
    """
    lo, hi = field_meta("hours_per_week")["range"]
    h = scenario.hours_per_week
    a, b = (h, h + step) if h + step <= hi else (h - step, h)
    series = sweep(scenario, {"hours_per_week": np.array([a, b])}, weeks)
    extra_profit = float(series["cum_profit"][-1, 1] - series["cum_profit"][-1, 0])
    extra_cost = float(series["cum_cost"][-1, 1] - series["cum_cost"][-1, 0])
    roi = extra_profit / extra_cost if extra_cost > 0 else 0.0
    return MarginalReturn(extra_profit, extra_cost, roi)


@dataclass(frozen=True)
class Comparison:
    weekly: pd.DataFrame  # one row per scenario and week: ``scenario`` (position), week, METRICS
    summary: pd.DataFrame  # one row per scenario: the horizon's figures, first scenario first


def compare_scenarios(scenarios: "list[Scenario] | tuple[Scenario, ...]", weeks: int = 52,
                      draws: int = 1000, seed: int = 0,
                      posteriors: Sequence[pd.DataFrame | None] | None = None) -> Comparison:
    """Several scenarios side by side: weekly series and the horizon's key figures.

    All run in one batch. ``summary`` has profit, ROI, revenue, cost, engagements (summed),
    followers at the end, the break-even week, the profit difference against the first
    scenario, and, from ``draws`` Monte Carlo draws (the draws of :func:`monte_carlo` with
    the same seed), the chance of being in profit at the horizon and the p10 and p90 of
    the profit. ``draws=0`` skips the Monte Carlo and leaves those columns empty (NaN).
    ``posteriors``, one per scenario (or None), are the Monte Carlo's ``posterior`` of each.
    """
    scenarios = list(scenarios)
    if not 1 <= len(scenarios) <= MAX_COMPARED:
        raise ValueError(f"compare between 1 and {MAX_COMPARED} scenarios; got {len(scenarios)}")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 0:
        raise ValueError(f"draws must be a whole number of 0 or more; got {draws!r}")
    weeks = check_weeks(weeks)
    series = run_batch(scenarios, weeks)
    week = np.arange(1, weeks + 1)
    weekly = pd.concat([pd.DataFrame({"scenario": i, "week": week,
                                      **{m: series[m][:, i] for m in METRICS}})
                        for i in range(len(scenarios))], ignore_index=True)
    rows = []
    for i, s in enumerate(scenarios):
        frame = weekly[weekly["scenario"] == i]
        row = {"scenario": i, "profit": float(series["cum_profit"][-1, i]),
               "roi": float(series["roi"][-1, i]), "revenue": float(series["cum_revenue"][-1, i]),
               "cost": float(series["cum_cost"][-1, i]),
               "engagements": float(series["engagements"][:, i].sum()),
               "followers": float(series["followers"][-1, i]),
               "break_even": break_even_week(frame)}
        if draws:
            posterior = posteriors[i] if posteriors else None
            outcomes = np.sort(profit_draws(s, draws, weeks, seed, posterior=posterior))
            rank = np.rint(np.array(QUANTILES) * (draws - 1)).astype(int)
            row.update(p_profitable=float((outcomes > 0).mean()),
                       profit_p10=float(outcomes[rank[0]]), profit_p90=float(outcomes[rank[-1]]))
        else:
            row.update(p_profitable=np.nan, profit_p10=np.nan, profit_p90=np.nan)
        rows.append(row)
    summary = pd.DataFrame(rows)
    summary["profit_difference"] = summary["profit"] - summary["profit"].iloc[0]
    summary["break_even"] = summary["break_even"].astype("Int64")
    return Comparison(weekly, summary)
