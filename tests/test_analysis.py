"""The questions asked of the model: best hours, goal seek, sensitivity, break-even."""

import numpy as np
import pandas as pd
import pytest

from smm_sim import (break_even_week, cost_of_mistake, hours_for_target, marginal_return,
                     mistakes_ranked, optimize_hours, sensitivity, simulate)
from smm_sim.analysis import first_move, hours_curve, sweep
from smm_sim.mistakes import mistake
from smm_sim.scenario import NUMERIC_FIELDS, TEAM_LEVERS, WHOLE_FIELDS, field_meta

from .strategies import PAYING


@pytest.mark.parametrize("objective, metric", [("roi", "roi"), ("profit", "cum_profit")])
def test_optimum_is_at_least_as_good_as_every_point_of_the_grid(objective, metric):
    best = optimize_hours(PAYING, objective)
    curve = hours_curve(PAYING)
    assert best.value >= curve[metric].max() - 1e-9
    at_best = simulate(PAYING.replace(hours_per_week=best.hours))
    assert at_best[metric].iloc[-1] == pytest.approx(best.value, rel=1e-9)


def test_best_roi_needs_fewer_hours_than_most_profit():
    assert optimize_hours(PAYING, "roi").hours < optimize_hours(PAYING, "profit").hours


def test_unknown_objective_is_refused():
    with pytest.raises(ValueError, match="objective must be one of roi, profit"):
        optimize_hours(PAYING, "likes")


def test_goal_seek_finds_the_hours_that_reach_the_revenue():
    target = 40_000.0
    seek = hours_for_target(PAYING, target)
    assert seek.reachable
    reached = simulate(PAYING.replace(hours_per_week=seek.hours))["cum_revenue"].iloc[-1]
    assert reached == pytest.approx(target, rel=1e-3)
    fewer = simulate(PAYING.replace(hours_per_week=seek.hours - 0.5))["cum_revenue"].iloc[-1]
    assert fewer < target


def test_goal_seek_says_when_the_target_is_out_of_reach():
    seek = hours_for_target(PAYING, 1e9)
    assert not seek.reachable and seek.hours is None
    assert 0 < seek.best_revenue < 1e9


def test_sensitivity_swings_every_lever_and_sorts_them():
    frame = sensitivity(PAYING)
    levers = {"hours_per_week", "consistency", "personalization", "order_value"}
    assert levers <= set(frame["field"])
    assert (np.diff(frame["swing"]) <= 1e-9).all()
    row = frame.set_index("field").loc["consistency"]
    low = simulate(PAYING.replace(consistency=row["low"]))["cum_profit"].iloc[-1]
    assert row["metric_low"] == pytest.approx(low, rel=1e-9)
    assert frame["base"].iloc[0] == pytest.approx(simulate(PAYING)["cum_profit"].iloc[-1])


def test_the_first_move_is_the_teams_even_where_the_margin_would_add_more():
    # A company at the top of its ranges with a team at its most hours: the margin adds most.
    scenario = PAYING.replace(conversion_scale=20.0, click_scale=20.0, order_value=100000.0,
                              hours_per_week=80.0)
    frame = sensitivity(scenario)
    gains = frame[["metric_low", "metric_high"]].max(axis=1) - frame["base"]
    outside = frame[frame["group"] != "assumptions"]
    assert frame.loc[gains[outside.index].idxmax(), "field"] not in TEAM_LEVERS
    move = first_move(frame)
    team = frame["field"].isin(TEAM_LEVERS)
    assert move.field in TEAM_LEVERS
    assert move.gain == pytest.approx(gains[team].max()) and move.gain < gains.max()
    row = frame.set_index("field").loc[move.field]
    assert move.to in (row["low"], row["high"]) and move.value == row["value"]
    assert first_move(frame[~team]) is None  # business figures and assumptions alone: no move


def test_break_even_week_is_where_cumulative_profit_turns_for_good():
    frame = pd.DataFrame({"week": [1, 2, 3, 4, 5], "cum_cost": [1] * 5,
                          "cum_profit": [-5.0, -1.0, 2.0, -0.5, 3.0]})
    assert break_even_week(frame) == 5
    assert break_even_week(frame.assign(cum_profit=[-3.0, -2, -1, -1, -0.1])) is None
    assert break_even_week(frame.assign(cum_cost=[0] * 5, cum_profit=[0.0] * 5)) is None
    default = simulate(PAYING)
    week = break_even_week(default)
    assert (default["cum_profit"].iloc[week - 1:] >= 0).all()
    assert default["cum_profit"].iloc[week - 2] < 0


