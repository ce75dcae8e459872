"""A new session opened on the link of an earlier one (a refresh, a server restart, a shared
link) shows what the earlier one showed, or names what it could not bring back."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import smm_sim
from smm_sim import DEFAULT
from smm_sim.formats import money
from smm_sim.i18n import translate
from smm_sim.planning import CANVAS_PARTS
from view import layout

from .apptest import rerun
from .apptest import open_app as start

ANSWER = "Owners of small restaurants in Milan"
pytestmark = pytest.mark.usefixtures("clear_streamlit_cache")


def link(at: AppTest) -> dict[str, str]:
    return {k: at.query_params[k] for k in at.query_params}


def profit_delta(at: AppTest) -> str:
    label = translate("figure.profit", "en", weeks=52)
    return next(m.delta for m in at.metric if m.label == label)


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.info, *at.warning, *at.caption])


def test_a_pinned_reference_comes_back_with_the_link():
    at = start(lang="en")
    at.slider(key="lever.home.hours_per_week").set_value(12.0).run()
    at.button(key="lever.pin").click().run()
    at.slider(key="lever.home.hours_per_week").set_value(14.0).run()
    before = profit_delta(at)
    pinned, now = DEFAULT.replace(hours_per_week=12.0), DEFAULT.replace(hours_per_week=14.0)
    expected = (smm_sim.simulate(now, 52)["cum_profit"].iloc[-1]
                - smm_sim.simulate(pinned, 52)["cum_profit"].iloc[-1])
    assert before == money(expected, DEFAULT.currency, "en")
    again = start(**link(at))  # a new session: only the link is left
    assert profit_delta(again) == before
    assert not again.session_state["url_problems"]


def test_starting_again_from_the_preset_drops_the_pinned_reference_from_the_link():
    at = start(lang="en", hours_per_week="12", ref="pin", **{"ref.hours_per_week": "9"})
    assert at.session_state["reference"] == DEFAULT.replace(hours_per_week=9.0)
    at.button(key="lever.reset").click().run()
    at.button(key="lever.discard.yes").click().run()
    assert not any(k.startswith("ref") for k in link(at))


def test_the_canvas_answers_come_back_with_their_clarity():
    at = start(layout.page_path("no_strategy"), lang="en")
    for part in CANVAS_PARTS[:2]:
        at.text_area(key=f"canvas.{part}").input(ANSWER).run()
    at.checkbox(key="canvas.layperson").check().run()
    again = start(layout.page_path("no_strategy"), **link(at))
    assert [again.text_area(key=f"canvas.{p}").value for p in CANVAS_PARTS[:3]] == [
        ANSWER, ANSWER, ""]
    assert again.checkbox(key="canvas.layperson").value
    assert again.slider(key="lever.no_strategy.strategy_clarity").value == pytest.approx(43.0)
    assert not [e for e in again.info if e.key == "canvas-apart"]


def test_a_clarity_apart_from_the_answers_says_so():
    at = start(layout.page_path("no_strategy"), lang="en", strategy_clarity="0.9",
               **{"canvas.audience": ANSWER})
    note = texts(at)
    assert "90%" in note and "14%" in note  # one part of seven written


def test_the_raci_names_and_matrix_come_back():
    at = start(layout.page_path("no_roles"), lang="en")
    at.text_input(key="raci.name.p1").input("Giulia").run()
    assert link(at)["raci.p1"] == "Giulia"
    cells = "R-A" + "-" * 18  # plan: p1 responsible, p3 accountable; nothing else
    again = start(layout.page_path("no_roles"), raci=cells, role_clarity="0.14", **link(at))
    assert again.text_input(key="raci.name.p1").value == "Giulia"
    assert again.text_input(key="raci.name.p2").value == translate("tool.no_roles.person", "en",
                                                                    n=2)
    assert not [e for e in again.info if e.key == "raci-apart"]  # 1 of 7 tasks: 14%, as linked
    apart = start(layout.page_path("no_roles"), raci=cells, role_clarity="0.8", lang="en")
    assert "80%" in texts(apart) and "14%" in texts(apart)


def test_saved_compare_scenarios_come_back_in_their_slots_with_their_names():
    at = start("pages/20_compare.py", lang="en", hours_per_week="12")
    at.text_input(key="compare.save_name").input("Twelve hours").run()
    at.button(key="compare.save").click().run()  # into the empty third slot
    at.slider(key="lever.sidebar.hours_per_week").set_value(16.0).run()
    at.text_input(key="compare.name.1").input("All fixed").run()
    table = at.dataframe[0].value
    again = start("pages/20_compare.py", **link(at))
    assert again.dataframe[0].value.equals(table)
    assert list(table.columns) == [translate("compare.yours", "en"), "All fixed",
                                   translate("compare.source.made", "en"), "Twelve hours"]
    saved = again.session_state["compare.saved"]
    assert [e["scenario"].hours_per_week for e in saved.values()] == [12.0]


def test_a_saved_scenario_no_slot_shows_is_named_as_lost():
    at = start("pages/20_compare.py", lang="en")
    at.button(key="compare.save").click().run()
    at.selectbox(key="compare.source.3").set_value("none").run()
    assert link(at)["cmp.more"] == "1"
    again = start(**link(at))
    note = next(e for e in again.info if "compare" in str(e.value))
    assert translate("lost.saved.one", "en", count="1") in note.value


def test_a_fitted_file_is_named_as_lost_and_its_scenario_stays():
    at = start("pages/24_your_data.py", lang="en")
    at.button(key="data.sample.use").click().run()
    at.button(key="data.fit.use").click().run()
    fitted = at.session_state["scenario"]
    assert link(at)["fit"] == "1"
    again = start("pages/24_your_data.py", **link(at))
    assert again.session_state["scenario"] == fitted
    assert translate("data.fit.lost", "en") in [e.value for e in again.warning]
    assert translate("data.export.fit_lost", "en") in [e.value for e in again.caption]
    assert translate("lost.fit", "en") in next(e.value for e in again.info)
    again.button(key="lost.dismiss").click()
    rerun(again)
    assert "fit" not in link(again) and not again.info
    assert translate("data.fit.lost", "en") not in [e.value for e in again.warning]


@pytest.mark.parametrize("key, value", [
    ("canvas.goal", "x" * 601), ("canvas.layperson", "yes"), ("raci", "RRR"),
    ("raci", "Z" * 21), ("raci.p2", "\x00\x01"), ("cmp1", "saved.abc"), ("cmp2", "fix.nope"),
    ("cmp.more", "9" * 10), ("fit", "2"), ("ref", "yes"), ("ref.hours_per_week", "lots"),
    ("cmp9", "fixed")])
def test_a_broken_kept_value_is_named_and_the_rest_loads(key, value):
    at = start(lang="en", hours_per_week="12", **{key: value})
    problems = at.session_state["url_problems"]
    assert [p.field for p in problems] == [key] and problems[0].kind == "invalid"
    assert at.session_state["scenario"] == DEFAULT.replace(hours_per_week=12.0)


def test_user_text_from_the_link_stays_plain_text():
    name = "[click](https://evil.example) <b>x</b>"
    at = start("pages/20_compare.py", lang="en", **{"cmp1.name": name})
    assert list(at.dataframe[0].value.columns)[1] == name  # a column label, not markup
