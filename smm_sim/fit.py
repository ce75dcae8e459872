"""Fit the model to a company's weekly numbers: the model half of the calibration.

``calibrate`` fits the base scenario's uncertain parameters to a frame that
:func:`smm_sim.weekly_file.read_weekly_csv` read (or :func:`~smm_sim.weekly_file.weekly_frame`
checked): starting values step by step (hours and their fade by a log-linear fit, hours per
post in closed form, the response parameters from ratios of totals), then all of them
together by ``scipy.optimize.least_squares``, each metric weighted by its own noise,
customers and revenue fitted as Poisson counts so that money adds up. docs/CALIBRATION.md
gives the details.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .model import UNCERTAINTY, inputs, run, simulate
from .scenario import DEFAULT, MAX_FOLLOWERS, Scenario, field_meta
from .weekly_file import FILE_COLUMNS, MIN_WEEKS, Note, weekly_frame

# The parameters fitted, each with the column that mostly determines it. Besides hours and
# posts they are the Monte Carlo's uncertain assumptions that weekly totals can tell apart,
# and the value of an order; follows_per_engagement, reply_uplift and personalization_lift
# move the same series as fitted ones do and stay as they are, and so does
# discovery_per_post: word of mouth brings nearly all new followers (MODEL.md, eq. 20), so
# the followers series cannot tell the few found per post from those lost.
FITTED = (("hours_per_week", "hours"), ("effort_decay", "hours"), ("hours_per_post", "posts"),
          ("engagement_rate_scale", "engagements"),
          ("base_churn", "followers"), ("followers_start", "followers"),
          ("reach_rate_scale", "reach"), ("click_scale", "clicks"),
          ("conversion_scale", "conversions"), ("order_value", "revenue"))
KEPT = ("follows_per_engagement", "discovery_per_post", "reply_uplift", "personalization_lift")
LINEAR = ("effort_decay",)  # may well be 0: fitted as it is, the others on a log scale
FOLLOWERS_START_RANGE = (0.8, 1.25)  # × the first week's followers: one week's growth at most
LOG_FLOOR = {"hours_per_week": 0.05, "base_churn": 1e-5,
             "conversion_scale": 1e-3, "click_scale": 1e-3, "order_value": 0.01}
COUNT_OFFSET = 0.5  # added before the log: a week with no visits stays finite
# Counted in customers, fitted as Poisson counts (revenue in customers' worth): on a log
# scale, small counts would come out too low, and money must add up.
CUSTOMER_COUNTS = ("conversions", "revenue")
NOISE_FLOOR = 0.002  # smallest noise a metric is weighted by (followers are counted exactly)
ROBUST_SCALE = 2.0  # in the second pass, a week beyond 2 noise widths counts less (Huber)
# Parameters with a prior: in a steady programme the followers series alone cannot tell new
# followers from lost ones, only their difference.
PRIOR = ("base_churn",)
INTERVAL_Z = 1.645  # two-sided 90% interval of a normal estimate
DIGITS = 4  # significant digits a fitted value is kept to (links and files stay short)
STEP = 1e-4  # finite-difference step of a parameter (on its log scale for most)
# A ceiling under twice the followers seen would hold back the growth the data show: it is
# raised to five times them, the ratio of the default company (20,000 of 100,000).
POTENTIAL_FLOOR, POTENTIAL_FACTOR = 2.0, 5.0


@dataclass(frozen=True)
class FittedValue:
    """One parameter: the scenario's value before, the fitted one, an approximate 90% range."""

    field: str  # a Scenario field, or "followers_start" (followers over all networks)
    before: float
    fitted: float
    low: float | None
    high: float | None
    metric: str  # the column it was fitted to
    at_bound: bool = False  # the fit stopped at the edge of the field's range


@dataclass(frozen=True)
class Calibration:
    """What :func:`calibrate` returns."""

    scenario: Scenario  # the fitted scenario
    base: Scenario  # the scenario it started from
    weeks: int  # weeks from the file's first to its last
    values: tuple[FittedValue, ...]
    kept: tuple[str, ...]  # uncertain assumptions the data cannot tell apart: left as they were
    fit: pd.DataFrame  # per metric: weeks, wape, bias, r2, wape_before
    comparison: pd.DataFrame  # long: week, label, metric, data, before, fitted
    model: pd.DataFrame  # simulate(scenario, weeks): the fitted model's weekly values
    data: pd.DataFrame  # the checked weekly frame
    notes: tuple[Note, ...]

    def values_frame(self) -> pd.DataFrame:
        return pd.DataFrame([dataclasses.asdict(v) for v in self.values])


