"""Versions of a scenario side by side: which fields a page lists, and with what values."""

import pytest

from smm_sim import DEFAULT
from smm_sim.mistakes import mistake
from smm_sim.versions import settings


def test_a_mistakes_levers_come_first_as_now_made_and_fixed_even_where_they_agree():
    m = mistake("inconsistent")
    rows = settings((DEFAULT, m.make(DEFAULT), m.fix(DEFAULT)), m.levers)
    # The fade keeps the year's hours: the made version starts higher.
    assert [r.field for r in rows] == list(m.levers) == ["effort_decay", "hours_per_week"]
    assert rows[0].values == (0.0, 0.04, 0.0)
    assert rows[1].values[0] == rows[1].values[2] == 8.0 < rows[1].values[1]


def test_any_other_field_the_versions_set_apart_follows_in_the_scenarios_order():
    other = DEFAULT.replace(margin=0.3, hours_per_week=12.0, consistency=0.9)
    rows = settings((DEFAULT, other), ("consistency",))
    assert [(r.field, r.values) for r in rows] == [("consistency", (0.6, 0.9)),
                                                    ("hours_per_week", (8.0, 12.0)),
                                                    ("margin", (0.5, 0.3))]
    assert settings((DEFAULT, DEFAULT)) == ()


def test_a_name_that_is_no_field_is_refused():
    with pytest.raises(ValueError, match="colour"):
        settings((DEFAULT,), ("colour",))
