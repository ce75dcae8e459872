"""The eleven common mistakes: how to make each one and how to fix it on any scenario.

The two seed articles name them: ``000`` is the Italian one (five signs, 2010), ``004`` the
Spanish one (seven mistakes). Titles and explanations live in the translation catalogs
under ``mistake.<id>``.
"""

from __future__ import annotations

import dataclasses
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from . import catalogue as cat
from .i18n import translate
from .model import (MC_THREADS, Inputs, Posterior, Priors, check_weeks, draw_priors, inputs,
                    posterior_rows, run, run_batch)
from .planning import normalised_shares
from .scenario import Scenario, field_meta

if TYPE_CHECKING:
    from .analysis import HoursOptimum

# The networks a spread-thin programme adds, in the order it adds them (assumption).
SPREAD_ORDER = ("facebook", "instagram", "x", "linkedin", "tiktok", "youtube", "pinterest")
SPREAD_NETWORKS = 6  # how many networks the spread-thin programme runs at once, at most
# Hours a week a spread-thin programme leaves each network beyond its upkeep (about one post):
# it adds networks only while the hours carry them, so a small team still posts (assumption).
SPREAD_POSTING_HOURS = 1.0
FOCUS_NETWORKS = 2  # how many networks a focused programme keeps (article 000 §1)
FADE_DECAY = 0.04  # "inconsistent": effort fades 4% a week (assumption)
FADE_WEEKS = 52  # the year over which the fading and the steady programme work the same hours
OVERWORK_FACTOR = 3.0  # "too much time": three times the hours of the scenario, at least 30
OVERWORK_MIN_HOURS = 30.0
# ... and at least twice the profit-maximising hours: past the best point, where the hours
# stop paying, whatever the hours the scenario starts from (assumption).
OVERWORK_PAST_BEST = 2.0


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
    """Hours shared evenly over the scenario's networks and more from SPREAD_ORDER, up to
    SPREAD_NETWORKS in all but no more than the hours carry (upkeep plus
    SPREAD_POSTING_HOURS each); added networks start with no followers."""
    names = [n for n, _, _ in s.networks]
    carried = int(_mean_hours(s) // (s.network_upkeep_hours + SPREAD_POSTING_HOURS))
    wanted = min(SPREAD_NETWORKS, carried)
    names += [n for n in SPREAD_ORDER if n not in names][:max(0, wanted - len(names))]
    followers = dict((n, f) for n, _, f in s.networks)
    share = 1.0 / len(names)
    return s.replace(networks=tuple((n, share, followers.get(n, 0)) for n in names))


def _focus(s: Scenario) -> Scenario:
    """The FOCUS_NETWORKS networks with the largest audiences get the hours, in proportion to
    their followers (equally when they have none); the others stay with a share of 0, so their
    followers still count (and still churn) but get no posts and cost no upkeep."""
    ranked = sorted(range(len(s.networks)), key=lambda i: (-s.networks[i][2], -s.networks[i][1]))
    kept = sorted(ranked[:FOCUS_NETWORKS])
    weights = [s.networks[i][2] for i in kept]
    shares = dict(zip(kept, normalised_shares(weights) if sum(weights) > 0
                      else normalised_shares([1.0] * len(kept))))
    return s.replace(networks=tuple((n, shares.get(i, 0.0), f)
                                    for i, (n, _, f) in enumerate(s.networks)))


def _worked_weeks(s: Scenario) -> int:
    """Weeks of the first FADE_WEEKS in which the scenario works (stop_week s: s − 1)."""
    return FADE_WEEKS if s.stop_week == 0 else min(FADE_WEEKS, max(0, s.stop_week - 1))


def _mean_hours(s: Scenario) -> float:
    """Hours a week over the weeks of the year the scenario works (h/week): its week-1 hours
    when steady, fewer when effort fades, so a faded programme spreads as its steady twin."""
    weeks = _worked_weeks(s)
    return s.hours_per_week * _year_hours(s, s.effort_decay) / weeks if weeks else 0.0


def _year_hours(s: Scenario, decay: float) -> float:
    """Hours worked over FADE_WEEKS at ``decay`` a week from one hour in week 1 (h): the sum
    of equation 1 of MODEL.md for the weeks the scenario runs."""
    return float(((1.0 - decay) ** np.arange(_worked_weeks(s))).sum())


def same_year_hours(s: Scenario, decay: float) -> Scenario:
    """``s`` with effort fading by ``decay`` a week and the week-1 hours set so that the
    FADE_WEEKS weeks add up to the hours ``s`` works in them. Where that start would pass
    the most hours a week, the fade is gentler (the most it can be at that start)."""
    if decay == s.effort_decay:
        return s  # already fading so: the same scenario, not one rounded anew
    total = s.hours_per_week * _year_hours(s, s.effort_decay)
    if total == 0:
        return s.replace(effort_decay=decay)  # nothing worked: nothing to spread
    most = field_meta("hours_per_week")["range"][1]
    if total / _year_hours(s, decay) > most:
        from scipy.optimize import brentq  # only for a programme near the most hours
        decay = brentq(lambda d: total / _year_hours(s, d) - most, 0.0, decay, xtol=1e-12)
    return s.replace(effort_decay=decay,
                     hours_per_week=min(most, total / _year_hours(s, decay)))


def _fade(s: Scenario) -> Scenario:
    """Enthusiasm that fades: FADE_DECAY a week at the same hours over the year, front-loaded."""
    return same_year_hours(s, FADE_DECAY)


def _steady(s: Scenario) -> Scenario:
    """Steady effort: the same hours every week, as many over the year as ``s`` works."""
    return same_year_hours(s, 0.0)


def _overwork(s: Scenario) -> Scenario:
    """Three times the hours, at least 30 and twice the profit-maximising hours; at most 80."""
    most = field_meta("hours_per_week")["range"][1]
    return s.replace(hours_per_week=min(most, max(
        OVERWORK_MIN_HOURS, OVERWORK_FACTOR * s.hours_per_week,
        OVERWORK_PAST_BEST * round(profit_optimum(s).hours, 1))))


def _right_hours(s: Scenario) -> Scenario:
    """Down to the profit-maximising hours; fewer hours than those are not this mistake."""
    best = round(profit_optimum(s).hours, 1)
    return s if best >= s.hours_per_week else s.replace(hours_per_week=best)


@functools.lru_cache(maxsize=64)
def profit_optimum(s: Scenario, weeks: int = 52) -> HoursOptimum:
    """The hours a week that maximise ``s``'s profit over ``weeks`` (cached: the fix of
    "too much time" and :func:`stop_is_best` ask for the same one)."""
    from .analysis import optimize_hours  # analysis imports this module
    return optimize_hours(s, objective="profit", weeks=weeks)


def stop_is_best(s: Scenario, weeks: int = 52) -> bool:
    """True when no number of hours makes ``s`` pay over ``weeks``: its profit-maximising
    hours are 0, or the profit there is below 0, so stopping (spending nothing) does better."""
    best = profit_optimum(s, check_weeks(weeks))
    return best.hours <= 0 or best.value < 0


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
    Mistake("inconsistent", (("004", "§3"),), ("effort_decay", "hours_per_week"),
            _fade, _steady),
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


# Within a cent the scenario lies on the fixed line: float noise is no money at stake.
ON_FIXED_LINE = 0.01


@dataclass(frozen=True)
class MistakeCost:
    """Two quantities of one mistake on one scenario, over the horizon.

    Its cost, what making it loses against fixing it (fixed minus made): ``profit`` in
    money, ``roi`` in points, ``engagements``, ``followers`` at the end. And its money at
    stake, what fixing it brings from where the scenario stands (fixed minus current):
    ``at_stake`` in money, 0 when the scenario already lies on the fixed line. A figure
    below zero is one on which the mistake comes out ahead: for ``at_stake``, fixing it
    from here would lose money, so staying as you are saves it. ``stop`` is set for "too
    much time" only (by :func:`cost_of_mistake`): no number of hours makes the scenario pay
    over the horizon, so the best choice is to stop (:func:`stop_is_best`).
    """

    mistake_id: str
    profit: float  # money: the cost of the mistake, fixed minus made
    roi: float  # points of ROI (0.25 = 25 points)
    engagements: float  # engagements over the horizon
    followers: float  # followers at the end
    at_stake: float  # money: profit fixed minus profit now
    current_profit: float  # money: the scenario's own profit at the horizon
    made: Scenario
    fixed: Scenario
    stop: bool = False  # "too much time" only: stopping beats every number of hours

    @property
    def gap_closed(self) -> float | None:
        """How much of the gap from made to fixed the scenario has closed (0 made, 1 fixed);
        None when making the mistake changes nothing in money."""
        if abs(self.profit) < ON_FIXED_LINE:
            return None
        return 1.0 - self.at_stake / self.profit


def _costs(scenario: Scenario, ids: tuple[str, ...], weeks: int) -> list[MistakeCost]:
    """The cost and money at stake of each mistake in ``ids``, in one batch run."""
    pairs = [(mistake(i).make(scenario), mistake(i).fix(scenario)) for i in ids]
    series = run_batch([scenario] + [s for pair in pairs for s in pair], weeks)
    last = {k: series[k][-1] for k in ("cum_profit", "roi", "followers")}
    engagements = series["engagements"].sum(axis=0)
    now = float(last["cum_profit"][0])
    out = []
    for k, (mistake_id, (made, fixed)) in enumerate(zip(ids, pairs)):
        m, f = 1 + 2 * k, 2 + 2 * k
        at_stake = float(last["cum_profit"][f]) - now
        out.append(MistakeCost(
            mistake_id, profit=float(last["cum_profit"][f] - last["cum_profit"][m]),
            roi=float(last["roi"][f] - last["roi"][m]),
            engagements=float(engagements[f] - engagements[m]),
            followers=float(last["followers"][f] - last["followers"][m]),
            at_stake=0.0 if abs(at_stake) < ON_FIXED_LINE else at_stake,
            current_profit=now, made=made, fixed=fixed))
    return out


def cost_of_mistake(scenario: Scenario, mistake_id: str, weeks: int = 52) -> MistakeCost:
    """What making ``mistake_id`` costs on ``scenario`` and what fixing it brings from there."""
    mistake(mistake_id)  # refuses an unknown id before any run
    cost = _costs(scenario, (mistake_id,), weeks)[0]
    if mistake_id == "too_much_time":
        cost = dataclasses.replace(cost, stop=stop_is_best(scenario, weeks))
    return cost


def mistakes_ranked(scenario: Scenario, weeks: int = 52, draws: int = 0, seed: int = 0,
                    priors: Priors | None = None,
                    posterior: Posterior | None = None) -> pd.DataFrame:
    """Every mistake, the most money at stake first: what to change first on ``scenario``.

    Columns: ``at_stake`` (money fixing it brings from here), then its cost, fixed against
    made: ``profit`` (money), ``roi`` (points), ``engagements``, ``followers``. Mistakes
    with the same money at stake (those already fixed: 0) follow by their cost.

    With ``draws > 0`` (at most ``MAX_RANK_DRAWS``) the uncertain fields are drawn from
    their priors as the Monte Carlo draws them (``priors`` and ``posterior`` as in
    :func:`smm_sim.model.monte_carlo`), the same draws for the scenario and every made and
    fixed variant (common random numbers), and four columns follow: ``at_stake_p10`` and
    ``at_stake_p90`` (money, nearest-rank quantiles over the draws), ``p_costs`` (share of
    draws in which the mistake costs money: fixed beats made by more than a cent) and
    ``p_top3`` (share of draws in which it ranks in the top three by that draw's money at
    stake, ties broken as above; the column sums to 3). Incidents count at their expected
    rate, as in a single run: the draws are of the effects, not of luck. The order of the
    rows stays the one of the single run.
    """
    frame = pd.DataFrame([{"mistake": c.mistake_id, "at_stake": c.at_stake, "profit": c.profit,
                           "roi": c.roi, "engagements": c.engagements, "followers": c.followers}
                          for c in _costs(scenario, MISTAKE_IDS, weeks)])
    if draws:
        frame = frame.join(pd.DataFrame(_uncertain_stakes(scenario, weeks, draws, seed, priors,
                                                          posterior),
                                        index=frame.index))
    return frame.sort_values(["at_stake", "profit"], ascending=False, ignore_index=True,
                             kind="stable")


MAX_RANK_DRAWS = 5000  # draws of mistakes_ranked: 23 variants each
# Variant-draws run at once (50 draws of 23 variants): the temporaries stay near 30 MB at
# 200 draws (4,600 at once peaked at 103 MB for the same time, measured).
RANK_COLUMNS = 1150
TOP = 3  # p_top3: the mistakes a page names first


def _uncertain_stakes(scenario: Scenario, weeks: int, draws: int, seed: int,
                      priors: Priors | None,
                      posterior: Posterior | None = None) -> dict[str, np.ndarray]:
    """Per mistake (in MISTAKE_IDS order): p10 and p90 of the money at stake over ``draws``
    draws, the share of draws in which it costs money and the share in which it is top 3."""
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) \
            or not 0 <= draws <= MAX_RANK_DRAWS:
        raise ValueError(f"draws must be a whole number between 0 and {MAX_RANK_DRAWS}; "
                         f"got {draws!r}")
    weeks = check_weeks(weeks)
    variants = [scenario]
    for i in MISTAKE_IDS:
        variants += [mistake(i).make(scenario), mistake(i).fix(scenario)]
    batch = inputs(variants).astype(np.float32)
    v = len(variants)
    # The mistakes move levers only, never a drawn field: one draw serves every variant.
    drawn = draw_priors(inputs([scenario]).astype(np.float32), draws,
                        np.random.default_rng(seed), priors,
                        posterior_rows(posterior, draws, seed))
    profit = np.empty((v, draws), dtype=np.float64)
    step = max(1, RANK_COLUMNS // v)

    def run_chunk(start: int) -> None:
        size = min(step, draws - start)
        chunk = _tiled(batch, size).vary(**{name: np.tile(d[..., start:start + size], v)
                                            for name, d in drawn.items()})
        flows = run(chunk, weeks)
        # Column c = variant · size + draw: variant-major, as np.repeat built it.
        profit[:, start:start + size] = flows["profit"].sum(axis=0, dtype=np.float64) \
            .reshape(v, size)

    with ThreadPoolExecutor(max_workers=MC_THREADS) as pool:  # numpy releases the GIL
        list(pool.map(run_chunk, range(0, draws, step)))
    now, made, fixed = profit[0], profit[1::2], profit[2::2]  # (mistakes, draws)
    stake = fixed - now
    stake[np.abs(stake) < ON_FIXED_LINE] = 0.0
    cost = fixed - made
    # Rank per draw as the single run does: money at stake, then cost, then the list order.
    order = np.lexsort((-cost, -stake), axis=0)
    top = np.zeros_like(stake, dtype=bool)
    np.put_along_axis(top, order[:TOP], True, axis=0)
    ranked = np.sort(stake, axis=1)
    rank = np.rint(np.array([0.1, 0.9]) * (draws - 1)).astype(int)
    return {"at_stake_p10": ranked[:, rank[0]], "at_stake_p90": ranked[:, rank[1]],
            "p_costs": (cost > ON_FIXED_LINE).mean(axis=1), "p_top3": top.mean(axis=1)}


def _tiled(batch: Inputs, size: int) -> Inputs:
    """Each of ``batch``'s draws repeated ``size`` times in a row, along the draw axis."""
    def tile(a: np.ndarray) -> np.ndarray:
        return np.repeat(a, size, axis=2) if a.shape[2] > 1 else a
    return dataclasses.replace(
        batch, fields={k: tile(a) for k, a in batch.fields.items()},
        network_share=tile(batch.network_share), followers_start=tile(batch.followers_start),
        departments={k: tile(a) for k, a in batch.departments.items()},
        maturity=tile(batch.maturity), mix_engagement=tile(batch.mix_engagement),
        mix_conversion=tile(batch.mix_conversion), promotion_excess=tile(batch.promotion_excess))
