"""Engine time behind the decision tools, printed (not asserted).

Targets (issue "Decision tools"): the compare page with four scenarios and the tornado
chart each redraw in ≤ 300 ms of engine time. "Engine time" is what the page asks of
smm_sim on a redraw with nothing cached: for compare, building the references and
``compare_scenarios`` (one batch plus 1,000 Monte Carlo draws per scenario, as the page
does); for the tornado, ``sensitivity``. The self-assessment and the goal seeks are
printed too, against the same target.
Run from the repository's folder: python -m bench.bench_decide
"""

from __future__ import annotations

from functools import partial

import smm_sim
from bench.timing import machine, row, timed
from smm_sim import DEFAULT
from smm_sim.assessment import QUESTION_IDS
from smm_sim.mistakes import mistake

TARGET_MS = 300.0
DRAWS = 1000  # the app's draws behind every chance of profit (view/engine.py MC_DRAWS)


def compare_page(weeks: int) -> None:
    """Your scenario, every mistake fixed, the typical mistakes made, one mistake fixed."""
    scenarios = (DEFAULT, smm_sim.fix_all(DEFAULT), smm_sim.make_all(DEFAULT),
                 mistake("no_strategy").fix(DEFAULT))
    smm_sim.compare_scenarios(scenarios, weeks, draws=DRAWS, seed=0)


def main() -> None:
    print(machine())
    answers = {q: "partly" for q in QUESTION_IDS}
    for weeks in (52, 104):
        row(f"compare page, 4 scenarios, {weeks} weeks", timed(partial(compare_page, weeks), 15),
            TARGET_MS)
        row(f"tornado (sensitivity), {weeks} weeks",
            timed(partial(smm_sim.sensitivity, DEFAULT, "cum_profit", weeks), 20), TARGET_MS)
    for name, func in (("self-assessment, 24 answers, 52 weeks", lambda: smm_sim.assess(answers)),
                       ("goal seek, revenue, 52 weeks",
                        lambda: smm_sim.hours_for_target(DEFAULT, 60000)),
                       ("goal seek, ROI, 52 weeks", lambda: smm_sim.hours_for_roi(DEFAULT, 0.15))):
        row(name, timed(func, 15), TARGET_MS)


if __name__ == "__main__":
    main()
