"""Two replicas of the app on one PostgreSQL database show the same room, and a restarted
server keeps it: a participant answers on one replica, the facilitator watches on the other,
the participant's replica restarts and the participant's link still holds the answers."""

from __future__ import annotations


import pytest

from smm_sim import Scenario, rooms
from tests import postgres
from tests.e2e.conftest import IDLE, free_port, start_server, stop_server


@pytest.fixture(scope="module")
def database():
    with postgres.for_tests() as url:
        yield url


def serve(url: str):
    """A server whose rooms are in the database at ``url``."""
    return start_server(free_port(), rooms_url=url)


def joined(page) -> str:
    page.wait_for_selector(".st-key-room-counts [data-testid='stMetricValue']")
    return page.locator(".st-key-room-counts [data-testid='stMetricValue']").first.inner_text()


def test_two_replicas_share_a_room_and_a_restart_keeps_it(browser, database):
    store = rooms.connect(database)
    room = store.open_room(Scenario(), "en", rooms.SHORT_FORM)
    store.dispose()
    first, first_url = serve(database)
    second, second_url = serve(database)
    try:
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
        participant = phone.new_page()
        participant.set_default_timeout(30_000)
        participant.goto(f"{first_url}/join?room={room.join_token}")
        participant.wait_for_selector(".st-key-join-go button")
        participant.wait_for_selector(IDLE)
        participant.locator(".st-key-join-go button").click()
        participant.wait_for_selector(".st-key-join-question-one_owner input")
        participant.wait_for_selector(IDLE)
        participant.locator(".st-key-join-question-one_owner [data-testid='stRadioOption']") \
            .nth(2).click()
        participant.wait_for_selector(IDLE)
        link = participant.url
        assert "p=" in link

        laptop = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
        projector = laptop.new_page()
        projector.set_default_timeout(30_000)
        projector.goto(f"{second_url}/room?room={room.code}&key={room.facilitator_key}")
        assert joined(projector) == "1"

        stop_server(first)  # the participant's replica goes away and comes back
        first, first_url = serve(database)
        participant.goto(link.replace(link.split("/join")[0], first_url))
        radios = participant.locator(".st-key-join-question-one_owner input[type='radio']")
        radios.first.wait_for(state="attached")
        participant.wait_for_selector(IDLE)
        assert [radios.nth(i).is_checked() for i in range(3)] == [False, False, True]
        phone.close()
        laptop.close()
    finally:
        stop_server(first)
        stop_server(second)
