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
from .excerpt import excerpt
from .sources import ASSUMPTION

SCHEMA_VERSION = 3
# Version 1 had one fatigue point for every network (posts a week, Facebook's 6 by default) and
# no saturation of paid spend: its files load with the point as a scale of the benchmarks and
# the new fields at their defaults, so a saved scenario keeps what the user set.
V1_FATIGUE_POSTS = 6.0
V1_NEW_FIELDS = ("paid_half_saturation", "paid_slope")
# Version 2 had one click rate (of reach), one conversion rate and a lifetime customer value:
# they load as scales of the networks' benchmarks and an order value that keep the user's
# numbers (v2_funnel), with the new fields at their defaults.
V2_NEW_FIELDS = ("repeat_orders", "customer_years", "returning_share", "incrementality",
                 "discount_rate")
MAX_FOLLOWERS = 100_000_000  # per network

GROUPS = ("core", "strategy", "networks", "organisation", "measurement", "content",
          "economics", "assumptions")


class ScenarioError(ValueError):
    """A scenario refused: which field, what kind of problem, the value given, what is allowed.

    The message is English for a notebook; the app builds its own from ``kind`` (one of
    ``KINDS``), ``field``, ``value`` and ``allowed`` in the reader's language.
    """

    KINDS = ("size", "json", "duplicate", "not_object", "schema", "structure", "unknown",
             "missing", "type", "range", "whole", "choice", "repeat", "sum",
             "unexpected")  # unexpected: the app's last resort

    def __init__(self, message: str, field: str = "", kind: str = "structure",
                 value: Any = None, allowed: str = "") -> None:
        super().__init__(message)
        self.field, self.kind, self.value, self.allowed = field, kind, value, allowed


# How the Monte Carlo draws an uncertain field around the scenario's own value, within the
# field's range (model.draw_priors): ("beta", κ) is a Beta on the range with the value as its
# median and concentration κ (sd about range·√(m(1−m)/(κ+1)), m the value's place in it);
# ("lognormal", σ) is value·exp(σ·Z), Z a standard normal truncated so that the draw stays in
# the range: the value is its median while the bounds lie beyond about 2σ.
PRIOR_KINDS = ("beta", "lognormal")


def _lever(default: Any, lo: float | None, hi: float | None, unit: str, group: str,
           source: str = ASSUMPTION, step: float | None = None,
           prior: tuple[str, float, str] | None = None) -> Any:
    meta = {"range": (lo, hi), "unit": unit, "group": group, "source": source, "step": step,
            "prior": prior}
    return field(default=default, metadata=meta)


def _beta(concentration: float, source: str = ASSUMPTION) -> tuple[str, float, str]:
    """A Beta prior of concentration κ; ``source`` is where its spread comes from."""
    return ("beta", concentration, source)


