"""The room pages through AppTest: open a room on the workshop page, join and answer on the
join page, read the room on the facilitator's page; bad links get a message in the reader's
language and nothing of a participant's text becomes markup."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from smm_sim import Scenario, rooms
from smm_sim.i18n import translate
from tests import hostile, postgres
from tests.apptest import ROOT, open_app, rerun
from view import pages
from view import room as room_view

JOIN, ROOM = pages.page("join").path, pages.page("room").path


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch, clear_streamlit_cache):
    monkeypatch.setenv(rooms.URL_ENV, f"sqlite:///{tmp_path / 'rooms.sqlite'}")
    room_view.store.clear()  # the store is one per server: a new one on this test's file
    yield
    room_view.store.clear()


def page(path: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return rerun(at)


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_the_workshop_opens_a_room_on_its_scenario_with_code_qr_and_links():
    at = open_app(pages.page("workshop").path, hours_per_week="13", lang="it")
    at.segmented_control(key="room.form").set_value("short")
    at.button(key="room.open").click()
    rerun(at)
    opened = at.session_state[room_view.OPENED_KEY]
    codes = [c.value for c in at.code]
    assert f"/join?room={opened.join_token}" in codes[0]
    assert f"/room?room={opened.code}&key={opened.facilitator_key}" in codes[1]
    assert translate("room.invite.code", "it", code=rooms.display_code(opened.code)) \
        in [h.value for h in at.header]
    assert len(at.get("image")) == 1  # the QR code, an image
    summary = room_view.store().summary(opened.code, opened.facilitator_key)
    assert summary.scenario.hours_per_week == 13 and summary.lang == "it"
    assert summary.questions == rooms.SHORT_FORM
    assert translate("room.sqlite_note", "it") in [c.value for c in at.caption]


def test_a_participant_joins_answers_and_finds_the_answers_again_after_a_reload():
    opened = room_view.store().open_room(Scenario(), "en", rooms.SHORT_FORM)
    at = page(JOIN, room=opened.join_token, lang="es")
    at.text_input(key="join.nickname").set_value("<img src=x onerror=alert(1)>")
    at.button(key="join.go").click()
    rerun(at)
    pid = at.query_params["p"]
    assert len(at.radio) == len(rooms.SHORT_FORM)
    assert at.radio[0].label.startswith("1. " + translate("question.plan_written", "es"))
    at.radio(key="join.q.one_owner").set_value("no")
    rerun(at)
    at.radio(key="join.q.plan_written").set_value("partly")
    rerun(at)
    me = room_view.store().participant(opened.code, pid)
    assert me.answers == {"one_owner": "no", "plan_written": "partly"}
    assert me.nickname == "<img src=x onerror=alert(1)>"  # stored as given
    again = page(JOIN, room=opened.join_token, p=pid, lang="es")  # a reload: a new session
    assert again.radio(key="join.q.one_owner").value == "no"
    assert again.radio(key="join.q.plan_written").value == "partly"
    assert "<img src=x onerror=alert(1)>" in again.text[0].value  # shown as plain text
    assert not [m for m in again.markdown if "<img" in m.value]


def test_a_code_typed_as_read_aloud_joins_the_room():
    opened = room_view.store().open_room(Scenario(), "en")
    at = page(JOIN)
    at.text_input(key="join.code").set_value(rooms.display_code(opened.code).lower())
    at.button(key="join.go").click()
    rerun(at)
    assert at.query_params["room"] == opened.code and "p" in at.query_params
    assert len(at.radio) == len(opened.questions)


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_bad_links_say_what_is_wrong_in_the_readers_language(lang):
    opened = room_view.store().open_room(Scenario(), "en")
    assert errors(page(JOIN, room="ZZZZZZZZ", lang=lang)) == [
        translate("room.error.unknown", lang)]
    assert errors(page(JOIN, room="<script>", lang=lang)) == [
        translate("room.error.tampered", lang)]
    assert errors(page(JOIN, room=opened.join_token, p="x" * 32, lang=lang)) == [
        translate("room.error.tampered", lang)]
    assert errors(page(ROOM, room=opened.code, key="guess", lang=lang)) == [
        translate("room.error.wrong_key", lang)]
    room_view.store().close(opened.code, opened.facilitator_key)
    assert errors(page(JOIN, room=opened.join_token, lang=lang)) == [
        translate("room.error.closed", lang)]


def test_a_flood_of_joins_from_one_session_is_stopped_with_a_message():
    opened = room_view.store().open_room(Scenario(), "en")
    at = page(JOIN, room=opened.join_token)
    for _ in range(rooms.SESSION_LOOKUPS[0] + 1):
        at.query_params.pop("p", None)
        rerun(at)
        at.button(key="join.go").click()
        rerun(at)
    assert errors(at) == [translate("room.error.rate_limited", "en")]


def test_the_facilitator_sees_counts_spread_money_and_the_disputes():
    store = room_view.store()
    opened = store.open_room(Scenario(), "en")
    for nickname, answer in (("**Bo**", "no"), (None, "yes"), ("Cy", "no")):
        pid = store.join(opened.code, nickname=nickname)
        store.save_answers(opened.code, pid, {"one_owner": answer, "plan_written": "no"})
    at = page(ROOM, room=opened.code, key=opened.facilitator_key)
    counts = {m.label: m.value for m in at.metric}
    assert counts[translate("room.view.joined", "en")] == "3"
    assert counts[translate("room.view.finished", "en")] == "0"
    assert translate("room.view.names", "en", names="**Bo**, Cy") in [x.value for x in at.text]
    table = at.dataframe[0].value
    assert list(table[translate("assessment.col.mistake", "en")]) == ["Nobody owns it",
                                                                     "No strategy"]
    disputed = [m.value for m in at.markdown if "Nobody owns it" in m.value]
    assert disputed and "1 yes, 0 partly, 2 no" in disputed[0]
    loads = [b.proto.url for b in at.get("link_button")]
    assert len(loads) == 3 and all("lang=en" in u for u in loads)
    assert any(u.split("?")[0].endswith("/compare") for u in loads)


def test_the_facilitator_closes_then_deletes_the_room():
    store = room_view.store()
    opened = store.open_room(Scenario(), "en")
    pid = store.join(opened.code)
    at = page(ROOM, room=opened.code, key=opened.facilitator_key)
    at.button(key="room.close").click()
    rerun(at)
    assert translate("room.view.closed", "en") in [i.value for i in at.info]
    assert errors(page(JOIN, room=opened.join_token)) == [translate("room.error.closed", "en")]
    at.checkbox(key="room.delete_sure").check()
    rerun(at)
    at.button(key="room.delete").click()
    rerun(at)
    assert translate("room.view.deleted", "en") in [s.value for s in at.success]
    with pytest.raises(rooms.RoomError, match="no room"):
        store.participant(opened.code, pid)


def test_the_spread_chart_stacks_every_answer_of_every_question():
    people = [{"one_owner": "yes", "plan_written": "no"}, {"one_owner": "no"}, {}]
    chart = room_view.spread_chart(rooms.answer_spread(people, ("plan_written", "one_owner")))
    data = chart.data.set_index(["question", "answer"])["people"]
    assert data[("one_owner", "yes")] == data[("one_owner", "no")] == 1
    assert data[("one_owner", "unanswered")] == 1
    assert data[("plan_written", "no")] == 1 and data[("plan_written", "unanswered")] == 2
    assert len(data) == 2 * 4  # yes, partly, no, unanswered for each question


def test_a_database_out_of_reach_is_a_message_on_every_room_page(monkeypatch):
    monkeypatch.setenv(rooms.URL_ENV, f"postgresql+psycopg://smm@127.0.0.1:{postgres.free_port()}/x")
    room_view.store.clear()
    message = translate("room.error.unavailable", "it")
    assert errors(page(JOIN, room="A" * 32, lang="it")) == [message]
    assert errors(page(ROOM, room="ABCDEFGH", key="k" * 32, lang="it")) == [message]
    at = open_app(pages.page("workshop").path, lang="it")
    at.button(key="room.open").click()
    assert errors(rerun(at)) == [message]


def shown_as_markup(at: AppTest) -> list[str]:
    """Texts the page handed to Markdown (which would make links of them) holding 'evil'."""
    return [m.value for m in list(at.markdown) + list(at.caption) + list(at.error)
            if "evil" in m.value.lower()]


def test_hostile_nicknames_reach_the_projector_as_plain_text_only():
    store = room_view.store()
    opened = store.open_room(Scenario(), "en")
    names = [text for text in hostile.TEXTS if len(text) <= rooms.MAX_NICKNAME]
    for name in names:
        store.save_answers(opened.code, store.join(opened.code, nickname=name),
                           {"one_owner": "no"})
    at = page(ROOM, room=opened.code, key=opened.facilitator_key)
    assert shown_as_markup(at) == []
    listed = next(x.value for x in at.text if "evil" in x.value)
    assert all(name in listed for name in names)


@pytest.mark.parametrize("value", hostile.TEXTS + ["x" * 10_000, ""])
def test_a_hostile_join_link_gets_a_message_and_no_markup(value):
    opened = room_view.store().open_room(Scenario(), "en")
    for params in ({"room": value}, {"room": opened.join_token, "p": value},
                   {"room": value, "lang": value}):
        at = page(JOIN, **params)
        assert shown_as_markup(at) == []
        if params["room"] == value and value:
            assert errors(at), params  # refused, and said so
