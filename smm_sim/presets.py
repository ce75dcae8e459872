"""Typical starting points: a one-person business, a small company, a larger brand.

Each preset is a set of changes to the default scenario (all assumptions: a consultant
replaces them with the client's figures).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from .scenario import DEFAULT, Scenario

PRESETS: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "solo": MappingProxyType({
        "hours_per_week": 4.0, "networks": (("instagram", 1.0, 2500),), "role_clarity": 1.0,
        "tool_cost": 10.0, "order_value": 100.0,
        "audience_potential": 30000.0}),
    "small_company": MappingProxyType({}),
    "larger_brand": MappingProxyType({
        "hours_per_week": 40.0,
        "networks": (("instagram", 0.4, 60000), ("facebook", 0.3, 40000), ("linkedin", 0.3, 20000)),
        "audience_potential": 1_000_000.0, "paid_budget": 500.0, "tool_cost": 150.0,
        "departments": ("leadership", "sales", "it"), "measurement": "business",
        "strategy_clarity": 0.6, "goal_clarity": 0.6}),
})
DEFAULT_PRESET = "small_company"


def preset(name: str) -> Scenario:
    """The scenario of a preset (``ValueError`` for an unknown name)."""
    if name not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}; got {name!r}")
    return DEFAULT.replace(**PRESETS[name])