def _lognormal(sigma: float, source: str = ASSUMPTION) -> tuple[str, float, str]:
    """A log-normal prior of log-sd σ; ``source`` is where its spread comes from."""
    return ("lognormal", sigma, source)


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

    # Strategy and goals (mistakes no_strategy, no_goals): halfway is our made-up company.
    strategy_clarity: float = _lever(0.5, 0.0, 1.0, "share", "strategy", step=0.05)
    goal_clarity: float = _lever(0.5, 0.0, 1.0, "share", "strategy", step=0.05)

    # Networks: (network id, share of hours, followers at the start) per active network.
    networks: tuple[tuple[str, float, int], ...] = _lever(
        (("instagram", 0.6, 12000), ("facebook", 0.4, 8000)), None, None,
        "network, share, followers", "networks")

    # Organisation (mistakes no_roles, not_daily, inconsistent).
    role_clarity: float = _lever(0.5, 0.0, 1.0, "share", "organisation", step=0.05)
    daily_routine: float = _lever(0.5, 0.0, 1.0, "share", "organisation", step=0.05)
    reply_hours: float = _lever(24.0, 1.0, 168.0, "h", "organisation", step=1.0)
    # Steady by default: fading effort is the mistake "inconsistent", made on purpose.
    effort_decay: float = _lever(0.0, 0.0, 0.2, "share/week", "organisation", step=0.005)
    stop_week: int = _lever(0, 0, 104, "week", "organisation", step=1)

    # Measurement and the rest of the company (mistakes no_measurement, silo).
    measurement: str = _lever(Measurement.ACTIVITY.value, None, None, "level", "measurement")
    departments: tuple[str, ...] = _lever((Department.LEADERSHIP.value,), None, None, "departments",
                                          "measurement")

    # Content (mistake boring).
    targeting: float = _lever(0.5, 0.0, 1.0, "share", "content", step=0.05)
    content_mix: tuple[float, float, float, float] = _lever(
        (0.4, 0.3, 0.2, 0.1), None, None,
        "shares: promotional, useful, entertaining, conversational", "content")
    two_way: float = _lever(0.3, 0.0, 1.0, "share", "content", step=0.05)

    # Economics.
    hourly_cost: float = _lever(43.5, 0.0, 1000.0, "money/h", "economics", "bls_2020", 0.5)
    tool_cost: float = _lever(20.0, 0.0, 10000.0, "money/week", "economics", step=5.0)
    paid_budget: float = _lever(0.0, 0.0, 100000.0, "money/week", "economics", step=10.0)
    # A traffic campaign's price of a click, which the first ad money buys; more money buys
    # dearer clicks (paid_half_saturation, paid_slope).
    cost_per_click: float = _lever(0.83, 0.01, 100.0, "money/click", "economics",
                                   "wordstream_traffic", 0.01)
    # The funnel's rates are each network's published or assumed figure (catalogue.NETWORKS)
    # times these scales: 1 is a median brand.
    click_scale: float = _lever(1.0, 0.05, 20.0, "× benchmark", "economics", "fanpage_karma",
                                0.05, prior=_lognormal(0.5))
    conversion_scale: float = _lever(1.0, 0.05, 20.0, "× benchmark", "economics", "oribi_2020",
                                     0.05, prior=_lognormal(0.35))
    # What one order brings; the company's own figure (Oribi's channel rates are for all items).
    order_value: float = _lever(80.0, 0.0, 100000.0, "money/order", "economics", step=1.0)
    # A customer won keeps ordering (through any channel) for a while: counted in the weeks
    # the orders happen, so a horizon ends with the orders still to come left out.
    repeat_orders: float = _lever(1.0, 0.0, 52.0, "orders/year", "economics", step=0.1,
                                  prior=_lognormal(0.5))
    customer_years: float = _lever(2.0, 0.1, 20.0, "years", "economics", step=0.1,
                                   prior=_lognormal(0.4))
    # Oribi's rate counts every buyer of a visit: those who had bought before win no new
    # customer and bring no new repeat orders.
    returning_share: float = _lever(0.3, 0.0, 0.95, "share of orders", "economics", step=0.05,
                                    prior=_beta(10))
    # Customers credited to social media who would not have come without it; the rest would
    # have bought anyway (the baseline a marketing-mix model separates from a channel).
    incrementality: float = _lever(0.6, 0.0, 1.0, "share of customers", "economics", "gordon_2019",
                                   0.05, prior=_beta(10, "gordon_2019"))
    # Only for the lifetime value shown beside the model (customer_value): flows are counted
    # in the week they happen, undiscounted.
    discount_rate: float = _lever(0.08, 0.0, 0.5, "share/year", "economics", step=0.01)
    margin: float = _lever(0.5, 0.0, 1.0, "share of revenue", "economics", step=0.01)
    # No published figure: 0 unless the company knows what its social media saves elsewhere.
    savings_potential: float = _lever(0.0, 0.0, 100000.0, "money/week", "economics", step=5.0)
    currency: str = _lever(Currency.USD.value, None, None, "ISO 4217", "economics")

    # Assumptions of the response model (the Monte Carlo varies most of them).
    engagement_rate_scale: float = _lever(1.0, 0.1, 10.0, "× benchmark", "assumptions",
                                          "socialinsider_2026", 0.05, prior=_lognormal(0.35))
    reach_rate_scale: float = _lever(1.0, 0.1, 10.0, "× benchmark", "assumptions", "ogilvy_2014",
                                     0.05, prior=_lognormal(0.35))
    hours_per_post: float = _lever(1.0, 0.1, 20.0, "h/post", "assumptions", step=0.1,
                                   prior=_lognormal(0.3))
    # Multiplies every network's fatigue point (catalogue.NETWORKS, Facebook's from Track Social).
    fatigue_scale: float = _lever(1.0, 0.1, 10.0, "× benchmark", "assumptions", "tracksocial",
                                  0.05, prior=_lognormal(0.3))
    # Beta(20) around 0.2: p10–p90 about 0.10–0.31, Robyn's digital range 0–0.3.
    carryover: float = _lever(0.2, 0.0, 0.9, "share/week", "assumptions", "robyn", 0.05,
                              prior=_beta(20, "robyn"))
    # Paid clicks saturate with spend (Hill curve, as in Robyn and Meridian): the weekly spend
    # that buys half the most clicks the ads can get, and the curve's slope (1: Meridian's
    # media default; Robyn lets it range 0.5–3). The level is ours: Meridian's prior puts it
    # near a channel's usual spend (0.8 × median, sd 0.8 × median), and this company has none
    # yet, so its spread is wide (log-sd 0.8).
    paid_half_saturation: float = _lever(500.0, 1.0, 1_000_000.0, "money/week", "assumptions",
                                         step=10.0, prior=_lognormal(0.8, "meridian"))
    paid_slope: float = _lever(1.0, 0.5, 3.0, "slope", "assumptions", "meridian", 0.1,
                               prior=_lognormal(0.3, "robyn"))
    audience_potential: float = _lever(100000.0, 1.0, 1e9, "people", "assumptions", step=1000.0,
                                       prior=_lognormal(0.5))
    # Growth: set so that a median Instagram brand of 12,000 followers gains Quintly's 16% in
    # half a year (quintly_2019, anchors.py), nearly all of it by word of mouth: Quintly's
    # small profiles grew no faster than large ones, so few followers come per post alone.
    base_churn: float = _lever(0.001, 0.0, 0.1, "share/week", "assumptions", step=0.0005,
                               prior=_lognormal(0.3))
    follows_per_engagement: float = _lever(0.4, 0.0, 10.0, "followers/engagement", "assumptions",
                                           "quintly_2019", 0.01, prior=_lognormal(0.4))
    discovery_per_post: float = _lever(0.5, 0.0, 1000.0, "followers/post", "assumptions",
                                       step=0.5, prior=_lognormal(0.4))
    # Beta(10) around 0.3: p10–p90 about 0.13–0.48, Buffer's "up to +42%" inside.
    reply_uplift: float = _lever(0.3, 0.0, 1.0, "share", "assumptions", "buffer_2026", 0.01,
                                 prior=_beta(10, "buffer_2026"))
    personalization_lift: float = _lever(0.10, 0.0, 0.5, "share", "assumptions", "mckinsey_2021",
                                         0.01, prior=_beta(40, "mckinsey_2021"))
    personalization_engagement: float = _lever(0.3, 0.0, 2.0, "share", "assumptions", step=0.05,
                                               prior=_lognormal(0.4))
    personalization_time: float = _lever(0.25, 0.0, 2.0, "share", "assumptions", step=0.05,
                                         prior=_lognormal(0.4))
    learning_gain: float = _lever(0.2, 0.0, 1.0, "share", "assumptions", step=0.01, prior=_beta(20))
    network_upkeep_hours: float = _lever(1.0, 0.0, 20.0, "h/week/network", "assumptions",
                                         step=0.25, prior=_lognormal(0.3))
    coordination_loss: float = _lever(0.2, 0.0, 0.9, "share of hours", "assumptions", step=0.01,
                                      prior=_beta(20))
    incident_rate: float = _lever(0.03, 0.0, 0.5, "per week", "assumptions", step=0.005,
                                  prior=_lognormal(0.5))
    incident_follower_loss: float = _lever(0.02, 0.0, 0.5, "share of followers", "assumptions",
                                           step=0.005, prior=_lognormal(0.5))
    # How strongly each lever acts: the share of the outcome lost when the lever is at 0.
    # The sizes are ours; CoSchedule (strategy, goals), Sprout (targeting, unfollows) and
    # Buffer (dialogue) give only the direction (docs/MODEL.md, section 3).
    # Beta(20): p10–p90 about ±0.13 around 0.3–0.4, ±0.09 around 0.15.
    strategy_effect: float = _lever(0.3, 0.0, 1.0, "share", "assumptions", step=0.05,
                                    prior=_beta(20))
    goal_effect: float = _lever(0.4, 0.0, 1.0, "share", "assumptions", step=0.05, prior=_beta(20))
    consistency_effect: float = _lever(0.3, 0.0, 1.0, "share", "assumptions", step=0.05,
                                       prior=_beta(20))
    targeting_effect: float = _lever(0.4, 0.0, 1.0, "share", "assumptions", step=0.05,
                                     prior=_beta(20))
    two_way_effect: float = _lever(0.15, 0.0, 1.0, "share", "assumptions", step=0.05,
                                   prior=_beta(20))
    unfollow_rate: float = _lever(0.005, 0.0, 0.1, "share/week", "assumptions", step=0.0005,
                                  prior=_lognormal(0.5))

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            lo, hi = f.metadata["range"]
            value = getattr(self, f.name)
            if lo is None:
                continue
            allowed = f"{lo:g} – {hi:g}"
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ScenarioError(f"{f.name} must be a number between {lo} and {hi} "
                                    f"{f.metadata['unit']}; got {value!r}", f.name, "type",
                                    value, allowed)
            if not (_finite(value) and lo <= value <= hi):
                raise ScenarioError(f"{f.name} must be between {lo} and {hi} "
                                    f"{f.metadata['unit']}; got {value!r}", f.name, "range",
                                    value, allowed)
            if isinstance(f.default, int) and int(value) != value:
                raise ScenarioError(f"{f.name} must be a whole number between {lo} and {hi}; "
                                    f"got {value!r}", f.name, "whole", value, allowed)
            # One type per field (12 becomes 12.0), so that a saved file reads back as written.
            object.__setattr__(self, f.name, type(f.default)(value))
        self._check_networks()
        self._check_choice("measurement", self.measurement, [m.value for m in Measurement])
        self._check_choice("currency", self.currency, [c.value for c in Currency])
        known = [d.value for d in Department]
        for d in self.departments:
            self._check_choice("departments", d, known)
        if len(set(self.departments)) != len(self.departments):
            raise ScenarioError(f"departments must not repeat; got {self.departments!r}",
                                "departments", "repeat", self.departments)
        mix = self.content_mix
        if len(mix) != len(CONTENT_TYPES) or any(not _finite_share(v) for v in mix) \
                or abs(sum(mix) - 1.0) > 1e-6:
            raise ScenarioError("content_mix must be four shares between 0 and 1 summing to 1 "
                                "(promotional, useful, entertaining, conversational); "
                                f"got {mix!r}", "content_mix", "sum", mix)
        object.__setattr__(self, "content_mix", tuple(float(v) for v in mix))
        # A list given in code becomes the tuple a saved file reads back as: equal and hashable.
        object.__setattr__(self, "departments", tuple(self.departments))
        object.__setattr__(self, "networks", tuple((n, float(sh), f) for n, sh, f in self.networks))

    def _check_networks(self) -> None:
        nets = self.networks
        if not nets:
            raise ScenarioError("networks must list at least one network; got none", "networks",
                                "structure", nets)
        for entry in nets:
            if len(entry) != 3:
                raise ScenarioError(f"networks entries are (network, share, followers); "
                                    f"got {entry!r}", "networks", "structure", entry)
            name, share, followers = entry
            self._check_choice("networks", name, list(NETWORKS))
            if not _finite_share(share):
                kind = "type" if isinstance(share, bool) or not isinstance(share, (int, float)) \
                    else "range"
                raise ScenarioError(f"networks share of {name} must be between 0 and 1; "
                                    f"got {share!r}", "networks", kind, share, "0 – 1")
            if isinstance(followers, bool) or not isinstance(followers, int) \
                    or not 0 <= followers <= MAX_FOLLOWERS:
                kind = "range" if isinstance(followers, int) and not isinstance(followers, bool) \
                    else "type"
                raise ScenarioError(f"networks followers of {name} must be a whole number "
                                    f"between 0 and {MAX_FOLLOWERS}; got {followers!r}",
                                    "networks", kind, followers, f"0 – {MAX_FOLLOWERS}")
        if abs(sum(n[1] for n in nets) - 1.0) > 1e-6:
            raise ScenarioError(f"networks shares must sum to 1; got {sum(n[1] for n in nets)!r}",
                                "networks", "sum", sum(n[1] for n in nets))
        names = [n[0] for n in nets]  # after the loop above: every name is a known string
        if len(set(names)) != len(names):
            raise ScenarioError(f"networks must not repeat; got {names!r}", "networks", "repeat",
                                names)

    @staticmethod
    def _check_choice(name: str, value: Any, allowed: list[str]) -> None:
        if value not in allowed:
            raise ScenarioError(f"{name} must be one of {', '.join(allowed)}; got {value!r}",
                                name, "choice", value, ", ".join(allowed))

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
        """Build a scenario from plain values (lists allowed for tuples); fields left out keep
        their defaults. Unknown keys and values of the wrong type are refused with a
        :class:`ScenarioError` that names the field."""
        if not isinstance(values, Mapping):
            raise ScenarioError(f"a scenario is a mapping of field names to values; "
                                f"got {type(values).__name__}", "scenario", "type")
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(str(k) for k in set(values) - names)
        if unknown:
            raise ScenarioError(f"unknown fields: {', '.join(unknown)}", ", ".join(unknown),
                                "unknown", tuple(unknown))
        return cls(**{name: _plain(name, value) for name, value in values.items()})

    @classmethod
    def from_json(cls, text: str | bytes) -> "Scenario":
        """The scenario of a file written by :meth:`to_json`, checked strictly.

        Every field must be there, nothing else may be, and each value must have its field's
        type and lie in its range; a :class:`ScenarioError` names the first problem.
        """
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as err:
            raise ScenarioError(f"not valid JSON: {err.msg} at line {err.lineno}, column "
                                f"{err.colno}", "", "json", err.lineno) from None
        except ScenarioError:
            raise
        except (RecursionError, UnicodeDecodeError, ValueError) as err:  # too deep, not text
            raise ScenarioError(f"not valid JSON: {type(err).__name__}", "", "json", 1) from None
        if not isinstance(data, dict):
            raise ScenarioError(f"a scenario file holds one JSON object; this one holds "
                                f"{type(data).__name__}", "", "not_object")
        version = data.get("schema_version")
        if type(version) is int and version in (1, 2) and isinstance(data.get("scenario"), dict):
            values = data["scenario"]
            if version == 1:
                values = _from_v1(values)
            data = {**data, "scenario": _from_v2(values)}
            version = SCHEMA_VERSION
        if isinstance(version, bool) or version != SCHEMA_VERSION or not isinstance(version, int):
            raise ScenarioError(f"schema_version must be {SCHEMA_VERSION}; got {version!r}",
                                "schema_version", "schema", version, str(SCHEMA_VERSION))
        extra = sorted(str(k) for k in set(data) - {"schema_version", "scenario"})
        if extra:
            raise ScenarioError(f"unknown fields: {', '.join(extra)}", ", ".join(extra),
                                "unknown", tuple(extra))
        if "scenario" not in data:
            raise ScenarioError("the file holds no scenario", "scenario", "missing")
        values = data["scenario"]
        if not isinstance(values, dict):
            raise ScenarioError("scenario must be a JSON object of field names to values",
                                "scenario", "type")
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(str(k) for k in set(values) - set(names))
        if unknown:
            raise ScenarioError(f"unknown fields: {', '.join(unknown)}", ", ".join(unknown),
                                "unknown", tuple(unknown))
        missing = [name for name in names if name not in values]
        if missing:  # a file of this schema always holds every field: it was cut or edited
            raise ScenarioError(f"missing fields: {', '.join(missing)}", ", ".join(missing),
                                "missing", tuple(missing))
        return cls.from_dict(values)


