"""The engine's answers, cached per session-independent inputs (bounded, so memory stays flat).

After a calibration is used, the Monte Carlo behind the bands, the chance of profit and the
mistakes' ranges draws the fitted assumptions from the calibration's posterior draws
(``posterior_for``), the rest from their priors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

import smm_sim
from smm_sim import Scenario
from smm_sim.analysis import (Comparison, GoalSeek, HoursOptimum, MarginalReturn, RoiGoalSeek,
                               sweep)
from smm_sim.assessment import Assessment
from smm_sim.mistakes import MistakeCost

MC_DRAWS = 1000  # draws behind the p10–p90 bands: stable to a few percent, ~20 ms
# Draws behind the ranking's range and p_top3: 23 variants each, about 100 ms on two cores;
# a share read from 200 draws is within about ±3.5 points (one standard error).
RANK_DRAWS = 200
POSTERIOR_KEY = "data.posterior"  # session state: the Applied calibration, once used


@dataclass(frozen=True)
class Applied:
    """A calibration in use: its fitted scenario, posterior draws and the fields it learned."""

    fitted: Scenario
    draws: pd.DataFrame
    learned: tuple[str, ...]


def keep_posterior(fitted: Scenario, draws: pd.DataFrame, learned: tuple[str, ...]) -> None:
    """The calibration just applied: its draws serve the Monte Carlo from now on."""
    st.session_state[POSTERIOR_KEY] = Applied(fitted, draws, learned)


def forget_posterior() -> None:
    st.session_state.pop(POSTERIOR_KEY, None)


def posterior_for(scenario: Scenario) -> pd.DataFrame | None:
    """The posterior draws that apply to ``scenario``: of the fields it still holds at their
    fitted values (a field the user moved since goes back to its prior around the new value).
    None without a calibration in use, or for a scenario that keeps none of the fields the
    file taught (a preset or a file loaded since: not from the fit)."""
    try:
        applied = st.session_state.get(POSTERIOR_KEY)
    except Exception:  # no session: the warm-up fills the caches for everyone
        return None
    if applied is None or applied.draws.empty:
        return None
    same = [name for name in applied.draws.columns
            if getattr(scenario, name) == getattr(applied.fitted, name)]
    if not any(name in same for name in applied.learned):
        return None
    return applied.draws[same]


def cached(max_entries: int):
    """``st.cache_data`` bounded to ``max_entries``, keyed on a scenario by its ``repr``: every
    field, exactly, for about 25 µs (Streamlit hashes a dataclass field by field in about 2 ms)."""
    return st.cache_data(max_entries=max_entries, show_spinner=False,
                         hash_funcs={Scenario: repr})


@cached(512)
def simulate(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.simulate(scenario, weeks)


@cached(128)
def simulate_networks(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.simulate_networks(scenario, weeks)


def monte_carlo(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return _monte_carlo(scenario, weeks, posterior_for(scenario))


@cached(128)
def _monte_carlo(scenario: Scenario, weeks: int, posterior: pd.DataFrame | None) -> pd.DataFrame:
    return smm_sim.monte_carlo(scenario, n=MC_DRAWS, weeks=weeks, seed=0, posterior=posterior)


def bands(scenario: Scenario, weeks: int) -> dict:
    """The home charts' p10–p90 bands, one small frame per metric, and the chance of profit."""
    return _bands(scenario, weeks, posterior_for(scenario))


@cached(128)
def _bands(scenario: Scenario, weeks: int, posterior: pd.DataFrame | None) -> dict:
    band = _monte_carlo(scenario, weeks, posterior)
    columns = {name: band[name].to_numpy() for name in ("metric", "week", "p10", "p90")}
    out: dict = {}
    for metric in ("engagements", "followers", "roi"):
        rows = columns["metric"] == metric  # numpy: a pandas .loc here costs 4 ms a metric
        out[metric] = pd.DataFrame({name: columns[name][rows] for name in ("week", "p10", "p90")})
    out["p_profitable"] = band.attrs.get("p_profitable", 0.0)
    return out


@cached(256)
def cost_of_mistake(scenario: Scenario, mistake_id: str, weeks: int) -> MistakeCost:
    return smm_sim.cost_of_mistake(scenario, mistake_id, weeks)


@cached(64)
def optimize_hours(scenario: Scenario, objective: str, weeks: int) -> HoursOptimum:
    return smm_sim.optimize_hours(scenario, objective, weeks)


@cached(64)
def marginal_return(scenario: Scenario, weeks: int) -> MarginalReturn:
    return smm_sim.marginal_return(scenario, weeks)


@cached(64)
def sweep_totals(scenario: Scenario, weeks: int, **columns: tuple[float, ...]) -> pd.DataFrame:
    """The horizon's totals for variants of ``scenario``: one row per position in ``columns``."""
    series = sweep(scenario, {name: np.array(values) for name, values in columns.items()}, weeks)
    frame = pd.DataFrame({metric: series[metric][-1] for metric in
                          ("cum_profit", "roi", "cum_revenue", "cum_cost", "followers")})
    frame["engagements"] = series["engagements"].sum(axis=0)
    return frame


@cached(64)
def sensitivity(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.sensitivity(scenario, "cum_profit", weeks)


@cached(128)
def hours_for_target(scenario: Scenario, target_revenue: float, weeks: int) -> GoalSeek:
    return smm_sim.hours_for_target(scenario, target_revenue, weeks)


@cached(128)
def hours_for_roi(scenario: Scenario, target_roi: float, weeks: int) -> RoiGoalSeek:
    return smm_sim.hours_for_roi(scenario, target_roi, weeks)


def compare(scenarios: tuple[Scenario, ...], weeks: int) -> Comparison:
    """Up to four scenarios side by side, with the same draws as the home page's bands."""
    return _compare(scenarios, weeks, tuple(posterior_for(s) for s in scenarios))


@cached(64)
def _compare(scenarios: tuple[Scenario, ...], weeks: int,
             posteriors: tuple[pd.DataFrame | None, ...]) -> Comparison:
    return smm_sim.compare_scenarios(scenarios, weeks, draws=MC_DRAWS, seed=0,
                                     posteriors=posteriors)


@cached(64)
def mistakes_ranked(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.mistakes_ranked(scenario, weeks)


def stake_ranges(scenario: Scenario, weeks: int) -> pd.DataFrame:
    """Per mistake (the index), the p10 and p90 of the money at stake over RANK_DRAWS draws of
    the priors, the share of draws in which it costs money and in which it ranks top three."""
    return _stake_ranges(scenario, weeks, posterior_for(scenario))


@cached(64)
def _stake_ranges(scenario: Scenario, weeks: int, posterior: pd.DataFrame | None
                  ) -> pd.DataFrame:
    ranked = smm_sim.mistakes_ranked(scenario, weeks, draws=RANK_DRAWS, seed=0,
                                     posterior=posterior)
    return ranked.set_index("mistake")[["at_stake_p10", "at_stake_p90", "p_costs", "p_top3"]]


@cached(128)
def assess(answers: tuple[tuple[str, str], ...], scenario: Scenario, weeks: int) -> Assessment:
    """The self-assessment; answers as sorted (question id, answer) pairs, a stable cache key."""
    return smm_sim.assess(dict(answers), scenario, weeks)
