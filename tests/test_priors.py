"""Every effect uncertain: each assumption has a prior in its field metadata, the Monte Carlo
draws it inside the field's range around the scenario's own value, and the ranking of the
mistakes says how sure it is."""

import dataclasses

import numpy as np
import pytest

from smm_sim import DEFAULT, Scenario, field_table, mistakes_ranked, monte_carlo
from smm_sim import model
from smm_sim.mistakes import MISTAKE_IDS
from smm_sim.scenario import PRIORS, field_meta
from smm_sim.sources import ASSUMPTION, SOURCES

from .strategies import PAYING


def _drawn(scenario: Scenario, n: int = 20_000, seed: int = 3) -> dict[str, np.ndarray]:
    base = model.inputs([scenario]).astype(np.float32)
    return {k: v.reshape(-1) for k, v in
            model.draw_priors(base, n, np.random.default_rng(seed)).items()}


def test_every_assumption_field_has_a_documented_prior():
    assumptions = [f.name for f in dataclasses.fields(Scenario)
                   if f.metadata["group"] == "assumptions"]
    assert len(assumptions) >= 24
    missing = [name for name in assumptions if name not in PRIORS]
    assert not missing, f"assumption fields without a prior: {missing}"
    for name, (kind, spread, source) in PRIORS.items():
        assert kind in ("beta", "lognormal") and spread > 0, name
        assert source == ASSUMPTION or source in SOURCES, name
        if kind == "beta":  # a Beta needs both ends of the range
            assert None not in field_meta(name)["range"], name
    # The Monte Carlo draws exactly the fields whose metadata carries a prior.
    assert set(model.UNCERTAINTY) == set(PRIORS)
    table = field_table().set_index("field")
    assert table.loc["strategy_effect", "prior"] == "beta"
    assert table.loc["hours_per_week", "prior"] == ""


@pytest.mark.parametrize("scenario", [DEFAULT, DEFAULT.replace(
    strategy_effect=0.95, two_way_effect=0.02, click_scale=19.0, carryover=0.85,
    fatigue_scale=0.12, hours_per_post=19.0)], ids=["default", "near the bounds"])
def test_draws_stay_inside_the_range_without_mass_on_a_bound(scenario):
    for name, values in _drawn(scenario).items():
        lo, hi = field_meta(name)["range"]
        assert values.min() >= lo and values.max() <= hi, name
        # Clipping piles draws on the bound; a bounded prior puts (almost) none there.
        assert np.mean((values == lo) | (values == hi)) < 0.001, name
        assert values.std() > 0, name


def test_each_drawn_field_has_the_scenarios_value_as_its_median():
    for name, values in _drawn(DEFAULT).items():
        value = getattr(DEFAULT, name)
        assert np.median(values) == pytest.approx(value, rel=0.04), name


def test_the_user_value_moves_the_draws_and_a_value_on_a_bound_is_kept():
    moved = _drawn(DEFAULT.replace(strategy_effect=0.6, conversion_scale=0.4))
    assert np.median(moved["strategy_effect"]) == pytest.approx(0.6, rel=0.04)
    assert np.median(moved["conversion_scale"]) == pytest.approx(0.4, rel=0.04)
    none = _drawn(DEFAULT.replace(strategy_effect=0.0, base_churn=0.0), n=100)
    assert (none["strategy_effect"] == 0).all() and (none["base_churn"] == 0).all()


# Every prior as tight as it goes: the draws are the scenario's own values.
TIGHT = {name: (kind, 1e9 if kind == "beta" else 1e-9) for name, (kind, _, _) in PRIORS.items()}


