"""The self-assessment in the engine: question data, scores, the implied scenario, the ranking."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smm_sim import (DEFAULT, MISTAKE_IDS, MISTAKES, Scenario, assess, fix_all, make_all,
                     mistakes_ranked, simulate)
from smm_sim.assessment import (ANSWERS, QUESTION_IDS, QUESTIONS, check_answers, implied_scenario,
                                questions_for, scores)
from smm_sim.i18n import LANGUAGES
from smm_sim.mistakes import mistake
from smm_sim.presets import PRESETS, preset

from .strategies import PAYING, scenarios

FIELDS = {f.name for f in dataclasses.fields(Scenario)}
answer_sets = st.dictionaries(st.sampled_from(QUESTION_IDS), st.sampled_from(ANSWERS))


def all_(answer: str) -> dict[str, str]:
    return {qid: answer for qid in QUESTION_IDS}


def profit(scenario: Scenario, weeks: int = 52) -> float:
    return float(simulate(scenario, weeks)["cum_profit"].iloc[-1])


# --- the questions as data --------------------------------------------------------------
def test_the_questionnaire_has_15_to_25_questions_covering_every_mistake():
    assert 15 <= len(QUESTIONS) <= 25
    assert len(set(QUESTION_IDS)) == len(QUESTION_IDS)
    assert {q.mistake for q in QUESTIONS} == set(MISTAKE_IDS)
    assert {q.article for q in QUESTIONS} == {"000", "004"}  # both articles


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_each_question_comes_from_its_mistakes_article_and_moves_only_its_levers(q):
    m = mistake(q.mistake)
    assert (q.article, q.section) in m.sources
    assert set(q.levers) <= set(m.levers) and set(q.levers) <= FIELDS
    for by_answer in q.levers.values():
        assert tuple(by_answer) == ANSWERS


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_question_has_its_text_in_every_language(lang):
    for q in QUESTIONS:
        text = q.text(lang)
        assert text != f"question.{q.id}" and text.endswith("?"), q.id
    assert len({q.text(lang) for q in QUESTIONS}) == len(QUESTIONS)


# --- checking the answers ---------------------------------------------------------------
def test_unknown_questions_and_answers_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="unknown question ids: colour"):
        check_answers({"colour": "yes"})
    with pytest.raises(ValueError, match="plan_written must be one of yes, partly, no"):
        check_answers({"plan_written": "maybe"})
    with pytest.raises(ValueError, match="plan_written must be one of"):
        check_answers({"plan_written": True})
    with pytest.raises(ValueError, match="must be a mapping"):
        assess(["plan_written"])


def test_unanswered_questions_leave_the_scenario_and_the_scores_alone():
    assert check_answers({"plan_written": None, "one_owner": "no"}) == {"one_owner": "no"}
    result = assess({}, DEFAULT)
    assert result.answered == 0 and result.scenario == DEFAULT
    assert all(s is None for s in result.scores.values())


# --- answers to scenario and scores -----------------------------------------------------
@given(answers=answer_sets, base=scenarios(assumptions=False))
def test_any_answers_on_any_scenario_give_a_valid_scenario_and_a_full_ranking(answers, base):
    result = assess(answers, base, weeks=26)
    implied = result.scenario
    assert Scenario.from_dict(implied.to_dict()) == implied  # passes every check of the fields
    spoken = {f for qid in answers for f in next(q for q in QUESTIONS if q.id == qid).levers}
    if "effort_decay" in spoken:  # a fade keeps the year's hours: the week-1 hours move with it
        spoken.add("hours_per_week")
    for name in FIELDS - spoken:
        assert getattr(implied, name) == getattr(base, name), name
    for mistake_id, score in result.scores.items():
        asked = any(q.id in answers for q in questions_for(mistake_id))
        assert (score is None) == (not asked)
        assert score is None or 0.0 <= score <= 1.0
    ranking = result.ranking
    assert sorted(ranking["mistake"]) == sorted(MISTAKE_IDS)
    assert np.isfinite(ranking[["at_stake", "profit", "last", "roi"]].to_numpy()).all()
    assert (np.diff(ranking["at_stake"]) <= 1e-9).all()
    assert result.answered == len(answers)


def test_yes_is_the_fix_and_no_is_the_mistake():
    assert implied_scenario(all_("yes"), DEFAULT) == fix_all(DEFAULT)
    assert implied_scenario(all_("no"), DEFAULT) == make_all(DEFAULT)


@pytest.mark.parametrize("name", PRESETS)
def test_all_yes_beats_all_no(name):
    base = preset(name)
    good, bad = assess(all_("yes"), base), assess(all_("no"), base)
    assert good.profit > bad.profit
    assert set(good.scores.values()) == {0.0} and set(bad.scores.values()) == {1.0}


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.id)
def test_each_question_moves_its_mistakes_score_and_no_other(q):
    rest = all_("partly")
    yes, no = scores({**rest, q.id: "yes"}), scores({**rest, q.id: "no"})
    assert no[q.mistake] > yes[q.mistake]
    assert {m: s for m, s in yes.items() if m != q.mistake} \
        == {m: s for m, s in no.items() if m != q.mistake}


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q.levers], ids=lambda q: q.id)
def test_each_question_with_levers_moves_them_in_the_implied_scenario(q):
    rest = all_("partly")
    yes = implied_scenario({**rest, q.id: "yes"}, PAYING)
    no = implied_scenario({**rest, q.id: "no"}, PAYING)
    # A fade keeps the year's hours: the week-1 hours move with it.
    moved = set(q.levers) | ({"hours_per_week"} if "effort_decay" in q.levers else set())
    assert set(yes.changes_from(no)) == moved
    if q.id != "few_promotions":
        assert profit(yes) > profit(no)
        return
    # Promotions sell more per visit (CONTENT_CONVERSION) and lose followers: within a year
    # the two come out about even in money, so the answer shows in the audience.
    made, fixed = simulate(no), simulate(yes)
    assert fixed["followers"].iloc[-1] > made["followers"].iloc[-1] * 1.05
    assert profit(yes) == pytest.approx(profit(no), rel=0.02)


def test_the_hours_are_a_fact_not_an_answer():
    for q in questions_for("too_much_time"):
        assert q.levers == {}
    implied = implied_scenario(all_("no"), DEFAULT.replace(hours_per_week=13.0))
    # Fading effort starts higher and ends lower, over the year's same hours.
    assert implied.effort_decay > 0 and implied.hours_per_week > 13.0
    assert simulate(implied)["hours"].sum() == pytest.approx(13.0 * 52, rel=1e-12)


def test_levels_meet_at_their_mean_with_ties_going_to_the_worse_level():
    def pick(a: str, b: str) -> str:
        return implied_scenario({"sales_traced": a, "costs_compared": b}).measurement

    assert pick("yes", "yes") == "business"
    assert pick("yes", "partly") == "activity"  # the tie goes down
    assert pick("yes", "no") == "activity"
    assert pick("partly", "no") == "none"


def test_departments_follow_the_questions_that_name_them():
    base = DEFAULT.replace(departments=("sales", "leadership"))
    only_support = implied_scenario({"leadership_and_support": "no"}, base)
    assert only_support.departments == ("sales",)  # sales is not that question's business
    both = implied_scenario({"leadership_and_support": "yes", "sales_and_finance": "partly"}, base)
    assert both.departments == ("sales", "hr", "it", "leadership")


def test_networks_spread_or_focus_as_answered():
    many = DEFAULT.replace(networks=(("instagram", 0.25, 9000), ("facebook", 0.25, 5000),
                                     ("x", 0.25, 100), ("tiktok", 0.25, 0)))
    focused = implied_scenario({"few_networks": "yes", "hours_before_profiles": "yes"}, many)
    # The two largest audiences get the hours; the others keep their followers, with no hours.
    assert [(n, f) for n, _, f in focused.networks] == [(n, f) for n, _, f in many.networks]
    assert [n for n, share, _ in focused.networks if share > 0] == ["instagram", "facebook"]
    kept = implied_scenario({"few_networks": "partly"}, many)
    assert kept.networks == many.networks
    spread = implied_scenario({"few_networks": "no", "hours_before_profiles": "no"}, DEFAULT)
    assert spread == mistake("no_focus").make(DEFAULT) and len(spread.networks) > 2
    assert implied_scenario({"few_networks": "yes"}, DEFAULT).networks == DEFAULT.networks


# --- money at stake ---------------------------------------------------------------------
def test_the_ranking_is_the_money_fixing_each_mistake_adds_from_the_answers():
    result = assess(all_("partly"), DEFAULT)
    implied = result.scenario
    assert result.profit == pytest.approx(profit(implied))
    assert result.fix_all_gain == pytest.approx(profit(fix_all(implied)) - result.profit)
    rows = result.ranking.set_index("mistake")
    for m in MISTAKES:
        assert rows.loc[m.id, "at_stake"] == pytest.approx(profit(m.fix(implied)) - result.profit,
                                                           abs=0.01)
        if m.id == "too_much_time":
            continue
        others_fixed = implied
        for other in MISTAKES:
            if other.id not in (m.id, "too_much_time"):
                others_fixed = other.fix(others_fixed)
        last = profit(fix_all(implied)) - profit(others_fixed)
        assert rows.loc[m.id, "last"] == pytest.approx(last, abs=1e-6)
    # The order and amounts every other page shows for that scenario.
    ranked = mistakes_ranked(implied)
    assert list(result.ranking["mistake"]) == list(ranked["mistake"])
    assert list(result.ranking["at_stake"]) == list(ranked["at_stake"])
    assert result.ranking["at_stake"].iloc[0] > 0


def test_a_mistake_the_answers_rule_out_has_nothing_at_stake():
    result = assess(all_("yes"), PAYING)
    assert (result.ranking["at_stake"] == 0.0).all()
    assert np.allclose(result.ranking["last"], 0.0, atol=1e-6)
    assert result.fix_all_gain == pytest.approx(0.0, abs=1e-6)


def test_only_hours_above_the_optimum_count_as_too_much_time():
    for hours, at_stake in ((8.0, False), (40.0, True)):
        rows = assess({}, PAYING.replace(hours_per_week=hours)).ranking.set_index("mistake")
        assert (rows.loc["too_much_time", "at_stake"] > 0) == at_stake
        assert rows.loc["too_much_time", "at_stake"] >= 0 and rows.loc["too_much_time", "last"] >= 0


def test_the_scores_are_the_mean_of_the_answers():
    result = scores({"plan_written": "yes", "plan_explained": "no", "one_owner": "partly"})
    assert result["no_strategy"] == 0.5 and result["no_roles"] == 0.5
    assert result["boring"] is None
    assert not any(isinstance(s, float) and math.isnan(s) for s in result.values())