def _from_v1(values: dict[str, Any]) -> dict[str, Any]:
    """A version-1 scenario's values in this version's fields (see ``V1_FATIGUE_POSTS``)."""
    values = dict(values)
    if "fatigue_posts" in values:
        posts = values.pop("fatigue_posts")
        # A number out of range is refused as the new field's own; so is a wrong type.
        numeric = isinstance(posts, (int, float)) and not isinstance(posts, bool)
        values["fatigue_scale"] = posts / V1_FATIGUE_POSTS if numeric else posts
    for name in V1_NEW_FIELDS:
        values.setdefault(name, getattr(DEFAULT, name))
    return values


def _from_v2(values: dict[str, Any]) -> dict[str, Any]:
    """A version-2 scenario's values in this version's fields (see ``V2_NEW_FIELDS``).

    The old click and conversion rates become scales of the benchmarks of the file's own
    networks (weighted by their shares), and the lifetime customer value an order value, so
    that a customer won is worth what it was at the new fields' defaults.
    """
    values = dict(values)
    rates = _benchmark_funnel(values.get("networks"))
    for old, new, index in (("click_rate", "click_scale", 0),
                            ("conversion_rate", "conversion_scale", 1)):
        if old in values:
            rate = values.pop(old)
            values[new] = rate / rates[index] if _numeric(rate) and rates[index] > 0 else rate
    if "customer_value" in values:
        value = values.pop("customer_value")
        orders = 1.0 + DEFAULT.repeat_orders * DEFAULT.customer_years
        values["order_value"] = value / orders if _numeric(value) else value
    for name in V2_NEW_FIELDS:
        values.setdefault(name, getattr(DEFAULT, name))
    return values


