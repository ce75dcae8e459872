"""The home page's dict specs draw the same charts as the Altair builders they stand in for,
and the page sends them every dataset and column they read."""

from __future__ import annotations

import copy
import json
import re

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1.element_tree import Column

import smm_sim
from smm_sim import DEFAULT
from view import charts, layout, theme

from .apptest import open_app, rerun

FRAME = smm_sim.simulate(DEFAULT, 52)
BAND = smm_sim.monte_carlo(DEFAULT, n=200, weeks=52)


def shape(spec: dict) -> dict:
    """The spec with its data left out: data names blanked, inline values read as a name (a
    constant may sit in the spec or in a dataset), top-level data moved into the layers that
    have none (Altair hoists the data of a single layer; the meaning is the same)."""
    spec = copy.deepcopy(spec)
    spec.pop("datasets", None)
    top = spec.pop("data", None)
    for layer in spec.get("layer", []):
        if top is not None and "data" not in layer:
            layer["data"] = top
        if "values" in layer.get("data", {}):
            layer["data"] = {"name": "-"}
    return json.loads(re.sub(r'"name": "[^"]*"', '"name": "-"', json.dumps(spec)))


@pytest.mark.parametrize("band", [True, False])
@pytest.mark.parametrize("metric,from_zero", [("engagements", True), ("followers", False)])
def test_series_spec_is_series_chart(metric, from_zero, band):
    altair = charts.series_chart(FRAME, metric, "T", "Week", "V", BAND if band else None,
                                 from_zero=from_zero).to_dict()
    plain = charts.series_spec(metric, "T", "Week", "V", band=band, from_zero=from_zero)
    assert shape(plain) == shape(altair)


def test_lines_spec_is_lines_chart():
    colors = {"Cost": theme.COST, "Revenue": theme.REVENUE}
    data = pd.DataFrame({"week": [1, 2], "value": [1.0, 2.0], "series": ["Cost", "Revenue"]})
    altair = charts.lines_chart(data, "week", "value", "series", "T", "Week", "USD",
                                colors).to_dict()
    plain = charts.lines_spec("week", "value", "series", "T", "Week", "USD", colors)
    assert shape(plain) == shape(altair)


@pytest.mark.parametrize("band", [True, False])
def test_band_line_spec_is_band_line_chart(band):
    altair = charts.band_line_chart(FRAME, "roi", BAND if band else None, "T", "Week", "ROI",
                                    rule_week=7, rule_label="Break-even").to_dict()
    plain = charts.band_line_spec("roi", band, "T", "Week", "ROI")
    assert shape(plain) == shape(altair)


def chart_rows(node) -> list[list[int | None]]:
    """The height of each chart in every row of columns holding two charts or more."""
    rows, columns = [], list(getattr(node, "children", {}).values())
    if columns and all(isinstance(c, Column) for c in columns):
        heights = [json.loads(chart.proto.spec).get("height")
                   for column in columns for chart in column.get("vega_lite_chart")]
        rows += [heights] if len(heights) > 1 else []
    for child in columns:
        rows += chart_rows(child)
    return rows


@pytest.mark.parametrize("page", ["home", "too_much_time", "decide"])
def test_every_chart_of_a_row_has_the_same_height(page):
    rows = chart_rows(open_app(None if page == "home" else layout.page_path(page)).main)
    assert rows, "no row of charts"
    for heights in rows:
        assert heights[0] and heights == [heights[0]] * len(heights), heights


def test_the_dict_specs_name_altairs_schema_and_validate():
    assert charts.VEGA_LITE_SCHEMA == alt.SCHEMA_URL
    spec = charts.band_line_spec("roi", True, "T", "Week", "ROI")
    alt.LayerChart.from_dict(spec)  # raises when the spec breaks the Vega-Lite schema


def fields_used(encoding: dict) -> set[str]:
    """The data fields an encoding reads, tooltips included."""
    out = set()
    for channel in encoding.values():
        for item in channel if isinstance(channel, list) else [channel]:
            if isinstance(item, dict) and "field" in item:
                out.add(item["field"])
    return out


@pytest.mark.parametrize("band", ["on", "off"])
def test_every_home_chart_gets_each_dataset_and_column_its_layers_read(band):
    """The spec names its data and the page sends it apart: a name or a column that does not
    match would draw an empty band or line, without any error."""
    at = open_app()
    if band == "off":
        at.toggle(key="home.band").set_value(False)
        rerun(at)
    drawn = at.get("vega_lite_chart")
    assert len(drawn) == 4
    banded = 0
    for chart in drawn:
        spec = json.loads(chart.proto.spec)
        sent = {d.name: set(pa.ipc.open_stream(d.data.data).read_all().column_names)
                for d in chart.proto.datasets}
        for layer in spec.get("layer", [spec]):
            data = layer.get("data", spec.get("data"))
            columns = (set().union(*map(set, data["values"])) if "values" in data
                       else sent[data["name"]])
            assert fields_used(layer["encoding"]) <= columns, (spec["title"], layer["mark"])
        banded += any(layer["mark"]["type"] == "area" for layer in spec.get("layer", []))
    assert banded == (3 if band == "on" else 0)  # engagements, followers and ROI have one