def test_a_wider_prior_widens_the_band_and_a_wrong_prior_is_refused():
    def spread(concentration):
        priors = {**TIGHT, "strategy_effect": ("beta", concentration)}
        # Strategy away from the median brand's, or its effect size would change nothing.
        last = monte_carlo(PAYING.replace(strategy_clarity=0.9), n=2000, weeks=26,
                           priors=priors).query(
            "metric == 'cum_profit' and week == 26")
        return float(last["p90"].iloc[0] - last["p10"].iloc[0])
    assert spread(3.0) > 2 * spread(30.0) > 0
    with pytest.raises(ValueError, match="strategy_effect"):
        monte_carlo(DEFAULT, n=10, priors={"strategy_effect": ("normal", 1.0)})
    with pytest.raises(ValueError, match="networks"):
        monte_carlo(DEFAULT, n=10, priors={"networks": ("beta", 5.0)})


def test_the_effect_sizes_now_move_the_band():
    """Before, the Monte Carlo held every *_effect fixed: a wider strategy_effect prior changed
    nothing. Hours are the same in every draw; posts, customers and the follower path now
    move with the drawn time per post, upkeep, coordination loss and the funnel's shares."""
    band = monte_carlo(DEFAULT, n=1000, weeks=20)
    last = band[band["week"] == 20].set_index("metric")
    for metric in ("posts", "conversions", "engagements", "cum_profit"):
        assert last.loc[metric, "p90"] > last.loc[metric, "p10"], metric
    assert last.loc["hours", "p90"] == last.loc["hours", "p10"]


RANK_COLUMNS = ["at_stake_p10", "at_stake_p90", "p_costs", "p_top3"]


def test_ranked_with_draws_adds_the_range_and_how_sure_the_ranking_is():
    plain = mistakes_ranked(DEFAULT)
    ranked = mistakes_ranked(DEFAULT, draws=200, seed=1)
    assert list(ranked.columns) == list(plain.columns) + RANK_COLUMNS
    # The single run's figures and order are kept.
    assert ranked[list(plain.columns)].equals(plain)
    assert set(ranked["mistake"]) == set(MISTAKE_IDS)
    assert (ranked["at_stake_p10"] <= ranked["at_stake_p90"]).all()
    assert ranked["p_costs"].between(0, 1).all() and ranked["p_top3"].between(0, 1).all()
    assert ranked["p_top3"].sum() == pytest.approx(3.0)
    # The single run's money at stake lies inside its plausible range.
    inside = (ranked["at_stake_p10"] <= ranked["at_stake"] + 0.01) \
        & (ranked["at_stake"] <= ranked["at_stake_p90"] + 0.01)
    assert inside.all(), ranked[~inside]
    # A mistake already fixed here (no_focus on the default) has nothing at stake in any
    # draw and is never among the first three.
    done = ranked.set_index("mistake").loc[["no_focus"]]
    assert (done[["at_stake_p10", "at_stake_p90", "p_top3"]] == 0).all().all()
    # The top of the single run is the top in most plausible cases.
    assert ranked["p_top3"].iloc[:3].sum() > ranked["p_top3"].iloc[3:].sum()


def test_ranked_draws_agree_with_the_single_run_when_the_priors_are_tight():
    plain = mistakes_ranked(DEFAULT).set_index("mistake")
    ranked = mistakes_ranked(DEFAULT, draws=20, priors=TIGHT).set_index("mistake")
    for column in ("at_stake_p10", "at_stake_p90"):
        assert np.allclose(ranked[column], plain["at_stake"], rtol=1e-3, atol=1.0), column
    top3 = set(plain.index[:3])
    assert ranked["p_top3"].to_dict() == {m: float(m in top3) for m in plain.index}
    assert ranked["p_costs"].to_dict() == {m: float(plain.loc[m, "profit"] > 0.01)
                                           for m in plain.index}


def test_ranked_draws_are_repeatable_and_checked():
    a = mistakes_ranked(DEFAULT, weeks=26, draws=50, seed=4)
    assert a.equals(mistakes_ranked(DEFAULT, weeks=26, draws=50, seed=4))
    assert not a.equals(mistakes_ranked(DEFAULT, weeks=26, draws=50, seed=5))
    for bad in (-1, 1.5, True, 10**6):
        with pytest.raises(ValueError, match="draws"):
            mistakes_ranked(DEFAULT, draws=bad)
