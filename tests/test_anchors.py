"""The model reproduces the published figures it cites, and its funnel counts money honestly."""

import numpy as np
import pytest

from smm_sim import DEFAULT, benchmarks, simulate
from smm_sim.anchors import PUBLISHED, TOLERANCE, median_brand, sanity
from smm_sim.catalogue import NETWORKS
from smm_sim.mistakes import fix_all, make_all
from smm_sim.model import customer_value, inputs, repeat_orders, run
from smm_sim.presets import PRESETS, preset
from smm_sim.sources import SOURCES


def test_every_model_figure_lies_within_its_tolerance_of_the_published_one():
    table = benchmarks()
    assert len(table) == len(PUBLISHED)
    outside = table[(table["ratio"] - 1).abs() > TOLERANCE]
    assert outside.empty, outside
    assert set(table["source"]) <= set(SOURCES)


def test_the_benchmarks_follow_the_scenarios_assumptions():
    """The table is the model's, not a copy of the sources: doubling the engagement scale
    doubles the engagement figures and takes them out of tolerance."""
    doubled = benchmarks(DEFAULT.replace(engagement_rate_scale=2.0)).set_index(
        ["metric", "network"])
    plain = benchmarks().set_index(["metric", "network"])
    rows = doubled.index.get_level_values("metric") == "engagement_per_post"
    assert np.allclose(doubled["model"][rows], 2 * plain["model"][rows])
    assert ((doubled["ratio"][rows] - 1).abs() > TOLERANCE).all()


@pytest.mark.parametrize("network", ["instagram", "facebook", "x", "tiktok"])
def test_a_median_brand_posts_as_often_as_the_brands_behind_the_benchmark(network):
    flows = run(inputs([median_brand(network)]), 4, per_network=True)
    assert flows["network_posts"][:, 0, 0] == pytest.approx(NETWORKS[network].reference_posts)


def test_posting_less_than_the_median_brand_gives_more_per_post_and_more_gives_less():
    def per_post(hours):
        brand = median_brand("instagram")
        flows = run(inputs([brand.replace(hours_per_week=hours)]), 1, per_network=True)
        return flows["network_engagements"][0, 0, 0] / flows["network_posts"][0, 0, 0]
    hours = median_brand("instagram").hours_per_week
    assert per_post(hours / 2) > per_post(hours) > per_post(hours * 2)


def test_instagram_sends_fewer_visits_per_person_reached_than_facebook():
    # Feed posts carry no link on Instagram: its visits come through the profile.
    def visits_per_reach(network):
        frame = simulate(median_brand(network))
        return frame["clicks"].sum() / frame["reach"].sum()
    assert visits_per_reach("instagram") < visits_per_reach("facebook") / 5


def test_customers_won_go_on_ordering_in_the_weeks_after_and_only_then():
    won = np.zeros((60, 1, 1))
    won[0] = 10.0  # ten customers in week 1, none after
    repeats = repeat_orders(won, np.array(2.0).reshape(1, 1, 1), np.array(1.0).reshape(1, 1, 1))
    assert repeats[0, 0, 0] == 0.0  # a customer's first order is not a repeat
    keep = np.exp(-1 / 52)
    assert repeats[1:, 0, 0] == pytest.approx(10 * 2 / 52 * keep ** np.arange(59))
    # Over a whole life each customer orders repeat_orders a year for customer_years.
    long = np.zeros((5000, 1, 1))
    long[0] = 1.0
    total = repeat_orders(long, np.array(2.0).reshape(1, 1, 1),
                          np.array(1.0).reshape(1, 1, 1)).sum()
    assert total == pytest.approx(2.0 / 52 / (1 - keep), rel=1e-6)


def test_revenue_counts_only_the_customers_the_programme_caused():
    base = simulate(DEFAULT)
    for name in ("incrementality", "order_value"):
        halved = simulate(DEFAULT.replace(**{name: getattr(DEFAULT, name) / 2}))
        assert halved["revenue"].sum() == pytest.approx(base["revenue"].sum() / 2, rel=1e-9)
    none = simulate(DEFAULT.replace(incrementality=0.0))
    assert none["revenue"].sum() == 0 and none["conversions"].sum() == 0
    # Returning buyers still order, but win no customer and bring no repeat orders.
    returning = simulate(DEFAULT.replace(returning_share=0.9))
    assert returning["conversions"].sum() == pytest.approx(base["conversions"].sum() / 7)
    assert returning["revenue"].sum() < base["revenue"].sum()


def test_a_later_horizon_holds_the_repeat_orders_of_earlier_customers():
    # Before, a customer's whole life was booked in its first week: a year's last weeks
    # carried their customers' future too.
    frame = simulate(DEFAULT, 104)
    per_customer = frame["revenue"] / frame["conversions"]
    assert per_customer.iloc[-1] > per_customer.iloc[0] * 1.5


def test_the_lifetime_value_is_first_order_plus_discounted_repeats():
    assert customer_value(DEFAULT.replace(repeat_orders=0.0)) == DEFAULT.order_value
    undiscounted = customer_value(DEFAULT.replace(discount_rate=0.0))
    assert undiscounted == pytest.approx(
        DEFAULT.order_value * (1 + DEFAULT.repeat_orders * DEFAULT.customer_years))
    assert customer_value(DEFAULT) < undiscounted


def test_no_savings_unless_the_company_names_them():
    assert simulate(DEFAULT)["savings"].sum() == 0
    assert simulate(DEFAULT.replace(savings_potential=40.0))["savings"].sum() > 0


def test_every_mistake_fixed_and_the_typical_mistakes_made_land_inside_the_stated_ranges():
    table = sanity()
    assert set(table["preset"]) == set(PRESETS)
    outside = table[~table["inside"]]
    assert outside.empty, outside
    # The order a reader expects, on every preset: fixed above now above made.
    for name in PRESETS:
        roi = {label: simulate(s)["roi"].iloc[-1] for label, s in (
            ("made", make_all(preset(name))), ("now", preset(name)),
            ("fixed", fix_all(preset(name))))}
        assert roi["made"] < roi["now"] < roi["fixed"], name