def _round(value: float) -> float:
    """Four significant figures; below a millionth, nothing (a fade of 1e-11 is no fade)."""
    return 0.0 if abs(value) < 1e-6 else float(f"{value:.{DIGITS}g}")


def _clip(name: str, value: float) -> float:
    lo, hi = field_meta(name)["range"]
    return float(min(max(value, lo), hi))


def _fit_hours(weeks: np.ndarray, hours: np.ndarray) -> tuple[float, float, int, list[Note]]:
    """Hours in week 1, the weekly fade and the week work stopped (0: never): a straight
    line through the log of the hours worked, the weeks with none left out."""
    notes: list[Note] = []
    known = ~np.isnan(hours)
    w, h = weeks[known], hours[known]
    worked = np.flatnonzero(h > 0)
    stop = 0
    last = w[worked[-1]]
    if (w > last).sum() >= 2:  # two or more weeks of nothing at the end: the programme stopped
        stop = int(last) + 1
        if stop > field_meta("stop_week")["range"][1]:
            notes.append(Note("data.note.stop_beyond", {"week": stop}))
            stop = 0
    t, y = w[worked] - 1.0, np.log(h[worked])
    slope, level = (np.polyfit(t, y, 1) if len(worked) >= 2 and np.ptp(t) > 0
                    else (0.0, float(y.mean())))
    lo, hi = field_meta("effort_decay")["range"]
    decay = 1.0 - math.exp(slope)
    if decay < lo or decay > hi:
        if decay < lo:
            notes.append(Note("data.note.hours_grow"))
        decay = min(max(decay, lo), hi)
        level = float(np.mean(y - math.log(1.0 - decay) * t))
    first = math.exp(level)
    most = field_meta("hours_per_week")["range"][1]
    if first > most:
        notes.append(Note("data.note.hours_capped", {"hours": int(most)}))
        first = most
    return first, decay, stop, notes


def _observed(data: pd.DataFrame, metric: str) -> bool:
    if metric not in data:
        return False
    values = data[metric].to_numpy(dtype=float)
    return int(np.sum(~np.isnan(values))) >= MIN_WEEKS // 2 and np.nansum(values) > 0


def _noise(target: np.ndarray, counted: bool) -> float:
    """A first guess of a metric's noise, before any fit: the spread of its week-to-week
    changes (robust: median absolute deviation; a change holds two weeks' noise).
    Customer counts start at the Poisson scale, 1."""
    if counted or len(target) < 3:
        return 1.0
    steps = np.diff(target)
    spread = 1.4826 * float(np.median(np.abs(steps - np.median(steps)))) / math.sqrt(2.0)
    return max(NOISE_FLOOR, spread)


def _poisson_deviance(data: np.ndarray, model: np.ndarray) -> np.ndarray:
    """Signed Poisson deviance residuals: their least squares is the Poisson maximum
    likelihood, whose fitted totals equal the data's totals."""
    model = np.maximum(model, 1e-9)
    ratio = np.where(data > 0, data / model, 1.0)
    deviance = 2.0 * (np.where(data > 0, data * np.log(ratio), 0.0) - (data - model))
    return np.sign(model - data) * np.sqrt(np.maximum(deviance, 0.0))


def _goodness(data: np.ndarray, model: np.ndarray) -> tuple[float, float, float]:
    """Weighted absolute percentage error, bias of the totals, R² (NaN where undefined)."""
    known = ~np.isnan(data)
    d, m = data[known], model[known]
    total = np.abs(d).sum()
    wape = float(np.abs(m - d).sum() / total) if total > 0 else math.nan
    bias = float(m.sum() / d.sum() - 1.0) if d.sum() > 0 else math.nan
    spread = ((d - d.mean()) ** 2).sum()
    r2 = float(1.0 - ((m - d) ** 2).sum() / spread) if spread > 0 else math.nan
    return wape, bias, r2


