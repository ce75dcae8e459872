"""What every engine benchmark shares: timing, peak memory and one printed line per figure."""

from __future__ import annotations

import os
import platform
import statistics
import time
import tracemalloc


def machine() -> str:
    import numpy as np
    return (f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, numpy {np.__version__}")


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
    print(f"{name:<44} median {median:8.2f} ms  min {min(times) * 1000:8.2f} ms  "
          f"target ≤ {target_ms:g} ms  {verdict}{extra}")