def _benchmark_funnel(networks: Any) -> tuple[float, float]:
    """Link clicks per reach and conversion per visit of ``networks`` (as a file holds them),
    weighted by their shares; 0 where the networks cannot be read (the file is refused
    for them anyway)."""
    try:
        pairs = [(NETWORKS[n[0]], float(n[1])) for n in networks]
    except (KeyError, TypeError, ValueError, IndexError):
        return 0.0, 0.0
    return (sum(p.link_click_rate * w for p, w in pairs),
            sum(p.conversion_rate * w for p, w in pairs))


def _numeric(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and _finite(v)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refused if it names a key twice (json keeps the last)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ScenarioError(f"the key {key!r} appears twice", key, "duplicate")
        out[key] = value
    return out


def _plain(name: str, value: Any) -> Any:
    """A JSON value as the field's Python type; a value of the wrong shape is refused."""
    f = Scenario.__dataclass_fields__[name]
    if name == "networks":
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(e, (list, tuple)) and len(e) == 3 for e in value):
            raise ScenarioError(f"networks must be a list of [network, share, followers]; "
                                f"got {excerpt(repr(value))}", name, "type", value)
        return tuple((e[0], _num(e[1]), _whole(e[2])) for e in value)
    if name == "content_mix":
        if not isinstance(value, (list, tuple)):
            raise ScenarioError("content_mix must be a list of four shares; "
                                f"got {excerpt(repr(value))}", name, "type", value)
        return tuple(_num(v) for v in value)
    if name == "departments":
        if not isinstance(value, (list, tuple)) or not all(isinstance(d, str) for d in value):
            raise ScenarioError(f"departments must be a list of names; got {excerpt(repr(value))}",
                                name, "type", value)
        return tuple(value)
    if f.metadata["range"][0] is None:  # a named choice: measurement, currency
        if not isinstance(value, str):
            raise ScenarioError(f"{name} must be a name; got {excerpt(repr(value))}", name, "type",
                                value)
        return value
    if isinstance(f.default, int):
        return _whole(value)
    return _num(value)


