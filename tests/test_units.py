"""Units on every field and axis, from the scenario's metadata, in every language; and the
home page's chain from revenue to profit."""

from __future__ import annotations

import json

import pytest

import smm_sim
from smm_sim import DEFAULT
from smm_sim.formats import field_label, in_percent, short_unit
from smm_sim.i18n import LANGUAGES, catalog, translate
from smm_sim.scenario import NUMERIC_FIELDS, field_meta
from view import layout

from .apptest import open_app, rerun


@pytest.mark.parametrize("lang, currency, expected", [
    ("en", "USD", {"hourly_cost": "Cost of an hour ($/h)", "tool_cost": "Tools ($/week)",
                   "reply_hours": "Time to reply (h)",
                   "stop_week": "Week the programme stops (0 = never)"}),
    ("it", "EUR", {"hourly_cost": "Costo orario (€/h)", "tool_cost": "Strumenti (€/settimana)",
                   "reply_hours": "Tempo di risposta (h)"}),
    ("es", "USD", {"hourly_cost": "Coste por hora (US$/h)",
                   "order_value": "Valor de un pedido (US$/pedido)",
                   "customer_years": "Años que dura un cliente (años)"})])
def test_money_and_time_fields_carry_their_currency_and_period(lang, currency, expected):
    assert {name: field_label(name, currency, lang) for name in expected} == expected


def test_a_share_shown_in_percent_does_not_repeat_its_unit():
    assert field_label("personalization", "USD", "en") == translate(
        "field.personalization.label", "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_part_of_every_shown_unit_has_a_short_form_in_every_language(lang):
    # A new field whose unit is built of known parts ("money/week") gets its label for free;
    # a new part must be written in every language.
    own = catalog(lang)
    for name in NUMERIC_FIELDS:
        if in_percent(name, past_100=False):
            continue
        for part in field_meta(name)["unit"].split("/"):
            assert part == "money" or f"unit_short.{part}" in own, (name, part)


def test_a_new_unit_of_known_parts_is_written_without_new_texts():
    assert short_unit("money/customer/week", "EUR", "it") == "€/cliente/settimana"


def _charts(at) -> dict[str, dict]:
    return {json.loads(c.proto.spec).get("title"): json.loads(c.proto.spec)
            for c in at.get("vega_lite_chart")}


def _encodings(spec: dict, channel: str) -> list[dict]:
    return [layer["encoding"][channel] for layer in spec.get("layer", [spec])
            if channel in layer.get("encoding", {}) and isinstance(layer["encoding"][channel], dict)
            and "title" in layer["encoding"][channel]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_levers_of_a_page_show_their_units(lang):
    at = open_app(layout.page_path("too_much_time"), lang=lang, currency="EUR")
    labels = {w.key: w.label for w in at.text_input}
    assert labels["lever.too_much_time.hourly_cost"] == field_label("hourly_cost", "EUR", lang)
    assert "(€/h)" in labels["lever.too_much_time.hourly_cost"]


def test_the_hours_curves_name_the_profit_of_the_horizon_with_its_currency():
    at = open_app(layout.page_path("too_much_time"), currency="EUR")
    spec = _charts(at)[translate("tool.too_much_time.chart_cum_profit", "en")]
    assert {e["title"] for e in _encodings(spec, "y")} == {"Profit over 52 weeks (€)"}
    assert {e["title"] for e in _encodings(spec, "x")} == {"Hours a week (h/week)"}


def test_the_personalisation_chart_reads_in_percent_as_its_slider():
    at = open_app(layout.page_path("no_personalization"), lang="it")
    spec = _charts(at)[translate("tool.no_personalization.chart", "it")]
    x = [e["x"] for e in (layer["encoding"] for layer in spec["layer"])
         if isinstance(e.get("x"), dict) and "axis" in e["x"]]
    assert x and all(e["axis"]["format"] == ".0%" for e in x)
    assert {e["title"] for e in _encodings(spec, "y")} == {"Utile in 52 settimane (USD)"}


@pytest.mark.parametrize("lang, title", [("en", "Profit so far ($)"),
                                         ("es", "Beneficio acumulado (US$)")])
def test_a_mistake_pages_money_axis_names_its_currency(lang, title):
    at = open_app(layout.page_path("no_focus"), lang=lang)
    spec = _charts(at)[translate("chart.compare_cum_profit", lang)]
    assert {e["title"] for e in _encodings(spec, "y")} == {title}


def test_the_horizon_buttons_are_numbers_under_a_label_with_the_unit():
    at = open_app(lang="es")
    control = at.segmented_control(key="lever.weeks")
    assert control.label == "Horizonte (semanas)"
    assert control.options == ["26", "52", "104"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_shows_the_chain_from_revenue_to_profit(lang):
    at = open_app(lang=lang, currency="EUR", margin="0.4")
    scenario = DEFAULT.replace(currency="EUR", margin=0.4)
    frame = smm_sim.simulate(scenario)
    chain = next(e for e in at.expander
                 if e.label == translate("home.chain.open", lang)).table[0].value
    steps = dict(zip(chain.index, chain.iloc[:, 0]))
    fmt = smm_sim.formats
    money = lambda v: fmt.money(v, "EUR", lang)  # noqa: E731
    revenue, cost = frame["revenue"].sum(), frame["cost"].sum()
    gross = 0.4 * revenue  # what the margin keeps: the engine's profit is built from it
    assert steps[translate("home.chain.revenue", lang)] == money(revenue)
    assert steps[translate("home.chain.margin", lang)] == fmt.percent(0.4, lang)
    assert steps[translate("home.chain.gross", lang)] == money(gross)
    assert steps[translate("home.chain.cost", lang)] == money(cost)
    assert steps[translate("home.chain.profit", lang)] == money(frame["cum_profit"].iloc[-1])
    assert abs(gross + frame["savings"].sum() - cost - frame["cum_profit"].iloc[-1]) < 1e-6
    assert any(translate("home.margin_note", lang, margin=fmt.percent(0.4, lang),
                         multiple=fmt.number(2.5, lang, 1)) == c.value for c in at.caption)
    rerun(at)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_chain_says_what_a_customer_is_worth_over_its_life(lang):
    at = open_app(lang=lang, currency="EUR", order_value="120", repeat_orders="2")
    captions = [
        c.value for e in at.expander if e.label == translate("home.chain.open", lang)
        for c in e.caption]
    worth = smm_sim.formats.money(
        smm_sim.model.customer_value(DEFAULT.replace(order_value=120.0, repeat_orders=2.0)),
        "EUR", lang)
    years = smm_sim.formats.field_value("customer_years", DEFAULT.customer_years, "EUR", lang,
                                        smm_sim.formats.AS_SET)
    assert any(worth in text and years in text for text in captions), captions
