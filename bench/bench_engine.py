"""Engine speed and memory, printed (not asserted): the figures README quotes.

Targets (issue 2): simulate 52 weeks ≤ 1 ms median; monte_carlo n=10,000 × 104 weeks
≤ 150 ms and ≤ 100 MB peak; sensitivity + optimize_hours ≤ 200 ms together.
Run from the repository's folder: python -m bench.bench_engine
"""

from __future__ import annotations

import smm_sim
from bench.timing import machine, peak_mb, row, timed
from smm_sim import DEFAULT


def main() -> None:
    print(machine())
    row("simulate, 52 weeks", timed(lambda: smm_sim.simulate(DEFAULT, 52), 200), 1.0)
    mc = lambda: smm_sim.monte_carlo(DEFAULT, n=10_000, weeks=104, seed=0)  # noqa: E731
    row("monte_carlo, n=10,000, 104 weeks", timed(mc, 15), 150.0,
        f"  peak {peak_mb(mc):.0f} MB (target ≤ 100 MB)")
    both = lambda: (smm_sim.sensitivity(DEFAULT), smm_sim.optimize_hours(DEFAULT))  # noqa: E731
    row("sensitivity + optimize_hours", timed(both, 20), 200.0)
    row("cost of all 11 mistakes", timed(lambda: smm_sim.mistakes_ranked(DEFAULT), 10), 300.0)
    ranked = lambda: smm_sim.mistakes_ranked(DEFAULT, draws=200)  # noqa: E731
    row("all 11 mistakes, 200 draws of the priors", timed(ranked, 10), 300.0,
        f"  peak {peak_mb(ranked):.0f} MB")


if __name__ == "__main__":
    main()
