"""One money at stake everywhere: every page and the report rank the same mistakes, in the same
order, with the same amounts, for the same scenario (what fixing each brings from there)."""

import html
import re

import pytest

import smm_sim
from smm_sim import DEFAULT, mistakes_ranked
from smm_sim.export import report_html
from smm_sim import formats
from smm_sim.formats import money
from smm_sim.i18n import translate
from smm_sim.mistakes import MISTAKES, mistake
from smm_sim.presets import preset
from smm_sim.planning import CANVAS_PARTS
from view import engine, layout

from .apptest import metric, open_app, open_table, rerun

# The questions on the hours set no lever: answered, the implied scenario is the current one.
HOURS_QUESTIONS = ("hours_priced", "next_hour_checked")

# The default (two mistakes already fixed there: the focus and the hours), the default on
# the fixed line of "no strategy" (a full strategy canvas), and a preset with a mistake
# that saves money (fading effort, solo).
CASES = {
    "default": ({}, DEFAULT),
    "strategy_fixed": ({"strategy_clarity": "1"}, DEFAULT.replace(strategy_clarity=1.0)),
    "solo": ({"preset": "solo"}, preset("solo")),
}


def expected(scenario, lang="en"):
    """(title, side, amount) per mistake, in the engine's order, as the pages write them."""
    ranked = mistakes_ranked(scenario, 52)
    return [(mistake(m).title(lang), "gain" if v < 0 else "cost",
             money(abs(v), scenario.currency, lang))
            for m, v in zip(ranked["mistake"], ranked["at_stake"])]


def stake_shown(at, lang="en"):
    """The money-at-stake metric of the page: (side, amount)."""
    for side in ("cost", "gain"):
        value = metric(at, f"mistake.stake_{side}", lang, weeks=52)
        if value:
            return side, value
    return None


def answer_the_hours_questions(at):
    """On the assessment, answer only the questions that set no lever, and submit."""
    at.switch_page(layout.page_path("assessment"))
    rerun(at)
    for qid in HOURS_QUESTIONS:
        at.radio(key=f"assessment.q.{qid}").set_value("yes")
    at.button(key="assessment.submit").click()
    rerun(at)


def report_rows(scenario, lang="en"):
    page = report_html(scenario, 52, lang)
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]
    return [(c[1], c[2]) for c in cells]


@pytest.mark.parametrize("case", CASES)
def test_every_page_and_the_report_rank_the_same_mistakes_with_the_same_money(case):
    params, scenario = CASES[case]
    want = expected(scenario)
    signed = [(title, amount if side == "cost" else "-" + amount) for title, side, amount in want]

    assert report_rows(scenario) == signed

    at = open_app(layout.page_path("workshop"), lang="en", **params)
    assert at.session_state["scenario"] == scenario
    at.selectbox(key="workshop.jump").set_value(len(MISTAKES) + 1)  # the closing slide
    rerun(at)
    closing = open_table(at, "chart-workshop-closing")
    sides = {translate(f"mistake.stake_{s}", "en", weeks=52): s for s in ("cost", "gain")}
    shown = [(title, next(sides[c] for c in closing.columns if row[c]),
              next(row[c] for c in closing.columns if row[c])) for title, row in closing.iterrows()]
    assert shown == want
    # The slides themselves follow the same order, the most money at stake first.
    at.selectbox(key="workshop.jump").set_value(1)
    rerun(at)
    assert at.title[0].value == want[0][0]
    assert stake_shown(at) == want[0][1:]

    answer_the_hours_questions(at)
    table = at.dataframe[0].value
    stake = translate("assessment.col.stake", "en")
    assert [(r[translate("assessment.col.mistake", "en")], r[stake])
            for _, r in table.iterrows()] == signed

    at.switch_page(layout.page_path("compare"))
    rerun(at)
    fix_options = [o for o in at.selectbox(key="compare.source.1").options
                   if o.startswith("Fix only: ")]
    assert fix_options == [translate("compare.source.fix_one_stake", "en", mistake=title,
                                     stake=amount) for title, amount in signed]

    for title, side, amount in want:
        m = next(m for m in MISTAKES if m.title("en") == title)
        at.switch_page(layout.page_path(m.id))
        rerun(at)
        assert stake_shown(at) == (side, amount), m.id