def _finite(v: int | float) -> bool:
    """Finite as a float; an integer too large for one (10**400) is not."""
    try:
        return math.isfinite(v)
    except OverflowError:
        return False


def _finite_share(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and _finite(v) \
        and 0.0 <= v <= 1.0


def _num(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and _finite(v):
        return float(v)
    return v  # left as given: the scenario's checks name what is wrong with it


def _whole(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


DEFAULT = Scenario()

NUMERIC_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Scenario) if f.metadata["range"][0] is not None)
WHOLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Scenario) if isinstance(f.default, int))
# The uncertain fields and their priors (kind, spread, source of the spread): the Monte Carlo
# draws each of them around the scenario's own value.
PRIORS: dict[str, tuple[str, float, str]] = {
    f.name: f.metadata["prior"] for f in dataclasses.fields(Scenario) if f.metadata["prior"]}
# The fields a social media team sets by its own work: what the app recommends moves only
# these. The rest are the business's (the cost of an hour, a customer's value, the margin,
# conversion) or the model's assumptions, and a new field is neither until named here. Tools
# stay out: the model gives them a cost and no effect, so cutting them always looks like a gain.
TEAM_LEVERS: frozenset[str] = frozenset({
    "hours_per_week", "consistency", "personalization", "strategy_clarity", "goal_clarity",
    "networks", "role_clarity", "daily_routine", "reply_hours", "effort_decay", "stop_week",
    "measurement", "departments", "targeting", "content_mix", "two_way", "paid_budget"})


def field_meta(name: str) -> Mapping[str, Any]:
    """Unit, range, group, source, step and prior of one field."""
    return Scenario.__dataclass_fields__[name].metadata


def field_table() -> pd.DataFrame:
    """Every field with its default, unit, valid range, group, source id and prior (kind,
    spread and the spread's source id; empty for a field the Monte Carlo holds fixed)."""
    rows = []
    for f in dataclasses.fields(Scenario):
        lo, hi = f.metadata["range"]
        kind, spread, prior_source = f.metadata["prior"] or ("", None, "")
        rows.append({"field": f.name, "default": f.default, "unit": f.metadata["unit"],
                     "min": lo, "max": hi, "group": f.metadata["group"],
                     "source": f.metadata["source"], "prior": kind, "spread": spread,
                     "prior_source": prior_source})
    return pd.DataFrame(rows)
