"""A scenario as URL query parameters, named as its fields: ``?hours_per_week=12&consistency=0.8``.

Only fields that differ from a base scenario are written. Reading never raises: a value
that cannot be used is left at the base value, a number out of range is clamped, and each
such case is reported as a :class:`Problem` for the app to show.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .catalogue import CONTENT_TYPES
from .excerpt import excerpt
from .scenario import DEFAULT, NUMERIC_FIELDS, WHOLE_FIELDS, Scenario, field_meta

MAX_VALUE_LENGTH = 500  # longer query values are refused unread
# A number as the app writes one: ASCII digits, a point, an exponent. Python's float() takes
# more (full-width and Arabic-Indic digits, 1_0, spaces): those are refused with a note.
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """A query value that was not taken as given."""

    field: str
    value: str  # as received, on one line and cut to 40 characters (excerpt)
    kind: str  # "clamped", "invalid", "normalised", "digits" or "repeated"


class NotAsciiNumber(ValueError):
    """A number Python reads but a link does not hold: digits other than 0-9, or 1_0."""


def _format_number(value: float) -> str:
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def encode(scenario: Scenario, base: Scenario = DEFAULT) -> dict[str, str]:
    """The query parameters that turn ``base`` into ``scenario``."""
    out: dict[str, str] = {}
    for name, value in scenario.changes_from(base).items():
        if name == "networks":
            out[name] = ",".join(f"{n}:{_format_number(s)}:{f}" for n, s, f in value)
        elif name in ("content_mix",):
            out[name] = ",".join(_format_number(v) for v in value)
        elif name == "departments":
            out[name] = ",".join(value)
        elif name in NUMERIC_FIELDS:
            out[name] = _format_number(value)
        else:
            out[name] = str(value)
    return out


def _parse_number(text: str) -> float:
    if not NUMBER.fullmatch(text):
        try:
            read = float(text)
        except ValueError:
            raise ValueError("not a number") from None
        if math.isfinite(read):
            raise NotAsciiNumber(text)
        raise ValueError("not finite")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _parse_shares(values: list[float]) -> tuple[list[float], bool]:
    total = sum(values)
    if total <= 0 or any(v < 0 for v in values):
        raise ValueError("shares must be positive")
    normalised = abs(total - 1.0) > 1e-6
    return [v / total for v in values], normalised


def _parse(name: str, text: str, base: Scenario) -> tuple[Any, str | None]:
    """The field value for ``text`` and, if it was adjusted, the kind of adjustment."""
    if name in NUMERIC_FIELDS:
        number = _parse_number(text)
        lo, hi = field_meta(name)["range"]
        if name in WHOLE_FIELDS:
            number = round(number)
        clamped = min(max(number, lo), hi)
        value = int(clamped) if name in WHOLE_FIELDS else clamped
        return value, ("clamped" if clamped != number else None)
    if name == "networks":
        entries = [part.split(":") for part in text.split(",") if part]
        if not entries or any(len(e) != 3 for e in entries):
            raise ValueError("networks are name:share:followers")
        shares, normalised = _parse_shares([_parse_number(e[1]) for e in entries])
        followers = [int(_parse_number(e[2])) for e in entries]
        value = tuple((e[0], s, f) for e, s, f in zip(entries, shares, followers))
        return value, ("normalised" if normalised else None)
    if name == "content_mix":
        parts = [_parse_number(p) for p in text.split(",")]
        if len(parts) != len(CONTENT_TYPES):
            raise ValueError("content_mix has four shares")
        shares, normalised = _parse_shares(parts)
        return tuple(shares), ("normalised" if normalised else None)
    if name == "departments":
        return tuple(p for p in text.split(",") if p), None
    return text, None


def decode(params: Mapping[str, str], base: Scenario = DEFAULT,
           ignore: tuple[str, ...] = ()) -> tuple[Scenario, list[Problem]]:
    """The scenario the parameters describe, built on ``base``, and what could not be used.

    Keys in ``ignore`` belong to someone else (the app's own settings); any other key that
    is not a field is reported as invalid.
    """
    names = {f.name for f in dataclasses.fields(Scenario)}
    scenario, problems = base, []
    for key, raw in params.items():
        if key in ignore:
            continue
        text = str(raw)
        shown = excerpt(text)
        if key not in names or len(text) > MAX_VALUE_LENGTH:
            problems.append(Problem(excerpt(key), shown, "invalid"))
            continue
        try:
            value, adjusted = _parse(key, text, base)
            scenario = scenario.replace(**{key: value})
        except NotAsciiNumber:
            problems.append(Problem(key, shown, "digits"))
            continue
        except (ValueError, TypeError, OverflowError):
            problems.append(Problem(key, shown, "invalid"))
            continue
        if adjusted:
            problems.append(Problem(key, shown, adjusted))
    return scenario, problems


def encode_under(scenario: Scenario, base: Scenario, prefix: str) -> dict[str, str]:
    """A second scenario in the same link: ``<prefix>.<field>`` for each field it changes from
    ``base`` (the link's own scenario, so a small change writes a short link)."""
    return {f"{prefix}.{k}": v for k, v in encode(scenario, base).items()}


def decode_under(params: Mapping[str, str], base: Scenario, prefix: str,
                 ignore: tuple[str, ...] = ()) -> tuple[Scenario, list[Problem]]:
    """The scenario written by :func:`encode_under`: the ``<prefix>.`` keys decoded on ``base``;
    ``ignore`` names keys under the prefix that are not fields. Problems name the full key."""
    start = f"{prefix}."
    own = {k[len(start):]: v for k, v in params.items() if k.startswith(start)}
    scenario, problems = decode(own, base, ignore=ignore)
    return scenario, [dataclasses.replace(p, field=excerpt(f"{start}{p.field}")) for p in problems]


def repeated(params: Mapping[str, Iterable[str]]) -> list[Problem]:
    """A note for each key given more than once (``params`` holds every value of a key, as
    ``st.query_params.get_all`` gives them): the last value is the one read."""
    problems = []
    for key, values in params.items():
        values = list(values)
        if len(values) > 1:
            problems.append(Problem(excerpt(key), excerpt(values[-1]), "repeated"))
    return problems
