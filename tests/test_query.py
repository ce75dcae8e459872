"""Links: a scenario written to the URL comes back identical; bad values never break it."""

from hypothesis import given
from hypothesis import strategies as st

from smm_sim import DEFAULT
from smm_sim.presets import PRESETS, preset
from smm_sim.query import decode, decode_under, encode, encode_under

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
    assert all(kinds.get(key) == "invalid" for key in params if key not in FIELDS)
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
