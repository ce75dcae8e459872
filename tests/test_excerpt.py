"""User text quoted in a message: one line, cut with an ellipsis, the same everywhere."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm_sim.excerpt import ELLIPSIS, QUOTED_CHARS, excerpt
from smm_sim.query import decode
from smm_sim.scenario import Scenario, ScenarioError
from smm_sim.weekly_file import DataFileError, read_weekly_csv


@given(st.text(), st.integers(2, 80))
def test_an_excerpt_is_one_line_of_at_most_its_length_and_keeps_the_start(text, most):
    line = excerpt(text, most)
    assert len(line) <= most and not any(c.isspace() and c != " " for c in line)
    words = re.sub(r"\s+", " ", text)
    if len(words) <= most:
        assert line == words
    else:
        assert line.endswith(ELLIPSIS) and words.startswith(line[:-1])


def test_a_long_text_ends_with_an_ellipsis():
    assert excerpt("a" * 50) == "a" * (QUOTED_CHARS - 1) + ELLIPSIS
    assert excerpt("a\n\tb  c ") == "a b c "


@pytest.mark.parametrize("key, value", [("hours_per_week", "x" * 100), ("k" * 100, "1"),
                                        ("colour", "line one\nline two")])
def test_a_link_note_quotes_its_key_and_value_as_an_excerpt(key, value):
    (problem,) = decode({key: value})[1]
    assert (problem.field, problem.value) == (excerpt(key), excerpt(value))


def test_a_scenario_file_and_a_data_file_quote_alike():
    with pytest.raises(ScenarioError, match=ELLIPSIS):
        Scenario.from_dict({"measurement": ["x" * 100]})
    rows = ["week,hours,posts,followers,engagements,conversions,revenue"]
    rows += [f"{w},{'x' * 60 if w == 3 else 5},3,1000,50,1,100" for w in range(1, 11)]
    with pytest.raises(DataFileError) as refused:
        read_weekly_csv("\n".join(rows).encode())
    assert refused.value.details["value"] == excerpt("x" * 60)
