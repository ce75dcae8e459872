"""Fit the model to a company's weekly numbers: the model half of the calibration.

``calibrate`` gives a posterior, not a point: the levels of the base scenario (hours, posts,
the response scales, the value of an order) and the effect sizes that the weeks' variation
may tell (fatigue, carryover, growth, the levers' effects), each starting from its prior in
the Scenario's field metadata. Starting values come step by step (hours and their fade by a
log-linear fit, hours per post in closed form, the scales from ratios of totals); then the
maximum a posteriori by ``scipy.optimize.least_squares`` (the priors as extra residuals on
the scale of each prior: log for a log-normal, logit for a beta), each metric weighted by its
own noise, customers and revenue as Poisson counts so that money adds up; then a Laplace
approximation at that point, corrected by importance resampling from a multivariate t around
it. ``Calibration.draws`` holds the posterior draws the Monte Carlo takes
(``monte_carlo(..., posterior=fit.draws)``), ``Calibration.posterior`` says for each field
whether the data narrowed its prior, and ``Calibration.backtest`` forecasts the last quarter
of the weeks from a fit on the rest. docs/CALIBRATION.md gives the details.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd
from scipy import special

from .catalogue import NETWORKS
from .model import beta_shape, inputs, prior_quantile, run, simulate
from .scenario import DEFAULT, MAX_FOLLOWERS, PRIORS, TEAM_LEVERS, Scenario, field_meta
from .weekly_file import (FILE_COLUMNS, MIN_WEEKS, DataFileError, Note, network_column,
                          weekly_frame)

# The levels fitted, each with the column that mostly determines it: hours and posts, the
# response scales of the funnel's steps, the followers at the start and the value of an order.
FITTED = (("hours_per_week", "hours"), ("effort_decay", "hours"), ("hours_per_post", "posts"),
          ("engagement_rate_scale", "engagements"),
          ("base_churn", "followers"), ("followers_start", "followers"),
          ("reach_rate_scale", "reach"), ("click_scale", "clicks"),
          ("conversion_scale", "conversions"), ("order_value", "revenue"))
# Effect sizes the variation of a file may tell: fatigue and carryover shape the answer to
# weeks of more or fewer posts, growth splits into word of mouth and discovery, the levers'
# effects scale what the levers do; and the scales of reach and visits when the file has no
# column of them (conversions then tell only the funnel's product). Each starts from its
# prior; the data move it only as far as they tell (often not at all: "still an assumption").
EFFECTS = (("reach_rate_scale", "engagements"), ("click_scale", "conversions"),
           ("fatigue_scale", "engagements"), ("carryover", "engagements"),
           ("follows_per_engagement", "followers"), ("discovery_per_post", "followers"),
           ("consistency_effect", "engagements"), ("personalization_engagement", "engagements"),
           ("personalization_lift", "conversions"), ("reply_uplift", "engagements"))
EFFECT_MIN_WEEKS = 26  # half a year: fewer weeks barely vary enough to move an effect size
LINEAR = ("effort_decay",)  # may well be 0: fitted as it is; beta priors on a logit scale
LOGIT_BOUND = 12.0  # ±12 on the logit scale is 6e-6 of the range from its ends
FOLLOWERS_START_RANGE = (0.8, 1.25)  # × the first week's followers: one week's growth at most
LOG_FLOOR = {"hours_per_week": 0.05, "base_churn": 1e-5, "discovery_per_post": 1e-3,
             "follows_per_engagement": 1e-3, "personalization_engagement": 1e-3,
             "conversion_scale": 1e-3, "click_scale": 1e-3, "order_value": 0.01}
COUNT_OFFSET = 0.5  # added before the log: a week with no visits stays finite
# Counted in customers, fitted as Poisson counts (revenue in customers' worth): on a log
# scale, small counts would come out too low, and money must add up.
CUSTOMER_COUNTS = ("conversions", "revenue")
NOISE_FLOOR = 0.002  # smallest noise a metric is weighted by (followers are counted exactly)
ROBUST_SCALE = 2.0  # in the second pass, a week beyond 2 noise widths counts less (Huber)
RANGE_Q = (0.1, 0.9)  # the likely range shown: p10–p90 of the posterior, as the bands
DIGITS = 4  # significant digits a fitted value is kept to (links and files stay short)
STEP = 1e-4  # finite-difference step of a parameter (on its fitting scale)
MAX_EVALUATIONS = 400  # of least_squares, per pass; a fit that needs more has not converged
# Importance resampling: draws of the t proposal (degrees of freedom: heavier tails than the
# Gaussian, so that the weights stay bounded), draws kept, and the effective sample size
# under which the posterior is said to be rough.
PROPOSALS, PROPOSAL_DF, POSTERIOR_DRAWS, MIN_ESS = 4000, 5.0, 1000, 200.0
AXIS_STRETCH = (0.2, 2.0)  # how far a proposal axis may be shrunk or stretched from Laplace's
PROPOSAL_BATCH = 1000  # proposals simulated at once: bounds the memory of a round
ROUNDS, GOOD_ESS, LAPLACE_SHARE = 4, 400.0, 0.05  # population Monte Carlo's adaptation
# A field is learned from the data when its posterior p10–p90 is at most this share of its
# prior's: "clearly narrower".
LEARNED_RATIO = 0.6
# The backtest: fit on the first 75% of the weeks (rounded up), forecast at least 12 more,
# so the file needs 48 weeks.
BACKTEST_SHARE, BACKTEST_MIN_WEEKS = 0.75, 12
BACKTEST_FILE_WEEKS = math.ceil(BACKTEST_MIN_WEEKS / (1 - BACKTEST_SHARE))
# The audience's own year, fitted beside the model from a year of weeks on (a December peak is
# then not read as the effect of more posts): two Fourier pairs of a 52-week season and a
# trend, on the log of what the audience does, each with a normal prior of sd 0.3 (a season
# of ±30% is plausible, one of ±90% is not). The fitted scenario runs without them.
SEASON_NAMES = ("season_sin1", "season_cos1", "season_sin2", "season_cos2", "trend")
SEASON_PRIOR_SD, SEASON_MIN_WEEKS = 0.3, 52
SEASONAL = ("engagements", "reach", "clicks", "conversions", "revenue")
# A ceiling under twice the followers seen would hold back the growth the data show: it is
# raised to five times them, the ratio of the default company (20,000 of 100,000).
POTENTIAL_FLOOR, POTENTIAL_FACTOR = 2.0, 5.0

Progress = Callable[[float], None]


@dataclass(frozen=True)
class FittedValue:
    """One parameter: the scenario's value before, the fitted one (the posterior's mode), the
    posterior's p10–p90, and whether the data narrowed the prior."""

    field: str  # a Scenario field, or "followers_start" (followers over all networks)
    before: float
    fitted: float
    low: float | None
    high: float | None
    metric: str  # the column it was fitted to
    at_bound: bool = False  # the fit stopped at the edge of the field's range
    learned: bool = True  # False: the posterior is about as wide as the prior


