"""Undo and no silent loss, through AppTest: Undo takes changes back, a preset or Reset that
would discard edits asks first, and Undo brings back what they replaced."""

import pytest

from smm_sim import DEFAULT
from smm_sim.i18n import translate
from smm_sim.presets import preset
from view import levers, state

from .apptest import open_app as start
from .apptest import rerun

pytestmark = pytest.mark.usefixtures("clear_streamlit_cache")
HOURS = "lever.home.hours_per_week"


def press(at, key: str) -> None:
    rerun(at.button(key=key).click().run(), run=False)


def hours(at) -> float:
    return at.session_state["scenario"].hours_per_week


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_undo_takes_back_three_lever_moves_one_by_one(lang):
    at = start(lang=lang)
    undo = at.button(key="lever.undo")
    assert undo.disabled and undo.label == translate("levers.undo", lang)
    for value in (9.0, 10.0, 11.0):
        at.slider(key=HOURS).set_value(value).run()
    assert not at.button(key="lever.undo").disabled
    for shown in (10.0, 9.0, DEFAULT.hours_per_week):
        press(at, "lever.undo")
        assert at.slider(key=HOURS).value == shown == hours(at)
    assert at.button(key="lever.undo").disabled
    assert "hours_per_week" not in at.query_params  # the link follows


def test_undo_goes_back_twenty_changes_and_no_further():
    at = start()
    for i in range(state.UNDO_STEPS + 5):
        at.slider(key=HOURS).set_value(5.0 + i / 2).run()
    for _ in range(state.UNDO_STEPS):
        at.button(key="lever.undo").click().run()
    assert at.button(key="lever.undo").disabled
    assert hours(at) == 5.0 + 4 / 2  # the five oldest changes are forgotten


def test_a_change_to_the_same_value_is_not_a_step():
    at = start(hours_per_week="9")
    at.button(key="lever.pin").click().run()  # the reference becomes the scenario
    at.button(key="lever.pin").click().run()  # pinned again: nothing changes
    at.button(key="lever.undo").click().run()
    assert at.session_state["reference"] == DEFAULT and "ref" not in at.query_params
    assert at.button(key="lever.undo").disabled


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_preset_asks_before_it_discards_edits_and_undo_brings_them_back(lang):
    at = start(lang=lang, hours_per_week="9", currency="EUR", ref="pin")
    edited = at.session_state["scenario"]
    at.selectbox(key="lever.preset").set_value("solo").run()
    # Nothing changed yet: the question names the preset, the two fields and the reference.
    assert at.session_state["scenario"] == edited and at.query_params["currency"] == "EUR"
    question = " ".join(w.value for w in at.sidebar.warning)
    for key, values in [("levers.discard.preset", {"preset": translate("preset.solo", lang)}),
                        ("levers.discard.count.other", {"count": "2"}),
                        ("levers.discard.pinned", {}), ("levers.discard.undo", {})]:
        assert translate(key, lang, **values) in question
    at.button(key="lever.discard.no").click().run()
    assert at.session_state["scenario"] == edited and not at.sidebar.warning
    assert at.selectbox(key="lever.preset").value == "small_company"  # shows what is in effect

    at.selectbox(key="lever.preset").set_value("solo").run()
    press(at, "lever.discard.yes")
    assert at.session_state["scenario"] == preset("solo") and "currency" not in at.query_params
    assert at.query_params["preset"] == "solo" and not at.sidebar.warning
    press(at, "lever.undo")
    assert at.session_state["scenario"] == edited and at.query_params["currency"] == "EUR"
    assert at.session_state["reference"] == edited and at.query_params["ref"] == "pin"
    assert "preset" not in at.query_params


def test_a_preset_over_an_untouched_scenario_applies_at_once():
    at = start()
    at.selectbox(key="lever.preset").set_value("solo").run()
    assert at.session_state["scenario"] == preset("solo") and not at.sidebar.warning


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_reset_asks_before_it_discards_edits(lang):
    at = start(lang=lang)
    assert at.button(key="lever.reset").disabled  # nothing to reset
    at.slider(key=HOURS).set_value(12.0).run()
    press(at, "lever.reset")
    question = " ".join(w.value for w in at.sidebar.warning)
    assert translate("levers.discard.reset", lang,
                     preset=translate("preset.small_company", lang)) in question
    assert translate("levers.discard.count.one", lang, count="1") in question
    assert translate("levers.discard.pinned", lang) not in question
    assert hours(at) == 12.0
    assert at.button(key="lever.discard.yes").label == translate("levers.discard.yes", lang)
    press(at, "lever.discard.yes")
    assert hours(at) == DEFAULT.hours_per_week and at.button(key="lever.reset").disabled
    press(at, "lever.undo")
    assert hours(at) == 12.0


def test_the_question_goes_when_the_edits_are_undone_meanwhile():
    at = start()
    at.slider(key=HOURS).set_value(12.0).run()
    at.button(key="lever.reset").click().run()
    assert at.sidebar.warning
    press(at, "lever.undo")  # nothing left to lose
    assert not at.sidebar.warning and levers.PENDING_KEY not in at.session_state
