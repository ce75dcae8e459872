"""Behaviour the model must keep, over the whole valid range of every field."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from smm_sim import DEFAULT, METRICS, MISTAKES, monte_carlo, profit_draws, simulate
from smm_sim.analysis import hours_curve
from smm_sim import blocks, model
from smm_sim.catalogue import NETWORKS
from smm_sim.blocks import geometric_adstock, grow_followers, posting_response

from .strategies import PAYING, scenarios


@given(scenarios())
def test_no_nan_or_infinity_for_any_valid_scenario(scenario):
    frame = simulate(scenario, weeks=60)
    assert np.isfinite(frame[list(METRICS)].to_numpy()).all()
    assert (frame[["reach", "engagements", "followers", "clicks", "conversions", "revenue",
                   "cost"]] >= 0).all().all()


@pytest.mark.parametrize("m", MISTAKES, ids=lambda m: m.id)
def test_each_mistake_made_lowers_profit_and_fixed_raises_it(m):
    # On a programme that pays: at the default's sales some mistakes cost engagement only.
    profit = {name: simulate(s)["cum_profit"].iloc[-1]
              for name, s in (("made", m.make(PAYING)), ("now", PAYING),
                              ("fixed", m.fix(PAYING)))}
    assert profit["made"] < profit["now"] <= profit["fixed"] + 1e-6
    assert profit["made"] < profit["fixed"] - 100  # a visible amount, not rounding


def test_roi_rises_peaks_and_falls_inside_the_range_of_hours():
    curve = hours_curve(PAYING)
    peak = int(curve["roi"].idxmax())
    assert 0 < peak < len(curve) - 1
    assert curve["roi"].iloc[peak] > curve["roi"].iloc[0] + 0.3
    assert curve["roi"].iloc[peak] > curve["roi"].iloc[-1] + 0.3
    assert (np.diff(curve["roi"].iloc[:peak + 1]) > -1e-9).all()  # rises up to the peak


@given(scenarios())
def test_zero_hours_cost_no_labour_and_grow_nothing_beyond_churn(scenario):
    idle = scenario.replace(hours_per_week=0.0, paid_budget=0.0)
    frame = simulate(idle, weeks=30)
    running = (idle.stop_week == 0) | (frame["week"] < idle.stop_week)
    assert np.allclose(frame["cost"], idle.tool_cost * running)  # tools only, until a stop
    assert (frame["engagements"] == 0).all() and (frame["posts"] == 0).all()
    followers = np.concatenate([[idle.followers_start], frame["followers"]])
    assert (np.diff(followers) <= 1e-9 * max(1.0, followers.max())).all()


@pytest.mark.parametrize("lever", ["consistency", "personalization", "targeting"])
@given(data=st.data())
def test_more_of_a_quality_lever_never_lowers_engagements(lever, data):
    # Any assumptions, within the condition of docs/MODEL.md ("When personalisation pays"):
    # a personalised post gains at least the share of extra time it takes.
    scenario = data.draw(scenarios())
    time, gain = sorted((scenario.personalization_time, scenario.personalization_engagement))
    scenario = scenario.replace(personalization_time=time, personalization_engagement=gain)
    low, high = sorted(data.draw(st.lists(st.floats(0, 1), min_size=2, max_size=2)))
    less = simulate(scenario.replace(**{lever: low}), weeks=40)
    more = simulate(scenario.replace(**{lever: high}), weeks=40)
    # ... and the audience clear of its ceiling, where the shared room can reverse any lever.
    peak = max(scenario.followers_start, less["followers"].max(), more["followers"].max())
    assume(peak <= scenario.audience_potential / 2)
    assert (more["engagements"] >= less["engagements"] * (1 - 1e-9) - 1e-9).all()


def test_personalisation_costing_more_time_than_it_gains_loses_engagements():
    # The trade-off is real: half as long again per post for a fifth more engagement per post.
    costly = DEFAULT.replace(personalization_time=0.5, personalization_engagement=0.2)
    none, full = (simulate(costly.replace(personalization=p))["engagements"].sum()
                  for p in (0.0, 1.0))
    assert full < 0.9 * none  # about 14% fewer engagements over the year


def test_personalisation_pays_below_its_time_cost_only_near_the_fatigue_point():
    # MODEL.md: the exact condition is gain · (1 + posts/K) ≥ time, week by week.
    slow = DEFAULT.replace(personalization_time=0.5, personalization_engagement=0.3)
    busy = slow.replace(fatigue_scale=1.0 / 6.0)
    for scenario, rises in ((slow, False), (busy, True)):
        none, full = (simulate(scenario.replace(personalization=p))["engagements"].sum()
                      for p in (0.0, 1.0))
        assert (full > none) == rises


@given(scenarios(), st.integers(0, 2**32 - 1))
def test_monte_carlo_quantiles_are_ordered(scenario, seed):
    band = monte_carlo(scenario, n=64, weeks=12, seed=seed)
    assert np.isfinite(band[["p10", "p50", "p90"]].to_numpy()).all()
    assert (band["p10"] <= band["p50"]).all() and (band["p50"] <= band["p90"]).all()
    assert set(band["metric"]) == set(METRICS)


def test_monte_carlo_same_seed_same_numbers_other_seed_other_numbers():
    a = monte_carlo(DEFAULT, n=3000, weeks=20, seed=7)
    b = monte_carlo(DEFAULT, n=3000, weeks=20, seed=7)
    c = monte_carlo(DEFAULT, n=3000, weeks=20, seed=8)
    assert a.equals(b) and a.attrs == b.attrs
    assert not a[["p10", "p90"]].equals(c[["p10", "p90"]])


def test_monte_carlo_refuses_more_draw_weeks_than_it_can_keep():
    # The benchmark's 10,000 draws over two years and the app's 1,000 over ten years fit; a
    # million draws over ten years would keep about 30 GB of weekly flows.
    assert len(monte_carlo(DEFAULT, n=10_000, weeks=104)) == 104 * len(METRICS)
    assert len(monte_carlo(DEFAULT, n=1000, weeks=520)) == 520 * len(METRICS)
    with pytest.raises(ValueError, match=r"at most 2,000,000 .*n=1,000,000 × weeks=520"):
        monte_carlo(DEFAULT, n=1_000_000, weeks=520)
    with pytest.raises(ValueError, match=r"n=3,847 × weeks=520 = 2,000,440"):
        profit_draws(DEFAULT, n=3847, weeks=520)


def test_monte_carlo_median_stays_near_the_single_run():
    # Drawn assumptions have median 1 or are centred on the scenario's value.
    band = monte_carlo(DEFAULT, n=4000, weeks=52)
    single = simulate(DEFAULT)
    followers = band[(band["metric"] == "followers") & (band["week"] == 52)]["p50"].iloc[0]
    assert followers == pytest.approx(single["followers"].iloc[-1], rel=0.03)


def test_carryover_keeps_a_steady_rhythm_steady_and_spreads_a_burst():
    steady = geometric_adstock(np.full((10, 1, 1), 4.0), 0.3)
    assert np.allclose(steady, 4.0)
    burst = np.zeros((10, 1, 1))
    burst[3] = 10.0
    spread = geometric_adstock(burst, 0.5)[:, 0, 0]
    assert spread[:3].sum() == 0 and spread[3] > spread[4] > spread[5] > 0
    # Seven of the nine normalised weights fall inside the ten weeks.
    assert spread.sum() == pytest.approx(10.0 * (1 - 0.5 ** 7) / (1 - 0.5 ** 9), rel=1e-9)


def test_fatigue_halves_each_post_at_the_fatigue_point_and_matches_track_social():
    assert posting_response(6.0, 6.0) / 6.0 == pytest.approx(0.5)
    per_post_ratio = (posting_response(14.0, 6.0) / 14) / (posting_response(7.0, 6.0) / 7)
    assert 0.57 <= per_post_ratio <= 0.78  # Track Social: 57% of likes, 78% of comments


@given(st.integers(0, 10_000), st.integers(1, 4), st.sampled_from([120_000.0, 1_000.0]))
def test_both_follower_solvers_give_the_same_numbers(seed, networks, ceiling):
    # The small ceiling makes the gains hit it, where both solvers clip them to the room left.
    rng = np.random.default_rng(seed)
    shape = (40, networks, 1)
    outflow, growth, inflow = (rng.uniform(0, 0.05, shape), rng.uniform(0, 0.05, shape),
                               rng.uniform(0, 300, shape))
    start = rng.uniform(0, 50_000, (1, networks, 1)) * ceiling / 120_000.0
    single = grow_followers(outflow, growth, inflow, start, ceiling)
    stepped = blocks._grow_step_wise(1.0 - outflow, growth, inflow, start, ceiling, shape)
    for a, b in zip(single, stepped):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-9)


def test_the_monte_carlos_running_total_is_cumsum_to_the_last_bit():
    flows = np.random.default_rng(3).normal(100, 50, (104, 997)).astype(np.float32)
    assert np.array_equal(model.running_total(flows), np.cumsum(flows, axis=0))


def test_the_public_core_runs_a_batch_as_simulate_runs_each_scenario():
    first, second = DEFAULT, DEFAULT.replace(hours_per_week=4.0, networks=(("tiktok", 1.0, 0),))
    batch = model.inputs([first, second])
    assert batch.networks[0] == DEFAULT.networks[0][0] and "tiktok" in batch.networks
    series = model.with_totals(model.run(batch, 30))
    for i, s in enumerate((first, second)):
        frame = simulate(s, 30)
        for metric in METRICS:
            np.testing.assert_allclose(series[metric][:, i], frame[metric], rtol=1e-12)


def test_varied_inputs_run_as_the_scenarios_they_stand_for_and_refuse_unknown_names():
    varied = model.inputs([DEFAULT]).vary(hours_per_week=np.array([2.0, 20.0]).reshape(1, 1, 2))
    profit = model.with_totals(model.run(varied, 52))["cum_profit"][-1]
    for i, hours in enumerate((2.0, 20.0)):
        assert profit[i] == pytest.approx(
            simulate(DEFAULT.replace(hours_per_week=hours))["cum_profit"].iloc[-1], rel=1e-12)
    with pytest.raises(ValueError, match="hours_a_week"):
        model.inputs([DEFAULT]).vary(hours_a_week=np.ones((1, 1, 1)))
    with pytest.raises(ValueError, match="between 1 and 520"):
        model.run(varied, 521)
    assert model.inputs([DEFAULT]).astype(np.float32).fields["margin"].dtype == np.float32


def test_paid_spend_saturates_its_marginal_profit_falls_and_turns_negative():
    # A linear paid channel returned the same profit per extra unit of money at any budget.
    budgets = np.array([0.0, 50.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 20_000.0, 100_000.0])
    profit = model.run_batch([PAYING.replace(paid_budget=b) for b in budgets])["cum_profit"][-1]
    marginal = np.diff(profit) / np.diff(budgets * 52)  # profit per extra unit spent
    assert (np.diff(marginal) < 0).all()  # every step of budget returns less than the one before
    assert marginal[0] > 0 > marginal[-1]
    assert profit[-1] < profit[0]  # 100,000 a week loses money where a linear channel made millions


def test_the_first_paid_money_buys_clicks_at_the_traffic_cost_per_click():
    # In week 1 the audience is the same with or without ads: the extra visits are paid clicks.
    def paid_clicks(budget):
        return (simulate(DEFAULT.replace(paid_budget=budget), weeks=1)["clicks"]
                - simulate(DEFAULT, weeks=1)["clicks"]).iloc[0]
    assert paid_clicks(1.0) == pytest.approx(1.0 / DEFAULT.cost_per_click, rel=0.01)
    # The most the ads can buy is half-saturation spend over cost per click, half at that spend.
    half = DEFAULT.paid_half_saturation
    assert paid_clicks(half) == pytest.approx(0.5 * half / DEFAULT.cost_per_click, rel=1e-9)


@given(st.floats(0.5, 3.0), st.floats(1.0, 1e6))
def test_the_hill_curve_rises_from_zero_through_a_half_towards_one(slope, half):
    spend = np.array([0.0, half / 10, half, half * 10])
    share = blocks.hill(spend, half, slope)
    assert share[0] == 0 and share[2] == pytest.approx(0.5) and (np.diff(share) > 0).all()
    assert share[-1] < 1


@given(scenarios())
def test_followers_never_exceed_the_audience_potential(scenario):
    # Before the ceiling was hard, a week's gains could carry 102 possible followers to 22,525.
    # Alone (the single solver) and in a batch (the step-wise one) with a ceiling just above
    # the start, which the gains reach within weeks.
    near = min(1e9, scenario.followers_start + 100.0)
    frames = [simulate(scenario, weeks=60)]
    frames += [model.run(model.inputs([scenario, scenario.replace(audience_potential=near)]), 60)]
    ceilings = [[scenario.audience_potential], [scenario.audience_potential, near]]
    for frame, ceiling in zip(frames, ceilings):
        followers = np.asarray(frame["followers"]).reshape(60, -1)
        # An audience that starts above the ceiling may only shrink towards it.
        limit = np.maximum(ceiling, scenario.followers_start)
        assert (followers <= limit * (1 + 1e-12)).all()


def test_a_strong_programme_fills_its_ceiling_without_passing_it():
    strong = DEFAULT.replace(audience_potential=102.0, networks=(("tiktok", 1.0, 0),),
                             discovery_per_post=1000.0, follows_per_engagement=10.0)
    followers = simulate(strong)["followers"]
    assert followers.max() <= 102.0 * (1 + 1e-12) and followers.iloc[-1] > 90.0


def test_a_sliver_of_the_hours_on_a_network_costs_a_sliver_of_profit():
    # Upkeep is continuous in a network's share: a billionth of the hours once cost a full
    # hour of upkeep a week (profit 1,605 -> -2,693 on the old default).
    base = simulate(DEFAULT)["cum_profit"].iloc[-1]
    slivers = np.array([1e-9, 1e-6, 1e-3])
    lost = np.array([base - simulate(DEFAULT.replace(networks=(
        ("instagram", 0.6 - share, 12000), ("facebook", 0.4, 8000), ("x", share, 0))))[
        "cum_profit"].iloc[-1] for share in slivers])
    assert lost[0] < 0.01
    # The loss grows in proportion to the share near 0: no jump at the first hour.
    assert lost / slivers == pytest.approx(lost[-1] / slivers[-1], rel=0.05)


@pytest.mark.parametrize("network", list(NETWORKS))
def test_each_network_tires_at_its_own_fatigue_point(network):
    # Week 1 has no carryover or learning yet: engagements follow x / (1 + x / K) exactly.
    def week_one(hours):
        s = DEFAULT.replace(hours_per_week=hours, networks=((network, 1.0, 10_000),))
        frame = simulate(s, weeks=1)
        return frame["posts"].iloc[0], frame["engagements"].iloc[0]
    (few, low), (many, high) = week_one(6.0), week_one(20.0)
    fatigue = NETWORKS[network].fatigue_posts * DEFAULT.fatigue_scale
    assert high / low == pytest.approx(posting_response(many, fatigue)
                                       / posting_response(few, fatigue), rel=1e-9)


def test_the_default_keeps_its_hours_steady_and_fading_is_the_mistake():
    assert (simulate(DEFAULT)["hours"] == DEFAULT.hours_per_week).all()
    inconsistent = next(m for m in MISTAKES if m.id == "inconsistent")
    assert inconsistent.fix(DEFAULT) == DEFAULT and inconsistent.make(DEFAULT).effort_decay > 0


def test_the_upkeep_the_network_mix_shows_never_exceeds_the_hours_worked():
    plenty = DEFAULT.replace(hours_per_week=40.0)
    assert model.network_upkeep(plenty) == len(plenty.networks) * plenty.network_upkeep_hours
    few = DEFAULT.replace(hours_per_week=0.5)  # less than one network's upkeep
    assert model.network_upkeep(few) == pytest.approx(0.5)