@dataclass(frozen=True)
class Calibration:
    """What :func:`calibrate` returns."""

    scenario: Scenario  # the fitted scenario (the posterior's mode)
    base: Scenario  # the scenario it started from
    weeks: int  # weeks from the file's first to its last
    values: tuple[FittedValue, ...]
    kept: tuple[str, ...]  # uncertain assumptions not fitted: left at their priors
    fit: pd.DataFrame  # per metric: weeks, wape, bias, r2, wape_before, noise
    comparison: pd.DataFrame  # long: week, label, metric, data, before, fitted
    model: pd.DataFrame  # simulate(scenario, weeks): the fitted model's weekly values
    data: pd.DataFrame  # the checked weekly frame
    notes: tuple[Note, ...]
    # Posterior draws of the fitted assumptions (one row a draw, columns Scenario fields; the
    # team's levers, read off the file, are left out): monte_carlo(..., posterior=draws).
    draws: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    # Per fitted field: prior_p10, prior_p90 (NaN where the Monte Carlo holds it fixed),
    # p10, p50, p90 of the posterior, learned.
    posterior: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    ess: float = math.nan  # effective sample size of the importance resampling
    # week, metric, actual, p10, p50, p90 of the weeks held out; empty when too short.
    backtest: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    # Per metric: weeks held out, nrmse (of the median forecast), inside (weeks in the band).
    backtest_summary: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)

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


@dataclass(frozen=True)
class _Scale:
    """How one parameter is fitted: its scale ("linear", "log" or "logit" on the field's
    range), its bounds there and its prior there (centre, sd; None where it has none)."""

    name: str
    kind: str
    lower: float
    upper: float
    prior: tuple[float, float] | None

    def value(self, x: np.ndarray) -> np.ndarray:
        if self.kind == "linear":
            return x
        if self.kind == "log":
            return np.exp(x)
        lo, hi = field_meta(self.name)["range"]
        return lo + (hi - lo) * special.expit(x)

    def point(self, value: float) -> float:
        if self.kind == "linear":
            return value
        if self.kind == "log":
            return math.log(max(value, 1e-12))
        lo, hi = field_meta(self.name)["range"]
        return float(np.clip(special.logit((value - lo) / (hi - lo)), self.lower, self.upper))


