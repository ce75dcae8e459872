"""What leaves the app: a CSV no spreadsheet will run, the report and the workshop slides."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import unicodedata
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from smm_sim import (DEFAULT, break_even_week, calibrate, mistakes_ranked, read_weekly_csv,
                     simulate)
from smm_sim.export import report_html, report_pdf, safe_cell, to_csv, weekly_csv
from smm_sim.formats import money, percent
from smm_sim.assessment import QUESTION_IDS
from smm_sim.report import language_name
from smm_sim.rooms import RoomSummary, summarise
from smm_sim.i18n import translate

from .strategies import PAYING


ROOT = Path(__file__).resolve().parents[1]
PLAIN_NUMBER = re.compile(r"-?\d+([.,]\d+)?")
HOSTILE = ["=1+1", "+1", "-1+2", "@SUM(A1:A9)", "\t=1", "\r=1", " =cmd|' /C calc'!A0",
           "=HYPERLINK(\"http://x\",\"y\")", "-", "@", "", "plain", "a=1",
           "\u00a0=1", "\u202f+1", "\u2007-1+2", "\u3000@SUM(A1:A9)", " \u00a0\t=1", "\n=1",
           "\x0b=1", "\x0c=1", "\u2028=1", "\u00a0plain"]
# What a spreadsheet passes over before it looks for a formula: every character Unicode calls
# a space or a line or paragraph break, and the ASCII tab, line and page controls.
SKIPPED_CATEGORIES = ("Zs", "Zl", "Zp")
SKIPPED_CONTROLS = "\t\n\x0b\x0c\r"


def cells(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter))


def starts_a_formula(cell: str) -> bool:
    """A spreadsheet runs a cell that starts with tab or return, or whose first character after
    any whitespace is = + - or @, unless it is a plain number (-12.5 is a number)."""
    if PLAIN_NUMBER.fullmatch(cell):
        return False
    # written out here, not taken from the code under test (OWASP's list for CSV injection)
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    first = next((c for c in cell if unicodedata.category(c) not in SKIPPED_CATEGORIES
                  and c not in SKIPPED_CONTROLS), "")
    return first in ("=", "+", "-", "@")


@pytest.mark.parametrize("text", HOSTILE)
def test_no_text_cell_can_start_a_formula(text):
    cell = safe_cell(text)
    assert not starts_a_formula(cell)
    assert cell == text or cell == "'" + text  # nothing is lost, only made inert


@given(hs.text(max_size=30))
def test_any_text_is_made_inert(text):
    assert not starts_a_formula(safe_cell(text))


@given(hs.text(hs.sampled_from(" \u00a0\u2007\u202f\u3000\u2028\t\n\r\x0b\x0c"), max_size=4),
       hs.sampled_from("=+-@"), hs.text(max_size=10))
def test_whitespace_of_any_kind_before_a_formula_does_not_hide_it(lead, start, rest):
    assert safe_cell(lead + start + rest) == "'" + lead + start + rest


@pytest.mark.parametrize("value, point, comma", [
    (-12.5, "-12.5", "-12,5"), (1234567.891234, "1234567.8912", "1234567,8912"), (0.0, "0", "0"),
    (-0.00001, "0", "0"), (3, "3", "3"), (float("nan"), "", ""), (np.float32(2.5), "2.5", "2,5")])
def test_numbers_stay_plain_numbers(value, point, comma):
    assert safe_cell(value) == point and safe_cell(value, ",") == comma


def test_a_frame_with_hostile_text_and_negative_numbers_is_safe_in_every_language():
    frame = pd.DataFrame({"=name": HOSTILE, "profit": np.linspace(-5000, 5000, len(HOSTILE))})
    for lang, delimiter in (("en", ","), ("it", ";"), ("es", ";")):
        rows = cells(to_csv(frame, lang), delimiter)
        assert rows[0][0] == "'=name"
        assert all(not starts_a_formula(c) for row in rows for c in row)
        assert [r[1] for r in rows[1:]][0] == ("-5000")


@pytest.mark.parametrize("lang, delimiter, decimal", [("en", ",", "."), ("it", ";", ","),
                                                      ("es", ";", ",")])
def test_the_weekly_series_opens_in_the_languages_spreadsheet_and_reads_back(lang, delimiter,
                                                                          decimal):
    data = weekly_csv(DEFAULT, 52, lang)
    rows = cells(data, delimiter)
    assert rows[0][:3] == ["week", "hours", "posts"] and len(rows) == 53
    assert all(not starts_a_formula(c) for row in rows for c in row)
    assert any(decimal in c for c in rows[1])
    frame = read_weekly_csv(data)  # our own reader takes our own export
    expected = simulate(DEFAULT, 52)
    assert np.allclose(frame["revenue"], expected["revenue"], atol=1e-4)
    assert list(frame["week"]) == list(range(1, 53))


@pytest.mark.parametrize("lang, delimiter", [("en", ","), ("it", ";"), ("es", ";")])
def test_the_weekly_series_counts_whole_posts_and_people_and_keeps_money_exact(lang, delimiter):
    rows = cells(weekly_csv(DEFAULT, 52, lang), delimiter)
    columns = {name: [float(r[i].replace(",", ".")) for r in rows[1:]]
               for i, name in enumerate(rows[0])}
    expected = simulate(DEFAULT, 52)
    for count in ("posts", "reach", "engagements", "followers", "clicks", "conversions"):
        assert all(v.is_integer() for v in columns[count]), count
    assert not expected["conversions"].map(float.is_integer).all()  # the engine's are not
    # The weeks still add up to the total, rounded; the followers at the end are as many.
    assert sum(columns["conversions"]) == round(expected["conversions"].sum())
    assert columns["followers"][-1] == round(expected["followers"].iloc[-1])
    assert np.allclose(columns["cost"], expected["cost"], atol=1e-4)
    assert not all(v.is_integer() for v in columns["cost"])  # money keeps its cents and more


# --- the report --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fitted():
    data = (ROOT / "data" / "samples" / "weekly_clean.csv").read_bytes()
    return calibrate(read_weekly_csv(data), DEFAULT)


def test_the_report_holds_the_key_figures_ranked_mistakes_and_sources():
    page = report_html(DEFAULT, 52, "en", today=date(2026, 1, 5))
    frame = simulate(DEFAULT, 52)
    assert money(frame["cum_profit"].iloc[-1], "USD") in page
    assert money(frame["cum_revenue"].iloc[-1], "USD") in page
    # The default never pays for itself within the year (docs/MODEL.md, section 8), and says so.
    assert break_even_week(frame) is None and translate("figure.never", "en") in page
    paying = report_html(PAYING, 52, "en")
    week = break_even_week(simulate(PAYING, 52))
    assert translate("figure.week", "en", week=week) in paying  # the week it pays for itself
    ranked = mistakes_ranked(DEFAULT, 52)
    titles = [translate(f"mistake.{m}.title", "en") for m in ranked["mistake"]]
    tables = page[page.index("<table"):]  # after the charts, whose ranking names them too
    positions = [tables.index(title) for title in titles]
    assert positions == sorted(positions)  # the most money at stake first
    assert money(ranked["at_stake"].iloc[0], "USD") in page
    assert money(ranked["profit"].iloc[0], "USD") in page  # and what the mistake costs
    # The cost of an hour moves profit most; its source is named, with how far to trust it
    assert "US Bureau of Labor Statistics, public relations specialists&#x27; wages (official " \
        "statistics)" in page
    assert translate("source.assumption", "en") in page  # and our own guesses, said as such
    assert page.count("<figure role=img") == 4 and "January 5, 2026" in page


def test_the_report_is_self_contained_and_runs_nothing():
    page = report_html(DEFAULT, 26, "en")
    assert "<script" not in page.lower() and "src=" not in page and "href=" not in page
    assert "://" not in re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[\w/]+"', "", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_the_report_escapes_what_the_user_typed(fitted):
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    page = report_html(fitted.scenario, 52, "en", fitted, prepared_for=hostile,
                       data_name='"><b>file</b>.csv')
    assert "<script>" not in page and "<img" not in page and "<b>file" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page
    assert "&quot;&gt;&lt;b&gt;file&lt;/b&gt;.csv" in page


def test_the_report_says_how_the_fit_went_when_it_is_of_the_fitted_scenario(fitted):
    page = report_html(fitted.scenario, 52, "en", fitted, data_name="weekly_clean.csv")
    assert translate("data.report.fit_title", "en") in page
    assert translate("data.report.fitted_source", "en", file="weekly_clean.csv") in page
    assert translate("data.report.fit_chart", "en") in page
    other = report_html(fitted.scenario.replace(hours_per_week=20.0), 52, "en", fitted)
    assert translate("data.report.fit_title", "en") not in other


@pytest.mark.parametrize("lang", ["it", "es"])
def test_the_report_reads_in_the_chosen_language_with_its_numbers(lang):
    page = report_html(DEFAULT.replace(currency="EUR"), 52, lang, prepared_for="Direzione")
    assert f'<html lang="{lang}">' in page
    assert translate("data.report.title", lang) in page
    assert translate("data.report.title", "en") not in page
    profit = simulate(DEFAULT, 52)["cum_profit"].iloc[-1]
    assert f"{profit:,.0f} €".replace(",", ".") in page  # 1.605 € in Italian and Spanish


def test_extreme_numbers_are_written_not_crashed_on():
    """Babel cannot round a number beyond 28 digits; E notation can."""
    from smm_sim.formats import money, number, percent
    assert number(1e240, "it") == "1E240" and percent(float("nan")) == "–"
    assert money(-2e300, "EUR", "en") == "-2E300 EUR"


@pytest.mark.parametrize("share, signed, lang, shown", [
    (0.0123, True, "en", "+1.2%"), (-0.0123, True, "it", "-1,2%"), (0.0123, False, "en", "1.2%"),
    (-0.0004, True, "en", "0.0%"), (0.0004, True, "es", "0,0%"), (float("nan"), True, "en", "–"),
    (float("inf"), True, "en", "–"), (None, False, "en", "–")])
def test_a_fits_gap_and_bias_read_in_percent_with_a_sign_only_off_zero(share, signed, lang, shown):
    """The report and the data page write a fit's WAPE and bias alike: no "-0.0%", no "+0.0%"."""
    from smm_sim.formats import deviation
    assert deviation(share, lang, signed) == shown