def test_a_scenario_on_a_mistakes_fixed_line_has_nothing_at_stake_there():
    ranked = mistakes_ranked(DEFAULT.replace(strategy_clarity=1.0), 52)
    assert ranked.set_index("mistake").loc["no_strategy", "at_stake"] == 0.0
    assert ranked["mistake"].iloc[0] != "no_strategy"


def test_filling_the_strategy_canvas_leaves_nothing_at_stake_and_the_gap_closed():
    at = open_app(layout.page_path("no_strategy"), lang="en")
    before = smm_sim.cost_of_mistake(DEFAULT, "no_strategy")
    assert stake_shown(at) == ("cost", money(before.at_stake, "USD")) and before.at_stake > 50
    for part in CANVAS_PARTS:
        at.text_area(key=f"canvas.{part}").input("A full answer, long enough to count.").run()
    at.checkbox(key="canvas.layperson").check().run()
    rerun(at, run=False)
    after = smm_sim.cost_of_mistake(DEFAULT.replace(strategy_clarity=1.0), "no_strategy")
    assert at.session_state["scenario"].strategy_clarity == 1.0
    assert stake_shown(at) == ("cost", "$0")
    assert metric(at, "mistake.gap_closed") == "100%"
    assert metric(at, "mistake.own_profit", weeks=52) == money(after.current_profit, "USD")
    # What the mistake itself costs does not change with where the scenario stands.
    assert metric(at, "mistake.cost_profit", weeks=52) == money(after.profit, "USD")


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_mistake_page_shows_your_profit_and_the_share_of_the_gap_you_closed(lang):
    at = open_app(layout.page_path("boring"), lang=lang)
    cost = smm_sim.cost_of_mistake(DEFAULT, "boring")
    assert stake_shown(at, lang) == ("cost", money(cost.at_stake, "USD", lang))
    assert metric(at, "mistake.own_profit", lang, weeks=52) == money(cost.current_profit, "USD",
                                                                     lang)
    share = 1 - cost.at_stake / cost.profit
    assert 0 < share < 1
    assert metric(at, "mistake.gap_closed", lang) == smm_sim.formats.percent(share, lang)


def range_words(ranked, mistake_id, lang):
    row = ranked.loc[mistake_id]
    return translate("mistake.range", lang, low=money(row.at_stake_p10, "USD", lang),
                     high=money(row.at_stake_p90, "USD", lang),
                     top3=formats.percent(row.p_top3, lang),
                     costs=formats.percent(row.p_costs, lang))


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_the_pages_and_the_report_show_the_plausible_range_and_how_sure_the_ranking_is(lang):
    ranked = mistakes_ranked(DEFAULT, 52, draws=engine.RANK_DRAWS).set_index("mistake")
    first = ranked.index[0]
    assert 0 < ranked.loc[first, "at_stake_p10"] < ranked.loc[first, "at_stake_p90"]

    at = open_app(layout.page_path(first), lang=lang)
    assert range_words(ranked, first, lang) in [c.value for c in at.caption]

    at.switch_page(layout.page_path("workshop"))
    rerun(at)
    at.selectbox(key="workshop.jump").set_value(len(MISTAKES) + 1)  # the closing slide
    rerun(at)
    captions = [c.value for c in at.caption]
    for m in ranked.index[:3]:
        assert range_words(ranked, m, lang) in captions, m

    answer_the_hours_questions(at)
    table = at.dataframe[0].value.set_index(translate("assessment.col.mistake", lang))
    row = table.loc[mistake(first).title(lang)]
    lo, hi = (money(ranked.loc[first, c], "USD", lang) for c in ("at_stake_p10", "at_stake_p90"))
    assert row[translate("assessment.col.range", lang)] == translate(
        "assessment.range_value", lang, low=lo, high=hi)
    assert row[translate("assessment.col.top3", lang)] == formats.percent(
        ranked.loc[first, "p_top3"], lang)
    assert range_words(ranked, first, lang) in [c.value for c in at.caption]

    page = report_html(DEFAULT, 52, lang)
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", re.findall(r"<tr>(.*?)</tr>", body)[0])
    assert cells[3:5] == [html.escape(translate("assessment.range_value", lang, low=lo, high=hi)),
                          formats.percent(ranked.loc[first, "p_top3"], lang)]
