"""Many sessions at once on one server, without browsers: the curve of issue 19.

For each number of sessions N a fresh server (`streamlit run streamlit_app.py`, as deployed)
takes N simulated sessions (bench/load.py: Streamlit's protocol over its websocket), which
arrive at the same moment, each with its own link (its own hours, consistency and
personalization), then all move their hours slider half an hour up at the same moment,
``--rounds`` times. Printed per N: p50 and p95 of the first render and of the rerun, the
server's CPU time per first render and per rerun (its /proc CPU time over that phase divided
by the runs), and the floor for N reruns at once, N × the CPU per rerun: one process runs one
script at a time, so the last of N cannot finish before that. Target: rerun p95 within 1.5×
that floor up to 30 sessions. Also printed: the server's CPU time over the wall time of the
reruns, about 1 when it had a core to itself (more when numpy's threads ran besides), less
when other work on the machine took its core: then the floor is out of reach. Every run is
checked: each session's link must carry the hours it set and its profit must be the
engine's for its own scenario; a wrong figure is counted, never hidden.

``--arrivals`` prints instead the first renders of 10, 30 and 50 sessions arriving at the
same moment: on one replica, on one without the warm-up (app.py), and on two replicas behind
HAProxy (scripts/serve.sh), each with every session on its own link and with all on one link
(a workshop's projected link: the engine's shared cache answers all but the first).

Run from the repository's folder:
     python -m bench.bench_load                  (1 to 100 sessions, about 2 minutes)
     python -m bench.bench_load --sessions 1,10  (any list)
     python -m bench.bench_load --arrivals       (about 2 minutes)
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass

from bench.bench_ui import ROOT, free_port, server
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
                  start: int = 0, keep_open: bool = False, one_link: bool = False) -> dict:
    """N sessions open at once, then ``rounds`` times all move their hours at once (each to
    a value it has not had: every rerun computes), ``pace`` seconds apart. CPU time is the
    sum over the server processes ``pids``; ``start``: where in :func:`links` to begin;
    ``one_link``: all open the same link (the one on the projector), not each its own."""
    def cpu() -> float:
        return sum(cpu_seconds(pid) for pid in pids)

    cpu_start = cpu()
    queries = links(1, start) * n if one_link else links(n, start)
    sessions, problems = await open_all(url, queries, expected_profit)
    cpu_opened, opened = cpu(), time.perf_counter()
    for _ in range(rounds):
        problems += await move_all(sessions, expect=expected_profit)
        await asyncio.sleep(pace)
    cpu_end, wall = cpu(), time.perf_counter() - opened
    if not keep_open:
        await asyncio.gather(*(s.close() for s in sessions))
    reruns = [t for s in sessions for t in s.reruns]
    return {"sessions": sessions, "first": [s.first_render for s in sessions], "reruns": reruns,
            "problems": problems, "cpu_first": (cpu_opened - cpu_start) / n,
            "cpu_rerun": (cpu_end - cpu_opened) / max(1, len(reruns)),
            "share": (cpu_end - cpu_opened) / wall if rounds else 0.0}


@dataclass
class Replicas:
    """scripts/serve.sh running: HAProxy at ``url`` in front of replicas r1, r2, ..."""

    url: str
    replicas: dict[str, tuple[int, int]]  # name: (pid, port)
    stats: str  # HAProxy's stats socket

    @property
    def pids(self) -> list[int]:
        return [pid for pid, _ in self.replicas.values()]


def free_run(count: int) -> int:
    """A port such that it and the ``count - 1`` above it are free now (serve.sh puts its
    replicas on the ports above the proxy's)."""
    for _ in range(50):
        port = free_port()
        try:
            for other in range(port, port + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", other))
            return port
        except OSError:
            continue
    raise RuntimeError(f"no {count} free ports in a row")


@contextmanager
def replicas(n: int):
    """`scripts/serve.sh n PORT` on a free PORT (the replicas take the n ports above it),
    once HAProxy answers; stopped (HAProxy and replicas) on exit."""
    port = free_run(n + 1)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(["bash", "scripts/serve.sh", str(n), str(port)], cwd=ROOT,
                               env={**os.environ, "SMM_PYTHON": sys.executable},
                               stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        found, stats = {}, ""
        for line in process.stdout:
            if line.startswith("replica "):  # "replica 1: pid 123, port 8502"
                number, rest = line[len("replica "):].split(":", 1)
                found[f"r{number}"] = tuple(int(part.split()[-1]) for part in rest.split(","))
            elif line.startswith("haproxy stats: "):
                stats = line.split(": ", 1)[1].strip()
            elif line.startswith("serving on "):
                break
        else:
            log.seek(0)
            raise RuntimeError(log.read().decode(errors="replace")[-2000:])
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:  # HAProxy's first health checks pass within a second or two
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield Replicas(url, found, stats)
    finally:
        process.terminate()  # serve.sh stops HAProxy and the replicas it started
        process.wait(timeout=20)


def row(n: int, m: dict) -> str:
    floor = n * m["cpu_rerun"]
    ratio = p95(m["reruns"]) / floor if floor else float("nan")
    target = (f"{'ok' if ratio <= 1.5 else 'OVER'} (≤ 1.5×)" if n <= TARGET_UP_TO else "")
    return (f"{n:>4} sessions  first render p50 {statistics.median(m['first']) * 1000:6.0f} ms"
            f"  p95 {p95(m['first']) * 1000:6.0f} ms | rerun p50 "
            f"{statistics.median(m['reruns']) * 1000:6.0f} ms  p95 {p95(m['reruns']) * 1000:6.0f}"
            f" ms | server CPU per first render {m['cpu_first'] * 1000:5.0f} ms, per rerun "
            f"{m['cpu_rerun'] * 1000:5.1f} ms | floor N × CPU {floor * 1000:6.0f} ms, p95 "
            f"{ratio:4.2f}× {target} | server CPU over wall time of the reruns "
            f"{m['share']:.2f} | wrong figures or errors: {len(m['problems'])}")


ARRIVALS = (10, 30, 50)


@contextmanager
def setup(name: str):
    """(url, server pids) of a fresh server: the app as deployed, without its warm-up, or
    two replicas behind HAProxy."""
    if name == "two replicas":
        with replicas(2) as running:
            yield running.url, running.pids
    else:
        with server("app.py" if name == "no warm-up" else "streamlit_app.py") as (url, pid):
            yield url, [pid]


def arrivals() -> list[str]:
    """First renders of N sessions arriving at once, on a fresh server each time; the
    problems found."""
    print("arrivals: N sessions open the page at the same moment, on a fresh server each; "
          "'own links': each its own scenario, 'one link': all the same one (cached after "
          "the first); 'no warm-up': app.py, without streamlit_app.py's warm-up")
    problems = []
    for n in ARRIVALS:
        for name in ("one replica", "no warm-up", "two replicas"):
            for one_link in (False, True):
                with setup(name) as (url, pids):
                    m = asyncio.run(measure(url, pids, n, 0, one_link=one_link))
                first = m["first"]
                print(f"{n:>4} arrivals  {name:<13} {'one link' if one_link else 'own links'}"
                      f"  first render p50 {statistics.median(first) * 1000:6.0f} ms  p95 "
                      f"{p95(first) * 1000:6.0f} ms  last {max(first) * 1000:6.0f} ms | "
                      f"server CPU per first render {m['cpu_first'] * 1000:4.0f} ms | "
                      f"wrong figures or errors: {len(m['problems'])}", flush=True)
                problems += m["problems"]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default=",".join(map(str, CURVE)),
                        help="comma-separated numbers of sessions")
    parser.add_argument("--rounds", type=int, default=3, help="simultaneous lever moves")
    parser.add_argument("--pace", type=float, default=0.0,
                        help="seconds between rounds (0: the next round at once)")
    parser.add_argument("--script", default="streamlit_app.py")
    parser.add_argument("--arrivals", action="store_true",
                        help="only the first renders of 10, 30 and 50 simultaneous arrivals")
    args = parser.parse_args()
    print(f"{machine()}; load average at start {os.getloadavg()[0]:.2f}")
    if args.arrivals:
        for problem in arrivals()[:10]:
            print("  wrong:", problem)
        return
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
