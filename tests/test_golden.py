"""Golden back-test: the default scenario's numbers at a fixed seed, stored as CSV.

A change in results must be a decision: ``python -m scripts.update_golden`` writes the files
again from the cases below; commit them with the reason. The test itself only reads them.
"""

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
    stored = pd.read_csv(GOLDEN / name)
    assert list(stored.columns) == list(frame.columns)
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), stored, check_dtype=False,
                                  rtol=tolerance, atol=1e-6)
