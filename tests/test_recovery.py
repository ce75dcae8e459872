"""Calibrated honesty: hidden companies fitted from the default levers (bench/recovery.py).

Over 20 truths that vary hours, fade, consistency, personalisation and two effect sizes, the
posterior's p10–p90 ranges must hold what they claim: about 8 times in 10 (70–90%), and the
forecast of the weeks held out must miss by about the noise, not more than 1.5 times it.
"""

from __future__ import annotations

import pytest

from bench.recovery import NOISE, VARIED_EFFECTS, study

TRUTHS = 20


@pytest.fixture(scope="module")
def recovered():
    return study(TRUTHS)


def test_the_ranges_of_what_the_data_taught_hold_the_value_80_percent_of_the_time(recovered):
    fields, _ = recovered
    learned = fields[fields["learned"]]
    assert len(learned) >= 5 * TRUTHS  # hours, fade, hours per post, engagement, order value …
    # The fit was not told the company's levers: the scales take up what they change, and the
    # same file without noise is what the noise must not hide.
    assert 0.70 <= learned["covers_noise_free"].mean() <= 0.90


def test_the_effect_sizes_the_data_cannot_tell_stay_as_wide_as_their_priors(recovered):
    fields, _ = recovered
    varied = fields[fields["field"].isin(VARIED_EFFECTS)]
    assert len(varied) == 2 * TRUTHS and not varied["learned"].any()  # "still an assumption"
    assert 0.70 <= varied["covers_truth"].mean() <= 0.95  # their truths come from the priors


def test_hours_and_their_fade_are_recovered_from_the_file_itself(recovered):
    fields, _ = recovered
    hours = fields[fields["field"].isin(("hours_per_week", "effort_decay"))]
    assert hours["learned"].all()
    assert 0.60 <= hours["covers_truth"].mean() <= 0.95


def test_weeks_held_out_are_forecast_within_one_and_a_half_times_the_noise(recovered):
    _, errors = recovered
    noisy = errors[errors["metric"] != "followers"]  # followers carry 0.3%, not 10%
    # Per metric over the truths: 13 weeks held out each, so a single truth's error itself
    # varies by about ±20% of the noise.
    typical = noisy.groupby("metric")["nrmse"].mean()
    assert (typical <= 1.5 * NOISE).all(), typical
    inside = errors["inside"].sum() / errors["weeks"].sum()
    assert 0.70 <= inside <= 0.90  # the forecast's 80% band
