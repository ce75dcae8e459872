"""Hypothesis strategies that draw any valid scenario, over every field's whole range."""

from __future__ import annotations

import dataclasses

from hypothesis import strategies as st

from smm_sim import Scenario
from smm_sim.catalogue import CONTENT_TYPES, NETWORKS, Currency, Department, Measurement
from smm_sim.scenario import NUMERIC_FIELDS, field_meta


def number(name: str) -> st.SearchStrategy:
    lo, hi = field_meta(name)["range"]
    if isinstance(getattr(Scenario(), name), int):
        return st.integers(int(lo), int(hi))
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def shares(draw, n: int) -> tuple[float, ...]:
    weights = draw(st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n))
    total = sum(weights)
    values = [w / total for w in weights]
    values[-1] = 1.0 - sum(values[:-1])
    return tuple(values)


@st.composite
def network_mixes(draw) -> tuple[tuple[str, float, int], ...]:
    names = draw(st.lists(st.sampled_from(list(NETWORKS)), min_size=1, max_size=4, unique=True))
    split = draw(shares(len(names)))
    followers = draw(st.lists(st.integers(0, 2_000_000), min_size=len(names),
                              max_size=len(names)))
    return tuple(zip(names, split, followers))


@st.composite
def scenarios(draw, assumptions: bool = True) -> Scenario:
    """Any valid scenario; with ``assumptions=False`` the model's assumptions keep defaults."""
    values = {}
    for name in NUMERIC_FIELDS:
        if assumptions or field_meta(name)["group"] != "assumptions":
            values[name] = draw(number(name))
    values["networks"] = draw(network_mixes())
    values["content_mix"] = draw(shares(len(CONTENT_TYPES)))
    values["departments"] = tuple(d.value for d in Department if draw(st.booleans()))
    values["measurement"] = draw(st.sampled_from([m.value for m in Measurement]))
    values["currency"] = draw(st.sampled_from([c.value for c in Currency]))
    return Scenario(**values)


FIELDS = tuple(f.name for f in dataclasses.fields(Scenario))


# At published median rates a small company's posting does not pay for its hours through
# direct sales (docs/MODEL.md, section 8): where a test needs a programme that pays, its
# orders are worth what a business-to-business contract is.
PAYING = Scenario(order_value=4000.0)
