"""The engine behind the decision tools: ROI goal seek, scenarios side by side, profit draws."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm_sim import (DEFAULT, compare_scenarios, fix_all, hours_for_roi, make_all, monte_carlo,
                     profit_draws, simulate)
from smm_sim.analysis import MAX_COMPARED, hours_curve


def roi_at(hours: float, scenario=DEFAULT, weeks: int = 52) -> float:
    return float(simulate(scenario.replace(hours_per_week=hours), weeks)["roi"].iloc[-1])


# --- ROI goal seek ----------------------------------------------------------------------
@pytest.mark.parametrize("target", [-0.5, 0.0, 0.1, 0.2])
def test_roi_goal_seek_finds_the_span_of_hours_that_reach_the_target(target):
    seek = hours_for_roi(DEFAULT, target)
    assert seek.reachable and seek.hours <= seek.best_hours <= seek.most_hours
    assert roi_at(seek.hours) == pytest.approx(target, abs=2e-3)
    assert roi_at(max(seek.hours - 0.5, 0.0)) < target
    if seek.most_hours < 80:
        assert roi_at(seek.most_hours) == pytest.approx(target, abs=2e-3)
        assert roi_at(seek.most_hours + 0.5) < target
    inside = hours_curve(DEFAULT).query("@seek.hours <= hours <= @seek.most_hours")
    assert (inside["roi"] >= target - 1e-9).all()


def test_roi_goal_seek_says_when_the_target_is_out_of_reach():
    seek = hours_for_roi(DEFAULT, 5.0)
    curve = hours_curve(DEFAULT)
    assert not seek.reachable and seek.hours is None and seek.most_hours is None
    assert seek.best_roi == pytest.approx(curve["roi"].max())
    assert seek.best_hours == curve["hours"][curve["roi"].idxmax()]


def test_roi_goal_seek_needs_something_spent():
    free = DEFAULT.replace(hourly_cost=0.0, tool_cost=0.0)
    assert not hours_for_roi(free, 0.1).reachable


def test_paid_ads_alone_can_reach_a_low_roi_at_zero_hours():
    ads = DEFAULT.replace(paid_budget=200.0, cost_per_click=0.5)
    seek = hours_for_roi(ads, -0.9)
    assert seek.reachable and seek.hours == 0.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0, -3, "0.2", True, None])
def test_roi_goal_seek_refuses_a_target_that_is_not_a_roi(bad):
    with pytest.raises(ValueError, match="target_roi must be a number above -1"):
        hours_for_roi(DEFAULT, bad)


@given(target=st.floats(-0.95, 1.0))
def test_roi_goal_seek_is_consistent_with_the_curve(target):
    seek = hours_for_roi(DEFAULT, target, weeks=26)
    best = hours_curve(DEFAULT, 26)["roi"].max()
    assert seek.reachable == (best >= target)


# --- scenarios side by side -------------------------------------------------------------
def test_compare_gives_each_scenarios_figures_and_the_difference_from_the_first():
    # Dearer tools than the default's, so that the base pays for itself only after week 1.
    base = DEFAULT.replace(tool_cost=100.0)
    scenarios = [base, fix_all(base), make_all(base), base.replace(hours_per_week=12.0)]
    result = compare_scenarios(scenarios, weeks=26)
    summary = result.summary
    assert list(summary["scenario"]) == [0, 1, 2, 3]
    for i, s in enumerate(scenarios):
        frame = simulate(s, 26)
        row = summary.iloc[i]
        assert row["profit"] == pytest.approx(frame["cum_profit"].iloc[-1])
        assert row["roi"] == pytest.approx(frame["roi"].iloc[-1])
        assert row["engagements"] == pytest.approx(frame["engagements"].sum())
        assert row["profit_difference"] == pytest.approx(row["profit"] - summary["profit"][0])
        weekly = result.weekly[result.weekly["scenario"] == i]
        assert np.allclose(weekly["cum_profit"], frame["cum_profit"])
        mc = monte_carlo(s, n=1000, weeks=26, seed=0)
        assert row["p_profitable"] == mc.attrs["p_profitable"]
        last = mc[(mc["metric"] == "cum_profit") & (mc["week"] == 26)].iloc[0]
        assert row["profit_p10"] == pytest.approx(last["p10"])
        assert row["profit_p90"] == pytest.approx(last["p90"])
    assert summary["break_even"][1] < summary["break_even"][0] and pd_na(summary["break_even"][2])


def pd_na(value) -> bool:
    import pandas as pd
    return value is pd.NA


def test_compare_without_draws_leaves_the_odds_empty():
    summary = compare_scenarios([DEFAULT], draws=0).summary
    assert summary[["p_profitable", "profit_p10", "profit_p90"]].isna().all(axis=None)


@pytest.mark.parametrize("count", [0, MAX_COMPARED + 1])
def test_compare_refuses_too_few_or_too_many_scenarios(count):
    with pytest.raises(ValueError, match="compare between 1 and"):
        compare_scenarios([DEFAULT] * count)


def test_compare_refuses_a_negative_number_of_draws():
    with pytest.raises(ValueError, match="draws must be a whole number"):
        compare_scenarios([DEFAULT], draws=-1)


def test_profit_draws_are_the_monte_carlo_draws():
    scenario = DEFAULT.replace(role_clarity=0.1)  # incidents drawn at random too
    draws = profit_draws(scenario, n=2000, weeks=52, seed=3)
    mc = monte_carlo(scenario, n=2000, weeks=52, seed=3)
    assert draws.shape == (2000,)
    assert (draws > 0).mean() == mc.attrs["p_profitable"]
    last = mc[(mc["metric"] == "cum_profit") & (mc["week"] == 52)].iloc[0]
    assert np.sort(draws)[round(0.5 * 1999)] == pytest.approx(last["p50"])


@pytest.mark.parametrize("target", [-0.5, 0.0, 0.5])
def test_goal_seek_on_roi_when_nothing_is_spent_at_zero_hours(target):
    # no tool and no upkeep: ROI is 0 at 0 hours and jumps once the first cent is spent
    free = DEFAULT.replace(tool_cost=0.0, network_upkeep_hours=0.0)
    seek = hours_for_roi(free, target)
    assert seek.reachable and seek.hours < 0.5 <= seek.most_hours