def _scale(name: str, base: Scenario) -> _Scale:
    """A parameter's scale, bounds and prior, the prior centred on ``base``'s value with the
    Monte Carlo's spread (a beta's logit taken as normal, with the logit's own variance)."""
    if name == "followers_start":
        lo, hi = FOLLOWERS_START_RANGE
        return _Scale(name, "log", math.log(lo), math.log(hi), None)
    if name in SEASON_NAMES:  # a log factor around 0: no season, no trend
        return _Scale(name, "linear", -10 * SEASON_PRIOR_SD, 10 * SEASON_PRIOR_SD,
                      (0.0, SEASON_PRIOR_SD))
    lo, hi = field_meta(name)["range"]
    value = float(getattr(base, name))
    spec = PRIORS.get(name)
    if name in LINEAR:
        return _Scale(name, "linear", lo, hi, None)
    if spec is not None and spec[0] == "beta":
        m = (value - lo) / (hi - lo)
        a, b = beta_shape(m, spec[1])
        sd = math.sqrt(float(special.polygamma(1, a) + special.polygamma(1, b)))
        return _Scale(name, "logit", -LOGIT_BOUND, LOGIT_BOUND, (float(special.logit(m)), sd))
    bounds = math.log(max(lo, LOG_FLOOR.get(name, lo))), math.log(hi)
    prior = (math.log(value), spec[1]) if spec is not None and value > 0 else None
    return _Scale(name, "log", *bounds, prior)


def _can_fit(name: str, base: Scenario) -> bool:
    """An effect size on its range's edge (or a log-scale one at 0) has no prior to start
    from: the Monte Carlo holds it there too."""
    lo, hi = field_meta(name)["range"]
    value = float(getattr(base, name))
    return lo < value < hi and (PRIORS[name][0] == "beta" or value > 0)


