"""The weekly model: a batch of scenarios (or Monte Carlo draws) in, weekly series out.

Arrays are laid out (week, network, draw), draws last so that numpy's inner loops run over
them: per-draw values have shape (1, 1, n), per-network values (1, k, n) or (1, k, 1), weekly
series (T, k, n) or (T, 1, n). docs/MODEL.md gives the equations.

The core is public for the engine's other questions: ``inputs(scenarios)`` gives the typed
:class:`Inputs` of a batch, ``Inputs.vary`` swaps in per-draw values, ``run(batch, weeks)``
returns the weekly flows and ``with_totals`` adds the running totals and ROI.
"""

from __future__ import annotations

import dataclasses
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import optimize, special

from . import catalogue as cat
from .blocks import geometric_adstock, grow_followers, hill, learning_efficiency, posting_response
from .scenario import (DEFAULT, NUMERIC_FIELDS, PRIOR_KINDS, PRIORS, TEAM_LEVERS, Scenario,
                       field_meta)
from .sources import ASSUMPTION

# Constants of the model (assumptions, listed in docs/MODEL.md).
MEASUREMENT_LEARNING_WEEKS = 12.0  # weeks for measurement to capture 63% of its learning gain
NETWORK_LEARNING_HOURS = 50.0  # hours of practice that close 63% of a network's learning gap
NEW_NETWORK_EFFICIENCY = 0.5  # a network with no followers yet starts at half effectiveness
ESTABLISHED_NETWORK_EFFICIENCY = 0.9  # a network with an audience starts near full
INCIDENT_HOURS = 6.0  # hours spent handling one embarrassing incident
INCIDENT_FREE_POSTS = 3.0  # below this many posts a week, incidents are rarer in proportion
PAID_CLICK_THROUGH = 0.015  # clicks per paid impression: wordstream_traffic CTR
PAID_FOLLOWS_PER_CLICK = 0.05  # followers gained per paid click
PAID_CONVERSION = cat.NETWORKS["facebook"].conversion_rate  # buyers per paid visit
WEEKS_PER_YEAR = 52.0
SAVINGS_HOURS = 4.0  # productive hours a week at which 63% of the savings potential is realised
# Relative weight of each unfollow reason, from the share of people citing it (sprout_2016).
UNFOLLOW_PROMOTION, UNFOLLOW_IRRELEVANT, UNFOLLOW_TOO_MANY = 0.46, 0.41, 0.35

METRICS: tuple[str, ...] = (
    "hours", "posts", "reach", "engagements", "followers", "clicks", "conversions", "revenue",
    "savings", "cost", "profit", "cum_cost", "cum_revenue", "cum_profit", "roi")
# The metrics counted in the scenario's currency.
MONEY_METRICS: tuple[str, ...] = ("revenue", "savings", "cost", "profit", "cum_cost",
                                  "cum_revenue", "cum_profit")
# The weekly flows the core returns; the cumulative columns and ROI derive from them.
FLOWS: tuple[str, ...] = METRICS[:11]


FloatArray = npt.NDArray[np.floating]


@dataclass(frozen=True)
class Inputs:
    """A batch of scenarios as the arrays :func:`run` reads: one draw per scenario.

    Shapes follow the module's layout (week, network, draw): per-draw values are
    ``(1, 1, n)``, per-network values ``(1, k, n)`` or ``(1, k, 1)``; ``k`` networks are the
    union of the batch's networks. Units are those of the Scenario fields. Build it with
    :func:`inputs`; :meth:`vary` and :meth:`astype` give changed copies.

    Attributes
    ----------
    fields : Mapping[str, FloatArray]
        Every numeric Scenario field (``scenario.NUMERIC_FIELDS``) by name, ``(1, 1, n)``, in
        the field's unit (h/week, €, a share …).
    network_share : FloatArray
        Share of the productive hours each network gets, ``(1, k, n)``, 0–1.
    followers_start : FloatArray
        Followers of each network in week 1, ``(1, k, n)``, people.
    network_engagement, network_reach, network_effort, network_fatigue : FloatArray
        The network table's engagement rate and reach rate (shares of followers per post),
        effort (relative hours per post) and fatigue point (posts a week), ``(1, k, 1)``.
    network_link_click, network_conversion, network_reference : FloatArray
        The network table's visits per person reached, buyers per visit and the posts a week
        its benchmarks were measured at, ``(1, k, 1)``.
    departments : Mapping[str, FloatArray]
        Per department (``catalogue.Department`` value): 1.0 where it is involved, else 0,
        ``(1, 1, n)``.
    maturity : FloatArray
        Measurement maturity, finance's gain included, ``(1, 1, n)``, 0–1.
    mix_engagement, mix_conversion : FloatArray
        The content mix's engagement and conversion factors, ``(1, 1, n)``, dimensionless.
    promotion_excess : FloatArray
        Promotional share above the tolerated one, scaled to 0–1, ``(1, 1, n)``.
    networks : tuple[str, ...]
        The ``k`` network names, in the order of the network axis.
    """

    fields: Mapping[str, FloatArray]
    network_share: FloatArray
    followers_start: FloatArray
    network_engagement: FloatArray
    network_reach: FloatArray
    network_effort: FloatArray
    network_fatigue: FloatArray
    network_link_click: FloatArray
    network_conversion: FloatArray
    network_reference: FloatArray
    departments: Mapping[str, FloatArray]
    maturity: FloatArray
    mix_engagement: FloatArray
    mix_conversion: FloatArray
    promotion_excess: FloatArray
    networks: tuple[str, ...]

    def vary(self, **values: FloatArray) -> Inputs:
        """These inputs with some replaced: numeric Scenario fields by name, ``(1, 1, n)``,
        or ``followers_start``, ``(1, k, n)``. Values are not checked against the fields'
        ranges; the draws broadcast against the others (one scenario, ``n`` variants)."""
        followers = values.pop("followers_start", self.followers_start)
        unknown = sorted(set(values) - set(self.fields))
        if unknown:
            raise ValueError(f"not numeric fields of Scenario: {', '.join(unknown)}")
        return dataclasses.replace(self, fields={**self.fields, **values},
                                   followers_start=followers)

    def astype(self, dtype: npt.DTypeLike) -> Inputs:
        """Every array in ``dtype`` (float32 for the Monte Carlo)."""
        changes: dict[str, Any] = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, np.ndarray):
                changes[item.name] = value.astype(dtype)
            elif isinstance(value, Mapping):
                changes[item.name] = {k: v.astype(dtype) for k, v in value.items()}
        return dataclasses.replace(self, **changes)


