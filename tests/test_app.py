"""The app through Streamlit's AppTest: every page runs, levers move the figures, links load."""

import dataclasses

import pytest

import smm_sim
from smm_sim import DEFAULT, MISTAKES
from smm_sim.formats import money
from smm_sim.i18n import translate
from smm_sim.planning import CANVAS_PARTS
from view import layout, pages
from view.tools.personalization import PERSONALIZATION_STEPS

from .apptest import container, metric, open_table, rerun
from .apptest import open_app as start

pytestmark = pytest.mark.usefixtures("clear_streamlit_cache")


def test_home_shows_the_key_figures_of_the_engine():
    at = start()
    profit = smm_sim.simulate(DEFAULT)["cum_profit"].iloc[-1]
    assert metric(at, "figure.profit", weeks=52) == money(profit, "USD")
    assert smm_sim.break_even_week(smm_sim.simulate(DEFAULT)) is None
    assert metric(at, "figure.break_even") == translate("figure.not_yet", "en")
    assert at.title[0].value == translate("home.title", "en")


def test_moving_the_hours_changes_the_key_figures_and_the_link():
    at = start()
    before = metric(at, "figure.profit", weeks=52)
    at.slider(key="lever.home.hours_per_week").set_value(20.0).run()
    assert not at.exception
    after = metric(at, "figure.profit", weeks=52)
    expected = smm_sim.simulate(DEFAULT.replace(hours_per_week=20.0))["cum_profit"].iloc[-1]
    assert after != before and after == money(expected, "USD")
    assert at.query_params["hours_per_week"] == "20"


def test_a_shared_link_reproduces_the_scenario():
    at = start(hours_per_week="12", consistency="0.8", weeks="104", preset="larger_brand")
    assert at.slider(key="lever.home.hours_per_week").value == 12.0
    assert at.slider(key="lever.home.consistency").value == 80.0
    scenario = smm_sim.presets.preset("larger_brand").replace(hours_per_week=12.0, consistency=0.8)
    profit = smm_sim.simulate(scenario, 104)["cum_profit"].iloc[-1]
    assert metric(at, "figure.profit", weeks=104) == money(profit, "USD")


def test_the_share_panel_gives_the_link_of_the_scenario_once_opened():
    at = start(hours_per_week="12", consistency="0.8")
    assert not at.code  # closed: no link built
    at.session_state["share.link"] = True  # the reader opens the panel
    link = rerun(at).code[0].value
    assert "hours_per_week=12" in link and "consistency=0.8" in link
    at.slider(key="lever.home.hours_per_week").set_value(20.0)
    assert "hours_per_week=20" in rerun(at).code[0].value  # follows the levers while open


def test_a_broken_link_says_what_it_ignored_and_keeps_the_rest():
    at = start(hours_per_week="12", consistency="<script>alert(1)</script>", colour="red",
               margin="1e9")
    assert not at.exception
    assert translate("url.title", "en") in [w.value for w in at.warning]
    notes = "\n".join(t.value for t in at.text)
    assert "consistency" in notes and "colour" in notes and "margin" in notes
    assert at.slider(key="lever.home.hours_per_week").value == 12.0
    assert at.slider(key="lever.home.consistency").value == 60.0


@pytest.mark.parametrize("m", MISTAKES, ids=lambda m: m.id)
def test_every_mistake_page_shows_its_cost_on_the_current_scenario(m):
    # Orders worth a contract: at the default's sales a fade of the same hours costs nothing.
    at = start(layout.page_path(m.id), hours_per_week="10", order_value="4000")
    assert at.title[0].value == m.title("en")
    cost = smm_sim.cost_of_mistake(DEFAULT.replace(hours_per_week=10.0, order_value=4000.0), m.id)
    assert metric(at, "mistake.cost_profit", weeks=52) == money(cost.profit, "USD")
    assert len(at.checkbox) >= 3  # the fix checklist


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_mistake_both_articles_name_cites_each_by_its_name(lang):
    at = start(layout.page_path("no_measurement"), lang=lang)
    source = at.caption[0].value
    for article, section in (("000", "§4"), ("004", "§5")):
        assert f"{translate(f'article.{article}', lang)}, {section}" in source
    assert "000" not in source and "004" not in source


