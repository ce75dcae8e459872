"""The worksheets behind the mistake pages' tools, without Streamlit: what a filled-in canvas,
matrix, mix or time box turns into."""

import pandas as pd
import pytest

from smm_sim import DEFAULT, simulate
from smm_sim.planning import (CANVAS_PARTS, DAILY_TASKS, RACI_PEOPLE, RACI_TASKS, MixError,
                              canvas_clarity, comment_checks, kpi_ladder_rows, mix_from_rows,
                              normalised_shares, personalization_hours, raci_clarity,
                              raci_from_cells, raci_to_cells, time_box)


def test_canvas_clarity_counts_the_parts_written_at_length_and_the_layperson_test():
    """Three parts of 15 characters or more and the test passed: 4 of 7, 0.57; an answer of
    14 characters, or one padded with spaces to 15, does not count."""
    answers = {part: "A full answer, long enough." for part in CANVAS_PARTS[:3]}
    assert canvas_clarity(answers, layperson=True) == 0.57
    short = {**answers, "message": "x" * 14, "cadence": "  " + "y" * 13, "kpi": None}
    assert canvas_clarity(short, layperson=False) == 0.43
    assert canvas_clarity({**short, "kpi": "z" * 15}, layperson=False) == 0.57
    assert canvas_clarity({}, layperson=False) == 0.0


def test_the_kpi_ladder_sums_each_rung_over_the_horizon():
    """Followers gained (end less start), counts and money summed; gross margin is the
    margin's share of revenue."""
    frame = simulate(DEFAULT, 26)
    rows = kpi_ladder_rows(frame, DEFAULT.followers_start, DEFAULT.margin).set_index("rung")
    assert list(rows.index) == ["followers", "engagements", "clicks", "conversions", "revenue",
                                "gross_margin", "savings", "cost", "profit"]
    value = rows["value"]
    assert value["followers"] == pytest.approx(frame["followers"].iloc[-1]
                                               - DEFAULT.followers_start)
    assert value["clicks"] == pytest.approx(frame["clicks"].sum())
    assert value["gross_margin"] == pytest.approx(DEFAULT.margin * frame["revenue"].sum())
    assert value["profit"] == pytest.approx(frame["cum_profit"].iloc[-1])


def test_raci_clarity_counts_tasks_with_one_accountable_and_a_responsible():
    """Row 1 (A, R) and row 3 (R, A) are complete; row 2 has two A, row 4 nobody: 0.5."""
    matrix = pd.DataFrame({"p1": ["A", "A", "R", ""], "p2": ["R", "A", "", ""],
                           "p3": ["", "R", "A", ""]})
    assert raci_clarity(matrix) == 0.5
    assert raci_clarity(pd.DataFrame()) == 0.0


def test_the_raci_matrix_goes_to_cells_and_back():
    """Task by task, then person; an empty cell is "-", an unknown letter becomes one."""
    cells = "R-A" + "-" * 18
    matrix = raci_from_cells(cells)
    assert matrix.shape == (len(RACI_TASKS), len(RACI_PEOPLE))
    assert list(matrix.loc["plan"]) == ["R", "", "A"]
    assert raci_to_cells(matrix) == cells
    assert raci_to_cells(raci_from_cells(None)) == "-" * 21
    assert raci_to_cells(matrix.replace("R", "Z")) == "--A" + "-" * 18


def test_network_mix_rows_are_cleaned_and_refused_with_a_reason():
    """Shares 30 and 10 make 0.75 and 0.25; a row without a network goes; empty followers
    are 0."""
    rows = pd.DataFrame({"network": ["instagram", "x", None], "share": [30.0, 10.0, 5.0],
                         "followers": [100, None, 3]})
    assert mix_from_rows(rows) == (("instagram", 0.75, 100), ("x", 0.25, 0))
    for bad, reason in ((rows.assign(network=["x", "x", None]), "duplicate"),
                        (rows.assign(share=[0.0, 0.0, 0.0]), "shares"),
                        (rows.assign(network=[None, None, None]), "empty"),
                        (rows.assign(network=["myspace", None, None]), "empty")):
        with pytest.raises(MixError) as refused:
            mix_from_rows(bad)
        assert refused.value.reason == reason


def test_shares_sum_to_exactly_one_and_no_weight_is_refused():
    """Thirds (1, 1, 1) sum to 1 to the last bit, the last taking what rounding left."""
    shares = normalised_shares([1, 1, 1])
    assert sum(shares) == 1.0 and shares[0] == pytest.approx(1 / 3)
    assert normalised_shares([0, 5]) == (0.0, 1.0)
    with pytest.raises(ValueError, match="more than 0"):
        normalised_shares([0, 0])


def test_the_time_box_spreads_the_planned_hours_over_the_working_days():
    """10 h a week, half of it planned: 60 minutes a day, 27 of them to create (45%)."""
    plan = time_box(10.0, 0.5).set_index("task")["minutes"]
    assert list(plan.index) == list(DAILY_TASKS)
    assert plan.to_dict() == {"create": 27, "publish": 6, "reply": 15, "monitor": 6, "report": 6}
    assert time_box(10.0, 0.0)["minutes"].sum() == 0


@pytest.mark.parametrize("reply_hours, checks", [
    (0.5, (8, 1)), (1, (8, 1)), (3, (3, 1)), (4, (2, 1)), (24, (1, 1)), (47, (1, 1)),
    (48, (1, 2)), (72, (1, 3)), (168, (1, 7))])
def test_comments_are_read_often_enough_to_answer_in_time(reply_hours, checks):
    """Under two days the checks spread over an 8-hour day (one at least); from two days on,
    once every whole day of the reply time."""
    assert comment_checks(reply_hours) == checks


def test_personalised_posts_take_more_hours_for_the_same_posts():
    """With posts taking 25% more time personalised: the scenario's own share keeps its hours,
    all personalised takes 1.25 / 1.075 of them (from 30%), and 80 h a week is the most."""
    scenario = DEFAULT.replace(hours_per_week=8.0, personalization=0.3, personalization_time=0.25)
    hours = personalization_hours(scenario, [0.0, 0.3, 1.0])
    assert hours == pytest.approx([8.0 / 1.075, 8.0, 8.0 * 1.25 / 1.075])
    assert personalization_hours(scenario.replace(hours_per_week=75.0), [1.0])[0] == 80.0