def inputs(scenarios: Sequence[Scenario]) -> Inputs:
    """The arrays of a batch of scenarios, one draw each, networks united over the batch.

    Parameters
    ----------
    scenarios : Sequence[Scenario]
        ``n`` scenarios, each already checked by its constructor.

    Returns
    -------
    Inputs
        Float64 arrays with ``n`` draws.
    """
    n = len(scenarios)
    table = np.array([[getattr(s, name) for name in NUMERIC_FIELDS] for s in scenarios],
                     dtype=float).T.reshape(len(NUMERIC_FIELDS), 1, 1, n)
    names: list[str] = []
    for s in scenarios:
        names += [net for net, _, _ in s.networks if net not in names]
    share = np.zeros((1, len(names), n))
    followers = np.zeros((1, len(names), n))
    for i, s in enumerate(scenarios):
        for net, sh, fw in s.networks:
            share[0, names.index(net), i] = sh
            followers[0, names.index(net), i] = fw
    profiles = [cat.NETWORKS[net] for net in names]

    def per_network(values: list[float]) -> FloatArray:
        return np.array(values).reshape(1, -1, 1)

    def per_draw(values: list[float]) -> FloatArray:
        return np.array(values, dtype=float).reshape(1, 1, n)

    departments = {dept.value: per_draw([dept.value in s.departments for s in scenarios])
                   for dept in cat.Department}
    mixes = [dict(zip((c.value for c in cat.CONTENT_TYPES), s.content_mix)) for s in scenarios]
    return Inputs(
        fields=dict(zip(NUMERIC_FIELDS, table)), network_share=share, followers_start=followers,
        network_engagement=per_network([p.engagement_rate for p in profiles]),
        network_reach=per_network([p.reach_rate for p in profiles]),
        network_effort=per_network([p.effort for p in profiles]),
        network_fatigue=per_network([p.fatigue_posts for p in profiles]),
        network_link_click=per_network([p.link_click_rate for p in profiles]),
        network_conversion=per_network([p.conversion_rate for p in profiles]),
        network_reference=per_network([p.reference_posts for p in profiles]),
        departments=departments,
        maturity=per_draw([cat.MEASUREMENT_MATURITY[s.measurement] for s in scenarios])
        + cat.FINANCE_MEASUREMENT_GAIN * departments["finance"],
        mix_engagement=per_draw([sum(m[c] * cat.CONTENT_ENGAGEMENT[c] for c in m)
                                 for m in mixes]),
        mix_conversion=per_draw([sum(m[c] * cat.CONTENT_CONVERSION[c] for c in m)
                                 for m in mixes]),
        promotion_excess=per_draw(
            [max(0.0, m["promotional"] - cat.PROMOTION_TOLERANCE) / (1 - cat.PROMOTION_TOLERANCE)
             for m in mixes]),
        networks=tuple(names))