# The networks of the default scenario, as each language writes them: Instagram and Facebook
# as set, and as the mistake spreads the same hours over as many networks as they carry (four).
SPREAD = ("Instagram", "Facebook", "X", "LinkedIn")
NETWORK_LINES = {
    "en": ("{} {} of the hours · {} followers", "60%", "40%", "25%", "12,000", "8,000"),
    "it": ("{} {} delle ore · {} follower", "60%", "40%", "25%", "12.000", "8.000"),
    "es": ("{} {} de las horas · {} seguidores", "60%", "40%", "25%", "12.000", "8.000"),
}


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_mistake_page_spells_out_the_networks_of_each_version(lang):
    line, sixty, forty, sixth, big, small = NETWORK_LINES[lang]
    now = "\n".join([line.format("Instagram", sixty, big), line.format("Facebook", forty, small)])
    spread = "\n".join(line.format(n, sixth, f) for n, f in zip(SPREAD, (big, small, 0, 0)))
    box = container(start(layout.page_path("no_focus"), lang=lang), "mistake-versions")
    assert [e.value for e in box.text] == [now, spread, now]  # focused on the two biggest
    assert [e.value for e in box.caption][1:] == [translate(f"mistake.{k}", lang)
                                                  for k in ("now", "made", "fixed")]
    assert f"**{translate('field.networks.label', lang)}**" in [e.value for e in box.markdown]


# not_daily moves three levers: the routine, the time to reply and the posting consistency.
DAILY = {"en": ["50%", "10%", "100%", "24 hours", "72 hours", "4 hours", "60%", "30%", "90%"],
         "it": ["50%", "10%", "100%", "24 ore", "72 ore", "4 ore", "60%", "30%", "90%"],
         "es": ["50%", "10%", "100%", "24 horas", "72 horas", "4 horas", "60%", "30%", "90%"]}


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_mistake_page_gives_every_lever_it_moves_as_now_made_and_fixed(lang):
    box = container(start(layout.page_path("not_daily"), lang=lang), "mistake-versions")
    assert [e.value for e in box.text] == DAILY[lang]
    assert [e.value for e in box.markdown][1:] == [
        f"**{translate(f'field.{f}.label', lang)}**"
        for f in ("daily_routine", "reply_hours", "consistency")]


def test_a_mistake_page_shows_the_levers_as_the_user_has_them_and_the_rest_of_the_mix():
    at = start(layout.page_path("boring"), targeting="0.65")
    cells = [e.value for e in container(at, "mistake-versions").text]
    assert cells[:3] == ["65%", "20%", "90%"]
    assert cells[4] == "Promotional 70%\nUseful 10%\nEntertaining 10%\nConversational 10%"
    # A fade of the same year's hours starts higher; the user's stop is no lever of it.
    fade = container(start(layout.page_path("inconsistent"), stop_week="30"), "mistake-versions")
    made = smm_sim.mistakes.mistake("inconsistent").make(DEFAULT.replace(stop_week=30))
    assert [e.value for e in fade.text][:4] == [
        "0% a week", "4% a week", "0% a week", "8 hours a week"]
    hours, unit = [e.value for e in fade.text][4].split(" ", 1)
    assert float(hours) == pytest.approx(made.hours_per_week, abs=0.01) and unit == "hours a week"


def test_a_mistake_that_saves_money_says_so_with_a_positive_amount_and_why():
    # Personalising costs more time than it earns back: the mistake earns more at the same hours.
    slow = {"personalization_time": "1.0", "personalization_engagement": "0.1"}
    at = start(layout.page_path("no_personalization"), **slow)
    cost = smm_sim.cost_of_mistake(DEFAULT.replace(personalization_time=1.0,
                                                   personalization_engagement=0.1),
                                   "no_personalization")
    assert cost.profit < 0 and cost.roi < 0
    assert metric(at, "mistake.cost_profit", weeks=52) == ""
    assert metric(at, "mistake.gain_profit", weeks=52) == money(-cost.profit, "USD")
    assert metric(at, "mistake.gain_roi") == f"{-cost.roi * 100:,.0f} points"
    captions = [c.value for c in at.caption]
    assert translate("mistake.saves_earning", "en", weeks=52) in captions
    assert translate("mistake.saves_spending", "en", weeks=52) not in captions


