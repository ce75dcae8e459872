"""Bring your own numbers: reading weekly files, fitting the model to them, scenario files."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import smm_sim
from smm_sim import DEFAULT, Scenario, simulate
from smm_sim.fit import calibrate
from smm_sim.weekly_file import (MAX_FILE_BYTES, DataFileError, message, read_weekly_csv,
                                 weekly_frame)
from smm_sim.i18n import LANGUAGES, catalog, translate
from smm_sim.scenario import SCHEMA_VERSION, ScenarioError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "data" / "samples"


def read(name: str) -> pd.DataFrame:
    return read_weekly_csv((DATA / name).read_bytes())


def refusal(data: bytes) -> DataFileError:
    with pytest.raises(DataFileError) as err:
        read_weekly_csv(data)
    return err.value


# --- parameter recovery ----------------------------------------------------------------------
# A company simulated by the model, then measured with noise. Its networks and every lever are
# known to the fit (they are the user's scenario); the fitted parameters start from DEFAULT.
TRUTH = DEFAULT.replace(hours_per_week=12.0, effort_decay=0.008, hours_per_post=1.4,
                        engagement_rate_scale=1.6, discovery_per_post=0.8, base_churn=0.0025,
                        click_scale=4.0, conversion_scale=3.0, order_value=110.0,
                        networks=(("instagram", 0.6, 15000), ("facebook", 0.4, 9000)))
FITTED = ("hours_per_week", "effort_decay", "hours_per_post", "engagement_rate_scale",
          "base_churn", "conversion_scale", "order_value")
# Without reach and visits columns the data tell only reach × visits × conversion: the three
# scales share it as their priors say, so the tests compare the product.
FUNNEL = ("reach_rate_scale", "click_scale", "conversion_scale")
START = TRUTH.replace(**{name: getattr(DEFAULT, name) for name in FITTED},
                      networks=(("instagram", 0.6, 10000), ("facebook", 0.4, 6000)))
# Multiplicative log-normal noise per metric: counts of followers are near exact, hours are
# logged roughly, engagements and sales swing from week to week.
NOISE = {"hours": 0.05, "posts": 0.10, "followers": 0.003, "engagements": 0.15,
         "conversions": 0.15, "revenue": 0.15}
# Tolerances, relative to the true value. With log-normal noise σ over n = 104 weeks a level
# is pinned down to about σ/√n (1.5% for engagements at σ = 15%). Over 40 noise seeds the
# fitted values spread with these standard deviations: hours 0.6%, fade 1.1%, hours per post
# 1.3%, engagement 1.6%, churn 2.4%, conversion and order value 1.8%; the conversion scale sits
# 1.3% high, because Poisson fitting matches the data's total and log-normal noise of 15% lifts
# the total by 1.1%. Each tolerance is the bias plus four standard deviations, rounded up: a
# fit outside it is a broken fit, not an unlucky seed.
# Churn is fitted together with word of mouth and discovery from their priors now: the
# followers series tells only their balance, so churn is checked by its likely range below.
TOLERANCE = {"hours_per_week": 0.05, "effort_decay": 0.10, "hours_per_post": 0.07,
             "engagement_rate_scale": 0.08, "order_value": 0.08}


def funnel(values) -> float:
    return math.prod(values[name] for name in FUNNEL)


def measured(scenario: Scenario, weeks: int = 104, seed: int | None = 0) -> pd.DataFrame:
    frame = simulate(scenario, weeks)
    rng = np.random.default_rng(seed)
    out = pd.DataFrame({"week": frame["week"]})
    for metric, sigma in NOISE.items():
        noise = np.exp(rng.normal(0.0, sigma, weeks)) if seed is not None else 1.0
        out[metric] = frame[metric] * noise
    return out


def fitted_values(result) -> dict[str, float]:
    return {v.field: v.fitted for v in result.values}


def test_noise_free_data_are_fitted_back_almost_exactly():
    result = calibrate(measured(TRUTH, seed=None), START)
    got = fitted_values(result)
    for name in FITTED:  # the priors pull the levels by well under 1%
        if name not in FUNNEL:
            assert got[name] == pytest.approx(getattr(TRUTH, name), rel=0.01), name
    assert funnel(got) == pytest.approx(funnel(vars(TRUTH)), rel=0.01)
    assert got["followers_start"] == pytest.approx(TRUTH.followers_start, rel=0.001)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noisy_data_are_fitted_back_within_the_stated_tolerance(seed):
    result = calibrate(measured(TRUTH, seed=seed), START)
    got = fitted_values(result)
    for name, tolerance in TOLERANCE.items():
        assert got[name] == pytest.approx(getattr(TRUTH, name), rel=tolerance), name
    assert funnel(got) == pytest.approx(funnel(vars(TRUTH)), rel=0.10)
    assert got["followers_start"] == pytest.approx(TRUTH.followers_start, rel=0.01)


def test_the_likely_range_is_an_honest_measure_of_the_error():
    """Each true value lies within three of the posterior's own standard deviations (the
    p10–p90 range is 1.28 of them each way)."""
    result = calibrate(measured(TRUTH, seed=3), START)
    for v in result.values:
        if v.field in TOLERANCE or v.field == "base_churn":
            se = math.log(v.high / v.low) / (2 * 1.2816)
            assert abs(math.log(v.fitted / getattr(TRUTH, v.field))) <= 3 * se, v.field
            assert v.low <= v.fitted <= v.high


def test_fitted_customers_and_revenue_add_up_to_the_data():
    """Money must add up: sales are fitted as counts, so their totals match the file's."""
    result = calibrate(read_weekly_csv((SAMPLES / "weekly_clean.csv").read_bytes()), DEFAULT)
    fit = result.fit.set_index("metric")
    # Counted as Poisson, the totals match the file's but for the priors' pull: 52 weeks of
    # two or three customers a week pin the conversion scale about as well as its prior does,
    # and twice the benchmark is two prior sds out, so customers come out some 7% short;
    # revenue is not pulled (the value of an order has no prior), so money adds up.
    assert abs(fit.loc["conversions", "bias"]) < 0.10
    assert abs(fit.loc["revenue", "bias"]) < 0.01
    assert (fit["wape"] < fit["wape_before"]).all()  # closer to the data than before


