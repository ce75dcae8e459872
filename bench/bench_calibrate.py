"""Calibration speed and honesty, printed (not asserted): reading and fitting a 104-week file,
and the coverage of the parameter-recovery study (bench/recovery.py).

Target (issue 17): a 104-week file read, fitted to its posterior and backtested in ≤ 10 s on
the two-core machine. The file is made here: a company simulated by the model for 104 weeks,
measured with noise and written as a CSV with every column, so the timing covers parsing,
checking, the fit, the posterior draws and the backtest.
Run from the repository's folder: python -m bench.bench_calibrate
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from bench import recovery
from bench.timing import machine
from smm_sim import DEFAULT, calibrate, read_weekly_csv, simulate

WEEKS = 104
TARGET_S = 10.0
COLUMNS = ("hours", "posts", "followers", "engagements", "reach", "clicks", "conversions",
           "revenue")
NOISE = {"hours": 0.05, "posts": 0.1, "followers": 0.003, "engagements": 0.15, "reach": 0.15,
         "clicks": 0.15, "conversions": 0.15, "revenue": 0.15}


def weekly_file(seed: int = 0) -> bytes:
    truth = DEFAULT.replace(hours_per_week=12.0, effort_decay=0.008, engagement_rate_scale=1.6,
                            click_scale=4.0, conversion_scale=3.0, order_value=110.0)
    frame = simulate(truth, WEEKS)
    rng = np.random.default_rng(seed)
    lines = ["week," + ",".join(COLUMNS)]
    noisy = {c: frame[c].to_numpy() * np.exp(rng.normal(0, NOISE[c], WEEKS)) for c in COLUMNS}
    for i in range(WEEKS):
        lines.append(f"{i + 1}," + ",".join(f"{noisy[c][i]:.2f}" for c in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    print(machine())
    files = [weekly_file(seed) for seed in range(4)]
    calibrate(read_weekly_csv(files[0]), DEFAULT)  # warm imports and code paths once
    times, reads = [], []
    for data in files[1:]:
        start = time.perf_counter()
        frame = read_weekly_csv(data)
        middle = time.perf_counter()
        calibrate(frame, DEFAULT)
        end = time.perf_counter()
        reads.append(middle - start)
        times.append(end - start)
    median = statistics.median(times)
    verdict = "ok" if median <= TARGET_S else "OVER"
    print(f"read + calibrate (posterior and backtest), {WEEKS}-week CSV "
          f"({len(files[0]) / 1000:.1f} kB, 8 metrics): "
          f"median {median * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
          f"(reading {statistics.median(reads) * 1000:.1f} ms)  "
          f"target ≤ {TARGET_S:g} s  {verdict}")
    coverage()


def coverage(truths: int = 20) -> None:
    """The recovery study's figures: how often the p10–p90 ranges hold what they claim."""
    start = time.perf_counter()
    fields, errors = recovery.study(truths)
    learned = fields[fields["learned"]]
    varied = fields[fields["field"].isin(recovery.VARIED_EFFECTS)]
    hours = fields[fields["field"].isin(("hours_per_week", "effort_decay"))]
    noisy = errors[errors["metric"] != "followers"]
    print(f"recovery study, {truths} hidden companies fitted from the default levers "
          f"({time.perf_counter() - start:.0f} s):")
    print(f"  learned fields' p10–p90 hold the noise-free fit: "
          f"{learned['covers_noise_free'].mean():.0%} of {len(learned)}  target 70–90%")
    print(f"  … hold the truth's own value: {learned['covers_truth'].mean():.0%} "
          f"(the scales take up the levers the fit was not told)")
    print(f"  hours and fade hold the truth: {hours['covers_truth'].mean():.0%} of {len(hours)}")
    print(f"  varied effect sizes hold the truth: {varied['covers_truth'].mean():.0%} of "
          f"{len(varied)}, learned in {varied['learned'].mean():.0%}")
    per_metric = noisy.groupby("metric")["nrmse"].mean()
    print(f"  backtest NRMSE per metric (noise {recovery.NOISE:.0%}): "
          + ", ".join(f"{m} {v:.3f}" for m, v in per_metric.items())
          + f"  target ≤ {1.5 * recovery.NOISE:.2f}")
    print(f"  held-out weeks inside the 80% band: "
          f"{errors['inside'].sum() / errors['weeks'].sum():.0%}")


if __name__ == "__main__":
    main()