def run(batch: Inputs, weeks: int, incident_draws: FloatArray | None = None,
        per_network: bool = False) -> dict[str, FloatArray]:
    """Simulate every draw of ``batch``: the equations of docs/MODEL.md, section 2.

    Parameters
    ----------
    batch : Inputs
        The draws, from :func:`inputs` (and :meth:`Inputs.vary`); float32 or float64.
    weeks : int
        Horizon in weeks, 1–520 (checked by :func:`check_weeks`).
    incident_draws : FloatArray, optional
        Uniform numbers ``(weeks, 1, n)``: an incident happens in a week where the number falls
        below that week's chance. Without them the expected number of incidents is used, so a
        single run is smooth.
    per_network : bool
        Also return ``network_posts``, ``network_followers``, ``network_reach`` and
        ``network_engagements``, each ``(weeks, k, n)``.

    Returns
    -------
    dict[str, FloatArray]
        The weekly flows ``FLOWS``, each ``(weeks, n)``: hours (h), posts, reach (people),
        engagements, followers (people at the week's end), clicks (visits), conversions
        (customers), and revenue, savings, cost, profit in the scenario's currency.
    """
    weeks = check_weeks(weeks)
    g = batch.fields  # short alias: the equations read closer to MODEL.md
    dept = batch.departments
    dtype = g["hours_per_week"].dtype  # float32 in the Monte Carlo, float64 otherwise
    week = np.arange(1, weeks + 1, dtype=dtype).reshape(-1, 1, 1)
    share = batch.network_share

    # Hours: effort fades by effort_decay a week and stops at stop_week (0 = never).
    running = (g["stop_week"] == 0) | (week < g["stop_week"])
    hours = g["hours_per_week"] * (1.0 - g["effort_decay"]) ** (week - 1) * running
    # Each network's upkeep, up to the hours it is given: a sliver of the hours costs a sliver.
    # Summed network by network: the (week, 1, draw) total without a full-size array.
    upkeep = sum(np.minimum(share[:, j:j + 1] * hours, g["network_upkeep_hours"])
                 for j in range(share.shape[1]))
    coordination = g["coordination_loss"] * (1.0 - g["role_clarity"]) * hours
    productive = np.maximum(hours - upkeep - coordination, 0.0) \
        * (1.0 + cat.IT_EFFICIENCY_GAIN * dept["it"])
    hours_per_post = g["hours_per_post"] * batch.network_effort \
        * (1.0 + g["personalization_time"] * g["personalization"])
    # In place where a (week, network, draw) array is read for the last time: the same numbers
    # with fewer full-size temporaries, each of which costs fresh memory pages in the Monte Carlo.
    posts = productive * share
    posts /= hours_per_post

    # Response: carryover, then fatigue, then what skill, strategy and measurement add.
    # Carryover and practice are linear in the hours and the split is the same every week:
    # taken on the (week, 1, draw) hours, then split, they cost k times less in the Monte Carlo.
    fatigue = g["fatigue_scale"] * batch.network_fatigue  # posts a week, per network
    effective = geometric_adstock(productive, g["carryover"]) * (share / hours_per_post)
    posting_response(effective, fatigue, out=effective)
    practised = (np.cumsum(productive, axis=0) - productive) * share
    start_skill = np.where(batch.followers_start > 0, ESTABLISHED_NETWORK_EFFICIENCY,
                           NEW_NETWORK_EFFICIENCY).astype(dtype)
    skill = learning_efficiency(practised, start_skill, NETWORK_LEARNING_HOURS, out=practised)
    learning = 1.0 + g["learning_gain"] * batch.maturity \
        * (1.0 - np.exp(-(week - 1) / MEASUREMENT_LEARNING_WEEKS))
    # Each quality is relative to the median brand's (MEDIAN_BRAND), whose posts do what the
    # benchmarks measured: the effect sizes say how far a lever moves it from there.
    levers = {**{name: g[name] for name in QUALITY_LEVERS}, **dept,
              "mix_engagement": batch.mix_engagement, "mix_conversion": batch.mix_conversion}
    mine, median = lever_quality(g, levers), lever_quality(g, MEDIAN_BRAND)
    reach_quality = skill  # the skill array becomes the reach quality, in place
    reach_quality *= mine.reach / median.reach
    reach_quality *= learning
    content_quality = mine.content / median.content
    goal = mine.goal
    conversion_quality = (mine.conversion / median.conversion) * learning

    # Per-draw factors stay apart from the weekly drive of each network until after the sum
    # over networks: the Monte Carlo then makes few full-size (week, network, draw) arrays.
    drive = np.multiply(effective, reach_quality, out=effective)
    # The benchmarks count posts of brands posting network_reference a week, where fatigue
    # has already worn each down to 1 / (1 + reference / K) of a first post.
    anchor = 1.0 + batch.network_reference / fatigue
    reach_drive = (batch.network_reach * anchor) * drive
    engagement_drive = (batch.network_engagement * anchor) * drive
    engagement_scale = g["engagement_rate_scale"] * content_quality

    # Audience: word of mouth and discovery bring followers; promotions, irrelevance,
    # over-posting and incidents lose them.
    # churn = base_churn + unfollow_rate · (0.46 promotion + 0.41 irrelevance
    #         + 0.35 overposting), overposting = max(0, posts / fatigue − 1); in place.
    churn = np.divide(posts, fatigue)
    churn -= 1.0
    np.maximum(churn, 0.0, out=churn)
    churn *= UNFOLLOW_TOO_MANY
    churn += (UNFOLLOW_PROMOTION * batch.promotion_excess
              + UNFOLLOW_IRRELEVANT * (1.0 - g["targeting"]))
    churn *= g["unfollow_rate"]
    churn += g["base_churn"]
    total_posts = over_networks(posts)
    incident_chance = g["incident_rate"] * (1.0 - g["role_clarity"]) \
        * np.minimum(1.0, total_posts / INCIDENT_FREE_POSTS)
    incident_count = incident_chance if incident_draws is None \
        else (incident_draws < incident_chance).astype(dtype)
    # Paid clicks saturate with spend (Hill): at most paid_half_saturation / cost_per_click a
    # week, half of it at the half-saturation spend; at slope 1 the first money buys clicks
    # at cost_per_click.
    paid_clicks = (g["paid_half_saturation"] / g["cost_per_click"]) \
        * hill(g["paid_budget"], g["paid_half_saturation"], g["paid_slope"]) * running
    outflow = churn
    outflow += incident_count * g["incident_follower_loss"]
    np.minimum(outflow, 1.0, out=outflow)
    inflow = (g["discovery_per_post"] * content_quality) * drive
    paid_follows = PAID_FOLLOWS_PER_CLICK * paid_clicks
    for j in range(share.shape[1]):  # per network: the paid follows' split is per draw only
        inflow[:, j:j + 1] += paid_follows * share[:, j:j + 1]
    followers_begin, followers_end = grow_followers(
        outflow, (g["follows_per_engagement"] * engagement_scale) * engagement_drive, inflow,
        batch.followers_start, g["audience_potential"])
    extra = {} if not per_network else {
        "network_posts": posts, "network_followers": followers_end,
        "network_reach": g["reach_rate_scale"] * followers_begin * reach_drive,
        "network_engagements": engagement_scale * followers_begin * engagement_drive}

    organic_reach = g["reach_rate_scale"] * over_networks(followers_begin * reach_drive)
    engagement_drive *= followers_begin  # now each network's engagements, before the scale
    engagements = engagement_scale * over_networks(engagement_drive)
    # Visits per network: link clicks per person reached; orders: buyers per visit, paid
    # visits at Facebook's rate (the ads are a Facebook traffic campaign).
    network_visits = reach_drive  # in place: reach_drive is read for the last time
    network_visits *= batch.network_link_click
    network_visits *= followers_begin
    visit_scale = g["reach_rate_scale"] * g["click_scale"] * content_quality
    clicks = visit_scale * over_networks(network_visits) + paid_clicks
    network_orders = np.multiply(network_visits, batch.network_conversion, out=network_visits)
    orders = (visit_scale * over_networks(network_orders)
              + PAID_CONVERSION * paid_clicks) * (g["conversion_scale"] * conversion_quality)
    # New customers the programme brought: not the returning buyers, not those who would have
    # come anyway; they go on ordering in the weeks after (repeat_orders).
    conversions = orders * ((1.0 - g["returning_share"]) * g["incrementality"])
    revenue = g["order_value"] * (g["incrementality"] * orders
                                  + repeat_orders(conversions, g["repeat_orders"],
                                                  g["customer_years"]))
    savings = g["savings_potential"] * goal * (1.0 - np.exp(-productive / SAVINGS_HOURS))
    # A stopped programme stops paying for tools and ads too.
    cost = hours * g["hourly_cost"] + (g["tool_cost"] + g["paid_budget"]) * running \
        + incident_count * INCIDENT_HOURS * g["hourly_cost"]
    profit = g["margin"] * revenue + savings - cost

    draws = organic_reach.shape[2]

    def flat(a: np.ndarray) -> np.ndarray:
        if a.shape[0] == weeks and a.shape[2] == draws:
            return a[:, 0, :]
        return np.broadcast_to(a, (weeks, 1, draws))[:, 0, :]

    out = {
        "hours": flat(hours), "posts": flat(total_posts),
        "reach": flat(organic_reach + paid_clicks / PAID_CLICK_THROUGH),
        "engagements": flat(engagements), "followers": flat(over_networks(followers_end)),
        "clicks": flat(clicks), "conversions": flat(conversions), "revenue": flat(revenue),
        "savings": flat(savings), "cost": flat(cost), "profit": flat(profit),
    }
    out.update(extra)
    return out


