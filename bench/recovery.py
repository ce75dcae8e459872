"""The parameter-recovery study of the calibration (docs/CALIBRATION.md): hidden companies
simulated by the model, measured with noise, fitted from the default levers.

Each truth draws its hours, fade, consistency and personalisation at random, and two effect
sizes (consistency_effect, personalization_engagement) from their priors: the fit is told
none of them but the hours in the file. ``study`` returns one row per truth and fitted field:
whether the posterior's p10–p90 holds the truth, and whether it holds what the same file
without noise is fitted to. With levers the fit was not told, a scale's truth is not
recoverable (the engagement scale takes up what consistency and personalisation change);
its value for the default levers is the noise-free fit's, and the noise is what the ranges
must cover. Used by tests/test_recovery.py and bench/bench_calibrate.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smm_sim import DEFAULT, Scenario, calibrate, simulate
from smm_sim.model import prior_quantile

WEEKS = 52
NOISE = 0.10  # log-normal noise of every metric but followers
FOLLOWER_NOISE = 0.003  # followers are counted almost exactly
METRICS = ("hours", "posts", "followers", "engagements", "conversions", "revenue")
VARIED_EFFECTS = ("consistency_effect", "personalization_engagement")


def truth(seed: int) -> Scenario:
    """A hidden company: its levers at random, the two effect sizes from their priors."""
    rng = np.random.default_rng([seed, 2026])
    effects = {name: float(prior_quantile(name, getattr(DEFAULT, name), rng.random()))
               for name in VARIED_EFFECTS}
    return DEFAULT.replace(hours_per_week=float(np.round(rng.uniform(6, 20), 1)),
                           effort_decay=float(np.round(rng.uniform(0, 0.01), 4)),
                           consistency=float(np.round(rng.uniform(0.3, 0.95), 2)),
                           personalization=float(np.round(rng.uniform(0, 0.8), 2)), **effects)


def measured(scenario: Scenario, seed: int | None) -> pd.DataFrame:
    """The company's weekly file; ``seed=None``: without noise."""
    frame = simulate(scenario, WEEKS)
    rng = np.random.default_rng(seed)
    out = pd.DataFrame({"week": frame["week"]})
    for metric in METRICS:
        sigma = FOLLOWER_NOISE if metric == "followers" else NOISE
        noise = 1.0 if seed is None else np.exp(rng.normal(0.0, sigma, WEEKS))
        out[metric] = frame[metric] * noise
    return out


def study(truths: int = 20) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per truth and fitted field: truth, noise_free (the noise-free file's fit), p10, p90,
    learned; and per truth and metric the backtest's NRMSE."""
    rows, errors = [], []
    for seed in range(truths):
        hidden = truth(seed)
        fit = calibrate(measured(hidden, seed), DEFAULT)
        clean = calibrate(measured(hidden, None), DEFAULT, backtest=False).values
        exact = {v.field: v.fitted for v in clean}
        for v in fit.values:
            if v.low is None or v.field == "followers_start":
                continue
            rows.append({"truth_id": seed, "field": v.field, "learned": v.learned,
                         "truth": float(getattr(hidden, v.field)), "noise_free": exact[v.field],
                         "p10": v.low, "p90": v.high})
        for r in fit.backtest_summary.itertuples():
            errors.append({"truth_id": seed, "metric": r.metric, "nrmse": r.nrmse,
                           "inside": r.inside, "weeks": r.weeks})
    frame = pd.DataFrame(rows)
    frame["covers_truth"] = (frame["p10"] <= frame["truth"]) & (frame["truth"] <= frame["p90"])
    frame["covers_noise_free"] = (frame["p10"] <= frame["noise_free"]) \
        & (frame["noise_free"] <= frame["p90"])
    return frame, pd.DataFrame(errors)