def test_a_figure_the_mistake_improves_reads_as_gained():
    at = start(layout.page_path("too_much_time"), preset="solo")
    cost = smm_sim.cost_of_mistake(smm_sim.presets.preset("solo"), "too_much_time")
    assert cost.engagements < 0 < cost.profit
    assert metric(at, "mistake.gain_engagements") == f"{-cost.engagements:,.0f}"
    assert metric(at, "mistake.cost_profit", weeks=52) == money(cost.profit, "USD")
    assert translate("mistake.gains_note", "en", weeks=52) in [c.value for c in at.caption]


def test_a_mistake_pages_charts_give_their_numbers_as_a_table_on_demand():
    at = start(layout.page_path("no_strategy"), lang="it")
    assert len(at.dataframe) == 0  # closed, no table is even built
    table = open_table(at, "chart-compare-profit")
    assert table.index.name == "Settimana" and list(table.index) == list(range(1, 53))
    made, fixed, now = (translate(f"mistake.{k}", "it") for k in ("made", "fixed", "now"))
    assert list(table.columns) == [made, fixed, now]
    cost = smm_sim.cost_of_mistake(DEFAULT, "no_strategy")
    profit = smm_sim.simulate(cost.made)["cum_profit"].iloc[-1]
    assert table.loc[52, made] == smm_sim.formats.money(profit, "USD", "it")
    engagements = open_table(at, "chart-compare-engagements")
    assert engagements.loc[1, now] == smm_sim.formats.number(
        smm_sim.simulate(DEFAULT)["engagements"].iloc[0], "it")


@pytest.mark.parametrize("lang, currency", [("en", "USD"), ("it", "EUR"), ("es", "EUR")])
def test_the_numbers_behind_the_home_charts_read_as_the_language_writes_them(lang, currency):
    at = start(lang=lang, currency=currency)
    at.session_state["home.table"] = True
    table = rerun(at).dataframe[-1].value
    frame = smm_sim.simulate(DEFAULT.replace(currency=currency))
    row = dict(zip(table.columns, table.loc[52]))
    fmt = smm_sim.formats
    assert row[translate("metric.followers", lang)] == fmt.number(
        round(frame["followers"].iloc[-1]), lang)  # 20,069 followers, not 20068.8685
    assert row[translate("metric.cost", lang)] == fmt.money(frame["cost"].iloc[-1], currency,
                                                           lang)
    assert row[translate("metric.roi", lang)] == fmt.percent(frame["roi"].iloc[-1], lang)
    assert row[translate("metric.hours", lang)] == fmt.number(frame["hours"].iloc[-1], lang, 1)
    posts = [float(v.replace(",", ".")) for v in table[translate("metric.posts", lang)]]
    assert all(p.is_integer() for p in posts) and sum(posts) == round(frame["posts"].sum())


def test_a_tool_chart_gives_its_numbers_with_the_marked_points_in_italian():
    at = start(layout.page_path("too_much_time"), lang="it")
    table = open_table(at, "chart-hours-profit")
    assert table.index.name == "Ore a settimana (h/settimana)"  # the label with its unit
    profit = translate("metric.cum_profit", "it")
    here = table[table[translate("tool.too_much_time.point", "it")] == "Sei qui"]
    assert list(here.index) == ["8,0"]  # the hours of the scenario, in Italian
    assert here[profit].iloc[0] == smm_sim.formats.money(
        smm_sim.simulate(DEFAULT)["cum_profit"].iloc[-1], "USD", "it")
    assert table.loc["12,5", profit] == smm_sim.formats.money(
        smm_sim.simulate(DEFAULT.replace(hours_per_week=12.5))["cum_profit"].iloc[-1], "USD", "it")


HOURS_ROWS = len(smm_sim.optimize_hours(DEFAULT, "roi").curve) + 1  # + the best, off the grid


@pytest.mark.parametrize("mistake_id, chart, rows", [
    ("no_goals", "chart-vanity", 52), ("no_focus", "chart-networks", len(DEFAULT.networks)),
    ("inconsistent", "chart-persistence", 52), ("too_much_time", "chart-hours-roi", HOURS_ROWS),
    ("no_personalization", "chart-personalization", len(PERSONALIZATION_STEPS))])
