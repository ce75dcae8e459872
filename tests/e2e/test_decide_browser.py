"""The decision tools in a real browser: a click on each page does what it says."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import smm_sim
from smm_sim import DEFAULT
from smm_sim.i18n import translate

from .conftest import IDLE, settle


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def click(page, selector: str) -> None:
    page.locator(selector).first.click()
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(500)  # the URL update may rerun the page once more
    page.wait_for_selector(IDLE)


def test_workshop_next_shows_the_most_expensive_mistake(server, page):
    page.goto(f"{server}/workshop")
    settle(page, "h1")
    assert page.locator("h1").first.inner_text().startswith(
        translate("workshop.opening.title", "en"))
    click(page, ".st-key-workshop-next button")
    first = smm_sim.mistakes_ranked(DEFAULT)["mistake"][0]
    page.wait_for_function(
        "title => document.querySelector('h1').innerText.startsWith(title)",
        arg=smm_sim.mistakes.mistake(first).title("en"))


def test_compare_use_loads_the_fixed_scenario_into_the_link(server, page):
    page.goto(f"{server}/compare")
    settle(page, ".st-key-compare-use-1 button")
    click(page, ".st-key-compare-use-1 button")
    page.wait_for_function("() => location.search.includes('strategy_clarity=1')")
    assert query(page)["role_clarity"] == "1"
    assert translate("compare.loaded", "en") in page.locator("[data-testid='stApp']").inner_text()


def test_assessment_answer_loads_its_scenario_into_the_link(server, page):
    page.goto(f"{server}/assessment")
    settle(page, ".st-key-assessment-submit button")
    page.locator(".st-key-assessment-q-plan_written").get_by_text(
        translate("assessment.answer.no", "en"), exact=True).click()
    click(page, ".st-key-assessment-submit button")
    settle(page, ".st-key-assessment-load button")
    click(page, ".st-key-assessment-load button")
    page.wait_for_function("() => location.search.includes('strategy_clarity=0.1')")
    assert query(page)["strategy_clarity"] == "0.1"
