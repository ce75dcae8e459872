"""Engine speed and memory, printed (not asserted): the figures README quotes.

Targets (issue 2): simulate 52 weeks ≤ 1 ms median; monte_carlo n=10,000 × 104 weeks
≤ 150 ms and ≤ 100 MB peak; sensitivity + optimize_hours ≤ 200 ms together.
Run: python bench/bench_engine.py
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import smm_sim  # noqa: E402
from smm_sim import DEFAULT  # noqa: E402


def timed(func, repeat: int) -> list[float]:
    func()  # warm caches and code paths once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def peak_mb(func) -> float:
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def row(name: str, times: list[float], target_ms: float, extra: str = "") -> None:
    median = statistics.median(times) * 1000
    verdict = "ok" if median <= target_ms else "OVER"
    print(f"{name:<38} median {median:8.2f} ms  min {min(times) * 1000:8.2f} ms  "
          f"target ≤ {target_ms:g} ms  {verdict}{extra}")


def main() -> None:
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, numpy {smm_sim.model.np.__version__}")
    row("simulate, 52 weeks", timed(lambda: smm_sim.simulate(DEFAULT, 52), 200), 1.0)
    mc = lambda: smm_sim.monte_carlo(DEFAULT, n=10_000, weeks=104, seed=0)  # noqa: E731
    row("monte_carlo, n=10,000, 104 weeks", timed(mc, 15), 150.0,
        f"  peak {peak_mb(mc):.0f} MB (target ≤ 100 MB)")
    both = lambda: (smm_sim.sensitivity(DEFAULT), smm_sim.optimize_hours(DEFAULT))  # noqa: E731
    row("sensitivity + optimize_hours", timed(both, 20), 200.0)
    row("cost of all 11 mistakes", timed(lambda: smm_sim.mistakes_ranked(DEFAULT), 10), 300.0)


if __name__ == "__main__":
    main()