class LeverQuality(NamedTuple):
    """The quality factors the levers set (dimensionless; MODEL.md, eqs. 11–16)."""

    reach: Any  # relevance · regularity: what each post is worth in reach
    content: Any  # how much each person reached engages, visits and follows
    goal: Any  # goal clarity after leadership's gain
    conversion: Any  # how many visits become orders, before learning


def lever_quality(g: Mapping[str, Any], x: Mapping[str, Any]) -> LeverQuality:
    """The quality factors of lever values ``x`` (the fields of ``MEDIAN_BRAND``), with the
    effect sizes of ``g``; arrays broadcast as in :func:`run`."""
    # Strategy acts on reach and on conversion, half each (a square root): the outcome, their
    # product, loses strategy_effect at clarity 0, as documented, and not 1 − (1 − effect)².
    relevance = np.sqrt(1.0 - g["strategy_effect"] * (1.0 - x["strategy_clarity"]))
    regularity = 1.0 - g["consistency_effect"] * (1.0 - x["consistency"])
    responsiveness = x["daily_routine"] * 24.0 / (24.0 + x["reply_hours"])
    content = (x["mix_engagement"]
               * (1.0 - g["targeting_effect"] * (1.0 - x["targeting"]))
               * (1.0 + g["personalization_engagement"] * x["personalization"])
               * (1.0 + g["reply_uplift"] * responsiveness)
               * (1.0 + g["two_way_effect"] * x["two_way"])
               * (1.0 + cat.HR_QUALITY_GAIN * x["hr"]))
    goal = x["goal_clarity"] + cat.LEADERSHIP_GOAL_GAIN * x["leadership"] \
        * (1.0 - x["goal_clarity"])
    conversion = (relevance
                  * (1.0 - g["goal_effect"] * (1.0 - goal))
                  * x["mix_conversion"]
                  * (1.0 - 0.5 * g["targeting_effect"] * (1.0 - x["targeting"]))
                  * (1.0 + g["personalization_lift"] * x["personalization"])
                  * (1.0 + cat.SALES_CONVERSION_GAIN * x["sales"]))
    return LeverQuality(relevance * regularity, content, goal, conversion)


