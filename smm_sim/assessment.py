"""The self-assessment: questions drawn from the two articles, scored per mistake.

Each question diagnoses one mistake and says, for each answer (yes, partly, no), which
value it implies for the levers that mistake moves. "Yes" is always the good practice: its
values are those of the mistake's ``fix``, "no" those of its ``make``, "partly" in between.
:func:`assess` turns a set of answers into a score per mistake, the scenario the answers
imply on top of a base scenario, and the mistakes ranked by their money at stake there,
what fixing each would add. Question texts live in the catalogs under ``question.<id>``.

The two questions on ``too_much_time`` set no lever: the hours are a fact the user enters,
not a habit to infer. They score the mistake; its money at stake comes from lowering the
hours to the profit optimum (fewer hours than that are not this mistake).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .catalogue import Department
from .i18n import translate
from .mistakes import (FOCUS_NETWORKS, MISTAKE_IDS, MISTAKES, fix_all, mistake, mistakes_ranked,
                       same_year_hours)
from .model import run_batch
from .scenario import DEFAULT, Scenario

ANSWERS: tuple[str, ...] = ("yes", "partly", "no")
# How strongly an answer shows the mistake: the score of a mistake is the mean over its answers.
RISK: Mapping[str, float] = MappingProxyType({"yes": 0.0, "partly": 0.5, "no": 1.0})
# Fields whose answers name levels, worst first; several answers meet at their mean level.
LEVELS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "measurement": ("none", "activity", "business"),
    "networks": ("spread", "keep", "focus"),
})


@dataclass(frozen=True)
class Question:
    """One question: the mistake it diagnoses, where it comes from, what each answer implies."""

    id: str
    mistake: str  # id of the mistake in smm_sim.mistakes
    article: str  # "000" (Italian) or "004" (Spanish)
    section: str  # the section of that article, e.g. "§5"
    levers: Mapping[str, Mapping[str, Any]]  # field -> answer -> value of that field

    def text(self, lang: str = "en") -> str:
        return translate(f"question.{self.id}", lang)


def _question(qid: str, mistake_id: str, article: str, section: str, **levers: tuple) -> Question:
    """A question whose levers are given as (yes, partly, no) values."""
    return Question(qid, mistake_id, article, section, MappingProxyType(
        {name: MappingProxyType(dict(zip(ANSWERS, values))) for name, values in levers.items()}))


SALES_FINANCE = ("sales", "finance")
LEADERSHIP_HR_IT = ("leadership", "hr", "it")

QUESTIONS: tuple[Question, ...] = (
    _question("plan_written", "no_strategy", "000", "§5", strategy_clarity=(1.0, 0.55, 0.1)),
    _question("plan_explained", "no_strategy", "000", "§5", strategy_clarity=(1.0, 0.55, 0.1)),
    _question("goals_in_money", "no_goals", "004", "§1", goal_clarity=(1.0, 0.55, 0.1)),
    _question("goals_beyond_likes", "no_goals", "004", "§1", goal_clarity=(1.0, 0.55, 0.1)),
    _question("few_networks", "no_focus", "000", "§1", networks=("focus", "keep", "spread")),
    _question("hours_before_profiles", "no_focus", "000", "§1",
              networks=("focus", "keep", "spread")),
    _question("one_owner", "no_roles", "000", "§2", role_clarity=(1.0, 0.55, 0.1)),
    _question("tasks_assigned", "no_roles", "000", "§2", role_clarity=(1.0, 0.55, 0.1)),
    _question("daily_slot", "not_daily", "000", "§3", daily_routine=(1.0, 0.55, 0.1)),
    _question("quick_replies", "not_daily", "000", "§3", reply_hours=(4.0, 24.0, 72.0)),
    _question("posting_calendar", "not_daily", "000", "§3", consistency=(0.9, 0.6, 0.3)),
    _question("planned_for_a_year", "inconsistent", "004", "§3", effort_decay=(0.0, 0.02, 0.04)),
    _question("steady_effort", "inconsistent", "004", "§3", effort_decay=(0.0, 0.02, 0.04)),
    _question("hours_priced", "too_much_time", "004", "§4"),
    _question("next_hour_checked", "too_much_time", "004", "§4"),
    _question("sales_traced", "no_measurement", "000", "§4",
              measurement=("business", "activity", "none")),
    _question("costs_compared", "no_measurement", "004", "§5",
              measurement=("business", "activity", "none")),
    _question("sales_and_finance", "silo", "004", "§2",
              departments=(SALES_FINANCE, ("sales",), ())),
    _question("leadership_and_support", "silo", "004", "§2",
              departments=(LEADERSHIP_HR_IT, ("leadership",), ())),
    _question("few_promotions", "boring", "004", "§6",
              content_mix=((0.2, 0.35, 0.25, 0.2), (0.4, 0.3, 0.2, 0.1), (0.7, 0.1, 0.1, 0.1))),
    _question("written_for_someone", "boring", "004", "§6", targeting=(0.9, 0.55, 0.2)),
    _question("invites_answers", "boring", "004", "§6", two_way=(0.8, 0.4, 0.0)),
    _question("personal_replies", "no_personalization", "004", "§7",
              personalization=(0.8, 0.4, 0.0)),
    _question("adapted_posts", "no_personalization", "004", "§7", personalization=(0.8, 0.4, 0.0)),
)

QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)
_BY_ID = {q.id: q for q in QUESTIONS}


def question(question_id: str) -> Question:
    if question_id not in _BY_ID:
        raise ValueError(f"question id must be one of {', '.join(QUESTION_IDS)}; "
                         f"got {question_id!r}")
    return _BY_ID[question_id]


def questions_for(mistake_id: str) -> tuple[Question, ...]:
    """The questions that diagnose one mistake, in questionnaire order."""
    mistake(mistake_id)  # refuses an unknown id
    return tuple(q for q in QUESTIONS if q.mistake == mistake_id)


def check_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """The given answers, checked: known question ids, each answer yes, partly or no.

    ``None`` means "not answered" and is dropped. Raises ``ValueError`` saying what is wrong.
    """
    if not isinstance(answers, Mapping):
        raise ValueError("answers must be a mapping of question id to answer (yes, partly, no); "
                         f"got {type(answers).__name__}")
    unknown = sorted(str(k) for k in answers if k not in _BY_ID)
    if unknown:
        raise ValueError(f"unknown question ids: {', '.join(unknown)}; "
                         f"known ids are {', '.join(QUESTION_IDS)}")
    clean = {}
    for qid, answer in answers.items():
        if answer is None:
            continue
        if not isinstance(answer, str) or answer not in RISK:
            raise ValueError(f"the answer to {qid} must be one of {', '.join(ANSWERS)} "
                             f"(or None when not answered); got {answer!r}")
        clean[qid] = answer
    return clean


def scores(answers: Mapping[str, Any]) -> dict[str, float | None]:
    """How strongly the answers show each mistake: 0 not at all, 1 fully; None if unasked."""
    clean = check_answers(answers)
    out: dict[str, float | None] = {}
    for mistake_id in MISTAKE_IDS:
        risks = [RISK[clean[q.id]] for q in questions_for(mistake_id) if q.id in clean]
        out[mistake_id] = float(np.mean(risks)) if risks else None
    return out


def _level(field: str, values: list[str]) -> str:
    """The level several answers meet at: their mean, a tie going to the worse level."""
    order = LEVELS[field]
    mean = sum(order.index(v) for v in values) / len(values)
    return order[math.ceil(mean - 0.5)]


def _networks(base: Scenario, level: str) -> Scenario:
    if level == "spread":
        return mistake("no_focus").make(base)
    if level == "focus" and len(base.networks) > FOCUS_NETWORKS:
        return mistake("no_focus").fix(base)
    return base  # "keep", or already focused: the user's own mix stays


def implied_scenario(answers: Mapping[str, Any], base: Scenario = DEFAULT) -> Scenario:
    """``base`` with every lever an answered question speaks about set as the answers imply.

    Several answers about one number give their mean; about a level (measurement, networks)
    their mean level; about departments, each question decides the departments it names.
    Levers no answered question touches keep the base's values.
    """
    clean = check_answers(answers)
    implied: dict[str, list[Any]] = {}
    named: set[str] = set()  # departments an answered question speaks about
    for qid, answer in clean.items():
        for field, by_answer in question(qid).levers.items():
            implied.setdefault(field, []).append(by_answer[answer])
            if field == "departments":
                named.update(*by_answer.values())
    changes: dict[str, Any] = {}
    for field, values in implied.items():
        if field in ("networks", "effort_decay"):
            continue  # applied last: they reshape the mix and the hours of the base
        if field in LEVELS:
            changes[field] = _level(field, values)
        elif field == "departments":
            chosen = (set(base.departments) - named).union(*values)
            changes[field] = tuple(d.value for d in Department if d.value in chosen)
        elif field == "content_mix":  # a mean of mixes is a mix: the shares still add to 1
            changes[field] = tuple(float(v) for v in np.mean(np.array(values, dtype=float), axis=0))
        else:
            changes[field] = float(np.mean(values))
    scenario = base.replace(**changes)
    if "networks" in implied:  # before the fade: the spread counts the steady hours, as make_all
        scenario = _networks(scenario, _level("networks", implied["networks"]))
    if "effort_decay" in implied:  # fading as the mistake fades: the same hours over the year
        scenario = same_year_hours(scenario, float(np.mean(implied["effort_decay"])))
    return scenario


@dataclass(frozen=True)
class Assessment:
    """What a set of answers says, on a base scenario, over ``weeks``."""

    answered: int  # questions answered
    scores: Mapping[str, float | None]  # per mistake: 0 no sign of it, 1 fully made
    scenario: Scenario  # the base with the levers the answers imply
    profit: float  # the implied scenario's cumulative profit at the horizon
    fix_all_gain: float  # profit added by fixing every mistake at once (hours unchanged)
    ranking: pd.DataFrame  # one row per mistake, the most money at stake first (see assess)


HOURS_MISTAKE = "too_much_time"  # fixed by moving the hours, which fix_all leaves alone


def _all_fixed_but(scenario: Scenario, kept: str) -> Scenario:
    """Every mistake but ``kept`` fixed, hours unchanged (as fix_all does)."""
    for m in MISTAKES:
        if m.id not in (kept, HOURS_MISTAKE):
            scenario = m.fix(scenario)
    return scenario


def assess(answers: Mapping[str, Any], base: Scenario = DEFAULT, weeks: int = 52) -> Assessment:
    """Score the answers, build the scenario they imply and rank the mistakes by money at stake.

    The ranking is :func:`smm_sim.mistakes.mistakes_ranked` on the implied scenario, the
    order every page shows: ``at_stake``, the profit at the horizon that fixing the mistake
    alone brings from there (0 for a mistake the answers rule out), and its cost, fixed
    against made (``profit``, ``roi``). The mistakes multiply each other's harm, so each
    also gets ``last``: what fixing it adds once every other mistake is fixed. ``score`` is
    how strongly the answers show it.
    """
    clean = check_answers(answers)
    scenario = implied_scenario(clean, base)
    fixed = fix_all(scenario)
    # Fixing the hours last is fixing them on the otherwise fixed scenario.
    lasts = [m.fix(fixed) if m.id == HOURS_MISTAKE else _all_fixed_but(scenario, m.id)
             for m in MISTAKES]
    profit = run_batch([scenario, fixed] + lasts, weeks)["cum_profit"][-1]
    last = dict(zip(MISTAKE_IDS, profit[1] - profit[2:]))
    last[HOURS_MISTAKE] = float(profit[2 + MISTAKE_IDS.index(HOURS_MISTAKE)] - profit[1])
    by_mistake = scores(clean)
    ranking = mistakes_ranked(scenario, weeks)
    ranking.insert(1, "score", [np.nan if by_mistake[m] is None else by_mistake[m]
                                for m in ranking["mistake"]])
    ranking.insert(3, "last", [last[m] for m in ranking["mistake"]])
    return Assessment(answered=len(clean), scores=by_mistake, scenario=scenario,
                      profit=float(profit[0]), fix_all_gain=float(profit[1] - profit[0]),
                      ranking=ranking)
