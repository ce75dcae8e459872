"""Links: a scenario written to the URL comes back identical; bad values never break it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm_sim import DEFAULT
from smm_sim.excerpt import excerpt
from smm_sim.presets import PRESETS, preset
from smm_sim.query import Problem, decode, decode_under, encode, encode_under, repeated

from .strategies import FIELDS, scenarios


@given(scenarios())
def test_a_scenario_survives_the_url(scenario):
    params = encode(scenario)
    assert all(isinstance(v, str) for v in params.values())
    back, problems = decode(params)
    assert back == scenario and problems == []


def test_only_changed_fields_are_written_and_named_as_fields():
    assert encode(DEFAULT) == {}
    assert encode(DEFAULT.replace(hours_per_week=12.0, consistency=0.8)) == {
        "hours_per_week": "12", "consistency": "0.8"}


def test_hostile_values_are_clamped_or_ignored_and_reported():
    params = {"hours_per_week": "1e9", "consistency": "<script>alert(1)</script>",
              "personalization": "x" * 10_000, "unknown_key": "1", "margin": "nan",
              "networks": "instagram:3:100,facebook:1:50", "targeting": "0.9"}
    scenario, problems = decode(params)
    kinds = {p.field: p.kind for p in problems}
    assert scenario.hours_per_week == 80.0 and kinds["hours_per_week"] == "clamped"
    assert scenario.consistency == DEFAULT.consistency and kinds["consistency"] == "invalid"
    assert kinds["personalization"] == "invalid" and kinds["unknown_key"] == "invalid"
    assert scenario.margin == DEFAULT.margin
    assert kinds["networks"] == "normalised" and scenario.networks[0][1] == 0.75
    assert scenario.targeting == 0.9 and "targeting" not in kinds
    assert all(len(p.value) <= 40 for p in problems)


# Keys: the scenario's fields and anything else; values: any text, and numbers of any size.
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=30))
VALUES = st.one_of(st.text(max_size=200), st.floats().map(str), st.integers().map(str))


@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_any_query_keeps_what_it_cannot_use_and_uses_the_rest(params):
    scenario, problems = decode(params)
    kinds = {p.field: p.kind for p in problems}
    assert all(kinds.get(excerpt(key)) == "invalid" for key in params if key not in FIELDS)
    for name in FIELDS:
        if name not in params or kinds.get(name) == "invalid":
            assert getattr(scenario, name) == getattr(DEFAULT, name), name
        else:  # taken as it would be alone, whatever else the link holds
            assert getattr(scenario, name) == getattr(decode({name: params[name]})[0], name), name


def test_presets_are_valid_and_distinct():
    scenarios_ = {name: preset(name) for name in PRESETS}
    assert len(set(scenarios_.values())) == len(PRESETS)


@given(scenarios(), scenarios())
def test_a_second_scenario_travels_as_its_differences_from_the_first(first, second):
    params = {**encode(first), **encode_under(second, first, "ref")}
    back, problems = decode_under(params, first, "ref")
    assert back == second and problems == []
    assert all(k.startswith("ref.") for k in encode_under(second, first, "ref"))


def test_a_bad_value_under_a_prefix_is_named_with_its_prefix():
    back, problems = decode_under({"ref.margin": "nan", "hours_per_week": "3"}, DEFAULT, "ref")
    assert back == DEFAULT and [(p.field, p.kind) for p in problems] == [("ref.margin", "invalid")]


@pytest.mark.parametrize("text", ["１２", "١٢", "۱۲", "1_2", " 12", "12\n", "١٢.٥"])
def test_a_number_is_read_from_ascii_digits_only_and_others_are_noted(text):
    scenario, problems = decode({"hours_per_week": text})
    assert scenario.hours_per_week == DEFAULT.hours_per_week
    assert problems == [Problem("hours_per_week", excerpt(text), "digits")]


def test_followers_of_a_network_take_ascii_digits_only():
    scenario, problems = decode({"networks": "instagram:1:١٠٠"})
    assert scenario.networks == DEFAULT.networks and problems[0].kind == "digits"


@pytest.mark.parametrize("text", ["12", "12.5", ".5", "12.", "+4", "1e-240", "1.5E+2"])
def test_numbers_as_a_link_writes_them_are_read(text):
    _, problems = decode({"hours_per_week": text})
    assert all(p.kind == "clamped" for p in problems)


def test_a_key_given_twice_is_noted_with_the_value_read():
    assert repeated({"consistency": ["0.8", "0.3"], "margin": ["0.5"]}) == [
        Problem("consistency", "0.3", "repeated")]