def test_the_fitted_scenario_keeps_every_other_lever_and_the_networks():
    base = DEFAULT.replace(consistency=0.9, measurement="business", currency="EUR")
    result = calibrate(measured(TRUTH), base)
    changed = set(result.scenario.changes_from(base))
    effects = {name for name, _ in smm_sim.fit.EFFECTS}
    assert changed <= set(FITTED) | effects | {"networks", "stop_week", "network_upkeep_hours",
                                               "audience_potential"}
    assert [n[:2] for n in result.scenario.networks] == [n[:2] for n in base.networks]
    assert result.base == base
    assert list(result.model.columns) == list(simulate(base, 1).columns)
    assert len(result.model) == result.weeks == 104


def test_calibrate_is_the_engine_entry_point_and_takes_a_notebook_frame():
    assert smm_sim.calibrate is calibrate
    frame = measured(TRUTH, weeks=30).rename(columns={"week": "Settimana", "revenue": "Ricavi"})
    result = smm_sim.calibrate(frame, START)
    assert result.weeks == 30 and result.scenario != START


def test_a_programme_that_stopped_is_fitted_with_its_stop_week():
    frame = measured(TRUTH.replace(stop_week=40), weeks=60, seed=None)
    result = calibrate(frame, START)
    assert result.scenario.stop_week == 40
    assert fitted_values(result)["hours_per_week"] == pytest.approx(12.0, rel=0.01)


def test_growing_hours_few_hours_and_a_low_ceiling_are_said():
    frame = measured(TRUTH, weeks=40, seed=1)
    frame["hours"] = np.linspace(6, 12, 40)
    keys = [n.key for n in calibrate(frame, START).notes]
    assert "data.note.hours_grow" in keys
    frame["hours"] = 1.2  # two networks need 2 h of upkeep a week in START
    keys = [n.key for n in calibrate(frame, START).notes]
    assert "data.note.upkeep" in keys
    keys = [n.key for n in calibrate(measured(TRUTH, 40), START.replace(
        audience_potential=30000.0)).notes]
    assert "data.note.potential" in keys


@pytest.mark.parametrize("name", ["weekly_clean", "weekly_dates", "weekly_messy_it"])
def test_every_sample_reads_and_fits_quickly(name):
    data = (SAMPLES / f"{name}.csv").read_bytes()
    start = time.perf_counter()
    result = calibrate(read_weekly_csv(data), DEFAULT)
    assert time.perf_counter() - start < 10.0  # the target: 10 s for 104 weeks, backtest too
    assert not result.fit.empty and result.scenario != DEFAULT
    assert all(0 <= v.low <= v.fitted <= v.high for v in result.values if v.low is not None)


