"""smm_sim: what the common mistakes of social media marketing cost, week by week.

Pure Python (numpy, scipy, pandas): usable from a notebook, imported by the app.

>>> from smm_sim import Scenario, simulate
>>> frame = simulate(Scenario(hours_per_week=10))
"""

from .analysis import (break_even_week, hours_curve, hours_for_target, marginal_return,
                       optimize_hours, sensitivity)
from .mistakes import MISTAKE_IDS, MISTAKES, cost_of_mistake, fix_all, make_all, mistakes_ranked
from .model import METRICS, monte_carlo, run_batch, simulate, simulate_networks
from .scenario import DEFAULT, Scenario, field_table

__all__ = [
    "DEFAULT", "METRICS", "MISTAKES", "MISTAKE_IDS", "Scenario", "break_even_week",
    "cost_of_mistake", "field_table", "fix_all", "hours_curve", "hours_for_target", "make_all",
    "marginal_return", "mistakes_ranked", "monte_carlo", "optimize_hours", "run_batch",
    "sensitivity", "simulate", "simulate_networks",
]