def test_every_tool_chart_gives_its_numbers_as_a_table(mistake_id, chart, rows):
    at = start(layout.page_path(mistake_id), lang="es")
    table = open_table(at, chart)
    assert table.index.name and all(table.columns) and len(table) == rows
    assert all(isinstance(v, str) for v in table.iloc[0])  # written for the reader


TOOL = {p.id: p.path for p in pages.of_kind("tool")}


@pytest.mark.parametrize("page, chart, rows", [
    ("compare", "chart-compare-difference", 2), ("compare", "chart-compare-curves", 52),
    ("decide", "chart-decide-profit", 52), ("decide", "chart-tornado", 10),
    ("workshop", "chart-workshop-opening", 52)])
def test_the_decision_pages_charts_give_their_numbers_as_a_table(page, chart, rows):
    at = start(TOOL[page], lang="es")
    table = open_table(at, chart)
    assert len(table) == rows and table.index.name and all(table.columns)
    assert "$" in table.iloc[0, -1] or "%" in table.iloc[0, -1]  # money or a share, as text


def test_the_profit_table_on_decide_has_the_three_cases_of_the_band():
    at = start(TOOL["decide"])
    table = open_table(at, "chart-decide-profit")
    cases = [translate(f"decide.odds.{c}", "en") for c in ("p10", "p50", "p90")]
    assert list(table.columns) == [translate("metric.cum_profit", "en"), *cases]
    band = smm_sim.monte_carlo(DEFAULT, 1000, 52)
    final = band[(band["metric"] == "cum_profit") & (band["week"] == 52)].iloc[0]
    assert table.loc[52, cases[0]] == smm_sim.formats.money(final["p10"], "USD")


def test_levers_on_a_mistake_page_move_the_scenario_and_the_cost():
    at = start(layout.page_path("no_strategy"))
    before = metric(at, "mistake.cost_profit", weeks=52)
    at.slider(key="lever.sidebar.hours_per_week").set_value(16.0).run()
    after = smm_sim.cost_of_mistake(DEFAULT.replace(hours_per_week=16.0), "no_strategy").profit
    assert metric(at, "mistake.cost_profit", weeks=52) == money(after, "USD") != before
    at.slider(key="lever.no_strategy.strategy_clarity").set_value(90.0).run()
    assert at.query_params["strategy_clarity"] == "0.9"


def test_the_strategy_canvas_sets_strategy_clarity():
    at = start(layout.page_path("no_strategy"))
    for part in CANVAS_PARTS[:3]:
        at.text_area(key=f"canvas.{part}").input("A full answer, long enough to count.").run()
    at.checkbox(key="canvas.layperson").check().run()
    assert at.slider(key="lever.no_strategy.strategy_clarity").value == pytest.approx(57.0)


def test_the_strategy_canvas_keeps_its_answers_across_pages():
    at = start(layout.page_path("no_strategy"))
    answer = "A full answer, long enough to count."
    for part in CANVAS_PARTS[:3]:
        at.text_area(key=f"canvas.{part}").input(answer).run()
    at.checkbox(key="canvas.layperson").check().run()
    at.switch_page("app.py").run()
    rerun(at.switch_page(layout.page_path("no_strategy")))
    assert [at.text_area(key=f"canvas.{p}").value for p in CANVAS_PARTS[:4]] == [
        answer, answer, answer, ""]
    assert at.checkbox(key="canvas.layperson").value
    assert at.query_params["strategy_clarity"] == "0.57"
    at.text_area(key="canvas.message").input(answer).run()  # four parts and the test: 5 of 7
    assert at.query_params["strategy_clarity"] == "0.71"


def test_a_strategy_clarity_from_a_link_stands_until_the_canvas_is_edited():
    at = start(layout.page_path("no_strategy"), strategy_clarity="0.9")
    at.slider(key="lever.sidebar.hours_per_week").set_value(16.0).run()
    at.switch_page("app.py").run()
    rerun(at.switch_page(layout.page_path("no_strategy")))
    assert at.slider(key="lever.no_strategy.strategy_clarity").value == pytest.approx(90.0)
    at.text_area(key="canvas.audience").input("Owners of small restaurants in Milan").run()
    assert at.query_params["strategy_clarity"] == "0.14"


