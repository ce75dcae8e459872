"""Many sessions at once on one server, without browsers: the curve of issue 19.

For each number of sessions N a fresh server (`streamlit run streamlit_app.py`, as deployed)
takes N simulated sessions (bench/load.py: Streamlit's protocol over its websocket), which
arrive at the same moment, each with its own link (its own hours, consistency and
personalization), then all move their hours slider half an hour up at the same moment,
``--rounds`` times. Printed per N: p50 and p95 of the first render and of the rerun, the
server's CPU time per first render and per rerun (its /proc CPU time over that phase divided
by the runs), and the floor for N reruns at once, N × the CPU per rerun: one process runs one
script at a time, so the last of N cannot finish before that. Target: rerun p95 within 1.5×
that floor up to 30 sessions. Every run is checked: each session's link must carry the hours
it set and its profit must be the engine's for its own scenario; a wrong figure is counted,
never hidden.

Run from the repository's folder:
     python -m bench.bench_load                  (1 to 100 sessions, about 4 minutes)
     python -m bench.bench_load --sessions 1,10  (any list)
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import statistics

from bench.bench_ui import server
from bench.load import cpu_seconds, move_all, open_all, params
from bench.timing import machine

CURVE = (1, 5, 10, 20, 30, 50, 100)
TARGET_UP_TO = 30  # sessions: within this many, rerun p95 ≤ 1.5 × the floor


@functools.lru_cache(maxsize=4096)
def expected_profit(query: str) -> str:
    """The home page's first key figure for a link, from the engine: the profit over the
    default 52 weeks, in the app's English money format."""
    from smm_sim import formats, query as link_query, simulate
    scenario, _ = link_query.decode(params(query), ignore=("lang", "weeks"))
    return formats.money(simulate(scenario)["cum_profit"].iloc[-1], scenario.currency, "en")


def links(n: int, start: int = 0) -> list[str]:
    """Every session its own scenario: hours 9 to 28, and a consistency and personalization
    no other session has (unique up to 441 sessions, counted from ``start``), so no
    session's rerun finds an answer another one left in the shared cache."""
    return [f"hours_per_week={9 + i % 20}&consistency={0.05 * (i % 21):.2f}"
            f"&personalization={0.05 * (i // 21):.2f}" for i in range(start, start + n)]


def p95(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


async def measure(url: str, pids: list[int], n: int, rounds: int, pace: float = 0.0,
                  start: int = 0, keep_open: bool = False) -> dict:
    """N sessions open at once, then ``rounds`` times all move their hours at once (each to
    a value it has not had: every rerun computes), ``pace`` seconds apart. CPU time is the
    sum over the server processes ``pids``; ``start``: where in :func:`links` to begin."""
    def cpu() -> float:
        return sum(cpu_seconds(pid) for pid in pids)

    cpu_start = cpu()
    sessions, problems = await open_all(url, links(n, start), expected_profit)
    cpu_opened = cpu()
    for _ in range(rounds):
        problems += await move_all(sessions, expect=expected_profit)
        await asyncio.sleep(pace)
    cpu_end = cpu()
    if not keep_open:
        await asyncio.gather(*(s.close() for s in sessions))
    reruns = [t for s in sessions for t in s.reruns]
    return {"sessions": sessions, "first": [s.first_render for s in sessions], "reruns": reruns,
            "problems": problems, "cpu_first": (cpu_opened - cpu_start) / n,
            "cpu_rerun": (cpu_end - cpu_opened) / max(1, len(reruns))}


def row(n: int, m: dict) -> str:
    floor = n * m["cpu_rerun"]
    ratio = p95(m["reruns"]) / floor if floor else float("nan")
    target = (f"{'ok' if ratio <= 1.5 else 'OVER'} (≤ 1.5×)" if n <= TARGET_UP_TO else "")
    return (f"{n:>4} sessions  first render p50 {statistics.median(m['first']) * 1000:6.0f} ms"
            f"  p95 {p95(m['first']) * 1000:6.0f} ms | rerun p50 "
            f"{statistics.median(m['reruns']) * 1000:6.0f} ms  p95 {p95(m['reruns']) * 1000:6.0f}"
            f" ms | server CPU per first render {m['cpu_first'] * 1000:5.0f} ms, per rerun "
            f"{m['cpu_rerun'] * 1000:5.1f} ms | floor N × CPU {floor * 1000:6.0f} ms, p95 "
            f"{ratio:4.2f}× {target} | wrong figures or errors: {len(m['problems'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default=",".join(map(str, CURVE)),
                        help="comma-separated numbers of sessions")
    parser.add_argument("--rounds", type=int, default=3, help="simultaneous lever moves")
    parser.add_argument("--pace", type=float, default=0.0,
                        help="seconds between rounds (0: the next round at once)")
    parser.add_argument("--script", default="streamlit_app.py")
    args = parser.parse_args()
    print(f"{machine()}; load average at start {os.getloadavg()[0]:.2f}")
    print(f"{args.script}, a fresh server per line; all sessions arrive at once, then "
          f"{args.rounds} rounds of every session moving its slider at the same moment")
    problems = []
    for n in (int(x) for x in args.sessions.split(",")):
        with server(args.script) as (url, pid):
            m = asyncio.run(measure(url, [pid], n, max(args.rounds, 10 if n == 1 else 0),
                                    args.pace))
        print(row(n, m), flush=True)
        problems += m["problems"]
    for problem in problems[:10]:
        print("  wrong:", problem)


if __name__ == "__main__":
    main()