def test_marginal_hour_pays_below_the_profit_optimum_and_loses_above_it():
    best = optimize_hours(PAYING, "profit").hours
    assert marginal_return(PAYING.replace(hours_per_week=best - 5)).extra_profit > 0
    assert marginal_return(PAYING.replace(hours_per_week=best + 5)).extra_profit < 0
    top = marginal_return(PAYING.replace(hours_per_week=80.0))
    assert top.extra_cost > 0


def test_mistake_costs_are_positive_on_the_default_and_ranked_by_money_at_stake():
    ranked = mistakes_ranked(PAYING)
    assert len(ranked) == 11 and (ranked["profit"] > 0).all()
    assert (np.diff(ranked["at_stake"]) <= 0).all()
    now = simulate(PAYING)["cum_profit"].iloc[-1]
    for row in ranked.itertuples():
        cost = cost_of_mistake(PAYING, row.mistake)
        fixed = simulate(cost.fixed)["cum_profit"].iloc[-1]
        assert row.at_stake == pytest.approx(fixed - now, abs=0.01) == cost.at_stake
        assert cost.current_profit == pytest.approx(now)
    cost = cost_of_mistake(PAYING, "no_strategy")
    assert cost.made.strategy_clarity < cost.fixed.strategy_clarity
    with pytest.raises(ValueError, match="mistake_id must be one of"):
        cost_of_mistake(PAYING, "no_such_mistake")


@pytest.mark.parametrize("mistake_id", ["no_strategy", "no_focus", "boring"])
def test_on_the_fixed_line_nothing_is_at_stake_and_on_the_made_line_all_of_the_cost(mistake_id):
    m = mistake(mistake_id)
    on_fixed = cost_of_mistake(m.fix(PAYING), mistake_id)
    assert on_fixed.at_stake == 0.0 and on_fixed.gap_closed == pytest.approx(1.0)
    assert on_fixed.profit > 100  # making it still costs money
    ranked = mistakes_ranked(m.fix(PAYING))
    assert ranked.set_index("mistake").loc[mistake_id, "at_stake"] == 0.0
    assert ranked["mistake"].iloc[0] != mistake_id
    on_made = cost_of_mistake(m.make(PAYING), mistake_id)
    assert on_made.at_stake == pytest.approx(on_made.profit, rel=1e-9)
    assert on_made.gap_closed == pytest.approx(0.0, abs=1e-9)
    halfway = cost_of_mistake(PAYING, mistake_id)
    assert halfway.gap_closed == pytest.approx(1 - halfway.at_stake / halfway.profit)


# Personalising takes more time than it earns back: personalising more loses money.
SLOW_PERSONAL = PAYING.replace(personalization_time=1.0, personalization_engagement=0.1)


def test_a_mistake_that_saves_money_has_money_at_stake_below_zero():
    cost = cost_of_mistake(SLOW_PERSONAL, "no_personalization")
    assert cost.profit < 0 and cost.at_stake < 0  # fixing it from here would lose money
    assert mistakes_ranked(SLOW_PERSONAL)["mistake"].iloc[-1] == "no_personalization"


def test_fewer_hours_than_the_optimum_are_not_too_much_time():
    few = cost_of_mistake(PAYING.replace(hours_per_week=4.0), "too_much_time")
    assert few.fixed.hours_per_week == 4.0 and few.at_stake == 0.0
    many = cost_of_mistake(PAYING.replace(hours_per_week=60.0), "too_much_time")
    assert many.fixed.hours_per_week < 60.0 and many.at_stake > 0


# With a paid budget, so that its cost per click moves profit too, fading effort, so that
# carryover does (it leaves a steady rhythm as it is), and levers away from the median
# brand's, so that every effect size does (at the median's levers it changes nothing).
SWEPT = PAYING.replace(paid_budget=50.0, effort_decay=0.01, strategy_clarity=0.8, goal_clarity=0.2,
                       consistency=0.9, targeting=0.8, two_way=0.7, personalization=0.7,
                       daily_routine=0.9)


@pytest.mark.parametrize("field", NUMERIC_FIELDS)
def test_sweeping_any_lever_alone_gives_one_column_per_value_as_simulate_does(field):
    lo, hi = field_meta(field)["range"]
    values = np.linspace(lo, hi, 3)
    if field in WHOLE_FIELDS:
        values = np.round(values)
    series = sweep(SWEPT, {field: values}, weeks=60)
    assert {name: a.shape for name, a in series.items()} == {name: (60, 3) for name in series}
    profit = series["cum_profit"][-1]
    # The lever moves profit across its range; the discount rate only values a customer's
    # life (customer_value), the weekly flows count orders as they happen.
    assert (np.ptp(profit) > 1.0) == (field != "discount_rate")
    for i, value in enumerate(values):
        single = simulate(SWEPT.replace(**{field: type(getattr(SWEPT, field))(value)}), weeks=60)
        assert profit[i] == pytest.approx(single["cum_profit"].iloc[-1], rel=1e-9, abs=1e-6)
