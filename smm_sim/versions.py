"""Versions of one scenario side by side: how each sets the fields that tell them apart.

A mistake page holds three: the user's scenario, the mistake made and the mistake fixed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

from .scenario import Scenario


@dataclass(frozen=True)
class FieldSettings:
    """One Scenario field as each version sets it, in the order the versions were given, each
    value in the field's own type and unit (a share as a fraction, networks as their tuples)."""

    field: str
    values: tuple[Any, ...]


def settings(versions: Sequence[Scenario], fields: Sequence[str] = ()) -> tuple[FieldSettings, ...]:
    """``fields`` in their order (whether or not the versions differ on them), then every
    other field on which two of ``versions`` differ, in the order of Scenario's fields."""
    names = list(dict.fromkeys(fields))
    unknown = [n for n in names if n not in Scenario.__dataclass_fields__]
    if unknown:
        raise ValueError(f"not fields of Scenario: {', '.join(unknown)}")
    changed = set().union(*(v.changes_from(versions[0]) for v in versions[1:]))
    names += [f.name for f in dataclasses.fields(Scenario) if f.name in changed
              and f.name not in names]
    return tuple(FieldSettings(n, tuple(getattr(v, n) for v in versions)) for n in names)