def test_a_report_on_a_programme_costing_next_to_nothing_is_written():
    page = report_html(DEFAULT.replace(hourly_cost=2e-242, tool_cost=0.0), 52, "es")
    assert translate("data.report.title", "es") in page


# --- the report as PDF -------------------------------------------------------------------------
LINK = "https://smm-sim.example/?lang={lang}&hours_per_week=12&name=%3Cb%3E"
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})  # text extraction keeps no hard spaces


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages).translate(SPACES)


def pdf_pages(pdf: bytes, tmp_path: Path, dpi: int = 40) -> list:
    """The PDF's pages as poppler draws them (pdftoppm), as RGB arrays."""
    import subprocess

    from PIL import Image
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(tmp_path / "report.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    return [np.asarray(Image.open(p).convert("RGB")) for p in sorted(tmp_path.glob("page*.png"))]


@pytest.mark.parametrize("lang, currency, symbol", [("en", "GBP", "£"), ("it", "EUR", "€"),
                                                    ("es", "USD", "US$")])
def test_the_pdf_says_what_the_pages_say_in_the_language(lang, currency, symbol, tmp_path):
    scenario = PAYING.replace(currency=currency)
    pdf = report_pdf(scenario, 52, lang, prepared_for="Dirección Ñandú", today=date(2026, 1, 5),
                     link=LINK.format(lang=lang))
    text = pdf_text(pdf)
    frame = simulate(scenario, 52)
    # The key figures as the home page writes them (view/text.py: formats with the language).
    for shown in (money(frame["cum_profit"].iloc[-1], currency, lang),
                  money(frame["cum_revenue"].iloc[-1], currency, lang),
                  percent(frame["roi"].iloc[-1], lang),
                  translate("figure.week", lang, week=break_even_week(frame))):
        assert shown.translate(SPACES) in text
    assert symbol in text and "Dirección Ñandú" in text
    assert translate("report.language", lang, language=language_name(lang)) in text
    assert LINK.format(lang=lang) in text.replace(" ", "")  # long lines wrap where they may
    ranked = mistakes_ranked(scenario, 52)
    titles = [translate(f"mistake.{m}.title", lang) for m in ranked["mistake"]]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)  # the most money at stake first
    assert money(ranked["at_stake"].iloc[0], currency, lang).translate(SPACES) in text
    assert translate("report.settings_title", lang) in text
    assert translate("field.hourly_cost.label", lang) in text
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) >= 2
    red, green, blue = pages[0].astype(int).transpose(2, 0, 1)
    assert ((blue - red > 80) & (green < blue)).sum() > 200  # the charts' blue lines and bands
    first = pages[0].astype(int)
    black = (first.sum(axis=2) < 60).sum()
    assert black > 150  # and the QR code's black modules (the text's ink is lighter: none)