# The numeric levers the quality factors read; with the content mix and the departments.
QUALITY_LEVERS = ("strategy_clarity", "consistency", "daily_routine", "reply_hours", "targeting",
                  "personalization", "two_way", "goal_clarity")


def _median_brand() -> dict[str, float]:
    """The default scenario's levers: the made-up company is a median brand (MODEL.md, §2)."""
    mix = dict(zip((c.value for c in cat.CONTENT_TYPES), DEFAULT.content_mix))
    levers = {name: float(getattr(DEFAULT, name)) for name in QUALITY_LEVERS}
    levers["mix_engagement"] = sum(mix[c] * cat.CONTENT_ENGAGEMENT[c] for c in mix)
    levers["mix_conversion"] = sum(mix[c] * cat.CONTENT_CONVERSION[c] for c in mix)
    levers.update({d.value: float(d.value in DEFAULT.departments) for d in cat.Department})
    return levers


MEDIAN_BRAND: dict[str, float] = _median_brand()


def repeat_orders(won: FloatArray, per_year: FloatArray, years: FloatArray) -> FloatArray:
    """Repeat orders each week from the customers won before it, ``won`` ``(weeks, 1, n)``.

    A customer won in week s is still a customer in week t > s with chance
    ``exp(−(t − s) / (52 · years))`` and orders ``per_year / 52`` a week while one.
    """
    # Per-draw values without their week axis, the shape of a week's customers.
    keep = np.exp(-1.0 / (WEEKS_PER_YEAR * years)).astype(won.dtype)[0]
    rate = (per_year / WEEKS_PER_YEAR).astype(won.dtype)[0]
    customers = np.zeros(np.broadcast_shapes(won.shape[1:], keep.shape), dtype=won.dtype)
    out = np.empty((won.shape[0],) + customers.shape, dtype=won.dtype)
    for t in range(won.shape[0]):  # in place: a few numpy calls a week, no new arrays
        np.multiply(customers, rate, out=out[t])
        customers *= keep
        customers += won[t]
    return out


def customer_value(scenario: Scenario) -> float:
    """What a customer won is worth over its life, in money: its first order and its repeat
    orders, discounted at ``discount_rate`` a year (for comparison with a company's own
    lifetime value; the weekly flows count the orders undiscounted, as they happen)."""
    years, rate = scenario.customer_years, scenario.discount_rate
    # Orders at per_year a year while a customer (exit rate 1/years), discounted continuously.
    repeats = scenario.repeat_orders / (1.0 / years + np.log1p(rate))
    return float(scenario.order_value * (1.0 + repeats))


def network_upkeep(scenario: Scenario) -> float:
    """Hours a week the networks' upkeep takes in week 1 (h/week): each network's upkeep up to
    the hours it is given (MODEL.md, eq. 2), so it never exceeds the hours worked."""
    hours = scenario.hours_per_week
    return float(sum(min(share * hours, scenario.network_upkeep_hours)
                     for _, share, _ in scenario.networks))


def over_networks(a: np.ndarray) -> np.ndarray:
    """Sum over the network axis, keeping it."""
    return a.sum(axis=1, keepdims=True)


def running_total(a: np.ndarray) -> np.ndarray:
    """``np.cumsum(a, axis=0)``, bit for bit, for a (weeks, draws) array with many draws.

    numpy's cumsum along the first axis of a C-ordered array walks it column by column; adding
    whole rows runs four to five times faster on 10,000 draws, in the same order of additions.
    """
    out = np.empty_like(a)
    out[0] = a[0]
    for t in range(1, a.shape[0]):
        np.add(out[t - 1], a[t], out=out[t])
    return out


# ROI counts from one cent spent: over less it is a ratio of nothing (and overflows float32).
MIN_COST_FOR_ROI = 0.01


def _roi(cum_profit: np.ndarray, cum_cost: np.ndarray) -> np.ndarray:
    """Cumulative profit over cumulative cost; 0 until a cent has been spent."""
    return np.divide(cum_profit, cum_cost, out=np.zeros_like(cum_profit),
                     where=cum_cost >= MIN_COST_FOR_ROI)