def test_the_samples_ranges_hold_the_companies_that_made_them():
    """The likely ranges (p10–p90) of the three samples hold most of the values that
    generated them, and miss none by more than the range's own width."""
    from data.samples.make_samples import TRUTHS

    held = []
    for name, truth in TRUTHS.items():
        result = calibrate(read_weekly_csv((SAMPLES / f"{name}.csv").read_bytes()), DEFAULT)
        for v in result.values:
            if v.low is None or v.field == "followers_start":
                continue
            value, width = getattr(truth, v.field), v.high - v.low
            assert v.low - width <= value <= v.high + width, (name, v.field, value, v)
            held.append(v.low <= value <= v.high)
    assert len(held) >= 45 and sum(held) / len(held) >= 0.75


# --- reading files: what is accepted and what is said about it -----------------------------
def test_a_clean_file_reads_as_its_numbers():
    frame = read("good.csv")
    expected = pd.read_csv(DATA / "good.csv")  # a simulated year's first 12 weeks
    assert list(frame["week"]) == list(range(1, 13))
    for metric in ("hours", "posts", "followers", "engagements", "conversions", "revenue"):
        assert np.allclose(frame[metric], expected[metric], atol=0.006), metric


@pytest.mark.parametrize("name, delimiter, decimal", [
    ("semicolon_decimal_comma.csv", "semicolon", "comma"), ("tab_separated.csv", "tab", "point"),
    ("blank_rows.csv", "comma", "point")])
def test_other_separators_and_decimal_commas_read_the_same_numbers(name, delimiter, decimal):
    frame, good = read(name), read("good.csv")
    for metric in ("hours", "followers", "revenue"):
        assert np.allclose(frame[metric], good[metric]), metric
    notes = {n.key: n.details for n in frame.attrs["notes"]}
    assert notes["data.note.format"] == {"delimiter": delimiter, "decimal": decimal}


def test_the_messy_italian_export_is_read_and_what_was_detected_is_said():
    frame = read_weekly_csv((SAMPLES / "weekly_messy_it.csv").read_bytes())
    notes = {n.key: n.details for n in frame.attrs["notes"]}
    assert notes["data.note.format"] == {"delimiter": "semicolon", "decimal": "comma"}
    assert notes["data.note.dates"] == {"format": "DD/MM/YYYY"}
    assert notes["data.note.missing_weeks"]["weeks"] == "2024-08-12, 2024-08-19"
    assert notes["data.note.empty_cells"]["count"] == 2
    assert "data.note.sorted" in notes and "Note" in notes["data.note.ignored_columns"]["headers"]
    for note in frame.attrs["notes"]:  # headers quoted as written, never read as metric codes
        for lang in ("en", "it", "es"):
            assert "metric." not in note.text(lang), note.text(lang)
    assert list(frame["week"]) == sorted(frame["week"]) and frame["week"].max() == 60
    assert frame["followers"].min() > 1000  # "14.193" is fourteen thousand, not fourteen
    assert (frame["revenue"] >= 0).all()  # "€ 1.234,50" read as money
    assert notes["data.note.currency"] == {"currency": "EUR"}
    assert calibrate(frame, DEFAULT).scenario.currency == "EUR"  # a label: nothing converted


def test_dates_become_weeks_and_missing_weeks_are_named():
    assert list(read("dates.csv")["week"]) == list(range(1, 10))
    frame = read("missing_weeks.csv")
    assert list(frame["week"]) == [1, 2, 3, 4, 7, 8, 9, 10, 11, 12]
    notes = {n.key: n.details for n in frame.attrs["notes"]}
    assert notes["data.note.missing_weeks"] == {"count": 2, "weeks": "5, 6"}