def test_the_pdf_carries_its_font_and_its_language():
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(report_pdf(DEFAULT.replace(currency="EUR"), 26, "it")))
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("SourceSans" in str(f["/BaseFont"]) for f in fonts)
    descriptors = [f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts]
    assert all("/FontFile2" in d for d in descriptors)  # embedded: no system font assumed
    assert reader.trailer["/Root"]["/Lang"] == "it"
    assert "€" in reader.pages[0].extract_text()


def test_the_pdf_says_how_the_fit_went_and_its_backtest_when_there_is_one(fitted):
    text = pdf_text(report_pdf(fitted.scenario, 52, "en", fitted, data_name="weekly_clean.csv"))
    assert translate("data.report.fit_title", "en") in text
    assert translate("data.report.fitted_source", "en", file="weekly_clean.csv") in text
    assert len(fitted.backtest_summary)  # a year of weeks: the last 13 held out
    assert translate("report.backtest_title", "en") in text
    revenue = fitted.backtest_summary.set_index("metric").loc["revenue"]
    assert f"{int(revenue.inside)} / {int(revenue.weeks)}" in text
    untested = dataclasses.replace(fitted, backtest_summary=fitted.backtest_summary.iloc[:0])
    text = pdf_text(report_pdf(untested.scenario, 52, "en", untested))
    assert translate("report.backtest_title", "en") not in text