class _Problem:
    """The joint least-squares problem: parameters in (log scale but for LINEAR ones),
    weighted log residuals of every observed metric out.

    Each evaluation runs the model for the point and for each parameter nudged by STEP, all
    as draws of one vectorized batch, and keeps the finite-difference Jacobian for
    least_squares to ask for next.
    """

    def __init__(self, base: Scenario, names: list[str], data: pd.DataFrame, weeks: int,
                 value_per_customer: float, upper: np.ndarray) -> None:
        self.base = inputs([base])
        self.names, self.weeks, self.upper = names, weeks, upper
        # A prior where the data alone cannot decide: base's value, as spread as the Monte
        # Carlo draws it (log-normal σ); the data move it as far as they can tell.
        self.prior = [(i, math.log(getattr(base, n)), UNCERTAINTY[n][1])
                      for i, n in enumerate(names)
                      if n in PRIOR and UNCERTAINTY[n][0] == "lognormal" and getattr(base, n) > 0]
        self.linear = np.array([n in LINEAR for n in names])
        self.metrics = [m for m in FILE_COLUMNS if _observed(data, m)]
        index = data["week"].to_numpy() - 1
        # (weeks observed, target, unit): counted in customers, the target is the data in
        # that unit; otherwise it is the log of the data plus a small offset.
        self.rows: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}
        for metric in self.metrics:
            values = data[metric].to_numpy(dtype=float)
            known = ~np.isnan(values)
            if metric in CUSTOMER_COUNTS:
                unit = value_per_customer if metric == "revenue" else 1.0
                self.rows[metric] = (index[known], values[known] / unit, unit)
            else:
                self.rows[metric] = (index[known], np.log(values[known] + COUNT_OFFSET), 0.0)
        self.weight = {m: 1.0 / _noise(self.rows[m][1], m in CUSTOMER_COUNTS)
                       for m in self.metrics}
        self.week_weight = {m: np.ones(len(self.rows[m][0])) for m in self.metrics}
        self._x: np.ndarray | None = None
        self._jac: np.ndarray | None = None

    def values(self, x: np.ndarray) -> np.ndarray:
        """Parameter values of points ``x`` (params, …): exp but for the linear ones."""
        return np.where(self.linear.reshape((-1,) + (1,) * (x.ndim - 1)), x, np.exp(x))

    def _residuals(self, values: np.ndarray) -> np.ndarray:
        """Residuals (observations, draws) for parameter values (params, draws)."""
        n = values.shape[1]
        drawn = {name: row.reshape(1, 1, n) for name, row in zip(self.names, values)}
        if "followers_start" in drawn:  # a factor on base's followers of each network
            drawn["followers_start"] = self.base.followers_start * drawn["followers_start"]
        flows = run(self.base.vary(**drawn), self.weeks)
        parts = []
        for metric in self.metrics:
            index, target, unit = self.rows[metric]
            model = np.maximum(flows[metric][index], 0.0)
            if metric in CUSTOMER_COUNTS:
                r = _poisson_deviance(target[:, None], model / unit)
            else:
                r = np.log(model + COUNT_OFFSET) - target[:, None]
            parts.append((self.weight[metric] * self.week_weight[metric])[:, None] * r)
        parts += [((np.log(values[i]) - centre) / sigma)[None, :]
                  for i, centre, sigma in self.prior]
        return np.concatenate(parts)

    def residuals(self, x: np.ndarray) -> np.ndarray:
        step = np.where(x + STEP <= self.upper, STEP, -STEP)
        points = np.repeat(x[:, None], len(x) + 1, axis=1)
        points[np.arange(len(x)), np.arange(1, len(x) + 1)] += step
        r = self._residuals(self.values(points))
        self._x, self._jac = x.copy(), (r[:, 1:] - r[:, :1]) / step
        return r[:, 0]

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        if self._x is None or not np.array_equal(x, self._x):
            self.residuals(x)
        return self._jac

    def per_metric(self, r: np.ndarray) -> dict[str, np.ndarray]:
        """Residuals of each metric, unweighted."""
        out, start = {}, 0
        for metric in self.metrics:
            size = len(self.rows[metric][0])
            out[metric] = r[start:start + size] / (self.weight[metric] * self.week_weight[metric])
            start += size
        return out

    def reweight(self, x: np.ndarray) -> None:
        """Weight each metric by the noise its residuals show, and let outlying weeks of the
        log-scale metrics count less (one Huber step). Customers and revenue keep equal
        weeks: their Poisson fit then keeps the totals of the data."""
        for metric, r in self.per_metric(self.residuals(x)).items():
            noise = max(NOISE_FLOOR, float(np.sqrt(np.mean(r ** 2))))
            self.weight[metric] = 1.0 / noise
            if metric not in CUSTOMER_COUNTS:
                size = np.abs(r) / noise
                self.week_weight[metric] = np.sqrt(np.minimum(1.0, ROBUST_SCALE
                                                              / np.maximum(size, 1e-12)))


