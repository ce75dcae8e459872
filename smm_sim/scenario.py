"""The scenario: one frozen parameter object holding every lever and assumption of the model.

Each field carries its unit, valid range, group and source in ``dataclasses.field``
metadata; :func:`field_table` lists them for a notebook or the app. Labels and help
texts for people live in the translation catalogs (``smm_sim/locales``), keyed by the
field's name.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from .catalogue import CONTENT_TYPES, NETWORKS, Currency, Department, Measurement
from .sources import ASSUMPTION

SCHEMA_VERSION = 1

GROUPS = ("core", "strategy", "networks", "organisation", "measurement", "content",
          "economics", "assumptions")


def _lever(default: Any, lo: float | None, hi: float | None, unit: str, group: str,
           source: str = ASSUMPTION, step: float | None = None) -> Any:
    meta = {"range": (lo, hi), "unit": unit, "group": group, "source": source, "step": step}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Scenario:
    """A social media programme and the business around it, for one simulation.

    Shares are fractions in [0, 1]; money is per week in ``currency``; hours are
    working hours. See ``docs/MODEL.md`` for what each field does in the model.
    """

    # The three levers the home page puts first.
    hours_per_week: float = _lever(8.0, 0.0, 80.0, "h/week", "core", step=0.5)
    consistency: float = _lever(0.6, 0.0, 1.0, "share", "core", step=0.05)
    personalization: float = _lever(0.3, 0.0, 1.0, "share", "core", step=0.05)

    # Strategy and goals (mistakes no_strategy, no_goals).
    strategy_clarity: float = _lever(0.5, 0.0, 1.0, "share", "strategy", "coschedule_2018", 0.05)
    goal_clarity: float = _lever(0.5, 0.0, 1.0, "share", "strategy", "coschedule_2018", 0.05)

    # Networks: (network id, share of hours, followers at the start) per active network.
    networks: tuple[tuple[str, float, int], ...] = _lever(
        (("instagram", 0.6, 12000), ("facebook", 0.4, 8000)), None, None, "network, share, followers",
        "networks")

    # Organisation (mistakes no_roles, not_daily, inconsistent).
    role_clarity: float = _lever(0.5, 0.0, 1.0, "share", "organisation", step=0.05)
    daily_routine: float = _lever(0.5, 0.0, 1.0, "share", "organisation", step=0.05)
    reply_hours: float = _lever(24.0, 1.0, 168.0, "h", "organisation", step=1.0)
    effort_decay: float = _lever(0.01, 0.0, 0.2, "share/week", "organisation", step=0.005)
    stop_week: int = _lever(0, 0, 104, "week", "organisation", step=1)

    # Measurement and the rest of the company (mistakes no_measurement, silo).
    measurement: str = _lever(Measurement.ACTIVITY.value, None, None, "level", "measurement")
    departments: tuple[str, ...] = _lever((Department.LEADERSHIP.value,), None, None, "departments",
                                          "measurement")

    # Content (mistake boring).
    targeting: float = _lever(0.5, 0.0, 1.0, "share", "content", step=0.05)
    content_mix: tuple[float, float, float, float] = _lever(
        (0.4, 0.3, 0.2, 0.1), None, None, "shares: promotional, useful, entertaining, conversational",
        "content")
    two_way: float = _lever(0.3, 0.0, 1.0, "share", "content", step=0.05)

    # Economics.
    hourly_cost: float = _lever(43.5, 0.0, 1000.0, "money/h", "economics", "bls_2020", 0.5)
    tool_cost: float = _lever(20.0, 0.0, 10000.0, "money/week", "economics", step=5.0)
    paid_budget: float = _lever(0.0, 0.0, 100000.0, "money/week", "economics", step=10.0)
    cost_per_click: float = _lever(1.88, 0.01, 100.0, "money/click", "economics", "fb_ads_2024", 0.01)
    click_rate: float = _lever(0.04, 0.0, 0.2, "share of reach", "economics", step=0.001)
    conversion_rate: float = _lever(0.026, 0.0, 0.5, "share of clicks", "economics", "oribi_2020",
                                    0.001)
    customer_value: float = _lever(400.0, 0.0, 100000.0, "money/customer", "economics", step=1.0)
    margin: float = _lever(0.5, 0.0, 1.0, "share of revenue", "economics", step=0.01)
    savings_potential: float = _lever(40.0, 0.0, 100000.0, "money/week", "economics", step=5.0)
    currency: str = _lever(Currency.USD.value, None, None, "ISO 4217", "economics")

    # Assumptions of the response model (the Monte Carlo varies most of them).
    engagement_rate_scale: float = _lever(1.0, 0.1, 10.0, "× benchmark", "assumptions",
                                          "rivaliq_2022", 0.05)
    reach_rate_scale: float = _lever(1.0, 0.1, 10.0, "× benchmark", "assumptions", "ogilvy_2014",
                                     0.05)
    hours_per_post: float = _lever(1.0, 0.1, 20.0, "h/post", "assumptions", step=0.1)
    fatigue_posts: float = _lever(6.0, 1.0, 50.0, "posts/week/network", "assumptions",
                                  "tracksocial", 0.5)
    carryover: float = _lever(0.2, 0.0, 0.9, "share/week", "assumptions", "robyn", 0.05)
    audience_potential: float = _lever(100000.0, 1.0, 1e9, "people", "assumptions", step=1000.0)
    base_churn: float = _lever(0.001, 0.0, 0.1, "share/week", "assumptions", "quintly_2019", 0.0005)
    follows_per_engagement: float = _lever(0.3, 0.0, 10.0, "followers/engagement", "assumptions",
                                           "quintly_2019", 0.01)
    discovery_per_post: float = _lever(50.0, 0.0, 1000.0, "followers/post", "assumptions",
                                       "quintly_2019", 0.5)
    reply_uplift: float = _lever(0.3, 0.0, 1.0, "share", "assumptions", "buffer_2026", 0.01)
    personalization_lift: float = _lever(0.10, 0.0, 0.5, "share", "assumptions", "mckinsey_2021",
                                         0.01)
    personalization_engagement: float = _lever(0.3, 0.0, 2.0, "share", "assumptions", step=0.05)
    personalization_time: float = _lever(0.25, 0.0, 2.0, "share", "assumptions", step=0.05)
    learning_gain: float = _lever(0.2, 0.0, 1.0, "share", "assumptions", step=0.01)
    network_upkeep_hours: float = _lever(1.0, 0.0, 20.0, "h/week/network", "assumptions", step=0.25)
    coordination_loss: float = _lever(0.2, 0.0, 0.9, "share of hours", "assumptions", step=0.01)
    incident_rate: float = _lever(0.03, 0.0, 0.5, "per week", "assumptions", step=0.005)
    incident_follower_loss: float = _lever(0.02, 0.0, 0.5, "share of followers", "assumptions",
                                           step=0.005)
    # How strongly each lever acts: the share of the outcome lost when the lever is at 0.
    strategy_effect: float = _lever(0.3, 0.0, 1.0, "share", "assumptions", "coschedule_2018", 0.05)
    goal_effect: float = _lever(0.4, 0.0, 1.0, "share", "assumptions", "coschedule_2018", 0.05)
    consistency_effect: float = _lever(0.3, 0.0, 1.0, "share", "assumptions", step=0.05)
    targeting_effect: float = _lever(0.4, 0.0, 1.0, "share", "assumptions", "sprout_2016", 0.05)
    two_way_effect: float = _lever(0.15, 0.0, 1.0, "share", "assumptions", "buffer_2026", 0.05)
    unfollow_rate: float = _lever(0.005, 0.0, 0.1, "share/week", "assumptions", "sprout_2016",
                                  0.0005)

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            lo, hi = f.metadata["range"]
            value = getattr(self, f.name)
            if lo is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{f.name} must be a number between {lo} and {hi} "
                                 f"{f.metadata['unit']}; got {value!r}")
            if not (math.isfinite(value) and lo <= value <= hi):
                raise ValueError(f"{f.name} must be between {lo} and {hi} {f.metadata['unit']}; "
                                 f"got {value!r}")
            if isinstance(f.default, int) and int(value) != value:
                raise ValueError(f"{f.name} must be a whole number between {lo} and {hi}; "
                                 f"got {value!r}")
        self._check_networks()
        self._check_choice("measurement", self.measurement, [m.value for m in Measurement])
        self._check_choice("currency", self.currency, [c.value for c in Currency])
        known = [d.value for d in Department]
        for d in self.departments:
            self._check_choice("departments", d, known)
        if len(set(self.departments)) != len(self.departments):
            raise ValueError(f"departments must not repeat; got {self.departments!r}")
        mix = self.content_mix
        if len(mix) != len(CONTENT_TYPES) or any(not _finite_share(v) for v in mix) \
                or abs(sum(mix) - 1.0) > 1e-6:
            raise ValueError("content_mix must be four shares between 0 and 1 summing to 1 "
                             f"(promotional, useful, entertaining, conversational); got {mix!r}")

    def _check_networks(self) -> None:
        nets = self.networks
        if not nets:
            raise ValueError("networks must list at least one network; got none")
        names = [n[0] for n in nets]
        if len(set(names)) != len(names):
            raise ValueError(f"networks must not repeat; got {names!r}")
        for entry in nets:
            if len(entry) != 3:
                raise ValueError(f"networks entries are (network, share, followers); got {entry!r}")
            name, share, followers = entry
            self._check_choice("networks", name, list(NETWORKS))
            if not _finite_share(share):
                raise ValueError(f"networks share of {name} must be between 0 and 1; got {share!r}")
            if isinstance(followers, bool) or not isinstance(followers, int) \
                    or not 0 <= followers <= 100_000_000:
                raise ValueError(f"networks followers of {name} must be a whole number between 0 "
                                 f"and 100000000; got {followers!r}")
        if abs(sum(n[1] for n in nets) - 1.0) > 1e-6:
            raise ValueError(f"networks shares must sum to 1; got {sum(n[1] for n in nets)!r}")

    @staticmethod
    def _check_choice(name: str, value: Any, allowed: list[str]) -> None:
        if value not in allowed:
            raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")

    # Convenience views.
    @property
    def followers_start(self) -> int:
        """Followers over all networks at the start."""
        return sum(n[2] for n in self.networks)

    def replace(self, **changes: Any) -> "Scenario":
        """A copy with some fields changed (same as ``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def changes_from(self, other: "Scenario") -> dict[str, Any]:
        """The fields whose value differs from ``other``, with this scenario's values."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name) != getattr(other, f.name)}

    # Serialisation (JSON keeps tuples as lists).
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps({"schema_version": SCHEMA_VERSION, "scenario": self.to_dict()}, indent=2)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> "Scenario":
        """Build a scenario from plain values (lists allowed for tuples); unknown keys are refused."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(unknown)}")
        clean: dict[str, Any] = {}
        for name, value in values.items():
            if name == "networks":
                value = tuple((str(n), _num(s), _whole(fw)) for n, s, fw in value)
            elif name in ("content_mix", "departments"):
                value = tuple(value)
            clean[name] = value
        return cls(**clean)

    @classmethod
    def from_json(cls, text: str) -> "Scenario":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"schema_version must be {SCHEMA_VERSION}")
        return cls.from_dict(data.get("scenario", {}))


def _finite_share(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) \
        and 0.0 <= v <= 1.0


def _num(v: Any) -> Any:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def _whole(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


DEFAULT = Scenario()

NUMERIC_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Scenario) if f.metadata["range"][0] is not None)
WHOLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Scenario) if isinstance(f.default, int))


def field_meta(name: str) -> Mapping[str, Any]:
    """Unit, range, group, source and step of one field."""
    return Scenario.__dataclass_fields__[name].metadata


def field_table() -> pd.DataFrame:
    """Every field with its default, unit, valid range, group and source id."""
    rows = []
    for f in dataclasses.fields(Scenario):
        lo, hi = f.metadata["range"]
        rows.append({"field": f.name, "default": f.default, "unit": f.metadata["unit"],
                     "min": lo, "max": hi, "group": f.metadata["group"],
                     "source": f.metadata["source"]})
    return pd.DataFrame(rows)
