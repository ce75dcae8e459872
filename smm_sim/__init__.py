"""smm_sim: what the common mistakes of social media marketing cost, week by week.

Pure Python (numpy, scipy, pandas): usable from a notebook, imported by the app.

>>> from smm_sim import Scenario, simulate
>>> frame = simulate(Scenario(hours_per_week=10))
"""

from .anchors import benchmarks
from .analysis import (break_even_week, compare_scenarios, hours_curve, hours_for_roi,
                       hours_for_target, marginal_return, optimize_hours, sensitivity)
from .assessment import assess
from .export import report_html, report_pdf, safe_cell, to_csv, weekly_csv
from .fit import Calibration, calibrate
from .mistakes import MISTAKE_IDS, MISTAKES, cost_of_mistake, fix_all, make_all, mistakes_ranked
from .model import METRICS, monte_carlo, profit_draws, run_batch, simulate, simulate_networks
from .scenario import DEFAULT, Scenario, ScenarioError, field_table
from .weekly_file import DataFileError, read_weekly_csv

__all__ = [
    "Calibration", "DEFAULT", "DataFileError", "METRICS", "MISTAKES", "MISTAKE_IDS", "Scenario",
    "ScenarioError", "assess", "benchmarks", "break_even_week", "calibrate", "compare_scenarios",
    "cost_of_mistake", "field_table", "fix_all", "hours_curve", "hours_for_roi",
    "hours_for_target", "make_all", "marginal_return", "mistakes_ranked", "monte_carlo",
    "optimize_hours", "profit_draws", "read_weekly_csv", "report_html", "report_pdf", "run_batch",
    "safe_cell", "sensitivity", "simulate", "simulate_networks", "to_csv", "weekly_csv",
]