def test_the_html_report_carries_the_link_as_text_and_qr_only():
    link = "https://smm-sim.example/?x=%3Cscript%3E&y=<b>"
    page = report_html(DEFAULT, 26, "en", link=link)
    assert html.escape(link) in page and "<b>" not in page
    assert "href=" not in page and "<script" not in page.lower()
    assert page.count("<svg") == 5  # four charts and the QR code


def a_room(lang: str) -> RoomSummary:
    """A room of three on the default company: two who say nobody owns the programme, one
    (with markup for a nickname) who says someone does; one left a question open."""
    answers = [{q: "no" for q in QUESTION_IDS}, {q: "no" for q in QUESTION_IDS},
               {q: "yes" for q in QUESTION_IDS[1:]}]
    people = list(zip(["Zorblax", None, "<b>Quixby</b>"], answers))
    return summarise("ABCD2345", "token", lang, 52, DEFAULT, QUESTION_IDS, 0.0, False, people)


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_the_report_from_a_room_carries_its_diagnosis_without_nicknames(lang):
    room = a_room(lang)
    text = pdf_text(report_pdf(room.scenario, 52, lang, room=room))
    assert translate("report.room.stakes_title", lang, code="ABCD-2345", weeks=52) in text
    assert translate("report.room.intro", lang, joined="3", finished="2") in text
    first = room.stakes.iloc[0]  # the most money at stake, as the projector ranks it
    assert money(first["at_stake"], DEFAULT.currency, lang).translate(SPACES) in text
    assert translate("room.view.spread_title", lang) in text
    assert "Zorblax" not in text and "Quixby" not in text
    page = report_html(room.scenario, 52, lang, room=room)
    assert translate("report.room.disagreement_note", lang) in html.unescape(page)
    assert "Quixby" not in page
    plain = pdf_text(report_pdf(room.scenario, 52, lang))
    assert translate("room.view.spread_title", lang) not in plain  # no room, no room section


# --- the workshop's slides ---------------------------------------------------------------------
@pytest.mark.parametrize("order, notes", [("cost", True), ("articles", False)])
def test_the_slides_are_the_workshops_one_per_page_in_its_order(order, notes):
    from pypdf import PdfReader

    from smm_sim import MISTAKE_IDS
    from smm_sim.report_slides import slides_pdf
    lang = "es"
    reader = PdfReader(io.BytesIO(slides_pdf(PAYING.replace(currency="EUR"), 52, lang, order,
                                             notes)))
    pages = [" ".join(p.extract_text().split()).translate(SPACES) for p in reader.pages]
    ids = list(mistakes_ranked(PAYING, 52)["mistake"]) if order == "cost" else list(MISTAKE_IDS)
    assert len(pages) == len(ids) + 2  # an opening, a slide per mistake, a closing
    assert translate("workshop.opening.title", lang) in pages[0]
    assert money(simulate(PAYING, 52)["cum_profit"].iloc[-1], "EUR", lang).translate(SPACES) \
        in pages[0]  # the opening's profit, as the workshop writes it
    for page, mistake_id in zip(pages[1:-1], ids):
        assert translate(f"mistake.{mistake_id}.title", lang) in page
        assert translate(f"workshop.{mistake_id}.headline", lang) in page
    assert translate("workshop.closing.title", lang) in pages[-1]
    note = translate("workshop.opening.notes", lang)[0]
    assert (note in pages[0]) is notes  # the facilitator's notes only when asked for
    assert all(abs(float(p.mediabox.width) - 842) < 1 for p in reader.pages)  # landscape A4


def test_a_chart_file_draws_its_texts_in_the_pages_font():
    """vl-convert draws no text at all for a font it lacks: a title must change the PNG."""
    from smm_sim import charts
    frame = simulate(DEFAULT, 12)

    def png(title: str) -> bytes:
        return charts.to_png(charts.series_chart(frame, "followers", title, "Semana", "€ £ ñ"),
                             "es")
    assert png("Seguidores: año") != png("")
    svg = charts.to_svg(charts.series_chart(frame, "followers", "T", "W", "F"), "es")
    assert 'font-family="Source Sans Pro, ' in svg  # and fallbacks where a browser lacks it
