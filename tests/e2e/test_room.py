"""A workshop room in real browsers: one facilitator opens it on the workshop page and puts its
view on the projector, five participants, each in a browser of their own (a phone's width,
their own language), join by the link or the typed code and answer; the projector counts them
without being reloaded, and a participant who reloads finds their answers again."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from smm_sim import rooms
from smm_sim.i18n import translate
from tests.e2e.conftest import IDLE, free_port, start_server, stop_server

SHOTS = Path(os.environ.get("SMM_SHOTS", "/tmp/smm-room-shots"))
PHONE = {"width": 390, "height": 844}
# nickname (markup that must stay text), locale, joins by link or code, answers per question
PARTICIPANTS = [("<b>Ana</b>", "en-US", "link", "no"), ("Bruno", "it-IT", "code", "yes"),
                ("", "es-ES", "link", "no"), ("Dee", "en-GB", "code", "partly"),
                ("Eva", "es-ES", "link", "yes")]


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    """A server of its own, its rooms in a file of this test."""
    process, url = start_server(
        free_port(), rooms_url=f"sqlite:///{tmp_path_factory.mktemp('rooms') / 'rooms.sqlite'}")
    yield url
    stop_server(process)


def idle(page) -> None:
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def answer(page, qid: str, choice: str) -> None:
    index = ("yes", "partly", "no").index(choice)
    page.locator(f".st-key-join-question-{qid} [data-testid='stRadioOption']").nth(index).click()
    idle(page)


def checked(page, qid: str) -> list[bool]:
    return [page.locator(f".st-key-join-question-{qid} input[type='radio']").nth(i).is_checked()
            for i in range(3)]


def counts(page) -> list[str]:
    return page.locator(".st-key-room-counts [data-testid='stMetricValue']").all_inner_texts()


def test_one_facilitator_and_five_participants(browser, room_server):
    facilitator = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    workshop = facilitator.new_page()
    workshop.set_default_timeout(30_000)
    workshop.goto(f"{room_server}/workshop?lang=en")
    workshop.wait_for_selector(".st-key-room-open button")
    idle(workshop)
    workshop.locator(".st-key-room-form button").nth(1).click()  # the short form
    idle(workshop)
    workshop.locator(".st-key-room-open button").click()
    workshop.wait_for_selector(".st-key-room-invitation [data-testid='stCode']")
    idle(workshop)
    join_link = workshop.locator(".st-key-room-invitation code").inner_text().strip()
    facilitator_link = workshop.locator(
        ".st-key-room-section [data-testid='stLinkButton'] a").get_attribute("href")
    assert "key=" in facilitator_link
    # the key is not on the projected page until the facilitator opens its panel
    assert "key=" not in workshop.locator(".st-key-room-section").inner_text()
    code_text = workshop.locator(".st-key-room-invitation h2").inner_text()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code_text).group(0)
    assert workshop.locator(".st-key-room-section [data-testid='stImage'] img").count() == 1
    shot(workshop, "1-workshop-room-opened")

    projector = facilitator.new_page()
    projector.set_default_timeout(30_000)
    projector.goto(facilitator_link)
    projector.wait_for_selector(".st-key-room-counts [data-testid='stMetricValue']")
    assert counts(projector)[:2] == ["0", "0"]

    phones = []
    for i, (nickname, locale, way, choice) in enumerate(PARTICIPANTS):
        context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True)
        phone = context.new_page()
        phone.set_default_timeout(30_000)
        phones.append((context, phone))
        lang = locale[:2]
        if way == "link":
            phone.goto(join_link)
            phone.wait_for_selector(".st-key-join-go button")
            idle(phone)
            if nickname:
                phone.locator(".st-key-join-nickname input").fill(nickname)
                phone.locator(".st-key-join-nickname input").press("Enter")
                idle(phone)
        else:
            phone.goto(f"{room_server}/join")
            phone.wait_for_selector(".st-key-join-code input")
            idle(phone)
            phone.locator(".st-key-join-code input").fill(code.lower())
            phone.locator(".st-key-join-nickname input").fill(nickname)
        assert phone.locator("h1").inner_text() == translate("room.join.title", lang)
        if i < 2:
            shot(phone, f"2-phone-{lang}-joining-by-{way}")
        phone.locator(".st-key-join-go button").click()
        phone.wait_for_selector(".st-key-join-question-one_owner")
        idle(phone)
        questions = rooms.SHORT_FORM if i == 0 else rooms.SHORT_FORM[:4]
        for qid in questions:
            answer(phone, qid, choice)
        if i == 0:
            shot(phone, "2-phone-en-finished")
        # nothing wider than the phone: no sideways scrolling
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # the projector refreshes by itself: no reload, no click
    projector.wait_for_function(
        "() => [...document.querySelectorAll(\".st-key-room-counts [data-testid='stMetricValue']"
        "\")].map(e => e.innerText).slice(0, 2).join() === '5,1'", timeout=30_000)
    projector.wait_for_selector(".st-key-chart-table-room-stakes [data-testid='stDataFrame']")
    names = projector.locator(".st-key-room-names").inner_text()
    assert "<b>Ana</b>" in names and "Bruno" in names  # the markup shown as typed
    assert projector.locator(".st-key-room-names b").count() == 0
    idle(projector)
    shot(projector, "3-projector")
    projector.locator(".st-key-chart-table-room-stakes").scroll_into_view_if_needed()
    shot(projector, "4-projector-stakes")
    projector.locator(".st-key-chart-room-spread").scroll_into_view_if_needed()
    shot(projector, "5-projector-spread")

    # a participant reloads: the answers are still there
    ana = phones[0][1]
    ana.reload()
    ana.wait_for_selector(".st-key-join-question-one_owner input[type='radio']")
    idle(ana)
    assert checked(ana, "one_owner") == [False, False, True]
    assert checked(ana, "personal_replies") == [False, False, True]

    # a tampered participant link says so in the participant's language
    bruno = phones[1][1]
    bruno.goto(bruno.url[:-3] + "zzz")
    bruno.wait_for_selector("[data-testid='stAlertContentError']")
    assert translate("room.error.tampered", "it") in bruno.locator(
        "[data-testid='stAlertContentError']").inner_text()

    with projector.expect_download() as download:
        projector.locator(".st-key-room-csv button").click()
    assert translate("room.csv.at_stake", "en").encode() in Path(download.value.path()).read_bytes()
    with projector.expect_download(timeout=90_000) as download:  # drawn on click: a minute
        projector.locator(".st-key-room-report_html button").click()
    report = html.unescape(Path(download.value.path()).read_text(encoding="utf-8"))
    assert translate("room.view.spread_title", "en") in report
    assert "<b>Ana</b>" not in report and "Bruno" not in report  # nicknames stay in the room
    for context, _ in phones:
        context.close()
    facilitator.close()