def _bounds(name: str) -> tuple[float, float]:
    """A parameter's bounds on the scale it is fitted on."""
    lo, hi = FOLLOWERS_START_RANGE if name == "followers_start" else field_meta(name)["range"]
    if name in LINEAR:
        return lo, hi
    return math.log(max(lo, LOG_FLOOR.get(name, lo))), math.log(hi)


def _solve(problem: _Problem, x: np.ndarray, lower: np.ndarray,
           upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fitted point and its covariance (on the fitting scale)."""
    # Each metric is weighted by its noise: first as its week-to-week changes suggest, then
    # as the first fit's residuals show, with outlying weeks counting less.
    for final in (False, True):
        from scipy.optimize import least_squares  # 0.6 s to import: only when asked
        result = least_squares(problem.residuals, x, jac=problem.jacobian, bounds=(lower, upper),
                               method="trf", x_scale="jac", max_nfev=200)
        x = result.x
        if not final:
            problem.reweight(x)
    r, jac = problem.residuals(x), problem.jacobian(x)
    data_rows = len(r) - len(problem.prior)
    noise = float(r[:data_rows] @ r[:data_rows]) / max(1, data_rows - len(x))
    return x, np.linalg.pinv(jac.T @ jac) * max(noise, 1.0)


def calibrate(frame: pd.DataFrame, base: Scenario = DEFAULT) -> Calibration:
    """Fit ``base``'s uncertain parameters to a company's weekly numbers.

    ``frame`` comes from :func:`~smm_sim.weekly_file.read_weekly_csv` or has the same columns
    (it is checked the same way). The networks, their shares and every lever of ``base`` stay
    as they are; the followers at the start are spread over the networks in ``base``'s
    proportions. Raises :class:`~smm_sim.weekly_file.DataFileError` for data that cannot be
    fitted.
    """
    data = weekly_frame(frame)
    notes: list[Note] = list(data.attrs.get("notes", []))
    weeks = int(data["week"].max())
    # Starting values, step by step; a field the data force away from base is reported.
    fitted, adjusted, found = _start_from_hours(data, base)
    fitted, changed, found_upkeep = _leave_time_for_posts(fitted, base, data)
    fitted = _start_hours_per_post(fitted, data, weeks)
    fitted, raised, found_potential = _start_followers(fitted, base, data)
    notes += found + found_upkeep + found_potential
    adjusted += changed + raised
    ratio = _ratios_of_totals(fitted, data, weeks)
    start, per_customer = _starting_values(fitted, data, ratio)

    # Then everything together: a parameter is fitted when its column has numbers.
    names = _fitted_names(ratio)
    if not names:  # no column has enough numbers to fit anything: the starting values stand
        return _report(fitted, base, weeks, adjusted, KEPT, data, notes)
    lower, upper = (np.array(b) for b in zip(*(_bounds(n) for n in names)))
    x0 = np.array([start[n] if n in LINEAR else math.log(max(start[n], 1e-12)) for n in names])
    problem = _Problem(fitted, names, data, weeks, per_customer, upper)
    x, covariance = _solve(problem, np.clip(x0, lower, upper), lower, upper)
    values, changes, at_bound = _fitted_values(names, x, covariance, lower, upper, fitted, base)
    kept = KEPT + tuple(n for n in ("reach_rate_scale", "click_scale") if n not in names)
    return _report(fitted.replace(**changes), base, weeks, values + adjusted, kept, data,
                   notes + at_bound)


def _start_from_hours(data: pd.DataFrame,
                      base: Scenario) -> tuple[Scenario, list[FittedValue], list[Note]]:
    """``base`` with the hours of the file: the level of week 1, the fade (a log-linear fit)
    and the week the work stopped, which stays as found; the revenue's currency if named."""
    first, decay, stop, notes = _fit_hours(data["week"].to_numpy(dtype=float),
                                           data["hours"].to_numpy(dtype=float))
    fitted = base.replace(hours_per_week=first, effort_decay=decay, stop_week=stop,
                          currency=data.attrs.get("currency") or base.currency)
    adjusted = []
    if stop or base.stop_week:
        adjusted.append(FittedValue("stop_week", base.stop_week, stop, None, None, "hours"))
    return fitted, adjusted, notes


def _leave_time_for_posts(fitted: Scenario, base: Scenario, data: pd.DataFrame
                          ) -> tuple[Scenario, list[FittedValue], list[Note]]:
    """Lower the networks' upkeep to half the mean hours at most: upkeep that would leave no
    hour for posts would make every other fit meaningless."""
    n_networks = sum(1 for n in fitted.networks if n[1] > 0)
    mean_hours = float(np.nanmean(data["hours"].to_numpy(dtype=float)))
    if n_networks * fitted.network_upkeep_hours <= 0.5 * mean_hours:
        return fitted, [], []
    upkeep = _round(max(0.0, 0.5 * mean_hours / n_networks))
    return (fitted.replace(network_upkeep_hours=upkeep),
            [FittedValue("network_upkeep_hours", base.network_upkeep_hours, upkeep, None, None,
                         "hours")],
            [Note("data.note.upkeep", {"hours": upkeep})])


def _start_hours_per_post(fitted: Scenario, data: pd.DataFrame, weeks: int) -> Scenario:
    """Hours per post in closed form: the model's posts are exactly proportional to
    1 / hours_per_post."""
    if not _observed(data, "posts"):
        return fitted
    index = data["week"].to_numpy() - 1
    posts = data["posts"].to_numpy(dtype=float)
    model_posts = simulate(fitted, weeks)["posts"].to_numpy()[index]
    both = (posts > 0) & (model_posts > 0)
    if not both.any():
        return fitted
    ratio = float(np.exp(np.mean(np.log(model_posts[both]) - np.log(posts[both]))))
    return fitted.replace(hours_per_post=_clip("hours_per_post", fitted.hours_per_post * ratio))


def _start_followers(fitted: Scenario, base: Scenario, data: pd.DataFrame
                     ) -> tuple[Scenario, list[FittedValue], list[Note]]:
    """Followers at the start from the file's first count, in base's proportions; a ceiling
    below what the file shows would stop all growth, so it is raised."""
    if not _observed(data, "followers"):
        return fitted, [], []
    followers = data["followers"].to_numpy(dtype=float)
    fitted = fitted.replace(networks=_spread(fitted.networks,
                                             float(followers[~np.isnan(followers)][0])))
    most = float(np.nanmax(followers))
    if fitted.audience_potential >= POTENTIAL_FLOOR * most:
        return fitted, [], []
    ceiling = _round(min(field_meta("audience_potential")["range"][1], POTENTIAL_FACTOR * most))
    return (fitted.replace(audience_potential=ceiling),
            [FittedValue("audience_potential", base.audience_potential, ceiling, None, None,
                         "followers")],
            [Note("data.note.potential", {"potential": int(ceiling)})])


def _ratios_of_totals(fitted: Scenario, data: pd.DataFrame, weeks: int) -> dict[str, float]:
    """Per column with enough numbers: its total in the data over the model's total in the
    same weeks (1 where the model has none)."""
    model = simulate(fitted, weeks)
    index = data["week"].to_numpy() - 1
    ratio = {}
    for metric in FILE_COLUMNS:
        if _observed(data, metric):
            d = data[metric].to_numpy(dtype=float)
            known = ~np.isnan(d)
            m = model[metric].to_numpy()[index][known].sum()
            ratio[metric] = float(d[known].sum() / m) if m > 0 else 1.0
    return ratio


def _starting_values(fitted: Scenario, data: pd.DataFrame,
                     ratio: dict[str, float]) -> tuple[dict[str, float], float]:
    """Where the joint fit starts: the response parameters scaled by the ratios of totals;
    the order value scaled so that the model's revenue per new customer is the data's. Also
    returns the data's revenue per new customer (the unit its revenue is counted in)."""
    reach, clicks = ratio.get("reach", 1.0), ratio.get("clicks", 1.0)
    visits = clicks if "clicks" in ratio else reach
    conversions = data["conversions"].to_numpy(dtype=float)
    revenue = data["revenue"].to_numpy(dtype=float)
    both = ~np.isnan(conversions) & ~np.isnan(revenue)
    per_customer = float(revenue[both].sum() / conversions[both].sum()) \
        if conversions[both].sum() > 0 else 1.0
    # Revenue is linear in the order value: the ratio of the two totals' ratios moves it.
    order_value = _clip("order_value", fitted.order_value * ratio.get("revenue", 1.0)
                        / ratio.get("conversions", 1.0))
    start = {"hours_per_week": fitted.hours_per_week, "effort_decay": fitted.effort_decay,
             "hours_per_post": fitted.hours_per_post,
             "engagement_rate_scale": fitted.engagement_rate_scale * ratio.get("engagements", 1),
             "base_churn": fitted.base_churn,
             "followers_start": 1.0, "reach_rate_scale": fitted.reach_rate_scale * reach,
             "click_scale": fitted.click_scale * clicks / reach,
             "conversion_scale": fitted.conversion_scale * ratio.get("conversions", 1) / visits,
             "order_value": order_value}
    return start, per_customer


def _fitted_names(ratio: dict[str, float]) -> list[str]:
    """The parameters whose column has enough numbers; the value of an order needs the
    conversions too, and hours per post the posts."""
    names = [name for name, metric in FITTED if metric in ratio]
    if "conversions" not in ratio:
        names = [n for n in names if n != "order_value"]
    if "posts" not in ratio:
        names = [n for n in names if n != "hours_per_post"]
    return names


def _fitted_values(names: list[str], x: np.ndarray, covariance: np.ndarray, lower: np.ndarray,
                   upper: np.ndarray, fitted: Scenario, base: Scenario
                   ) -> tuple[list[FittedValue], dict[str, Any], list[Note]]:
    """The fitted point as scenario values with their 90% ranges, the changes to make to
    ``fitted``, and a note per parameter stopped at the edge of its range."""
    values, changes, notes = [], {}, []
    for i, name in enumerate(names):
        se = math.sqrt(max(float(covariance[i, i]), 0.0))
        lo, hi = max(x[i] - INTERVAL_Z * se, lower[i]), min(x[i] + INTERVAL_Z * se, upper[i])
        value, low, high = (float(v) if name in LINEAR else math.exp(v) for v in (x[i], lo, hi))
        metric = dict(FITTED)[name]
        at_bound = name not in LINEAR and bool(min(x[i] - lower[i], upper[i] - x[i]) < 1e-6)
        if at_bound:
            notes.append(Note("data.note.at_bound", {"field": name}))
        if name == "followers_start":
            total = fitted.followers_start
            value, low, high = (float(round(total * v)) for v in (value, low, high))
            changes["networks"] = _spread(fitted.networks, value)
            values.append(FittedValue(name, float(base.followers_start), value, low, high,
                                      metric, at_bound))
            continue
        value = _round(_clip(name, value))
        changes[name] = value
        values.append(FittedValue(name, float(getattr(base, name)), value, _round(low),
                                  _round(high), metric, at_bound))
    return values, changes, notes


def _spread(networks: tuple[tuple[str, float, int], ...], total: float) -> tuple:
    """``total`` followers spread over the networks in proportion to their followers now
    (to their shares of the hours when none has any)."""
    weights = [n[2] for n in networks]
    if sum(weights) <= 0:
        weights = [n[1] for n in networks]
    # A network holds at most MAX_FOLLOWERS: a fit near that size stops there.
    parts = [min(int(round(total * w / sum(weights))), MAX_FOLLOWERS) for w in weights]
    return tuple((n[0], n[1], p) for n, p in zip(networks, parts))


def _report(fitted: Scenario, base: Scenario, weeks: int, values: list[FittedValue],
            kept: tuple[str, ...], data: pd.DataFrame, notes: list[Note]) -> Calibration:
    model, before = simulate(fitted, weeks), simulate(base, weeks)
    index = data["week"].to_numpy() - 1
    rows, long = [], []
    for metric in FILE_COLUMNS:
        if metric not in data:
            continue
        d = data[metric].to_numpy(dtype=float)
        m, b = model[metric].to_numpy()[index], before[metric].to_numpy()[index]
        wape, bias, r2 = _goodness(d, m)
        rows.append({"metric": metric, "weeks": int(np.sum(~np.isnan(d))), "wape": wape,
                     "bias": bias, "r2": r2, "wape_before": _goodness(d, b)[0]})
        long.append(pd.DataFrame({"week": data["week"], "label": data["label"], "metric": metric,
                                  "data": d, "before": b, "fitted": m}))
    return Calibration(scenario=fitted, base=base, weeks=weeks, values=tuple(values), kept=kept,
                       fit=pd.DataFrame(rows), comparison=pd.concat(long, ignore_index=True),
                       model=model, data=data, notes=tuple(notes))
