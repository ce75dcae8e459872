"""The eleven common mistakes: how to make each one and how to fix it on any scenario.

The two seed articles name them: ``000`` is the Italian one (five signs, 2010), ``004`` the
Spanish one (seven mistakes). Titles and explanations live in the translation catalogs
under ``mistake.<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import catalogue as cat
from .i18n import translate
from .model import run_batch
from .scenario import Scenario, field_meta

# The networks a spread-thin programme adds, in the order it adds them (assumption).
SPREAD_ORDER = ("facebook", "instagram", "x", "linkedin", "tiktok", "youtube", "pinterest")
SPREAD_NETWORKS = 6  # how many networks the spread-thin programme runs at once
FOCUS_NETWORKS = 2  # how many networks a focused programme keeps (article 000 §1)
OVERWORK_FACTOR = 3.0  # "too much time": three times the hours of the scenario, at least 30
OVERWORK_MIN_HOURS = 30.0


@dataclass(frozen=True)
class Mistake:
    """One mistake: where it comes from, which levers it moves, how to make and fix it."""

    id: str
    # Where the articles name it: (article, section) pairs, the article "000" (Italian) or
    # "004" (Spanish), the section e.g. "§5". One pair for most, two when both name it.
    sources: tuple[tuple[str, str], ...]
    levers: tuple[str, ...]  # Scenario fields the mistake moves
    make: Callable[[Scenario], Scenario]
    fix: Callable[[Scenario], Scenario]

    def title(self, lang: str = "en") -> str:
        return translate(f"mistake.{self.id}.title", lang)


def _spread_thin(s: Scenario) -> Scenario:
    """Hours shared evenly over at least SPREAD_NETWORKS networks: its own, then SPREAD_ORDER."""
    names = [n for n, _, _ in s.networks]
    names += [n for n in SPREAD_ORDER if n not in names][:max(0, SPREAD_NETWORKS - len(names))]
    followers = dict((n, f) for n, _, f in s.networks)
    share = 1.0 / len(names)
    return s.replace(networks=tuple((n, share, followers.get(n, 0)) for n in names))


def _focus(s: Scenario) -> Scenario:
    """Keep the networks with the largest audiences, hours in proportion to followers."""
    kept = sorted(s.networks, key=lambda n: (-n[2], -n[1]))[:FOCUS_NETWORKS]
    total = sum(n[2] for n in kept)
    shares = [n[2] / total if total else 1.0 / len(kept) for n in kept]
    shares[-1] = 1.0 - sum(shares[:-1])  # exact sum of 1 despite rounding
    return s.replace(networks=tuple((n[0], sh, n[2]) for n, sh in zip(kept, shares)))


def _overwork(s: Scenario) -> Scenario:
    most = field_meta("hours_per_week")["range"][1]
    return s.replace(hours_per_week=min(most, max(OVERWORK_MIN_HOURS,
                                                   OVERWORK_FACTOR * s.hours_per_week)))


def _right_hours(s: Scenario) -> Scenario:
    from .analysis import optimize_hours  # analysis imports this module
    return s.replace(hours_per_week=round(optimize_hours(s, objective="profit").hours, 1))


MISTAKES: tuple[Mistake, ...] = (
    Mistake("no_strategy", (("000", "§5"),), ("strategy_clarity",),
            lambda s: s.replace(strategy_clarity=0.1), lambda s: s.replace(strategy_clarity=1.0)),
    Mistake("no_goals", (("004", "§1"),), ("goal_clarity",),
            lambda s: s.replace(goal_clarity=0.1), lambda s: s.replace(goal_clarity=1.0)),
    Mistake("no_focus", (("000", "§1"),), ("networks",), _spread_thin, _focus),
    Mistake("no_roles", (("000", "§2"),), ("role_clarity",),
            lambda s: s.replace(role_clarity=0.1), lambda s: s.replace(role_clarity=1.0)),
    Mistake("not_daily", (("000", "§3"),), ("daily_routine", "reply_hours", "consistency"),
            lambda s: s.replace(daily_routine=0.1, reply_hours=72.0, consistency=0.3),
            lambda s: s.replace(daily_routine=1.0, reply_hours=4.0, consistency=0.9)),
    Mistake("inconsistent", (("004", "§3"),), ("effort_decay", "stop_week"),
            lambda s: s.replace(effort_decay=0.04, stop_week=0),
            lambda s: s.replace(effort_decay=0.0, stop_week=0)),
    Mistake("too_much_time", (("004", "§4"),), ("hours_per_week",), _overwork, _right_hours),
    Mistake("no_measurement", (("000", "§4"), ("004", "§5")), ("measurement",),
            lambda s: s.replace(measurement=cat.Measurement.NONE.value),
            lambda s: s.replace(measurement=cat.Measurement.BUSINESS.value)),
    Mistake("silo", (("004", "§2"),), ("departments",),
            lambda s: s.replace(departments=()),
            lambda s: s.replace(departments=tuple(d.value for d in cat.Department))),
    Mistake("boring", (("004", "§6"),), ("targeting", "content_mix", "two_way"),
            lambda s: s.replace(targeting=0.2, content_mix=(0.7, 0.1, 0.1, 0.1), two_way=0.0),
            lambda s: s.replace(targeting=0.9, content_mix=(0.2, 0.35, 0.25, 0.2), two_way=0.8)),
    Mistake("no_personalization", (("004", "§7"),), ("personalization",),
            lambda s: s.replace(personalization=0.0), lambda s: s.replace(personalization=0.8)),
)

MISTAKE_IDS: tuple[str, ...] = tuple(m.id for m in MISTAKES)


def mistake(mistake_id: str) -> Mistake:
    for m in MISTAKES:
        if m.id == mistake_id:
            return m
    raise ValueError(f"mistake_id must be one of {', '.join(MISTAKE_IDS)}; got {mistake_id!r}")


def make_all(s: Scenario) -> Scenario:
    """The scenario with every mistake made at the same hours (the "typical mistakes" reference).

    Hours stay as they are, as in :func:`fix_all`: the comparison is of one budget spent
    two ways.
    """
    for m in MISTAKES:
        if m.id != "too_much_time":
            s = m.make(s)
    return s


def fix_all(s: Scenario) -> Scenario:
    """The scenario with every mistake fixed at the same hours: the same budget, done right."""
    for m in MISTAKES:
        if m.id != "too_much_time":
            s = m.fix(s)
    return s


@dataclass(frozen=True)
class MistakeCost:
    """What making a mistake costs against fixing it, over the horizon (fixed minus made)."""

    mistake_id: str
    profit: float  # money
    roi: float  # points of ROI (0.25 = 25 points)
    engagements: float  # engagements over the horizon
    followers: float  # followers at the end
    made: Scenario
    fixed: Scenario


def cost_of_mistake(scenario: Scenario, mistake_id: str, weeks: int = 52) -> MistakeCost:
    """The profit, ROI, engagements and followers lost by making ``mistake_id`` on ``scenario``."""
    m = mistake(mistake_id)
    made, fixed = m.make(scenario), m.fix(scenario)
    series = run_batch([made, fixed], weeks)
    last = {k: series[k][-1] for k in ("cum_profit", "roi", "followers")}
    engagements = series["engagements"].sum(axis=0)
    return MistakeCost(mistake_id,
                       profit=float(last["cum_profit"][1] - last["cum_profit"][0]),
                       roi=float(last["roi"][1] - last["roi"][0]),
                       engagements=float(engagements[1] - engagements[0]),
                       followers=float(last["followers"][1] - last["followers"][0]),
                       made=made, fixed=fixed)


def mistakes_ranked(scenario: Scenario, weeks: int = 52) -> pd.DataFrame:
    """Every mistake with its cost on ``scenario``, the most expensive first."""
    rows = [cost_of_mistake(scenario, m.id, weeks) for m in MISTAKES]
    frame = pd.DataFrame([{"mistake": c.mistake_id, "profit": c.profit, "roi": c.roi,
                           "engagements": c.engagements, "followers": c.followers} for c in rows])
    return frame.sort_values("profit", ascending=False, ignore_index=True)
