"""The page "Your data" in a real browser: upload a weekly file, use the fit, take the report."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from smm_sim import DEFAULT, calibrate, read_weekly_csv
from smm_sim.i18n import translate
from smm_sim.query import encode
from view.your_data import UPLOAD_KEY, UPLOADS

from .conftest import ROOT, settle

SAMPLE = ROOT / "data" / "samples" / "weekly_clean.csv"
BAD = ROOT / "tests" / "data" / "negative.csv"
VALUES = ".st-key-data-values [data-testid='stDataFrame']"


def open_page(server, page, lang: str = "en") -> None:
    page.goto(f"{server}/your_data?lang={lang}")
    settle(page, "h1")


def upload(page, key: str, path: Path) -> None:
    page.locator(f".st-key-{key} input[type='file']").set_input_files(str(path))
    page.wait_for_timeout(300)
    settle(page, "h1")


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_a_weekly_file_is_fitted_used_everywhere_and_reported(server, page, tmp_path):
    open_page(server, page)
    upload(page, "data-upload", SAMPLE)
    page.wait_for_selector(VALUES)
    expected = calibrate(read_weekly_csv(SAMPLE.read_bytes()), DEFAULT)
    summary = page.locator(".st-key-data-summary").inner_text()
    assert "weekly_clean.csv" in summary and "52" in summary
    for metric in ("engagements", "revenue"):
        assert page.locator(f".st-key-data-chart-{metric} canvas, "
                            f".st-key-data-chart-{metric} svg").count() > 0

    page.get_by_role("button", name=translate("data.fit.use", "en")).click()
    page.wait_for_selector("text=" + translate("data.fit.in_use", "en"))
    settle(page, "h1")
    params = query(page)
    for name, value in encode(expected.scenario).items():
        assert params[name] == value, name

    with page.expect_download() as download:
        page.get_by_role("button", name=translate("data.export.report", "en")).click()
    assert download.value.suggested_filename == "smm-sim-report.html"
    target = tmp_path / "report.html"
    download.value.save_as(target)
    report = target.read_text(encoding="utf-8")
    assert translate("data.report.title", "en") in report
    assert translate("data.report.fit_title", "en") in report  # the fitted scenario's report
    assert report.count("<figure role=img") == 4 and "<script" not in report


def test_a_bad_file_says_where_and_the_page_keeps_working(server, page):
    open_page(server, page)
    upload(page, "data-upload", BAD)
    error = page.locator(".st-key-data-error [data-testid='stAlert']").inner_text()
    assert "Row 6, column E" in error and "-12" in error
    assert page.locator("[data-testid='stException']").count() == 0
    upload(page, "data-upload", SAMPLE)  # the next file works
    page.wait_for_selector(VALUES)


def test_a_refused_files_message_names_it_and_goes_when_it_is_removed(server, page, tmp_path):
    """After the browser refused a file over 2 MB, the error about the file before stayed,
    under the refused file's name, as if it were about it; removing the file kept it too."""
    too_large = tmp_path / "too_large.csv"
    megabytes = UPLOADS[UPLOAD_KEY][1]
    too_large.write_bytes(b"week,hours\n" + b"1,2\n" * (300_000 * megabytes))  # 1.2 x the limit
    open_page(server, page)
    upload(page, "data-upload", BAD)
    error = page.locator(".st-key-data-error [data-testid='stAlert']")
    upload(page, "data-upload", too_large)
    widget = page.locator(".st-key-data-upload").inner_text()
    assert "too_large.csv" in widget and f"{megabytes:.1f}MB or smaller" in widget  # browser says
    assert translate("data.fit.refused", "en", file=BAD.name) in error.inner_text()
    page.get_by_role("button", name=f"Remove {BAD.name}").click()
    page.wait_for_timeout(300)
    settle(page, "h1")
    assert page.locator(".st-key-data-error").count() == 0
    assert "too_large.csv" in page.locator(".st-key-data-upload").inner_text()


def test_the_scenario_saves_and_loads_and_a_bad_file_changes_nothing(server, page, tmp_path):
    page.goto(f"{server}/your_data?hours_per_week=13&lang=es")
    settle(page, "h1")
    with page.expect_download() as download:
        page.get_by_role("button", name=translate("data.file.save", "es")).click()
    saved = tmp_path / "scenario.json"
    download.value.save_as(saved)
    assert '"hours_per_week": 13.0' in saved.read_text()

    broken = tmp_path / "broken.json"
    broken.write_text(saved.read_text().replace('"margin": 0.5', '"margin": 7'))
    upload(page, "data-scenario_file", broken)
    error = page.locator(".st-key-data-loaded [data-testid='stAlert']").inner_text()
    assert "(margin)" in error and "7" in error
    assert query(page)["hours_per_week"] == "13"