class _Problem:
    """The joint least-squares problem: parameters in (each on its own scale), weighted
    residuals of every observed metric and the priors' residuals out.

    Each evaluation runs the model for the point and for each parameter nudged by STEP, all
    as draws of one vectorized batch, and keeps the finite-difference Jacobian for
    least_squares to ask for next.
    """

    def __init__(self, base: Scenario, scales: list[_Scale], data: pd.DataFrame, weeks: int,
                 value_per_customer: float) -> None:
        self.base = inputs([base])
        self.scales, self.weeks = scales, weeks
        self.upper = np.array([s.upper for s in scales])
        self.priors = [(i, s.prior) for i, s in enumerate(scales) if s.prior is not None]
        self.metrics = [m for m in FILE_COLUMNS if _observed(data, m)]
        # A network's own series, for the networks of the scenario: (metric, its index).
        self.networks = {column: (split[0], self.base.networks.index(split[1]))
                         for column in data.columns
                         if (split := network_column(str(column))) is not None
                         and split[1] in self.base.networks and _observed(data, column)}
        self.metrics += list(self.networks)
        self.season = [i for i, s in enumerate(scales) if s.name in SEASON_NAMES]
        self.middle = (weeks + 1) / 2.0  # the trend is 0 mid-file
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
        self.data_rows = sum(len(r[0]) for r in self.rows.values())
        self.weight = {m: 1.0 / _noise(self.rows[m][1], m in CUSTOMER_COUNTS)
                       for m in self.metrics}
        self.week_weight = {m: np.ones(len(self.rows[m][0])) for m in self.metrics}
        self.dispersion = 1.0  # the data's residuals over their expected size, at least 1
        self._x: np.ndarray | None = None
        self._jac: np.ndarray | None = None

    def values(self, x: np.ndarray) -> np.ndarray:
        """Parameter values of points ``x`` (params, draws), each from its own scale."""
        return np.stack([s.value(row) for s, row in zip(self.scales, x)])

    def flows(self, values: np.ndarray, weeks: int | None = None) -> dict[str, np.ndarray]:
        """The model's weekly flows (weeks, draws) for parameter values (params, draws)."""
        n = values.shape[1]
        drawn = {s.name: row.reshape(1, 1, n) for s, row in zip(self.scales, values)
                 if s.name not in SEASON_NAMES}
        if "followers_start" in drawn:  # a factor on base's followers of each network
            drawn["followers_start"] = self.base.followers_start * drawn["followers_start"]
        return run(self.base.vary(**drawn), weeks or self.weeks,
                   per_network=bool(self.networks))

    def season_factor(self, values: np.ndarray, weeks: np.ndarray, metric: str) -> np.ndarray:
        """The audience's year as a factor (weeks, draws) on ``metric``: 1 where none is
        fitted or the metric is not the audience's (hours, posts, followers)."""
        if not self.season or metric.partition("_")[0] not in SEASONAL:
            return np.ones((len(weeks), 1))
        angle = 2.0 * np.pi * weeks / 52.0
        design = np.stack([np.sin(angle), np.cos(angle), np.sin(2 * angle), np.cos(2 * angle),
                           (weeks - self.middle) / 52.0], axis=1)
        return np.exp(_product("wk,kn->wn", design, values[self.season]))

    def series(self, flows: dict[str, np.ndarray], metric: str) -> np.ndarray:
        """A metric's weekly model values (weeks, draws): a total, or one network's."""
        if metric in self.networks:
            name, j = self.networks[metric]
            return flows[f"network_{name}"][:, j, :]
        return flows[metric]

    def _residuals(self, x: np.ndarray) -> np.ndarray:
        """Residuals (observations + priors, draws) for points ``x`` (params, draws)."""
        values = self.values(x)
        flows = self.flows(values)
        parts = []
        for metric in self.metrics:
            index, target, unit = self.rows[metric]
            model = np.maximum(self.series(flows, metric)[index], 0.0) \
                * self.season_factor(values, index + 1.0, metric)
            if metric in CUSTOMER_COUNTS:
                r = _poisson_deviance(target[:, None], model / unit)
            else:
                r = np.log(model + COUNT_OFFSET) - target[:, None]
            parts.append((self.weight[metric] * self.week_weight[metric])[:, None] * r)
        parts += [((x[i] - centre) / sd)[None, :] for i, (centre, sd) in self.priors]
        return np.concatenate(parts)

    def residuals(self, x: np.ndarray) -> np.ndarray:
        step = np.where(x + STEP <= self.upper, STEP, -STEP)
        points = np.repeat(x[:, None], len(x) + 1, axis=1)
        points[np.arange(len(x)), np.arange(1, len(x) + 1)] += step
        r = self._residuals(points)
        self._x, self._jac = x.copy(), (r[:, 1:] - r[:, :1]) / step
        return r[:, 0]

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        if self._x is None or not np.array_equal(x, self._x):
            self.residuals(x)
        return self._jac

    def log_posterior(self, x: np.ndarray) -> np.ndarray:
        """Log posterior density (up to a constant) of points ``x`` (params, draws), on the
        fitting scales: the data's part tempered by their dispersion."""
        r = self._residuals(x)
        data, prior = r[:self.data_rows], r[self.data_rows:]
        out = -0.5 * ((data ** 2).sum(axis=0) / self.dispersion + (prior ** 2).sum(axis=0))
        return np.where(np.isfinite(out), out, -np.inf)

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

    def noise(self) -> dict[str, float]:
        """Each metric's noise as weighted: a log-scale sd, or customers' deviance units."""
        return {m: 1.0 / w for m, w in self.weight.items()}


