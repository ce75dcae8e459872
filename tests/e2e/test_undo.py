"""Undo and no silent loss in a real browser: Back steps through the scenarios the levers made,
Undo takes changes back, a preset asks before it discards edits, and a shared link brings the
reference and the compare set-up into a fresh browser."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from smm_sim.i18n import translate
from smm_sim.mistakes import mistake

from .conftest import settle

FIGURES = ".st-key-key-figures [data-testid='stMetricValue']"
DELTAS = ".st-key-key-figures [data-testid='stMetricDelta']"


def hours_slider(page, where: str = "home"):
    return page.locator(f".st-key-lever-{where}-hours_per_week input").first


def hours(page, where: str = "home") -> float:
    return float(hours_slider(page, where).get_attribute("aria-valuetext").replace(",", "."))


def step_hours(page, where: str = "home", back: bool = False) -> None:
    """One step of the slider (half an hour) to the right, or left with ``back``, and the run
    that follows."""
    hours_slider(page, where).focus()
    hours_slider(page, where).press("ArrowLeft" if back else "ArrowRight")
    page.wait_for_timeout(500)
    settle(page, FIGURES if where == "home" else "h1")


def press(page, key: str) -> None:
    page.locator(f".st-key-{key} button").first.click()
    page.wait_for_timeout(300)
    settle(page, "h1")


def set_up(page) -> tuple[list[str], list[str], list[str]]:
    """The compare page's four slots as shown: what each holds, its name, its caption."""
    held = [page.locator(f".st-key-compare-source-{i} input").input_value() for i in (1, 2, 3)]
    names = [page.locator(f".st-key-compare-name-{i} input").input_value() for i in range(4)]
    return held, names, [page.locator(f".st-key-compare-slot-{i}").inner_text() for i in range(4)]


def history(page) -> int:
    return page.evaluate("history.length")


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_back_steps_through_the_scenarios_the_levers_made(server, page):
    """Each move added a history entry and Back only reran the page, which wrote the newest
    scenario back: three Backs showed nothing, a fourth left the app."""
    page.goto(f"{server}/?lang=en")
    settle(page)
    start = history(page)
    seen = [(hours(page), page.locator(FIGURES).first.inner_text())]
    for _ in range(3):
        step_hours(page)
        seen.append((hours(page), page.locator(FIGURES).first.inner_text()))
    assert [h for h, _ in seen] == [8.0, 8.5, 9.0, 9.5]
    assert history(page) == start + 3  # one entry a move, each a step Back can take
    for shown in reversed(seen[:-1]):
        page.go_back()
        page.wait_for_timeout(300)
        settle(page)
        assert (hours(page), page.locator(FIGURES).first.inner_text()) == shown
        assert history(page) == start + 3  # stepping back writes no entry of its own
    assert "hours_per_week" not in query(page)
    page.go_forward()
    page.wait_for_timeout(300)
    settle(page)
    assert hours(page) == 8.5 and query(page)["hours_per_week"] == "8.5"


def test_undo_and_the_question_before_a_preset_in_italian(server, page):
    page.goto(f"{server}/?lang=it&currency=EUR")
    settle(page)
    step_hours(page)
    step_hours(page)
    assert hours(page) == 9.0
    sidebar = page.locator("[data-testid='stSidebar']")
    option = page.get_by_role("option", name=translate("preset.solo", "it"))
    for _ in range(3):  # a click while the sidebar still redraws may not open the menu
        sidebar.locator(".st-key-lever-preset input").click()
        try:
            option.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            page.wait_for_timeout(500)
    option.click()
    page.wait_for_timeout(300)
    settle(page)
    question = page.locator(".st-key-preset-confirm").inner_text()
    assert translate("levers.discard.preset", "it",
                     preset=translate("preset.solo", "it")) in question
    assert translate("levers.discard.count.other", "it", count="2") in question
    press(page, "lever-discard-no")
    assert page.locator(".st-key-preset-confirm").count() == 0
    assert hours(page) == 9.0 and query(page)["currency"] == "EUR"

    press(page, "lever-reset")
    press(page, "lever-discard-yes")
    assert hours(page) == 8.0 and "currency" not in query(page)
    undo = page.locator(".st-key-lever-undo button").first
    assert undo.inner_text().endswith(translate("levers.undo", "it"))
    press(page, "lever-undo")  # the reset, taken back
    assert hours(page) == 9.0 and query(page)["currency"] == "EUR"
    press(page, "lever-undo")
    press(page, "lever-undo")
    assert hours(page) == 8.0 and page.locator(".st-key-lever-undo button").first.is_disabled()


def test_a_shared_link_brings_the_reference_and_the_compare_set_up(server, browser, page):
    page.goto(f"{server}/compare?lang=en&hours_per_week=12")
    settle(page, "h1")
    press(page, "lever-pin")  # 12 hours is the reference
    step_hours(page, "sidebar")
    step_hours(page, "sidebar")  # 13 hours now
    slot = page.locator(".st-key-compare-source-2 input")
    slot.click()
    boring = mistake("boring").title("en")
    page.get_by_role("option", name=re.compile(re.escape(boring))).click()  # one mistake fixed
    page.wait_for_timeout(300)
    settle(page, "h1")
    name = page.locator(".st-key-compare-name-1 input")
    name.fill("Made by us")
    name.press("Tab")
    page.wait_for_timeout(300)
    settle(page, "h1")
    step_hours(page, "sidebar")  # 13.5 hours, saved as "Plan B" into the empty fourth slot
    saved_name = page.locator(".st-key-compare-save_name input")
    saved_name.fill("Plan B")
    saved_name.press("Tab")
    page.wait_for_timeout(300)
    press(page, "compare-save")
    step_hours(page, "sidebar", back=True)  # 13 hours again
    held = set_up(page)
    sources, names, _ = held
    assert boring in sources[1] and sources[2] == "Plan B"  # a lever move kept the choice
    assert names[1] == "Made by us" and names[3] == "Plan B"
    page.locator(".st-key-share-link summary").click()
    link = page.locator(".st-key-share-link [data-testid='stCode']").inner_text().strip()
    page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']").first.click()
    settle(page)
    deltas = page.locator(DELTAS).all_inner_texts()
    assert any(d.strip() not in ("", "0", "$0") for d in deltas), deltas  # against 12 hours

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        other = fresh.new_page()
        other.set_default_timeout(30_000)
        other.goto(link)
        settle(other, ".st-key-compare-name-1 input")
        assert other.locator(".st-key-compare-name-1 input").input_value() == "Made by us"
        assert set_up(other) == held
        assert hours(other, "sidebar") == 13.0
        assert other.locator(".st-key-url-notes").count() == 0
        other.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']").first \
            .click()
        settle(other)
        assert other.locator(DELTAS).all_inner_texts() == deltas
    finally:
        fresh.close()
