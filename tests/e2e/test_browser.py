"""What a person sees in a real browser: pages open, levers move figures, scenarios travel."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

import smm_sim
from smm_sim import DEFAULT, MISTAKE_IDS, MISTAKES
from smm_sim.formats import money
from view import pages

from .conftest import settle

FIGURES = ".st-key-key-figures [data-testid='stMetricValue']"
COST = ".st-key-mistake-cost [data-testid='stMetricValue']"


def hours_input(page, where: str = "home"):
    return page.locator(f".st-key-lever-{where}-hours_per_week input")


def slider_value(page, where: str = "home") -> float:
    return float(hours_input(page, where).first.get_attribute("aria-valuetext").replace(",", ""))


def move_hours(page, steps: int, where: str = "home") -> None:
    handle = hours_input(page, where).first
    handle.focus()
    for _ in range(steps):
        handle.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stApp']\").dataset.testScriptState"
        " === 'notRunning'")
    page.wait_for_timeout(800)


def profit_text(page) -> str:
    return page.locator(FIGURES).first.inner_text()


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


TOOL_PAGES = [p.id for p in pages.of_kind("tool")]


@pytest.mark.parametrize("path", [""] + [m.id for m in MISTAKES] + TOOL_PAGES)
def test_every_page_opens_without_an_error(server, page, path):
    page.goto(f"{server}/{path}")
    settle(page, COST if path in MISTAKE_IDS else FIGURES if not path else "h1")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.is_visible()
    if path in MISTAKE_IDS:
        assert page.locator("h1").first.inner_text().startswith(
            smm_sim.mistakes.mistake(path).title("en"))


def test_moving_a_lever_redraws_the_key_figure_and_the_chart(server, page):
    page.goto(server)
    settle(page)
    before_figure = profit_text(page)
    chart = page.locator(".st-key-chart-engagements")
    before_chart = chart.screenshot()
    move_hours(page, 8)  # 8 steps of half an hour: 8 → 12 hours
    settle(page)
    expected = smm_sim.simulate(DEFAULT.replace(hours_per_week=12.0))["cum_profit"].iloc[-1]
    assert profit_text(page) == money(expected, "USD") != before_figure
    assert chart.screenshot() != before_chart
    assert query(page)["hours_per_week"] == "12"


def test_a_lever_keeps_its_value_across_pages_and_a_refresh(server, page):
    page.goto(server)
    settle(page)
    move_hours(page, 4)  # 10 hours
    settle(page)
    page.locator("[data-testid='stSidebar'] a[href*='no_focus']").click()
    settle(page, COST)
    assert slider_value(page, "sidebar") == 10.0
    page.locator("[data-testid='stSidebar'] a[data-testid='stPageLink-NavLink']").first.click()
    settle(page)
    assert slider_value(page) == 10.0
    page.reload()
    settle(page)
    assert slider_value(page) == 10.0


def test_a_shared_link_opens_the_same_scenario(server, page):
    page.goto(f"{server}/?hours_per_week=12&consistency=0.8&weeks=104")
    settle(page)
    assert slider_value(page) == 12.0
    scenario = DEFAULT.replace(hours_per_week=12.0, consistency=0.8)
    expected = smm_sim.simulate(scenario, 104)["cum_profit"].iloc[-1]
    assert profit_text(page) == money(expected, "USD")
    page.locator(".st-key-share-link summary").click()  # the panel is built when opened
    shared = page.locator(".st-key-share-link [data-testid='stCode']").inner_text()
    assert re.search(r"hours_per_week=12\b", shared) and "consistency=0.8" in shared


def _foreign_phrases(lang: str) -> set[str]:
    """Catalog texts of the other languages that must never show on a page in ``lang``."""
    from smm_sim.i18n import LANGUAGES, catalog
    own = {v for v in catalog(lang).values() if isinstance(v, str)}
    phrases = set()
    for other in LANGUAGES:
        if other == lang:
            continue
        for value in catalog(other).values():
            if isinstance(value, str) and len(value) >= 12 and "{" not in value \
                    and value not in own:
                phrases.add(value)
    # a phrase inside one of the language's own texts ("follower per post") proves nothing
    return {p for p in phrases if not any(p in text for text in own)}


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_every_page_reads_only_in_the_chosen_language(server, page, lang):
    from smm_sim.i18n import translate
    phrases = _foreign_phrases(lang)
    for path in [""] + [m.id for m in MISTAKES] + TOOL_PAGES:
        page.goto(f"{server}/{path}?lang={lang}")
        settle(page, COST if path in MISTAKE_IDS else FIGURES if not path else "h1")
        text = page.locator("[data-testid='stApp']").inner_text()
        leaked = sorted(p for p in phrases if p in text)
        assert leaked == [], f"/{path}: {leaked[:5]}"
        if path in MISTAKE_IDS or not path:
            expected = (translate(f"mistake.{path}.title", lang) if path
                        else translate("home.title", lang))
            assert page.locator("h1").first.inner_text().startswith(expected)


def test_the_browser_language_is_the_default(server, browser):
    context = browser.new_context(locale="it-IT")
    page = context.new_page()
    page.goto(server)
    settle(page)
    from smm_sim.i18n import translate
    assert page.locator("h1").first.inner_text().startswith(translate("home.title", "it"))
    assert query(page)["lang"] == "it"
    context.close()


def _background_luminance(page) -> float:
    """Relative luminance (0 black, 1 white) of the app's background as the browser paints it."""
    rgb = page.evaluate("""() => getComputedStyle(document.querySelector("[data-testid='stApp']"))
                           .backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)""")
    return sum(w * c / 255 for w, c in zip((0.2126, 0.7152, 0.0722), rgb))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_app_follows_the_readers_light_or_dark_setting(server, browser, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    page.goto(server)
    settle(page)
    luminance = _background_luminance(page)
    context.close()
    assert (luminance > 0.8) if scheme == "light" else (luminance < 0.2)


def test_on_a_phone_the_key_figures_stack_inside_the_screen(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server)
    settle(page)
    boxes = [page.locator(FIGURES).nth(i).bounding_box() for i in range(5)]
    charts = page.locator(".st-key-chart-roi").bounding_box()
    context.close()
    assert all(0 <= b["x"] and b["x"] + b["width"] <= 390 for b in boxes)
    assert charts["width"] <= 390
