"""The page "Your data" through Streamlit's AppTest, with the real files of tests/data."""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

import pytest
from streamlit.testing.v1 import AppTest

from smm_sim import DEFAULT
from smm_sim.excerpt import FILE_NAME_CHARS, excerpt
from smm_sim.fit import calibrate
from smm_sim.weekly_file import (MAX_FILE_BYTES, MAX_FILE_MB, MAX_WEEKS, MEGABYTE, DataFileError,
                                 message, read_weekly_csv)
from smm_sim.formats import field_value
from smm_sim.i18n import translate
from smm_sim.query import encode
from view import engine, your_data
from view.text import plain

from .apptest import ROOT, open_app

DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "data" / "samples"
PAGE = "pages/24_your_data.py"
pytestmark = pytest.mark.usefixtures("clear_streamlit_cache")


def start(**params: str) -> AppTest:
    return open_app(PAGE, **params)


def upload(at: AppTest, key: str, path: Path, name: str | None = None) -> AppTest:
    at.file_uploader(key=key).set_value((name or path.name, path.read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def scenario_params(at: AppTest) -> dict[str, str]:
    """The link's scenario fields (not the language, nor the marker that a file was fitted)."""
    return {k: at.query_params[k] for k in at.query_params if k in your_data.FIELDS}


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_the_page_opens_with_its_three_parts():
    at = start()
    assert at.title[0].value == translate("data.title", "en")
    assert [s.value for s in at.subheader] == [translate(k, "en") for k in (
        "data.fit.title", "data.file.title", "data.export.title")]
    assert len(at.get("file_uploader")) == 3  # the weekly file, the exports, a scenario
    labels = [b.label for b in at.get("download_button")]
    assert translate("data.file.save", "en") in labels
    assert translate("data.export.report", "en") in labels
    assert translate("data.export.csv", "en", weeks=52) in labels


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_the_fit_asks_for_the_levers_first_in_the_readers_language(lang):
    """A file of totals cannot tell consistency or personalisation from the engagement level
    (the recovery study): the page says so before anyone uploads."""
    assert translate("data.fit.levers_first", lang) in texts(start(lang=lang).caption)


def test_a_sample_is_fitted_shown_and_used_on_every_page():
    at = start()
    path = SAMPLES / "weekly_messy_it.csv"
    upload(at, "data.upload", path)
    expected = calibrate(read_weekly_csv(path.read_bytes()), DEFAULT)
    assert translate("data.fit.done", "en", file=plain(path.name), rows=58,
                     weeks=60) in texts(at.success)
    notes = at.info[0].value
    assert "semicolons" in notes and "2024\\-08\\-12" in notes  # what was detected, escaped
    values = at.dataframe[0].value
    assert len(values) == len(expected.values)
    assert values.iloc[0, 0] == translate("field.hours_per_week.label", "en")
    assert scenario_params(at) == {}  # shown, not yet used
    at.button(key="data.fit.use").click().run()
    assert scenario_params(at) == encode(expected.scenario)
    assert translate("data.fit.in_use", "en") in texts(at.success)
    at.switch_page("app.py").run()  # the simulator now runs on the fitted scenario
    assert at.slider(key="lever.home.hours_per_week").value == expected.scenario.hours_per_week


def test_the_sample_button_fits_without_an_upload():
    at = start()
    at.selectbox(key="data.sample").set_value("weekly_dates").run()
    at.button(key="data.sample.use").click().run()
    assert not at.exception
    assert any("weekly\\_dates\\.csv" in s for s in texts(at.success))
    # Fitted values, goodness of fit, what the data taught, the forecast of held-out weeks.
    assert len(at.dataframe) == 4
    taught = at.dataframe[2].value[translate("data.fit.learned_col", "en")]
    assert set(taught) == {translate("data.fit.learned", "en"),
                           translate("data.fit.assumption", "en")}
    assert len(at.dataframe[3].value) == 6  # the file's six metrics, each forecast
    assert not at.session_state["data.result"].calibration.backtest.empty


BAD = ["empty.csv", "latin1.csv", "workbook_saved_as.csv", "negative.csv", "not_a_number.csv",
       "too_many_columns.csv", "ragged.csv", "duplicate_weeks.csv", "bad_date.csv",
       "missing_columns.csv", "unclosed_quote.csv"]


@pytest.mark.parametrize("name", BAD)
def test_a_bad_file_gets_its_message_and_the_app_keeps_working(name):
    at = start(hours_per_week="12")
    before = scenario_params(at)
    upload(at, "data.upload", DATA / name)
    with pytest.raises(DataFileError) as err:
        read_weekly_csv((DATA / name).read_bytes())
    shown = message(err.value.key, err.value.details, "en", escape=your_data.plain)
    named = translate("data.fit.refused", "en", file=plain(name))
    assert texts(at.error) == [f"**{named}**\n\n{shown}"]
    assert scenario_params(at) == before
    at.slider(key="lever.sidebar.hours_per_week").set_value(14.0).run()  # still working
    assert not at.exception and at.query_params["hours_per_week"] == "14"


def test_a_bad_file_after_a_good_one_replaces_the_result_not_the_scenario():
    at = start()
    upload(at, "data.upload", SAMPLES / "weekly_clean.csv")
    at.button(key="data.fit.use").click().run()
    fitted = scenario_params(at)
    upload(at, "data.upload", DATA / "negative.csv")
    assert len(at.error) == 1 and scenario_params(at) == fitted


@pytest.mark.parametrize("key, refused, made", [
    ("data.upload", DATA / "negative.csv", SAMPLES / "weekly_clean.csv"),
    ("data.scenario_file", DATA / "scenario_wrong_type.json", DATA / "scenario_valid.json")])
def test_a_refusal_goes_with_its_file_and_what_was_made_stays(key, refused, made):
    """Removing a refused file from its widget kept the refusal, about no file shown there."""
    at = upload(start(), key, refused)
    assert len(at.error) == 1
    at.file_uploader(key=key).set_value(None).run()
    assert not at.error and not at.exception
    upload(at, key, made)
    assert len(at.success) == 1
    at.file_uploader(key=key).set_value(None).run()
    assert len(at.success) == 1  # the fit or the loaded scenario is the user's work: it stays


def test_messages_follow_the_language():
    at = start(lang="es")
    upload(at, "data.upload", DATA / "negative.csv")
    err = at.error[0].value
    named = translate("data.fit.refused", "es", file=plain("negative.csv"))
    assert err.startswith(f"**{named}**")  # the file it is about, first
    assert "Fila 6, columna E" in err and "negativo" in err


def test_the_file_name_and_cells_cannot_inject_markdown():
    at = start()
    name = "[click](javascript:alert(1)).csv"
    upload(at, "data.upload", DATA / "not_a_number.csv", name=name)
    escaped = "\\[click\\]\\(javascript\\:alert\\(1\\)\\)\\.csv"
    assert translate("data.fit.refused", "en", file=escaped) in at.error[0].value
    assert plain("**a** <b> $x$ `c`") == "\\*\\*a\\*\\* \\<b\\> \\$x\\$ \\`c\\`"


def test_a_saved_scenario_loads_and_becomes_the_scenario():
    at = start()
    upload(at, "data.scenario_file", DATA / "scenario_valid.json")
    assert at.query_params["hours_per_week"] == "12.5"
    assert at.query_params["consistency"] == "0.8"
    assert translate("data.file.loaded", "en", file="scenario\\_valid\\.json", count=2) \
        in texts(at.success)


@pytest.mark.parametrize("name, words", [
    ("scenario_unknown_field.json", ["colour"]),
    ("scenario_wrong_type.json", ["Hours a week (hours_per_week)", "twelve"]),
    ("scenario_out_of_range.json", ["Gross margin (margin)", "1\\.5", "0 – 1"]),
    ("scenario_not_json.json", ["line 4"]),
    ("scenario_future_version.json", ["schema_version is 4"]),
])
def test_a_refused_scenario_file_names_the_problem_and_changes_nothing(name, words):
    at = start(hours_per_week="9")
    before = scenario_params(at)
    upload(at, "data.scenario_file", DATA / name)
    error = at.error[0].value
    assert all(w in error for w in words), error
    assert scenario_params(at) == before
    named = translate("data.file.refused", "en", file=plain(name))
    assert error.startswith(f"**{named}**\n\n"), error  # the file it is about, in the message


def test_the_scenario_file_widget_refuses_a_huge_file_without_reading_it():
    at = start()
    big = b"{" + b" " * (your_data.MAX_SCENARIO_BYTES + 1) + b"}"
    at.file_uploader(key="data.scenario_file").set_value(("big.json", big, "application/json"))
    at.run()
    assert at.error[0].value.endswith(translate("data.load.error.size", "en", megabytes="1"))


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_refused_scenario_file_is_named_in_its_message_cut_to_length(lang):
    """The name stood only in a caption under the message; a long one is cut as every quote."""
    long_name = "q3 plan " + "x" * 90 + ".json"
    at = upload(start(lang=lang), "data.scenario_file", DATA / "scenario_wrong_type.json",
                name=long_name)
    shown = excerpt(long_name, FILE_NAME_CHARS)
    assert len(shown) == FILE_NAME_CHARS and shown.endswith("…")
    named = translate("data.file.refused", lang, file=plain(shown))
    assert at.error[0].value.startswith(f"**{named}**\n\n")
    assert long_name not in at.error[0].value


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_every_upload_limit_says_the_figure_the_widget_and_the_reader_apply(lang):
    at = start(lang=lang)
    weekly = next(w for w in at.get("file_uploader") if w.proto.label == translate(
        "data.upload.label", lang)).proto
    saved = next(w for w in at.get("file_uploader") if w.proto.label == translate(
        "data.file.load", lang)).proto
    # The widget's own limit is the reader's, in Streamlit's megabytes.
    assert weekly.max_upload_size_mb * MEGABYTE == MAX_FILE_BYTES
    assert saved.max_upload_size_mb * MEGABYTE == your_data.MAX_SCENARIO_BYTES
    assert f"{weekly.max_upload_size_mb} MB" in weekly.help
    assert f"{saved.max_upload_size_mb} MB" in saved.help
    fit_format = translate("data.fit.format", lang, megabytes=str(weekly.max_upload_size_mb),
                           weeks=str(MAX_WEEKS))
    assert fit_format in texts(at.caption)
    too_big = message("data.error.too_large", {"limit": MAX_FILE_MB}, lang)
    assert f"{weekly.max_upload_size_mb} MB" in too_big


def test_the_tables_put_fitted_values_beside_the_scenario():
    result = calibrate(read_weekly_csv((SAMPLES / "weekly_clean.csv").read_bytes()), DEFAULT)
    at = start()  # the tables read the language of a running session
    upload(at, "data.upload", SAMPLES / "weekly_clean.csv")
    values, goodness, taught, _ = (d.value for d in at.dataframe)
    row = values[values.iloc[:, 0] == translate("field.order_value.label", "en")].iloc[0]
    order = next(v for v in result.values if v.field == "order_value")
    assert row.iloc[2] == "$80.00" and row.iloc[3] == field_value("order_value", order.fitted,
                                                                   "USD", "en")
    assert " – " in row.iloc[5]
    metrics = [translate(f"metric.{m}", "en") for m in result.fit["metric"]]
    assert list(goodness.iloc[:, 0]) == metrics
    # Each fitted field's range before and with the data, in the values' own format.
    row = taught[taught.iloc[:, 0] == translate("field.conversion_scale.label", "en")].iloc[0]
    shown = at.session_state["data.result"].calibration  # fitted in its own process
    posterior = next(r for r in shown.posterior.itertuples() if r.field == "conversion_scale")
    assert row.iloc[2] == " – ".join(field_value("conversion_scale", q, "USD", "en")
                                     for q in (posterior.p10, posterior.p90))
    assert row.iloc[3] == translate("data.fit.learned", "en")


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours written #RRGGBB."""
    def luminance(colour: str) -> float:
        c = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_companys_own_numbers_show_on_a_light_and_a_dark_background():
    result = calibrate(read_weekly_csv((SAMPLES / "weekly_clean.csv").read_bytes()), DEFAULT)
    names = {"data": "Your numbers", "before": "Before", "fitted": "Fitted"}
    spec = your_data.fit_chart(result.comparison, "posts", "Week", "Posts", names).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    dots = scale["range"][scale["domain"].index("Your numbers")]
    for background in ("#FFFFFF", "#0E1117"):  # Streamlit's light and dark theme
        assert _contrast(dots, background) >= 3, background


def test_a_loaded_file_keeps_its_scenario_exactly():
    scenario = DEFAULT.replace(hours_per_week=12.34, networks=(("linkedin", 1.0, 777),),
                               currency="EUR")
    at = start()
    at.file_uploader(key="data.scenario_file").set_value(
        ("mine.json", scenario.to_json().encode(), "application/json")).run()
    assert at.session_state["scenario"] == scenario
    assert at.query_params["networks"] == "linkedin:1:777"
    assert at.query_params["currency"] == "EUR"


NBSP_ONLY = "\u00a0\u2028\u00a0".encode()


def huge_followers_file() -> bytes:
    """The clean sample with one week's followers beyond what a network may hold."""
    lines = (SAMPLES / "weekly_clean.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("followers")] = "900000000"
    return "\n".join([lines[0], ",".join(cells)] + lines[2:]).encode()


@pytest.mark.parametrize("data,key", [(NBSP_ONLY, "data.error.empty"),
                                      (huge_followers_file(), "data.error.too_many_followers")],
                         ids=["only-unicode-blanks", "followers-beyond-the-model"])
def test_odd_weekly_files_are_refused_with_a_message(data, key):
    at = start()
    before = scenario_params(at)
    at.file_uploader(key="data.upload").set_value(("odd.csv", data, "text/csv")).run()
    assert not at.exception
    assert [e.value for e in at.error] and at.session_state["data.result"].error == key
    assert scenario_params(at) == before


@pytest.mark.parametrize("edit", ["huge-number", "list-as-network"])
def test_odd_scenario_files_are_refused_and_the_scenario_kept(edit):
    saved = json.loads(DEFAULT.replace(hours_per_week=15.0).to_json())
    if edit == "huge-number":
        text = json.dumps(saved).replace('"consistency": 0.6', '"consistency": ' + "9" * 400)
    else:
        saved["scenario"]["networks"][0][0] = ["instagram"]
        text = json.dumps(saved)
    at = start(hours_per_week="10")
    before = scenario_params(at)
    at.file_uploader(key="data.scenario_file").set_value(
        ("odd.json", text.encode(), "application/json")).run()
    assert not at.exception and at.error
    assert scenario_params(at) == before


def test_using_a_fit_keeps_the_levers_moved_after_it():
    at = start()
    upload(at, "data.upload", SAMPLES / "weekly_clean.csv")
    fitted = at.session_state["data.result"].calibration
    at.slider(key="lever.sidebar.consistency").set_value(95.0).run()
    at.button(key="data.fit.use").click().run()
    now = at.session_state["scenario"]
    assert now.consistency == 0.95
    assert now.hours_per_week == fitted.scenario.hours_per_week != DEFAULT.hours_per_week


def refused(text: str, lang: str = "en") -> str:
    at = start(hours_per_week="9", lang=lang)
    before = scenario_params(at)
    at.file_uploader(key="data.scenario_file").set_value(
        ("s.json", text.encode(), "application/json")).run()
    assert not at.exception and scenario_params(at) == before
    head = f"**{translate('data.file.refused', lang, file=plain('s.json'))}**\n\n"
    error = at.error[0].value
    assert error.startswith(head), error
    return error.removeprefix(head)  # the reason, under the file's name


def test_a_scenario_file_with_a_key_written_twice_names_the_key():
    text = DEFAULT.to_json().replace('"margin": 0.5', '"margin": 0.5, "margin": 0.9')
    assert refused(text) == translate("data.load.error.duplicate", "en",
                                      field="Gross margin (margin)")


def test_a_scenario_file_holding_a_list_says_a_file_holds_one_object():
    assert refused("[" + DEFAULT.to_json() + "]", "it") == translate(
        "data.load.error.not_object", "it")


def test_five_hundred_unknown_fields_are_named_eight_and_counted():
    saved = json.loads(DEFAULT.to_json())
    saved["scenario"].update({f"k{i:03d}": 1 for i in range(500)})
    error = refused(json.dumps(saved))
    assert error == translate("data.load.error.unknown", "en",
                              field="k000, k001, k002, k003, k004, k005, k006, k007 "
                                    + translate("list.more.other", "en", count="492"))


def test_a_used_fit_brings_its_posterior_and_a_loaded_scenario_drops_it():
    at = start()
    upload(at, "data.upload", SAMPLES / "weekly_clean.csv")
    assert engine.POSTERIOR_KEY not in at.session_state  # shown, not yet used
    at.button(key="data.fit.use").click().run()
    applied = at.session_state[engine.POSTERIOR_KEY]
    fitted = at.session_state["data.result"].calibration
    assert applied.draws.equals(fitted.draws) and "engagement_rate_scale" in applied.learned
    upload(at, "data.scenario_file", DATA / "scenario_valid.json")
    assert engine.POSTERIOR_KEY not in at.session_state


def test_the_posterior_applies_to_the_fields_still_at_their_fitted_values():
    fitted = calibrate(read_weekly_csv((SAMPLES / "weekly_clean.csv").read_bytes()), DEFAULT)
    applied = engine.Applied(fitted.scenario, fitted.draws, ("engagement_rate_scale",))
    state = {engine.POSTERIOR_KEY: applied}
    with patch.object(engine.st, "session_state", state):
        assert engine.posterior_for(fitted.scenario).equals(fitted.draws)
        # A lever moved: the fitted assumptions still come from the posterior.
        moved = fitted.scenario.replace(consistency=0.9)
        assert engine.posterior_for(moved).equals(fitted.draws)
        # An assumption the user set: that one goes back to its prior around the new value.
        own = fitted.scenario.replace(carryover=0.5)
        assert list(engine.posterior_for(own).columns) == [
            c for c in fitted.draws.columns if c != "carryover"]
        # A scenario that keeps none of what the file taught is not from the fit.
        assert engine.posterior_for(DEFAULT) is None
