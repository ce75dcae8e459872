"""Golden back-test: the default scenario's numbers at a fixed seed, stored as CSV.

A change in results must be a decision: rerun with UPDATE_GOLDEN=1 to accept new numbers
and commit the CSV files with the reason.
"""

import os
from pathlib import Path

import pandas as pd
import pytest

from smm_sim import DEFAULT, monte_carlo, simulate

GOLDEN = Path(__file__).with_name("golden")
CASES = {
    "default_simulate.csv": (lambda: simulate(DEFAULT, weeks=104), 1e-9),
    "default_monte_carlo.csv": (lambda: monte_carlo(DEFAULT, n=2000, weeks=52, seed=0), 1e-5),
}


@pytest.mark.parametrize("name", CASES)
def test_default_scenario_matches_its_golden_numbers(name):
    produce, tolerance = CASES[name]
    frame = produce()
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        frame.to_csv(path, index=False, float_format="%.10g")
    stored = pd.read_csv(path)
    assert list(stored.columns) == list(frame.columns)
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), stored, check_dtype=False,
                                  rtol=tolerance, atol=1e-6)
