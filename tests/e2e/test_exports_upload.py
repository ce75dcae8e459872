"""The platforms' own exports on the page "Your data", in a real browser: a Meta export, a
LinkedIn workbook and a GA4 report dropped together, previewed, fitted and applied."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from smm_sim.i18n import translate

from .conftest import ROOT, settle

EXPORTS = ROOT / "tests" / "data" / "exports"
FILES = ("meta_facebook_posts.csv", "linkedin_content.xlsx", "ga4_traffic_acquisition.csv")
VALUES = ".st-key-data-values [data-testid='stDataFrame']"


def en(key: str, **values) -> str:
    return translate(key, "en", **values)


def test_three_exports_are_previewed_fitted_and_change_the_scenario_when_applied(
        server, page, tmp_path):
    page.goto(f"{server}/your_data?lang=en")
    settle(page, "h1")
    before = parse_qs(urlparse(page.url).query)
    page.locator(".st-key-data-exports-section input[type='file']").set_input_files(
        [str(EXPORTS / name) for name in FILES])
    page.wait_for_selector(".st-key-data-exports-file-2")
    settle(page, "h1")
    preview = page.locator(".st-key-data-exports-section").inner_text()
    for name in FILES:
        assert name in preview
    for fmt in ("meta_facebook_posts", "linkedin_content_metrics", "linkedin_all_posts", "ga4"):
        assert en(f"exports.format.{fmt}") in preview
    assert "2026-01-07 to 2026-03-27, in 12 weeks from Monday 2026-01-05" in preview  # Meta
    page.locator(".st-key-data-exports-section").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "preview.png"))
    fit = page.get_by_role("button", name=en("exports.fit"))
    assert fit.is_disabled()  # no hours yet: no export has them

    page.get_by_role("spinbutton", name=en("exports.hours")).fill("8")
    page.keyboard.press("Enter")
    settle(page, "h1")
    for network in ("Facebook", "LinkedIn"):
        field = page.get_by_role("spinbutton", name=en("exports.followers", network=network))
        field.fill("1500")
        field.press("Enter")
        settle(page, "h1")
    page.get_by_role("button", name=en("exports.fit")).click()
    page.wait_for_selector(VALUES)
    settle(page, "h1")
    summary = page.locator(".st-key-data-summary").inner_text()
    assert FILES[0] in summary
    page.screenshot(path=str(tmp_path / "exports.png"), full_page=True)

    page.get_by_role("button", name=en("data.fit.use")).click()
    page.wait_for_selector("text=" + en("data.fit.in_use"))
    settle(page, "h1")
    after = parse_qs(urlparse(page.url).query)
    assert after != before  # the fitted values are now the scenario's, in the link