def test_the_department_checklist_and_content_mix_feed_the_scenario():
    at = start(layout.page_path("silo"))
    at.checkbox(key="lever.silo.departments.sales").check().run()
    assert at.query_params["departments"] == "sales,leadership"
    at = start(layout.page_path("boring"))
    at.slider(key="mix.promotional").set_value(0).run()
    assert at.query_params["content_mix"].startswith("0,")


def test_the_time_box_planner_sets_the_planned_share_and_the_reply_time():
    at = start(layout.page_path("not_daily"))
    at.slider(key="timebox.slots").set_value(8).run()
    at.segmented_control(key="timebox.reply").set_value("four_hours").run()
    assert (at.query_params["daily_routine"], at.query_params["reply_hours"]) == ("0.8", "4")
    assert at.slider(key="lever.not_daily.daily_routine").value == pytest.approx(80.0)
    expected = translate("tool.not_daily.replies", "en", within="4 hours",
                         checks="2 times a working day", unplanned="20%")
    assert expected in [c.value for c in at.caption]


@pytest.mark.parametrize("lang, reply, within, checks", [
    ("en", "hour", "1 hour", "8 times a working day"),
    ("en", "day", "1 day", "once a working day"),
    ("it", "day", "1 giorno", "una volta al giorno"),
    ("es", "hour", "1 hora", "8 veces por jornada laboral"),
    ("es", "three_days", "3 días", "cada 3 días")])
def test_the_reply_rhythm_reads_right_for_one_and_for_many(lang, reply, within, checks):
    at = start(layout.page_path("not_daily"), lang=lang)
    at.segmented_control(key="timebox.reply").set_value(reply).run()
    caption = translate("tool.not_daily.replies", lang, within=within, checks=checks,
                        unplanned=smm_sim.formats.percent(0.5, lang))
    assert caption in [c.value for c in at.caption]


def test_the_persistence_curve_keeps_the_effort_steady_in_one_click():
    at = start(layout.page_path("inconsistent"), effort_decay="0.02")
    at.button(key="persistence.steady").click().run()
    # Steady effort at the year's same hours: fewer hours in week 1, none lost later.
    steady = smm_sim.mistakes.mistake("inconsistent").fix(DEFAULT.replace(effort_decay=0.02))
    assert "effort_decay" not in at.query_params
    assert at.slider(key="lever.inconsistent.effort_decay").value == 0
    assert at.slider(key="lever.inconsistent.hours_per_week").value \
        == pytest.approx(steady.hours_per_week)
    assert at.button(key="persistence.steady").disabled


def test_the_too_much_time_page_says_plainly_when_stopping_is_best():
    solo = smm_sim.presets.preset("solo")
    at = start(layout.page_path("too_much_time"), preset="solo")
    best = smm_sim.optimize_hours(solo, "profit")
    text = translate("mistake.stop_best", "en", weeks=52, hours=f"{best.hours:,.1f}",
                     loss=money(-best.value, "USD"))
    assert text in [w.value for w in at.warning]
    # Orders worth a contract pay at twice the hours: no warning there.
    assert not start(layout.page_path("too_much_time"), order_value="4000").warning


def test_the_hours_curves_set_the_best_hours_on_the_too_much_time_page():
    at = start(layout.page_path("too_much_time"))
    at.button(key="too_much_time.hours.use_roi").click().run()
    best = round(smm_sim.optimize_hours(DEFAULT, "roi").hours, 1)
    assert float(at.query_params["hours_per_week"]) == best
    assert at.button(key="too_much_time.hours.use_roi").disabled
    assert not at.button(key="too_much_time.hours.use_profit").disabled


def test_presets_and_reset():
    at = start()
    at.selectbox(key="lever.preset").set_value("solo").run()
    assert at.slider(key="lever.home.hours_per_week").value == 4.0
    at.slider(key="lever.home.hours_per_week").set_value(9.0).run()
    at.button(key="lever.reset").click().run()
    at.button(key="lever.discard.yes").click().run()  # the edit would be lost: it asks first
    assert at.slider(key="lever.home.hours_per_week").value == 4.0
    assert at.query_params["preset"] == "solo"


