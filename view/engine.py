"""The engine's answers, cached per session-independent inputs (bounded, so memory stays flat)."""

from __future__ import annotations

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


@st.cache_data(max_entries=512, show_spinner=False)
def simulate(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.simulate(scenario, weeks)


@st.cache_data(max_entries=128, show_spinner=False)
def simulate_networks(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.simulate_networks(scenario, weeks)


@st.cache_data(max_entries=128, show_spinner=False)
def monte_carlo(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.monte_carlo(scenario, n=MC_DRAWS, weeks=weeks, seed=0)


@st.cache_data(max_entries=256, show_spinner=False)
def cost_of_mistake(scenario: Scenario, mistake_id: str, weeks: int) -> MistakeCost:
    return smm_sim.cost_of_mistake(scenario, mistake_id, weeks)


@st.cache_data(max_entries=64, show_spinner=False)
def optimize_hours(scenario: Scenario, objective: str, weeks: int) -> HoursOptimum:
    return smm_sim.optimize_hours(scenario, objective, weeks)


@st.cache_data(max_entries=64, show_spinner=False)
def marginal_return(scenario: Scenario, weeks: int) -> MarginalReturn:
    return smm_sim.marginal_return(scenario, weeks)


@st.cache_data(max_entries=64, show_spinner=False)
def sweep_totals(scenario: Scenario, weeks: int, **columns: tuple[float, ...]) -> pd.DataFrame:
    """The horizon's totals for variants of ``scenario``: one row per position in ``columns``."""
    series = sweep(scenario, {name: np.array(values) for name, values in columns.items()}, weeks)
    frame = pd.DataFrame({metric: series[metric][-1] for metric in
                          ("cum_profit", "roi", "cum_revenue", "cum_cost", "followers")})
    frame["engagements"] = series["engagements"].sum(axis=0)
    return frame


@st.cache_data(max_entries=64, show_spinner=False)
def sensitivity(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.sensitivity(scenario, "cum_profit", weeks)


@st.cache_data(max_entries=128, show_spinner=False)
def hours_for_target(scenario: Scenario, target_revenue: float, weeks: int) -> GoalSeek:
    return smm_sim.hours_for_target(scenario, target_revenue, weeks)


@st.cache_data(max_entries=128, show_spinner=False)
def hours_for_roi(scenario: Scenario, target_roi: float, weeks: int) -> RoiGoalSeek:
    return smm_sim.hours_for_roi(scenario, target_roi, weeks)


@st.cache_data(max_entries=64, show_spinner=False)
def compare(scenarios: tuple[Scenario, ...], weeks: int) -> Comparison:
    """Up to four scenarios side by side, with the same draws as the home page's bands."""
    return smm_sim.compare_scenarios(scenarios, weeks, draws=MC_DRAWS, seed=0)


@st.cache_data(max_entries=64, show_spinner=False)
def mistakes_ranked(scenario: Scenario, weeks: int) -> pd.DataFrame:
    return smm_sim.mistakes_ranked(scenario, weeks)


@st.cache_data(max_entries=128, show_spinner=False)
def assess(answers: tuple[tuple[str, str], ...], scenario: Scenario, weeks: int) -> Assessment:
    """The self-assessment; answers as sorted (question id, answer) pairs, a stable cache key."""
    return smm_sim.assess(dict(answers), scenario, weeks)
