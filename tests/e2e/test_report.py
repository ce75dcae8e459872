"""The report a reader takes from the data page: the PDF says what the pages said."""

from __future__ import annotations

from smm_sim.i18n import translate

from ..test_export import SPACES, pdf_text
from .conftest import settle

FIGURES = ".st-key-key-figures [data-testid='stMetricValue']"


def test_the_pdf_from_the_data_page_has_the_home_pages_figures_and_link(server, page, tmp_path):
    scenario = "lang=it&hours_per_week=12&consistency=0.8"
    page.goto(f"{server}/?{scenario}")
    settle(page)
    profit, roi = (page.locator(FIGURES).nth(i).inner_text() for i in (0, 1))
    page.goto(f"{server}/your_data?{scenario}")
    settle(page, ".st-key-data-report-files button")
    with page.expect_download() as download:
        page.get_by_role("button", name=translate("report.pdf", "it")).click()
    assert download.value.suggested_filename == "smm-sim-report.pdf"
    target = tmp_path / "report.pdf"
    download.value.save_as(target)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert translate("data.report.title", "it") in text
    assert profit.translate(SPACES) in text and roi.translate(SPACES) in text
    link = text.replace(" ", "")
    assert f"{server}/?" in link and "hours_per_week=12" in link and "consistency=0.8" in link


def test_a_chart_downloads_as_png_and_svg_from_its_table(server, page, tmp_path):
    page.goto(f"{server}/no_goals?lang=es")
    settle(page, ".st-key-chart-compare-profit [data-testid='stExpander']")
    page.locator(".st-key-chart-compare-profit [data-testid='stExpander'] summary").click()
    files = ".st-key-chart-files-chart-compare-profit"
    settle(page, f"{files} button")
    saved = {}
    for kind in ("png", "svg"):
        with page.expect_download() as download:
            page.get_by_role("button", name=translate(f"chart_file.{kind}", "es")).first.click()
        assert download.value.suggested_filename == f"chart-compare-profit.{kind}"
        download.value.save_as(tmp_path / kind)
        saved[kind] = (tmp_path / kind).read_bytes()
    assert saved["png"].startswith(b"\x89PNG")
    svg = saved["svg"].decode("utf-8")
    # The chart the page draws: its translated title, its numbers with the Spanish marks.
    assert svg.startswith("<svg") and translate("chart.compare_cum_profit", "es") in svg
    assert "<script" not in svg and ".000" in svg


def test_the_workshop_hands_out_its_slides_with_the_notes_when_ticked(server, page, tmp_path):
    from pypdf import PdfReader
    page.goto(f"{server}/workshop?lang=it")
    settle(page, ".st-key-workshop-slides-file button")
    page.locator(".st-key-workshop-slides-file [data-testid='stCheckbox'] label").click()
    settle(page, ".st-key-workshop-slides-file button")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=translate("report.slides", "it")).click()
    assert download.value.suggested_filename == "smm-sim-workshop.pdf"
    download.value.save_as(tmp_path / "slides.pdf")
    reader = PdfReader(tmp_path / "slides.pdf")
    first = reader.pages[0].extract_text()
    assert len(reader.pages) == 13 and translate("workshop.opening.title", "it") in first
    assert translate("workshop.notes_title", "it") in first


def test_the_home_pages_charts_download_from_its_table(server, page, tmp_path):
    page.goto(f"{server}/?lang=it")
    settle(page)
    page.locator(".st-key-home-table summary").click()
    settle(page, ".st-key-chart-files-chart-roi button")
    with page.expect_download() as download:
        page.locator(".st-key-chart-files-chart-roi button").last.click()
    assert download.value.suggested_filename == "chart-roi.svg"
    download.value.save_as(tmp_path / "roi.svg")
    svg = (tmp_path / "roi.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and translate("chart.roi", "it") in svg
    assert "%" in svg  # its axis in percent, drawn from the page's data