def _solve(problem: _Problem, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The posterior's mode and the Laplace covariance there (on the fitting scales); a
    ``DataFileError`` (``data.error.no_convergence``) when least squares does not converge."""
    from scipy.optimize import least_squares  # 0.6 s to import: only when asked
    lower = np.array([s.lower for s in problem.scales])
    upper = problem.upper
    x = np.clip(x, lower, upper)
    # Each metric is weighted by its noise: first as its week-to-week changes suggest, then
    # as each fit's residuals show, with outlying weeks counting less; twice, since a first
    # fit far off in one metric (hours of a fading programme) leaves that metric too light.
    for final in (False, False, True):
        result = least_squares(problem.residuals, x, jac=problem.jacobian, bounds=(lower, upper),
                               method="trf", x_scale="jac", max_nfev=MAX_EVALUATIONS)
        if result.status <= 0 or not np.all(np.isfinite(result.x)) \
                or not math.isfinite(result.cost):
            raise DataFileError("data.error.no_convergence")
        x = result.x
        if not final:
            problem.reweight(x)
    r, jac = problem.residuals(x), problem.jacobian(x)
    rows = problem.data_rows
    problem.dispersion = max(1.0, float(r[:rows] @ r[:rows]) / max(1, rows - len(x)))
    hessian = jac[:rows].T @ jac[:rows] / problem.dispersion + jac[rows:].T @ jac[rows:]
    return x, np.linalg.pinv(hessian)


def _proposal_root(problem: _Problem, mode: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """A square root of the proposal's scale: the Laplace covariance's axes, each stretched
    or shrunk to where the posterior itself has fallen by half a unit one axis-width out
    (followers' churn and fatigue fall far faster than their curvature at the mode says)."""
    eigen, vectors = np.linalg.eigh((covariance + covariance.T) / 2)
    root = vectors * np.sqrt(np.maximum(eigen, 1e-14))
    p = len(mode)
    points = mode[:, None] + np.concatenate([root, -root], axis=1)
    lower = np.array([s.lower for s in problem.scales])[:, None]
    points = np.clip(points, lower, problem.upper[:, None])
    fall = problem.log_posterior(mode[:, None])[0] - problem.log_posterior(points)
    fall = np.where(np.isfinite(fall), fall, np.inf)
    drop = 0.5 * (fall[:p] + fall[p:])  # 0.5 where the posterior is as Gaussian as assumed
    stretch = np.clip(1.0 / np.sqrt(2.0 * np.maximum(drop, 1e-9)), *AXIS_STRETCH)
    return root * stretch


def _product(subscripts: str, *arrays: np.ndarray) -> np.ndarray:
    """A small matrix product by numpy's own loops: BLAS's threads spin on a busy two-core
    machine, and made a fit twice as slow (1.25 s against 2.75 s, measured)."""
    return np.einsum(subscripts, *arrays, optimize=False)


def _importance_resample(problem: _Problem, mode: np.ndarray, covariance: np.ndarray,
                         rng: np.random.Generator, progress: Progress
                         ) -> tuple[np.ndarray, float]:
    """``POSTERIOR_DRAWS`` points (params, draws) from the posterior, and the effective sample
    size of the weights they were resampled with.

    Proposals come from a multivariate t around the mode with the Laplace covariance (its
    axes rescaled by ``_proposal_root``), weighted by posterior over proposal. Where the
    posterior is far from Gaussian the weights are uneven: then the next round proposes from
    the weighted draws' own mean and covariance (population Monte Carlo), ``ROUNDS`` at most.
    """
    p = len(mode)
    centre, root = mode, _proposal_root(problem, mode, covariance)
    lower = np.array([s.lower for s in problem.scales])[:, None]
    for round_ in range(ROUNDS):
        normal = rng.standard_normal((p, PROPOSALS))
        chi = rng.chisquare(PROPOSAL_DF, PROPOSALS) / PROPOSAL_DF
        points = centre[:, None] + _product("ij,jk->ik", root, normal) / np.sqrt(chi)
        # The proposal's log density up to a constant, through the Mahalanobis distance.
        log_q = -0.5 * (PROPOSAL_DF + p) * np.log1p((normal ** 2).sum(axis=0) / chi
                                                    / PROPOSAL_DF)
        inside = np.all((points >= lower) & (points <= problem.upper[:, None]), axis=0)
        log_p = np.full(PROPOSALS, -np.inf)
        for start in range(0, PROPOSALS, PROPOSAL_BATCH):
            chunk = slice(start, start + PROPOSAL_BATCH)
            keep = inside[chunk]
            if keep.any():
                part = log_p[chunk]
                part[keep] = problem.log_posterior(points[:, chunk][:, keep])
        log_w = log_p - log_q
        if not np.isfinite(log_w).any():
            raise DataFileError("data.error.no_convergence")
        weight = np.exp(log_w - log_w.max())
        weight /= weight.sum()
        ess = float(1.0 / (weight ** 2).sum())
        progress((round_ + 1) / ROUNDS)
        if ess >= GOOD_ESS:
            break
        centre = _product("ik,k->i", points, weight)
        spread = points - centre[:, None]
        moments = _product("ik,jk->ij", spread * weight, spread)
        # A few heavy draws give a thin covariance: a little of Laplace's keeps every axis.
        eigen, vectors = np.linalg.eigh(moments + LAPLACE_SHARE * (root @ root.T))
        root = vectors * np.sqrt(np.maximum(eigen, 1e-14))
    chosen = rng.choice(PROPOSALS, size=POSTERIOR_DRAWS, replace=True, p=weight)
    return points[:, chosen], ess


def calibrate(frame: pd.DataFrame, base: Scenario = DEFAULT, seed: int = 0,
              progress: Progress | None = None, backtest: bool = True,
              season: bool = True) -> Calibration:
    """Fit ``base``'s levels and the effect sizes the file can tell to a company's weekly
    numbers, from their priors, and backtest the fit on the file's last quarter.

    ``frame`` comes from :func:`~smm_sim.weekly_file.read_weekly_csv` or has the same columns
    (it is checked the same way). The networks, their shares and every lever of ``base`` stay
    as they are; the followers at the start are spread over the networks in ``base``'s
    proportions. The same ``seed`` gives the same draws. ``progress`` is called with the share
    of the work done (0–1); ``backtest=False`` skips the backtest (half the time);
    ``season=False`` fits no yearly season and trend (else fitted from 52 weeks on). Raises
    :class:`~smm_sim.weekly_file.DataFileError` for data that cannot be fitted
    (``data.error.no_convergence`` when the fit does not converge).
    """
    data = weekly_frame(frame)
    report = progress or (lambda share: None)
    weeks = int(data["week"].max())
    cut = math.ceil(weeks * BACKTEST_SHARE)
    tested = backtest and weeks - cut >= BACKTEST_MIN_WEEKS
    first = 0.6 if tested else 1.0  # of the progress bar: the backtest fits again
    calibration = _fit(data, base, seed, lambda share: report(first * share), season)[0]
    if not backtest:
        report(1.0)
        return calibration
    if not tested:
        note = Note("data.note.no_backtest", {"weeks": weeks, "needed": BACKTEST_FILE_WEEKS})
        return dataclasses.replace(calibration, notes=calibration.notes + (note,))
    try:
        held, summary = _backtest(data, base, seed, cut,
                                  lambda share: report(first + (1 - first) * share), season)
    except DataFileError:  # the first weeks alone do not converge: the fit stands untested
        note = Note("data.note.backtest_failed", {"weeks": cut})
        return dataclasses.replace(calibration, notes=calibration.notes + (note,))
    report(1.0)
    return dataclasses.replace(calibration, backtest=held, backtest_summary=summary)


def _fit(data: pd.DataFrame, base: Scenario, seed: int, progress: Progress,
         season: bool = True) -> tuple[Calibration, _Problem | None, np.ndarray | None]:
    """The calibration of checked ``data``, with its problem and posterior points (params,
    draws) on the fitting scales (None when nothing could be fitted)."""
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
    progress(0.05)

    # Then everything together: a level is fitted when its column has numbers, an effect
    # size when the file has enough weeks to vary.
    names = _fitted_names(ratio)
    if not names:  # no column has enough numbers to fit anything: the starting values stand
        return _report(fitted, base, weeks, adjusted, _kept([]), data, notes), None, None
    effects = [name for name, metric in EFFECTS
               if metric in ratio and name not in names and _can_fit(name, base)]
    if effects and len(data) < EFFECT_MIN_WEEKS:
        notes.append(Note("data.note.effects_short", {"weeks": len(data),
                                                      "needed": EFFECT_MIN_WEEKS}))
        effects = []
    yearly = season and weeks >= SEASON_MIN_WEEKS and any(m in ratio for m in SEASONAL)
    scales = [_scale(n, base) for n in names + effects + list(SEASON_NAMES if yearly else ())]
    start.update({n: float(getattr(base, n)) for n in effects})
    start.update({n: 0.0 for n in SEASON_NAMES})
    x0 = np.array([s.point(start[s.name]) for s in scales])
    problem = _Problem(fitted, scales, data, weeks, per_customer)
    mode, covariance = _solve(problem, x0)
    progress(0.5)
    points, ess = _importance_resample(problem, mode, covariance, np.random.default_rng(seed),
                                       lambda share: progress(0.5 + 0.45 * share))
    if ess < MIN_ESS:
        notes.append(Note("data.note.low_ess", {"ess": int(ess), "draws": PROPOSALS}))
    if yearly:
        notes.append(_season_note(problem, mode))
    values, changes, at_bound, posterior = _fitted_values(scales, mode, problem.values(points),
                                                          fitted, base)
    calibration = _report(fitted.replace(**changes), base, weeks, values + adjusted,
                          _kept([s.name for s in scales]), data, notes + at_bound,
                          problem.noise())
    draws = pd.DataFrame({s.name: _in_range(s.name, problem.values(points)[i])
                          for i, s in enumerate(scales)
                          if s.name != "followers_start" and s.name not in TEAM_LEVERS
                          and s.name not in SEASON_NAMES})
    return (dataclasses.replace(calibration, draws=draws, posterior=posterior, ess=ess),
            problem, points)


def _season_note(problem: _Problem, mode: np.ndarray) -> Note:
    """How large the fitted year is: the season's swing either side of its mean, and the
    trend's change a year."""
    seasonal = mode.copy()
    trend = float(mode[problem.season[-1]])
    seasonal[problem.season[-1]] = 0.0  # the season alone
    year = problem.season_factor(seasonal[:, None], np.arange(1.0, 53.0), "engagements")[:, 0]
    swing = math.sqrt(float(year.max() / year.min())) - 1.0
    return Note("data.note.season", {"swing": round(100 * swing),
                                     "trend": round(100 * math.expm1(trend))})


def _in_range(name: str, values: np.ndarray) -> np.ndarray:
    lo, hi = field_meta(name)["range"]
    return np.clip(values.astype(float), lo, hi)


def _kept(fitted: list[str]) -> tuple[str, ...]:
    """The uncertain assumptions the fit could take and did not: they keep their priors."""
    return tuple(dict.fromkeys(name for name, _ in FITTED + EFFECTS
                               if name in PRIORS and name not in fitted))


def _backtest(data: pd.DataFrame, base: Scenario, seed: int, cut: int, progress: Progress,
              season: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit on the weeks up to ``cut``, forecast the rest from the posterior draws with the
    noise each metric showed: (week, metric, actual, p10, p50, p90) of the weeks held out,
    and per metric the weeks held out, the median forecast's NRMSE and the weeks in the band."""
    train = data[data["week"] <= cut].reset_index(drop=True)
    train.attrs = {"notes": [], "currency": data.attrs.get("currency")}
    _, problem, points = _fit(train, base, seed, progress, season)
    weeks = int(data["week"].max())
    if problem is None or points is None:
        return pd.DataFrame(), pd.DataFrame()
    flows = problem.flows(problem.values(points), weeks)
    rng = np.random.default_rng([seed, 1])  # its own stream: the fit's draws stay as they are
    held = data[data["week"] > cut]
    noise = problem.noise()
    rows, summary = [], []
    for metric in (m for m in problem.metrics if m in FILE_COLUMNS):  # the totals
        actual = held[metric].to_numpy(dtype=float)
        known = ~np.isnan(actual)
        week = held["week"].to_numpy()[known]
        model = np.maximum(flows[metric][week - 1], 0.0) \
            * problem.season_factor(problem.values(points), week.astype(float), metric)
        z = rng.standard_normal(model.shape)
        if metric in CUSTOMER_COUNTS:  # counts: Poisson-like, as dispersed as the fit found
            unit = problem.rows[metric][2]
            mean = model / unit
            forecast = unit * np.maximum(mean + noise[metric] * np.sqrt(mean) * z, 0.0)
        else:
            forecast = np.maximum((model + COUNT_OFFSET) * np.exp(noise[metric] * z)
                                  - COUNT_OFFSET, 0.0)
        p10, p50, p90 = np.quantile(forecast, (0.1, 0.5, 0.9), axis=1)
        a = actual[known]
        rows.append(pd.DataFrame({"week": week, "metric": metric, "actual": a,
                                  "p10": p10, "p50": p50, "p90": p90}))
        mean_actual = float(a.mean()) if len(a) else math.nan
        nrmse = float(np.sqrt(np.mean((p50 - a) ** 2)) / mean_actual) \
            if len(a) and mean_actual > 0 else math.nan
        summary.append({"metric": metric, "weeks": int(len(a)), "nrmse": nrmse,
                        "inside": int(((a >= p10) & (a <= p90)).sum())})
    return pd.concat(rows, ignore_index=True), pd.DataFrame(summary)


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
    """Followers at the start from the file's first count, in base's proportions (in the
    file's own where it has a count per network); a ceiling below what the file shows would
    stop all growth, so it is raised."""
    if not _observed(data, "followers"):
        return fitted, [], []
    followers = data["followers"].to_numpy(dtype=float)
    fitted = _network_split(fitted, data)
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


def _first(data: pd.DataFrame, column: str) -> float | None:
    if column not in data:
        return None
    values = data[column].to_numpy(dtype=float)
    known = values[~np.isnan(values)]
    return float(known[0]) if len(known) else None


def _network_split(fitted: Scenario, data: pd.DataFrame) -> Scenario:
    """The networks' shares of the hours from their posts (each post weighed by the network's
    effort), and their followers' proportions from their first counts, where the file has
    them for every network of the scenario."""
    nets = fitted.networks
    posts = [data[f"posts_{n}"].sum() if f"posts_{n}" in data else None for n, _, _ in nets]
    if all(p is not None for p in posts) and sum(posts) > 0:
        work = [p * NETWORKS[n].effort for p, (n, _, _) in zip(posts, nets)]
        shares = [round(w / sum(work), 4) for w in work]
        shares[-1] = round(1.0 - sum(shares[:-1]), 4)
        if min(shares) >= 0:
            nets = tuple((n, s, f) for (n, _, f), s in zip(nets, shares))
    first = [_first(data, f"followers_{n}") for n, _, _ in nets]
    if all(f is not None for f in first) and sum(first) > 0:
        nets = tuple((n, s, int(round(f))) for (n, s, _), f in zip(nets, first))
    return fitted.replace(networks=nets)


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
    """The levels whose column has enough numbers; the value of an order needs the
    conversions too, and hours per post the posts."""
    names = [name for name, metric in FITTED if metric in ratio]
    if "conversions" not in ratio:
        names = [n for n in names if n != "order_value"]
    if "posts" not in ratio:
        names = [n for n in names if n != "hours_per_post"]
    return names


def _fitted_values(scales: list[_Scale], mode: np.ndarray, draws: np.ndarray,
                   fitted: Scenario, base: Scenario
                   ) -> tuple[list[FittedValue], dict[str, Any], list[Note], pd.DataFrame]:
    """The posterior's mode as scenario values with their p10–p90, the changes to make to
    ``fitted``, a note per parameter stopped at the edge of its range, and the posterior
    frame (prior and posterior ranges, learned or not)."""
    values, changes, notes, rows = [], {}, [], []
    metric_of = {**dict(EFFECTS), **dict(FITTED)}
    for i, s in enumerate(scales):
        name = s.name
        if name in SEASON_NAMES:  # the audience's year: not a field of the scenario
            continue
        value = float(s.value(mode[i]))
        low, mid, high = (float(q) for q in np.quantile(draws[i], (RANGE_Q[0], 0.5, RANGE_Q[1])))
        at_bound = s.kind == "log" and bool(min(mode[i] - s.lower, s.upper - mode[i]) < 1e-6)
        if at_bound:
            notes.append(Note("data.note.at_bound", {"field": name}))
        prior = (prior_quantile(name, float(getattr(base, name)), RANGE_Q)
                 if s.prior is not None else np.full(2, math.nan))
        learned = s.prior is None or _learned(s, (low, mid, high), prior)
        if name == "followers_start":
            total = fitted.followers_start
            value, low, mid, high = (float(round(total * v)) for v in (value, low, mid, high))
            changes["networks"] = _spread(fitted.networks, value)
            before = float(base.followers_start)
        else:
            value = _round(_clip(name, value))
            changes[name] = value
            low, mid, high = _round(low), _round(mid), _round(high)
            before = float(getattr(base, name))
        # The range holds the mode: a fade fitted at 0 has its draws above it.
        low, high = min(low, value), max(high, value)
        values.append(FittedValue(name, before, value, low, high, metric_of[name], at_bound,
                                  learned))
        rows.append({"field": name, "prior_p10": float(prior[0]), "prior_p90": float(prior[1]),
                     "p10": low, "p50": mid, "p90": high, "learned": learned})
    return values, changes, notes, pd.DataFrame(rows)


def _learned(scale: _Scale, posterior: tuple[float, float, float], prior: np.ndarray) -> bool:
    """Whether the data informed a field: its posterior p10–p90 is clearly narrower than its
    prior's on the field's fitting scale, or its median has left the prior's p10–p90."""
    low, mid, high = (scale.point(v) for v in posterior)
    p_low, p_high = (scale.point(float(v)) for v in prior)
    return high - low <= LEARNED_RATIO * (p_high - p_low) or not p_low <= mid <= p_high


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
            kept: tuple[str, ...], data: pd.DataFrame, notes: list[Note],
            noise: dict[str, float] | None = None) -> Calibration:
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
                     "bias": bias, "r2": r2, "wape_before": _goodness(d, b)[0],
                     "noise": (noise or {}).get(metric, math.nan)})
        long.append(pd.DataFrame({"week": data["week"], "label": data["label"], "metric": metric,
                                  "data": d, "before": b, "fitted": m}))
    return Calibration(scenario=fitted, base=base, weeks=weeks, values=tuple(values), kept=kept,
                       fit=pd.DataFrame(rows), comparison=pd.concat(long, ignore_index=True),
                       model=model, data=data, notes=tuple(notes))