def test_the_network_mix_editor_offers_network_names_and_stores_ids():
    import json
    at = start(layout.page_path("no_focus"), lang="it")
    editor = next(d for d in at.dataframe if d.key == "mix.editor")
    options = json.loads(editor.proto.columns)["network"]["type_config"]["options"]
    assert {o["value"]: o["label"] for o in options} == {
        n: translate(f"network.{n}", "it") for n in smm_sim.catalogue.NETWORKS}
    assert list(editor.value["network"]) == ["instagram", "facebook"]
    assert not [c for c in at.caption if "facebook" in c.value]  # no list of ids to decode


def test_the_language_comes_from_the_link_and_can_be_switched_on_any_page():
    at = start(lang="it")
    assert at.title[0].value == translate("home.title", "it")
    # Label and value in Italian (the default does not pay for itself within the year).
    assert metric(at, "figure.break_even") == translate("figure.not_yet", "it")
    at = start(layout.page_path("silo"), lang="it")
    at.selectbox(key="lever.lang").set_value("es").run()
    assert at.title[0].value == MISTAKES[8].title("es")
    assert at.query_params["lang"] == "es"


def test_every_assumption_shows_with_its_value_and_source_in_the_readers_language():
    at = start(lang="it", consistency="0.75")
    assert len(at.dataframe) == 0  # closed, the panel is not even built
    at.session_state["assumptions"] = True
    table = rerun(at).dataframe[0].value
    assert len(table) == len(dataclasses.fields(smm_sim.Scenario))
    rows = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
    assert rows[translate("field.consistency.label", "it")] == "75,0%"
    sources = set(table.iloc[:, 4])
    assert translate("source.assumption", "it") in sources and len(sources) > 3
    # Each uncertain field shows the spread the Monte Carlo draws, around the value now: the
    # user's own strategy effect moves it.
    priors = dict(zip(table.iloc[:, 0], table[translate("assumptions.prior", "it")]))
    assert priors[translate("field.strategy_effect.label", "it")] == translate(
        "assumptions.prior_value", "it", kind="Beta", low="18,1%", high="44,1%")
    assert priors[translate("field.consistency.label", "it")] == translate(
        "assumptions.prior_fixed", "it")
    at = start(lang="it", strategy_effect="0.6")
    at.session_state["assumptions"] = True
    table = rerun(at).dataframe[0].value
    priors = dict(zip(table.iloc[:, 0], table[translate("assumptions.prior", "it")]))
    assert priors[translate("field.strategy_effect.label", "it")] == translate(
        "assumptions.prior_value", "it", kind="Beta", low="45,5%", high="73,4%")


def test_an_advanced_lever_opens_on_demand_and_moves_the_figures():
    at = start()
    assert not [n for n in at.text_input if n.key == "lever.advanced.hourly_cost"]
    before = metric(at, "figure.profit", weeks=52)
    at.session_state["levers.group.economics"] = True
    rerun(at).text_input(key="lever.advanced.hourly_cost").input("20")
    after = metric(rerun(at), "figure.profit", weeks=52)
    profit = smm_sim.simulate(DEFAULT.replace(hourly_cost=20.0))["cum_profit"].iloc[-1]
    assert after == money(profit, "USD") != before
    assert at.query_params["hourly_cost"] == "20"


def _money_box(lang: str, **params: str):
    at = start(lang=lang, **params)
    at.session_state["levers.group.economics"] = True
    return rerun(at), "lever.advanced.hourly_cost"


@pytest.mark.parametrize("lang, typed, value, shown", [
    ("it", "50,5", 50.5, "50,50"), ("es", "50,5", 50.5, "50,50"), ("en", "50.5", 50.5, "50.50"),
    ("it", "1.000,00", 1000.0, "1000"), ("en", "1,000.00", 1000.0, "1000")])
def test_a_number_box_reads_the_decimal_mark_of_the_language(lang, typed, value, shown):
    at, key = _money_box(lang)
    mark = "." if lang == "en" else ","
    assert at.text_input(key=key).value == f"43{mark}50"  # the preset's 43.5, as written
    at.text_input(key=key).input(typed)
    rerun(at)
    assert at.session_state["scenario"].hourly_cost == value
    assert at.text_input(key=key).value == shown and not at.error
    assert at.query_params["hourly_cost"] == f"{value:g}"