# Each bad file, the message key it gets and where it says the problem is.
BAD_FILES = [
    ("empty.csv", "data.error.empty", {}),
    ("header_only.csv", "data.error.no_rows", {}),
    ("latin1.csv", "data.error.not_utf8", {"row": 4}),
    ("utf16.csv", "data.error.not_utf8", {"row": 1}),
    ("workbook_saved_as.csv", "data.error.binary", {"row": 1}),
    ("empty_week_cell.csv", "data.error.empty_week", {"row": 7, "letter": "A"}),
    ("duplicate_weeks.csv", "data.error.duplicate_week", {"week": "3", "first": 4, "second": 9}),
    ("negative.csv", "data.error.negative",
     {"row": 6, "letter": "E", "column": "engagements", "value": "-12"}),
    ("not_a_number.csv", "data.error.not_number",
     {"row": 11, "letter": "G", "column": "revenue", "value": "12k€"}),
    ("too_many_columns.csv", "data.error.too_many_columns", {"count": 3000, "limit": 50}),
    ("ragged.csv", "data.error.ragged", {"row": 8, "found": 8, "expected": 7}),
    ("too_many_hours.csv", "data.error.too_many_hours", {"row": 3, "letter": "B"}),
    ("bad_date.csv", "data.error.bad_date", {"row": 6, "value": "2024-02-31"}),
    ("not_weekly.csv", "data.error.not_weekly", {"row": 5, "first": "2024-01-01"}),
    ("missing_columns.csv", "data.error.missing_columns",
     {"columns": ("followers", "engagements", "conversions", "revenue")}),
    ("duplicate_column.csv", "data.error.duplicate_column",
     {"first": "revenue", "second": "ricavi"}),
    ("too_few_weeks.csv", "data.error.too_few_weeks", {"count": 5, "limit": 8}),
    ("unclosed_quote.csv", "data.error.unreadable_row", {"row": 5}),
]


