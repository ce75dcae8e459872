"""Compare: a scenario taken off the charts leaves their data, so the axes fit the others
(issue 16, item 7: one far-off scenario flattened the ROI chart)."""

import json

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from smm_sim.i18n import translate
from view import pages

from .apptest import open_app, rerun

COMPARE = next(p.path for p in pages.of_kind("tool") if p.id == "compare")
pytestmark = pytest.mark.usefixtures("clear_streamlit_cache")


def drawn(at, title: str, field: str) -> set[str]:
    """The scenario names in ``field`` of the data of the chart titled ``title`` (none: no such
    chart on the page)."""
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if spec.get("title") == title:
            name = spec["layer"][0]["data"]["name"]  # the lines or the bars, not the marks
            data = next(d.data.data for d in chart.proto.datasets if d.name == name)
            return set(convert_arrow_bytes_to_pandas_df(data)[field])
    return set()


def curves(at, lang: str, metric: str = "cum_profit") -> set[str]:
    return drawn(at, translate("compare.curves_title", lang,
                               metric=translate(f"metric.{metric}", lang)), "series")


def bars(at, lang: str) -> set[str]:
    name = translate("compare.yours", lang)
    return drawn(at, translate("compare.difference_chart", lang, name=name), "name")


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_scenario_taken_off_the_charts_leaves_their_data(lang):
    at = open_app(COMPARE, lang=lang)
    yours, fixed, made = (translate(k, lang) for k in
                          ("compare.yours", "compare.source.fixed", "compare.source.made"))
    shown = at.multiselect(key="compare.shown")
    assert shown.label == translate("compare.shown", lang)
    assert shown.value == [yours, fixed, made]
    assert curves(at, lang) == {yours, fixed, made} and bars(at, lang) == {fixed, made}

    shown.unselect(made)
    rerun(at)
    assert curves(at, lang) == {yours, fixed} and bars(at, lang) == {fixed}
    assert list(at.dataframe[0].value.columns) == [yours, fixed, made]  # the figures keep all
    assert at.multiselect(key="compare.shown").value == [yours, fixed]


def test_a_hidden_scenario_stays_hidden_over_a_change_of_metric_and_comes_back_when_picked():
    at = open_app(COMPARE, lang="en")
    fixed = translate("compare.source.fixed", "en")
    at.multiselect(key="compare.shown").unselect(fixed)
    rerun(at)
    at.segmented_control(key="compare.metric").set_value("roi")
    rerun(at)
    assert fixed not in curves(at, "en", "roi") and fixed not in bars(at, "en")
    at.multiselect(key="compare.shown").select(fixed)
    rerun(at)
    assert fixed in curves(at, "en", "roi") and fixed in bars(at, "en")


def test_with_every_scenario_taken_off_the_page_says_to_pick_one():
    at = open_app(COMPARE, lang="it")
    for name in list(at.multiselect(key="compare.shown").value):
        at.multiselect(key="compare.shown").unselect(name)
    rerun(at)
    assert translate("compare.none_shown", "it") in [i.value for i in at.info]
    assert not at.get("vega_lite_chart")