def with_totals(flows: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    """The flows with their running totals and ROI added.

    Parameters
    ----------
    flows : Mapping[str, FloatArray]
        Weekly flows from :func:`run`, each ``(weeks, n)``.

    Returns
    -------
    dict[str, FloatArray]
        ``flows`` plus ``cum_cost``, ``cum_revenue``, ``cum_profit`` (sums from week 1, in the
        scenario's currency) and ``roi`` (cumulative profit over cumulative cost, a ratio; 0
        until ``MIN_COST_FOR_ROI`` has been spent), each ``(weeks, n)``.
    """
    out = dict(flows)
    out["cum_cost"] = np.cumsum(flows["cost"], axis=0)
    out["cum_revenue"] = np.cumsum(flows["revenue"], axis=0)
    out["cum_profit"] = np.cumsum(flows["profit"], axis=0)
    out["roi"] = _roi(out["cum_profit"], out["cum_cost"])
    return out


def check_weeks(weeks: int) -> int:
    """``weeks`` as an int, or ``ValueError`` unless it is a whole number of weeks, 1–520
    (``bool`` is refused: ``True`` is no horizon)."""
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or not 1 <= weeks <= 520:
        raise ValueError(f"weeks must be a whole number between 1 and 520; got {weeks!r}")
    return int(weeks)


def run_batch(scenarios: Sequence[Scenario], weeks: int = 52) -> dict[str, np.ndarray]:
    """Simulate many scenarios at once: each metric as an array (weeks, scenarios)."""
    return with_totals(run(inputs(scenarios), weeks))


def simulate(scenario: Scenario, weeks: int = 52) -> pd.DataFrame:
    """One deterministic run: a row per week with the columns of ``METRICS``.

    ``profit`` is margin-adjusted revenue plus savings minus cost; ``roi`` is cumulative
    profit over cumulative cost (0 before anything is spent).
    """
    series = run_batch([scenario], weeks)
    columns = {"week": np.arange(1, weeks + 1)}
    columns.update((name, series[name][:, 0]) for name in METRICS)
    return pd.DataFrame(columns)


def simulate_networks(scenario: Scenario, weeks: int = 52) -> pd.DataFrame:
    """Per network and week: posts, reach, engagements, followers (long format)."""
    weeks = check_weeks(weeks)
    batch = inputs([scenario])
    series = run(batch, weeks, per_network=True)
    rows = []
    for j, net in enumerate(batch.networks):
        rows.append(pd.DataFrame({
            "week": np.arange(1, weeks + 1), "network": str(net),
            "hours": series["hours"][:, 0] * scenario.networks[j][1],
            "posts": series["network_posts"][:, j, 0], "reach": series["network_reach"][:, j, 0],
            "engagements": series["network_engagements"][:, j, 0],
            "followers": series["network_followers"][:, j, 0]}))
    return pd.concat(rows, ignore_index=True)


# The uncertain fields and their priors, read from the Scenario's field metadata (one place):
# every assumption of the response model, the click and conversion rates. Each is drawn
# independently around the scenario's own value and within the field's range, never clipped.
UNCERTAINTY: dict[str, tuple[str, float, str]] = dict(PRIORS)
# Metrics no drawn field reaches (hours depend on hours_per_week, effort_decay, stop_week).
DETERMINISTIC = ("hours",)
MC_BLOCK = 625  # draws per random generator: fixed, since a seed's numbers depend on it
# Week-network-draw cells simulated at once (whole blocks, at least one): bounds a chunk's
# temporaries, not the flows kept. Two blocks over 104 weeks and two networks: the weekly
# loops then make half as many numpy calls as one block at a time.
MC_CHUNK_CELLS = 260_000
# Kept flows and running sums take about 60 bytes per draw and week (15 float32 series): at
# 2 million draw-weeks the peak is about 127 MB over 104 weeks, 306 MB over 520 with 7 networks.
MC_MAX_DRAW_WEEKS = 2_000_000
MC_THREADS = 2  # the machines this runs on (CI, Community Cloud) have about two cores
QUANTILES = (0.1, 0.5, 0.9)  # p10, p50, p90: the Monte Carlo bands and the compared profits

Priors = Mapping[str, tuple[str, float, str]]
# Posterior draws of some fields (a calibration's ``draws``: a frame, one row a draw, columns
# named as the fields); the Monte Carlo resamples its rows with a stream of its own.
Posterior = pd.DataFrame
POSTERIOR_STREAM = 17  # the resampling's seed is (seed, 17): the priors' streams stay as they are


def _priors(overrides: Priors | None) -> dict[str, tuple[str, float, str]]:
    """UNCERTAINTY with some priors replaced (a notebook's own spreads); checked."""
    out = dict(UNCERTAINTY)
    for name, spec in (overrides or {}).items():
        if name not in NUMERIC_FIELDS or field_meta(name)["range"][0] is None:
            raise ValueError(f"priors: {name!r} is not a numeric Scenario field")
        if len(spec) < 2 or spec[0] not in PRIOR_KINDS or not spec[1] > 0:
            raise ValueError(f"priors: {name} needs (kind, spread > 0), kind one of "
                             f"{', '.join(PRIOR_KINDS)}; got {spec!r}")
        out[name] = (spec[0], float(spec[1]), spec[2] if len(spec) > 2 else ASSUMPTION)
    return out


def prior_quantile(name: str, value: float, q: npt.ArrayLike,
                   prior: tuple[str, float, str] | None = None) -> np.ndarray:
    """Quantiles ``q`` (0–1) of the field's prior around ``value``, in the field's unit.

    The numbers the Monte Carlo draws come from this same inverse CDF, so a page that shows
    "p10–p90" of a prior shows the spread the draws have.
    """
    kind, spread, _ = prior or UNCERTAINTY[name]
    lo, hi = field_meta(name)["range"]
    q = np.asarray(q, dtype=float)
    if not lo < value < hi and not (kind == "lognormal" and value > 0):
        return np.full(q.shape, float(value))  # a value on a bound (or 0): nothing to spread
    if kind == "beta":
        a, b = beta_shape((value - lo) / (hi - lo), spread)
        return lo + (hi - lo) * special.betaincinv(a, b, q)
    # Log-normal truncated to the range: a uniform on [Φ(a), Φ(b)] through Φ⁻¹.
    a = special.ndtr(np.log(lo / value) / spread) if lo > 0 else 0.0
    b = special.ndtr(np.log(hi / value) / spread)
    return value * np.exp(spread * special.ndtri(a + (b - a) * q))


@functools.lru_cache(maxsize=1024)
def beta_shape(median: float, concentration: float) -> tuple[float, float]:
    """Beta(a, b) with a + b = ``concentration`` whose median is ``median`` (0–1, exclusive):
    the user's value is the median draw, as it is for the log-normal priors."""
    def off(mean: float) -> float:
        return float(special.betaincinv(mean * concentration, (1 - mean) * concentration, 0.5)
                     - median)
    mean = optimize.brentq(off, 1e-12, 1 - 1e-12, xtol=1e-12)
    return mean * concentration, (1.0 - mean) * concentration


def posterior_rows(posterior: Posterior | None, n: int, seed: int) -> dict[str, np.ndarray]:
    """``n`` draws resampled (with replacement) from the rows of ``posterior``, per column:
    what :func:`draw_priors` takes as ``posterior``. Empty without a posterior.

    The columns must be numeric Scenario fields other than the team's levers (the hours
    worked stay the scenario's: every draw works the same hours), with values in range.
    """
    if posterior is None or posterior.empty:
        return {}
    bad = [c for c in posterior.columns if c not in NUMERIC_FIELDS or c in TEAM_LEVERS]
    if bad:
        raise ValueError(f"posterior: not assumption fields of Scenario: "
                         f"{', '.join(map(str, bad))}")
    out = {}
    rows = np.random.default_rng([seed, POSTERIOR_STREAM]).integers(0, len(posterior), n)
    for name in posterior.columns:
        values = posterior[name].to_numpy(dtype=float)
        lo, hi = field_meta(name)["range"]
        if not (np.all(np.isfinite(values)) and values.min() >= lo and values.max() <= hi):
            raise ValueError(f"posterior: {name} has values outside {lo:g}–{hi:g}")
        out[name] = values[rows]
    return out


def draw_priors(base: Inputs, n: int, rng: np.random.Generator,
                priors: Priors | None = None,
                posterior: Mapping[str, np.ndarray] | None = None) -> dict[str, FloatArray]:
    """``n`` draws of every uncertain field around ``base``'s single scenario, ``(1, 1, n)``
    each in ``base``'s dtype, inside the field's range.

    Beta fields come from numpy's Beta sampler; log-normal ones from the truncated inverse
    CDF of :func:`prior_quantile`. Both respect the bounds by construction: nothing is clipped.
    ``posterior`` (from :func:`posterior_rows`, ``n`` values each) replaces the draws of its
    fields; the priors are drawn all the same, so the other fields' draws do not change.
    """
    drawn = {}
    for name, spec in _priors(priors).items():
        value = float(base.fields[name].reshape(-1)[0])
        dtype = base.fields[name].dtype
        lo, hi = field_meta(name)["range"]
        if spec[0] == "beta" and lo < value < hi:
            x = lo + (hi - lo) * rng.beta(*beta_shape((value - lo) / (hi - lo), spec[1]), n)
        else:
            x = prior_quantile(name, value, rng.random(n), spec)
        drawn[name] = x.astype(dtype).reshape(1, 1, n)
    for name, values in (posterior or {}).items():
        drawn[name] = np.asarray(values).astype(base.fields[name].dtype).reshape(1, 1, n)
    return drawn


def monte_carlo(scenario: Scenario, n: int = 1000, weeks: int = 52, seed: int = 0,
                priors: Priors | None = None, posterior: Posterior | None = None
                ) -> pd.DataFrame:
    """The p10, p50 and p90 of every metric, week by week, over ``n`` draws of the assumptions.

    Every field of ``UNCERTAINTY`` is drawn from its prior around the scenario's value
    (``priors`` replaces some: field name to ``(kind, spread)``, as in the field metadata).
    ``posterior`` (a calibration's ``draws``) draws its fields jointly from its rows instead,
    resampled with the seed; the other fields keep their prior draws, number for number.

    Long format: columns ``week, metric, p10, p50, p90``. Incidents of a scenario without
    clear roles happen at random weeks in each draw. The same seed gives the same numbers.
    ``frame.attrs["p_profitable"]`` is the share of draws with cumulative profit above zero
    at the horizon. Draws run in float32, in chunks on two threads (numpy releases the GIL).
    Every draw's weekly flows are kept until the quantiles are taken, so ``n × weeks`` may be
    at most ``MC_MAX_DRAW_WEEKS`` (2,000,000: for example 19,230 draws over 104 weeks, or 3,846
    over 520); a larger request raises ``ValueError``.
    """
    weeks = check_weeks(weeks)
    return _quantile_frame(_draw_flows(scenario, n, weeks, seed, FLOWS, priors, posterior),
                           weeks)


def profit_draws(scenario: Scenario, n: int = 1000, weeks: int = 52, seed: int = 0,
                 priors: Priors | None = None, posterior: Posterior | None = None
                 ) -> np.ndarray:
    """Cumulative profit at the horizon in each of ``n`` draws, the draws of :func:`monte_carlo`.

    With the same ``n``, ``weeks`` and ``seed`` the share above zero is exactly
    ``monte_carlo(...).attrs["p_profitable"]``; it skips the weekly quantiles, which cost
    as much again as the draws when only the horizon's outcome is wanted.
    """
    weeks = check_weeks(weeks)
    store = _draw_flows(scenario, n, weeks, seed, ("profit",), priors, posterior)
    # The same float32 running sum as monte_carlo, so the two agree to the last bit.
    return running_total(store["profit"])[-1].astype(np.float64)


def _draw_flows(scenario: Scenario, n: int, weeks: int, seed: int, names: Sequence[str],
                priors: Priors | None = None,
                posterior: Posterior | None = None) -> dict[str, np.ndarray]:
    """The weekly flows ``names`` of ``n`` Monte Carlo draws, as arrays (weeks, n) in float32."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 1_000_000:
        raise ValueError(f"n must be a whole number between 1 and 1000000; got {n!r}")
    if n * weeks > MC_MAX_DRAW_WEEKS:
        raise ValueError(f"n × weeks must be at most {MC_MAX_DRAW_WEEKS:,} (each draw and week "
                         f"keeps about 60 bytes); got n={n:,} × weeks={weeks} = {n * weeks:,}: "
                         f"use fewer draws or weeks")
    base = inputs([scenario]).astype(np.float32)
    _priors(priors)  # a wrong prior is refused here, not inside a worker thread
    fixed = posterior_rows(posterior, n, seed)
    blocks = range(0, n, MC_BLOCK)
    # One generator per block, spawned from the seed: the numbers depend neither on threading
    # nor on how many blocks a chunk simulates (each draw's run is its own).
    rngs = np.random.default_rng(seed).spawn(len(blocks))
    per_chunk = min(max(1, MC_CHUNK_CELLS // (weeks * len(base.networks) * MC_BLOCK)),
                    -(-len(blocks) // MC_THREADS))  # and every thread gets a chunk
    store = {name: np.empty((weeks, n), dtype=np.float32) for name in names}

    def run_chunk(first: int) -> None:
        drawn, incidents = [], []
        for start, rng in zip(blocks[first:first + per_chunk], rngs[first:first + per_chunk]):
            size = min(MC_BLOCK, n - start)
            drawn.append(draw_priors(base, size, rng, priors,
                                     {k: v[start:start + size] for k, v in fixed.items()}))
            incidents.append(rng.random((weeks, 1, size), dtype=np.float32))
        draws = base.vary(**{name: np.concatenate([d[name] for d in drawn], axis=2)
                             for name in drawn[0]})
        flows = run(draws, weeks, incident_draws=np.concatenate(incidents, axis=2))
        start = blocks[first]
        for name in names:
            store[name][:, start:start + flows[name].shape[1]] = flows[name]

    with ThreadPoolExecutor(max_workers=MC_THREADS) as pool:
        list(pool.map(run_chunk, range(0, len(blocks), per_chunk)))
    return store


def _quantile_frame(store: dict[str, np.ndarray], weeks: int) -> pd.DataFrame:
    """Quantiles of every metric; cumulative ones are summed per draw before taking them.

    Order statistics come from one sort per metric (numpy's vectorized sort beats a
    multi-point partition here); the quantile is the draw nearest to ``q·(n-1)``.
    """
    n = store["cost"].shape[1]
    cum_cost = running_total(store["cost"])
    cum_profit = running_total(store["profit"])
    p_profitable = float((cum_profit[-1] > 0).mean())
    roi = _roi(cum_profit, cum_cost)
    series = {**store, "cum_cost": cum_cost, "cum_profit": cum_profit, "roi": roi,
              "cum_revenue": running_total(store["revenue"])}
    rank = np.rint(np.array(QUANTILES) * (n - 1)).astype(int)

    def quantiles(name: str) -> np.ndarray:
        if name in DETERMINISTIC:  # no drawn assumption reaches it: every draw agrees
            return np.repeat(series[name][:, :1], len(rank), axis=1)
        values = series[name]
        values.sort(axis=1)  # in place: every array here is ours and read for the last time
        return values[:, rank]

    with ThreadPoolExecutor(max_workers=MC_THREADS) as pool:
        q = np.concatenate(list(pool.map(quantiles, METRICS)), axis=0).astype(np.float64)
    frame = pd.DataFrame({"week": np.tile(np.arange(1, weeks + 1), len(METRICS)),
                          "metric": np.repeat(METRICS, weeks),
                          "p10": q[:, 0], "p50": q[:, 1], "p90": q[:, 2]})
    frame.attrs["p_profitable"] = p_profitable
    return frame
