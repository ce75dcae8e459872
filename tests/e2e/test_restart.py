"""A server restart under an open tab (a redeploy, a crash, Community Cloud waking up): the tab
reconnects to a new session and must show the same numbers, and say what did not come back."""

from __future__ import annotations

import pytest

from smm_sim.i18n import translate

from .conftest import free_port, settle, start_server, stop_server
from .test_browser import FIGURES, move_hours, query

DELTA = ".st-key-key-figures [data-testid='stMetricDelta']"
LOST = ".st-key-lost-notes [data-testid='stAlert']"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
CUT = "[data-testid='stApp']:not([data-test-connection-state='CONNECTED'])"


@pytest.fixture
def restartable():
    """A server of this test's own, and a function that restarts it on the same port."""
    port = free_port()
    running = [start_server(port)[0]]

    def restart(page) -> None:
        """Stop the server, wait until the open tab has seen it go, start it again, and wait
        until the tab has reconnected and run its page in the new session."""
        stop_server(running[0])
        page.wait_for_selector(CUT)
        running[0] = start_server(port)[0]
        page.wait_for_selector(CONNECTED, timeout=90_000)
        page.wait_for_timeout(2000)  # the new session's first run may start a moment later
        settle(page)
    yield f"http://127.0.0.1:{port}", restart
    stop_server(running[0])


def test_a_restart_keeps_the_numbers_and_names_the_lost_file(restartable, page):
    url, restart = restartable
    page.goto(f"{url}/your_data?lang=en")
    settle(page, ".st-key-data-sample-use button")
    page.locator(".st-key-data-sample-use button").click()
    settle(page, ".st-key-data-use button")
    page.locator(".st-key-data-use button").first.click()  # use the fitted values
    settle(page, ".st-key-data-use button")
    page.locator("[data-testid='stSidebar'] a").first.click()  # home, the first page
    settle(page)
    page.locator(".st-key-lever-pin button").first.click()
    settle(page)
    move_hours(page, 6)
    settle(page)
    before = {"profit": page.locator(FIGURES).first.inner_text(),
              "delta": page.locator(DELTA).first.inner_text(), "link": query(page)}

    restart(page)  # the tab stays open and reconnects by itself
    assert page.locator(FIGURES).first.inner_text() == before["profit"]
    assert page.locator(DELTA).first.inner_text() == before["delta"]
    assert before["link"]["ref"] == "pin" and before["link"]["fit"] == "1"
    page.wait_for_selector(LOST)
    assert translate("lost.fit", "en") in page.locator(LOST).inner_text()
    assert query(page) == before["link"]

    page.locator("[data-testid='stSidebar'] a[href*='your_data']").click()
    settle(page, ".st-key-data-lost [data-testid='stAlert']")
    assert translate("data.fit.lost", "en") in page.locator(
        ".st-key-data-lost [data-testid='stAlert']").inner_text()


def test_a_name_typed_and_downloaded_at_once_is_in_the_report(server, page, tmp_path):
    page.goto(f"{server}/your_data?lang=en")
    settle(page, ".st-key-data-report input")
    field = page.locator(".st-key-data-report input")
    button = page.get_by_role("button", name=translate("data.export.report", "en"))
    for i, name in enumerate(("ACME Workshop", "Bar Roma Team", "Quarterly board")):
        field.fill("")
        field.press_sequentially(name)  # no Enter, no pause: the click is what leaves the field
        with page.expect_download() as download:
            button.click()
        target = tmp_path / f"report-{i}.html"
        download.value.save_as(target)
        assert name in target.read_text(encoding="utf-8"), name