@pytest.mark.parametrize("name, key, where", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_each_bad_file_is_refused_saying_what_is_wrong_and_where(name, key, where):
    err = refusal((DATA / name).read_bytes())
    assert err.key == key
    assert {k: err.details.get(k) for k in where} == where
    for lang in LANGUAGES:  # the message reads in every language, with the details in it
        text = message(err.key, err.details, lang)
        assert "{" not in text
        for value in where.values():
            if isinstance(value, tuple):  # column codes: each named in the language
                assert all(translate(f"metric.{c}", lang) in text for c in value), (lang, value)
                continue
            assert str(value) in text or where.get("column") == value, (lang, value)


def test_a_file_too_large_is_refused_before_it_is_read():
    err = refusal(b"week,hours\n" + b"1,8\n" * (MAX_FILE_BYTES // 4 + 1))
    assert err.key == "data.error.too_large" and err.details == {"limit": 1}


def test_more_weeks_than_the_model_runs_are_refused():
    rows = "\n".join(f"{w},8,4,100,10,1,100" for w in range(1, 530))
    err = refusal(f"week,hours,posts,followers,engagements,conversions,revenue\n{rows}".encode())
    assert err.key == "data.error.too_many_rows" and err.details == {"limit": 520}


def test_a_column_without_values_and_a_file_without_hours_are_refused():
    frame = measured(TRUTH, weeks=12)
    frame["revenue"] = np.nan
    with pytest.raises(DataFileError) as err:
        weekly_frame(frame)
    assert err.value.key == "data.error.column_empty" and err.value.details["letter"] == "G"
    frame = measured(TRUTH, weeks=12).assign(hours=0.0)
    with pytest.raises(DataFileError) as err:
        weekly_frame(frame)
    assert err.value.key == "data.error.no_hours"


def test_a_notebook_frame_is_checked_like_a_file_with_spreadsheet_rows():
    frame = measured(TRUTH, weeks=12)
    frame.loc[4, "posts"] = -1.0
    with pytest.raises(DataFileError) as err:
        weekly_frame(frame)
    assert err.value.key == "data.error.negative"
    assert err.value.details["row"] == 6 and err.value.details["letter"] == "C"


def test_messages_escape_what_came_from_the_file_and_translate_codes():
    err = refusal(b"week,hours,posts,followers,engagements,conversions,revenue\n"
                  + b"\n".join(b"%d,8,4,100,10,1,100" % w for w in range(1, 9))
                  + b"\n9,8,4,100,10,1,<b>**x**</b>\n")
    escaped = message(err.key, err.details, "it", escape=lambda s: s.replace("<", "&lt;"))
    assert "&lt;b>" in escaped and "<b>" not in escaped
    assert message("data.note.format", {"delimiter": "semicolon", "decimal": "comma"}, "es") \
        == "Leído con campos separados por puntos y comas y números con coma decimal."
    assert str(err).startswith("Row 10, column G")  # English for a notebook


def test_every_message_key_the_engine_raises_is_in_every_catalog():
    import re
    source = "".join((ROOT / "smm_sim" / name).read_text() for name in ("weekly_file.py", "fit.py"))
    keys = set(re.findall(r'"(data\.(?:error|note)\.[a-z_0-9]+)"', source))
    assert len(keys) > 25
    for lang in LANGUAGES:
        assert keys <= set(catalog(lang)), lang


# --- scenario files -------------------------------------------------------------------------
def test_a_scenario_file_loads_back_identically():
    fitted = calibrate(measured(TRUTH), START).scenario
    for scenario in (DEFAULT, fitted, DEFAULT.replace(hours_per_week=12, stop_week=3,
                                                      departments=(), currency="GBP")):
        text = scenario.to_json()
        assert json.loads(text)["schema_version"] == SCHEMA_VERSION
        loaded = Scenario.from_json(text)
        assert loaded == scenario and loaded.to_json() == text
        assert isinstance(loaded.hours_per_week, float) and isinstance(loaded.stop_week, int)


def test_a_saved_test_file_loads():
    loaded = Scenario.from_json((DATA / "scenario_valid.json").read_bytes())
    assert loaded == DEFAULT.replace(hours_per_week=12.5, consistency=0.8)


@pytest.mark.parametrize("name, kind, field", [
    ("scenario_unknown_field.json", "unknown", "colour"),
    ("scenario_wrong_type.json", "type", "hours_per_week"),
    ("scenario_out_of_range.json", "range", "margin"),
    ("scenario_not_json.json", "json", ""),
    ("scenario_future_version.json", "schema", "schema_version"),
])
def test_a_bad_scenario_file_is_refused_naming_the_problem(name, kind, field):
    with pytest.raises(ScenarioError) as err:
        Scenario.from_json((DATA / name).read_bytes())
    assert err.value.kind == kind and err.value.field == field
    assert field in str(err.value)


def _edited(**changes) -> str:
    data = json.loads(DEFAULT.to_json())
    for path, value in changes.items():
        target = data if path in ("schema_version", "extra") else data["scenario"]
        if value is KeyError:
            target.pop(path)
        else:
            target[path] = value
    return json.dumps(data)


@pytest.mark.parametrize("changes, kind, field", [
    ({"consistency": True}, "type", "consistency"),
    ({"networks": "instagram"}, "type", "networks"),
    ({"networks": [["instagram", 1.0, "12000"]]}, "type", "networks"),
    ({"networks": [["myspace", 1.0, 10]]}, "choice", "networks"),
    ({"content_mix": 0.5}, "type", "content_mix"),
    ({"content_mix": [0.5, 0.5, 0.5, 0.5]}, "sum", "content_mix"),
    ({"departments": "sales"}, "type", "departments"),
    ({"departments": ["sales", "sales"]}, "repeat", "departments"),
    ({"measurement": 3}, "type", "measurement"),
    ({"currency": "BTC"}, "choice", "currency"),
    ({"stop_week": 2.5}, "whole", "stop_week"),
    ({"hours_per_week": 1e400}, "range", "hours_per_week"),
    ({"margin": KeyError}, "missing", "margin"),
    ({"extra": 1}, "unknown", "extra"),
    ({"schema_version": True}, "schema", "schema_version"),
])
def test_wrong_types_ranges_and_shapes_are_refused_with_the_field(changes, kind, field):
    with pytest.raises(ScenarioError) as err:
        Scenario.from_json(_edited(**changes))
    assert (err.value.kind, err.value.field) == (kind, field)


@pytest.mark.parametrize("text", ["", "[1]", "[" * 100_000, "{\"schema_version\": 1}",
                                  b"\xff\xfe\x00"])
def test_what_is_not_a_scenario_file_is_refused_not_crashed_on(text):
    with pytest.raises(ScenarioError):
        Scenario.from_json(text)


def test_every_kind_of_refusal_has_a_message_in_every_language():
    for lang in LANGUAGES:
        for kind in ScenarioError.KINDS:
            assert f"data.load.error.{kind}" in catalog(lang), (lang, kind)


def test_messages_name_columns_and_the_starting_followers_in_the_readers_language():
    with pytest.raises(DataFileError) as err:
        read_weekly_csv(b"week,hours,posts\n1,2,3\n")
    text = message(err.value.key, err.value.details, "es")
    assert translate("metric.engagements", "es") in text and "engagements" not in text
    note = message("data.note.at_bound", {"field": "followers_start"}, "it")
    assert translate("data.fit.followers_start", "it") in note and "field." not in note
