"""A calibration's posterior: what the fit learns and says, and how its draws reach the Monte
Carlo, the mistakes' ranges and the comparison."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smm_sim import (DEFAULT, calibrate, mistakes_ranked, monte_carlo, profit_draws, simulate,
                     simulate_networks)
from smm_sim.analysis import compare_scenarios
from smm_sim.fit import BACKTEST_FILE_WEEKS, EFFECT_MIN_WEEKS
from smm_sim.model import UNCERTAINTY, posterior_rows
from smm_sim.weekly_file import DataFileError, read_weekly_csv, weekly_frame

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(scope="module")
def clean():
    return calibrate(read_weekly_csv((SAMPLES / "weekly_clean.csv").read_bytes()), DEFAULT)


def test_the_posterior_draws_are_assumption_fields_within_their_ranges(clean):
    draws = clean.draws
    assert len(draws) == 1000
    assert "engagement_rate_scale" in draws and "conversion_scale" in draws
    assert "hours_per_week" not in draws and "followers_start" not in draws  # levers, counts
    assert set(draws.columns) <= set(clean.posterior["field"])
    posterior_rows(draws, 10, 0)  # refused if any value left its field's range


def test_the_same_seed_gives_the_same_draws_and_another_seed_others(clean):
    data = read_weekly_csv((SAMPLES / "weekly_clean.csv").read_bytes())
    assert calibrate(data, DEFAULT, seed=0).draws.equals(clean.draws)
    assert not calibrate(data, DEFAULT, seed=1).draws.equals(clean.draws)


def test_levels_are_learned_and_unobservable_effects_stay_assumptions(clean):
    learned = dict(zip(clean.posterior["field"], clean.posterior["learned"]))
    for name in ("engagement_rate_scale", "click_scale", "hours_per_post"):
        assert learned[name], name
    # A year of weekly totals, with the levers the same every week, cannot tell how much
    # personalisation or replies add: their ranges stay the prior's.
    for name in ("personalization_lift", "reply_uplift", "consistency_effect"):
        assert not learned[name], name
        row = clean.posterior.set_index("field").loc[name]
        assert row.p90 - row.p10 > 0.6 * (row.prior_p90 - row.prior_p10)


def test_the_posterior_narrows_the_bands_and_keeps_the_prior_draws_of_the_rest(clean):
    s = clean.scenario
    prior, post = monte_carlo(s, 1000, 52, 0), monte_carlo(s, 1000, 52, 0, posterior=clean.draws)
    end = {name: f[(f["metric"] == "cum_profit") & (f["week"] == 52)].iloc[0]
           for name, f in (("prior", prior), ("post", post))}
    assert end["post"].p90 - end["post"].p10 < 0.7 * (end["prior"].p90 - end["prior"].p10)
    assert not prior.equals(post)
    # Without a posterior nothing changes, number for number.
    assert monte_carlo(s, 1000, 52, 0).equals(prior)
    # The posterior holds only the fields it fitted: drawing none of them is the prior itself.
    assert monte_carlo(s, 1000, 52, 0, posterior=pd.DataFrame()).equals(prior)


def test_profit_draws_the_mistakes_and_the_comparison_take_the_same_posterior(clean):
    s, draws = clean.scenario, clean.draws
    share = float((profit_draws(s, 1000, 52, 0, posterior=draws) > 0).mean())
    assert share == monte_carlo(s, 1000, 52, 0, posterior=draws).attrs["p_profitable"]
    compared = compare_scenarios([s], 52, draws=1000, seed=0, posteriors=[draws]).summary
    assert compared["p_profitable"].iloc[0] == share
    ranked = mistakes_ranked(s, 52, draws=200, posterior=draws).set_index("mistake")
    prior = mistakes_ranked(s, 52, draws=200).set_index("mistake")
    width = (ranked["at_stake_p90"] - ranked["at_stake_p10"]).sum()
    assert width < (prior["at_stake_p90"] - prior["at_stake_p10"]).sum()


@pytest.mark.parametrize("column, value", [("hours_per_week", 10.0), ("margin_of_error", 1.0),
                                           ("conversion_scale", -1.0)])
def test_a_posterior_of_levers_unknown_fields_or_values_out_of_range_is_refused(column, value):
    with pytest.raises(ValueError):
        monte_carlo(DEFAULT, 100, 10, 0, posterior=pd.DataFrame({column: [value] * 5}))


def measured(scenario, weeks: int, seed: int = 0, noise: float = 0.1) -> pd.DataFrame:
    frame = simulate(scenario, weeks)
    rng = np.random.default_rng(seed)
    out = pd.DataFrame({"week": frame["week"]})
    for metric in ("hours", "posts", "followers", "engagements", "conversions", "revenue"):
        sigma = 0.003 if metric == "followers" else noise
        out[metric] = frame[metric] * np.exp(rng.normal(0.0, sigma, weeks))
    return out


def test_a_short_file_keeps_the_effect_sizes_at_their_priors_and_says_so():
    result = calibrate(measured(DEFAULT, 20), DEFAULT)
    notes = {n.key: n.details for n in result.notes}
    assert notes["data.note.effects_short"] == {"weeks": 20, "needed": EFFECT_MIN_WEEKS}
    assert "fatigue_scale" in result.kept and "carryover" in result.kept
    assert "fatigue_scale" not in set(result.posterior["field"])
    assert "data.note.no_backtest" in notes and result.backtest.empty


def test_a_fit_that_does_not_converge_says_so_and_changes_nothing(monkeypatch):
    from smm_sim import fit

    monkeypatch.setattr(fit, "MAX_EVALUATIONS", 1)
    with pytest.raises(DataFileError) as err:
        calibrate(measured(DEFAULT, 30), DEFAULT)
    assert err.value.key == "data.error.no_convergence"


def test_the_backtest_forecasts_the_last_quarter_with_an_honest_band():
    truth = DEFAULT.replace(hours_per_week=12.0, effort_decay=0.004, engagement_rate_scale=1.3)
    result = calibrate(measured(truth, 104, seed=4), DEFAULT)
    held = result.backtest
    assert set(held.columns) == {"week", "metric", "actual", "p10", "p50", "p90"}
    assert held["week"].min() == 79 and held["week"].max() == 104  # the last 26 of 104
    assert (held["p10"] <= held["p50"]).all() and (held["p50"] <= held["p90"]).all()
    summary = result.backtest_summary.set_index("metric")
    for metric in ("hours", "posts", "engagements"):  # 10% noise: the error is about that
        assert summary.loc[metric, "nrmse"] < 1.5 * 0.1, metric
    inside = summary["inside"].sum() / summary["weeks"].sum()
    assert 0.6 <= inside <= 0.97  # an 80% band


def test_a_file_too_short_to_hold_weeks_back_is_fitted_without_a_backtest():
    weeks = BACKTEST_FILE_WEEKS - 1  # 47: the last 25% are only 11 weeks
    result = calibrate(measured(DEFAULT, weeks), DEFAULT)
    assert result.backtest.empty and result.backtest_summary.empty
    assert any(n.key == "data.note.no_backtest" for n in result.notes)
    assert not calibrate(measured(DEFAULT, weeks + 1), DEFAULT).backtest.empty


def test_the_fits_progress_is_reported_from_start_to_end():
    seen: list[float] = []
    calibrate(measured(DEFAULT, 52), DEFAULT, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 5


def test_every_drawn_posterior_field_has_a_prior_the_monte_carlo_would_draw(clean):
    assert set(clean.draws.columns) - {"order_value"} <= set(UNCERTAINTY)


def per_network_file(truth, weeks: int = 52, seed: int = 0) -> pd.DataFrame:
    """Totals as ``measured`` writes them, plus posts, followers and engagements of each
    network as a platform export gives them (``<metric>_<network>``)."""
    frame = measured(truth, weeks, seed)
    networks = simulate_networks(truth, weeks)
    rng = np.random.default_rng([seed, 3])
    for net, _, _ in truth.networks:
        rows = networks[networks["network"] == net]
        for metric, sigma in (("posts", 0.1), ("followers", 0.003), ("engagements", 0.1)):
            frame[f"{metric}_{net}"] = rows[metric].to_numpy() * np.exp(
                rng.normal(0.0, sigma, weeks))
    return frame


def test_per_network_columns_are_read_under_any_alias_and_unknown_networks_are_named():
    frame = per_network_file(DEFAULT, 20).rename(columns={
        "engagements_instagram": "Interazioni Instagram",
        "posts_facebook": "Publicaciones_Facebook"})
    frame["posts_myspace"] = 1.0
    checked = weekly_frame(frame)
    assert {"engagements_instagram", "posts_facebook", "followers_facebook"} <= set(checked)
    ignored = {n.key: n.details for n in checked.attrs["notes"]}["data.note.ignored_columns"]
    assert "posts_myspace" in ignored["headers"]


def test_a_file_with_each_networks_numbers_fits_each_networks_share_and_followers():
    truth = DEFAULT.replace(networks=(("instagram", 0.75, 15000), ("facebook", 0.25, 4000)),
                            engagement_rate_scale=1.3)
    result = calibrate(per_network_file(truth), DEFAULT)  # the base has 0.6/0.4, 12,000/8,000
    (_, ig_share, ig_followers), (_, fb_share, fb_followers) = result.scenario.networks
    assert ig_share == pytest.approx(0.75, abs=0.03) and fb_share == pytest.approx(0.25, abs=0.03)
    assert ig_followers == pytest.approx(15000, rel=0.02)
    assert fb_followers == pytest.approx(4000, rel=0.02)
    engagement = next(v for v in result.values if v.field == "engagement_rate_scale")
    assert engagement.low <= 1.3 <= engagement.high
    # Without the networks' columns the split stays the base's.
    totals = calibrate(measured(truth, 52), DEFAULT).scenario.networks
    assert [n[1] for n in totals] == [0.6, 0.4]


def december_file(weeks: int, seed: int = 0) -> pd.DataFrame:
    """A steady programme whose audience buys and engages a third more around Christmas."""
    frame = measured(DEFAULT.replace(hours_per_week=10.0), weeks, seed, noise=0.08)
    week = frame["week"].to_numpy()
    peak = np.exp(0.3 * np.exp(-0.5 * ((week % 52 - 50) / 2.5) ** 2))
    for metric in ("engagements", "conversions", "revenue"):
        frame[metric] *= peak
    return frame


def test_a_yearly_season_is_fitted_beside_the_model_and_forecasts_the_next_december():
    frame = december_file(104)
    with_season, without = calibrate(frame, DEFAULT), calibrate(frame, DEFAULT, season=False)
    note = next(n for n in with_season.notes if n.key == "data.note.season")
    assert note.details["swing"] >= 5 and "{" not in note.text("it")
    assert not any(n.key == "data.note.season" for n in without.notes)
    error = {name: c.backtest_summary.set_index("metric").loc["engagements", "nrmse"]
             for name, c in (("season", with_season), ("none", without))}
    assert error["season"] < error["none"]  # the held-out weeks hold the second December
    assert not set(with_season.draws.columns) & {"season_sin1", "trend"}  # not the scenario's


def test_no_season_is_fitted_to_less_than_a_year_nor_found_in_a_steady_one():
    assert not any(n.key == "data.note.season" for n in calibrate(december_file(51),
                                                                    DEFAULT).notes)
    steady = calibrate(measured(DEFAULT, 104, noise=0.08), DEFAULT)
    note = next(n for n in steady.notes if n.key == "data.note.season")
    assert note.details["swing"] < 5