@pytest.mark.parametrize("lang, typed, whole, decimal", [("it", "1.234", "1234", "1,234"),
                                                         ("es", "1.234", "1234", "1,234"),
                                                         ("en", "1,234", "1234", "1.234")])
def test_an_ambiguous_number_is_refused_with_both_readings_and_changes_nothing(lang, typed,
                                                                                whole, decimal):
    at, key = _money_box(lang, hourly_cost="30")
    profit = metric(at, "figure.profit", weeks=52)
    at.text_input(key=key).input(typed)
    rerun(at)
    assert at.session_state["scenario"].hourly_cost == 30.0
    assert metric(at, "figure.profit", weeks=52) == profit
    assert at.query_params["hourly_cost"] == "30"
    message = at.error[0].value.replace("\\", "")
    assert message == translate("number.ambiguous", lang, text=typed, whole=whole,
                                decimal=decimal)
    assert at.text_input(key=key).value == typed  # left in the box to correct
    at.text_input(key=key).input(decimal)  # the reading with decimals, as the message offers
    rerun(at)
    assert at.session_state["scenario"].hourly_cost == 1.234 and not at.error


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_number_out_of_range_or_not_a_number_is_refused_in_the_readers_language(lang):
    at, key = _money_box(lang)
    at.text_input(key=key).input("5000")
    assert rerun(at).error[0].value == translate("number.range", lang, low="0", high="1000")
    at.text_input(key=key).input("40 €/h")
    assert "1" in rerun(at).error[0].value and translate(
        "number.not_number", lang, example="").split()[0] in at.error[0].value
    assert at.session_state["scenario"].hourly_cost == DEFAULT.hourly_cost


def test_lever_help_gives_the_range_as_the_reader_writes_it():
    at = start(layout.page_path("no_strategy"), lang="it")
    assert "Intervallo da 0% a 100%." in at.slider(key="lever.no_strategy.strategy_clarity").help
    at = start(layout.page_path("no_measurement"), lang="es", currency="EUR")
    order = at.text_input(key="lever.no_measurement.order_value")
    assert "Rango: de 0 € a 100.000 €." in order.help
    named = at.selectbox(key="lever.no_measurement.measurement").help
    assert "Rango" not in named and "None" not in named  # named levels have no range
    at = start(layout.page_path("inconsistent"))
    assert "Range 0% to 20%." in at.slider(key="lever.inconsistent.effort_decay").help


def test_money_follows_the_language_and_the_currency():
    at = start(lang="it", currency="EUR")
    profit = smm_sim.simulate(DEFAULT.replace(currency="EUR"))["cum_profit"].iloc[-1]
    label = translate("figure.profit", "it", weeks=52)
    shown = next(m.value for m in at.metric if m.label == label)
    assert shown == f"{profit:,.0f} €".replace(",", ".")


def test_a_change_that_reads_as_zero_shows_no_arrow_and_no_colour():
    # Tools 1 a week cheaper move the ROI by a third of a point: "0 points", not "↑ 0 points".
    at = start(tool_cost="19")
    figures = {m.label: m for m in at.metric}
    roi = figures[translate("figure.roi", "en")]
    assert roi.delta == "0 points" and roi.proto.direction == roi.proto.MetricDirection.NONE
    assert roi.proto.color == roi.proto.MetricColor.GRAY
    profit = figures[translate("figure.profit", "en", weeks=52)]
    assert profit.proto.direction == profit.proto.MetricDirection.UP  # a real gain keeps its arrow


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_the_raci_grid_shows_its_blank_choice_in_every_cell_not_none(lang):
    """The blank choice had a label in the menu only: the cells held "", which the grid shows
    as "None", flags as unfilled ("Please fill out this cell.") and opens on "Select..."."""
    import json
    at = start(layout.page_path("no_roles"), lang=lang)
    editor = next(d for d in at.dataframe if d.key == "raci.editor")
    columns = json.loads(editor.proto.columns)
    people = [c for k, c in columns.items() if k.startswith("p")]
    assert all(c["type_config"]["options"] == ["–", "R", "A", "C", "I"] for c in people)
    assert not any(c.get("required") for c in people)  # a cleared cell is blank, not a fault
    assert editor.proto.placeholder == "–"  # and shows so
    cells = editor.value[[k for k in columns if k.startswith("p")]]
    assert (cells == "–").all().all()
