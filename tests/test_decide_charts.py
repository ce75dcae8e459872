"""The chart builders of the decision tools, as plain functions: the spec says what is drawn."""

import altair as alt
import pandas as pd
import pytest

from smm_sim import DEFAULT, sensitivity
from view import charts, theme


def spec(chart: alt.TopLevelMixin) -> dict:
    return chart.to_dict()


def dataset(chart_spec: dict, layer: dict) -> list[dict]:
    return chart_spec["datasets"][layer["data"]["name"]]


@pytest.fixture
def swings() -> pd.DataFrame:
    frame = sensitivity(DEFAULT).head(6).copy()
    frame["label"] = [f"lever {i}" for i in range(len(frame))]
    frame["low_setting"] = "low"
    frame["high_setting"] = "high"
    return frame


def test_the_tornado_draws_both_swings_of_each_lever_around_the_base(swings):
    chart = charts.tornado_chart(swings, "What matters", "Lever", "Profit", "Lower", "Higher",
                                 setting_title="Set to")
    assert isinstance(chart, alt.LayerChart)
    s = spec(chart)
    bars, base = s["layer"]
    rows = dataset(s, bars)
    assert len(rows) == 2 * len(swings)
    assert {r["start"] for r in rows} == {swings["base"].iloc[0]}
    assert sorted(r["end"] for r in rows) == sorted([*swings["metric_low"], *swings["metric_high"]])
    assert bars["encoding"]["y"]["sort"] == list(swings["label"])  # largest swing on top
    assert bars["encoding"]["color"]["scale"]["range"] == [theme.MADE, theme.FIXED]
    assert "Set to" in [t["title"] for t in bars["encoding"]["tooltip"]]
    assert dataset(s, base) == [{"base": swings["base"].iloc[0]}]


def test_the_tornado_grows_with_the_levers_it_shows(swings):
    small = spec(charts.tornado_chart(swings.head(3), "t", "l", "v", "lo", "hi"))
    large = spec(charts.tornado_chart(swings, "t", "l", "v", "lo", "hi"))
    assert large["height"] - small["height"] == 3 * theme.TORNADO_ROW
    tooltips = [t["title"] for t in small["layer"][0]["encoding"]["tooltip"]]
    assert "Set to" not in tooltips  # no setting title, no setting in the tooltip


def test_the_difference_chart_colours_gains_and_losses():
    frame = pd.DataFrame({"name": ["fixed", "made"], "difference": [1200.0, -300.0]})
    s = spec(charts.difference_chart(frame, "name", "difference", "Against yours", "Scenario",
                                     "Difference"))
    bars = s["layer"][0]
    signs = {r["name"]: r["_sign"] for r in dataset(s, bars)}
    assert signs == {"fixed": "gain", "made": "loss"}
    assert bars["encoding"]["color"]["scale"] == {"domain": ["gain", "loss"],
                                                  "range": [theme.FIXED, theme.MADE]}
    assert bars["encoding"]["y"]["sort"] == ["fixed", "made"]


def test_ranked_bars_keep_the_order_and_colour_each_group():
    frame = pd.DataFrame({"mistake": ["b", "a", "c"], "stake": [30.0, 20.0, 10.0],
                          "risk": ["high", "low", "high"]})
    colors = {"low": theme.FIXED, "high": theme.MADE}
    s = spec(charts.ranked_bars_chart(frame, "mistake", "stake", "risk", colors, "Ranked",
                                      "Mistake", "Money", "Risk"))
    assert s["encoding"]["y"]["sort"] == ["b", "a", "c"]
    assert s["encoding"]["color"]["scale"] == {"domain": ["low", "high"],
                                               "range": [theme.FIXED, theme.MADE]}
    assert s["height"] == theme.CHART_FRAME + 3 * theme.TORNADO_ROW


def test_lines_take_a_bigger_height_for_the_projector():
    frame = pd.DataFrame({"week": [1, 2], "value": [1.0, 2.0], "series": ["a", "a"]})
    big = spec(charts.lines_chart(frame, "week", "value", "series", "t", "w", "v", {"a": "#000"},
                                  height=theme.BIG_CHART_HEIGHT))
    normal = spec(charts.lines_chart(frame, "week", "value", "series", "t", "w", "v",
                                     {"a": "#000"}))
    assert big["height"] == theme.BIG_CHART_HEIGHT
    assert normal["height"] == theme.CHART_HEIGHT


def test_ranked_bars_of_one_colour_have_no_legend():
    frame = pd.DataFrame({"mistake": ["b", "a"], "cost": [30.0, 20.0]})
    s = spec(charts.ranked_bars_chart(frame, "mistake", "cost", None, {"cost": theme.MADE},
                                      "Costs", "Mistake", "Money"))
    assert s["encoding"]["color"] == {"value": theme.MADE}
    assert [t["title"] for t in s["encoding"]["tooltip"]] == ["Mistake", "Money"]
