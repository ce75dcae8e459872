"""Two replicas behind HAProxy (scripts/serve.sh), driven by the load generator (bench/load.py).

The generator speaks Streamlit's protocol over the websocket, keeps the cookies the proxy
sets as a browser does, and checks after every run that each session shows its own scenario.
Shown here: each session stays on the replica the proxy's cookie names (HAProxy counts the
websockets each replica holds), an upload reaches the session through the proxy (and is
refused by the other replica, which does not hold it), two replicas answer a workshop
faster than one, and when one replica dies its users' websockets close, their share links
reopen the same figures on the survivor, and the others' sessions go on untouched.

Sessions: SMM_LOAD_SESSIONS, else 30 on a developer's machine and 20 in CI (CI=true), where
the 2-core runner also hosts the generator and the proxy; the printed line says which.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import os
import signal
import socket
import statistics

import pytest

from bench.bench_load import Replicas, expected_profit, links, measure, p95, replicas
from bench.load import Closed, Session, check, move_all, open_all
from view import guard

from .conftest import free_port, start_server, stop_server
from .test_load import sessions

COOKIE = "SMMSIM_REPLICA"  # the cookie scripts/serve.sh has HAProxy insert
ROUNDS = 3
# Below this much CPU time per wall second, the two replicas did not have two cores to run on.
MIN_CORES = 1.6
WEEKLY_FILE = b"week,hours,posts,followers\n1,5,3,100\n2,5,4,110\n3,6,4,125\n"



def _run(coroutine):
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright keeps an event
    loop running in this process, where ``asyncio.run`` refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

def held(pair: Replicas) -> dict[str, int]:
    """The connections HAProxy holds open to each replica now (``scur``)."""
    with socket.socket(socket.AF_UNIX) as stats:
        stats.connect(pair.stats)
        stats.sendall(b"show stat\n")
        answer = b"".join(iter(lambda: stats.recv(65536), b""))
    rows = [line.split(",") for line in answer.decode().splitlines() if line]
    return {row[1]: int(row[4]) for row in rows
            if row[0] == "replicas" and row[1] in pair.replicas}


def direct(pair: Replicas, name: str) -> str:
    return f"http://127.0.0.1:{pair.replicas[name][1]}"


@pytest.fixture(scope="module")
def pair():
    with replicas(2) as running:
        yield running


@pytest.fixture(scope="module")
def single():
    process, url = start_server(free_port())
    yield url, process.pid
    stop_server(process)


def test_each_session_stays_on_its_replica_and_two_answer_faster_than_one(pair, single, capsys):
    n, why = sessions(developer=30, ci=20)

    async def workshop(url: str, pids: list[int], start: int, check_pair: bool) -> dict:
        m = await measure(url, pids, n, ROUNDS, start=start, keep_open=True)
        if check_pair:  # while every session is open: HAProxy's count per replica
            now = held(pair)
            on = {name: sum(s.cookies.get(COOKIE) == name for s in m["sessions"])
                  for name in pair.replicas}
            m["held"], m["cookies"] = now, on
        await asyncio.gather(*(s.close() for s in m["sessions"]))
        return m

    # Turn about, twice, each time with scenarios nobody has asked for yet.
    one = [_run(workshop(single[0], [single[1]], 2 * k * n, False)) for k in range(2)]
    two = [_run(workshop(pair.url, pair.pids, (2 * k + 1) * n, True)) for k in range(2)]
    for m in one + two:
        assert m["problems"] == []  # every session saw only its own scenario, every run
        assert all(s.closed_at is None for s in m["sessions"])
    for m in two:
        assert set(m["cookies"]) == {"r1", "r2"} and min(m["cookies"].values()) > 0
        assert sum(m["cookies"].values()) == n  # every session has the proxy's cookie
        assert m["held"] == m["cookies"]  # and its websocket is on the replica it names
    p95_one = statistics.median(p95(m["reruns"]) for m in one)
    p95_two = statistics.median(p95(m["reruns"]) for m in two)
    cores = statistics.median(m["share"] for m in two)  # CPU time over wall time, both replicas
    with capsys.disabled():
        print(f"\nserve: {n} sessions ({why}), {ROUNDS} rounds of simultaneous lever moves, "
              f"two runs each: rerun p95 one replica {p95_one * 1000:.0f} ms, two behind "
              f"HAProxy {p95_two * 1000:.0f} ms ({p95_two / p95_one:.2f}×, target ≤ 0.6×); "
              f"sessions per replica {two[0]['cookies']}; servers' CPU over the reruns' wall "
              f"time: one {statistics.median(m['share'] for m in one):.2f}, two {cores:.2f} "
              f"(load average {os.getloadavg()[0]:.1f})")
    if cores >= MIN_CORES:
        assert p95_two <= 0.6 * p95_one
    else:  # other work on the machine kept the second core: the pair must still not be slower
        with capsys.disabled():
            print(f"serve: the replicas got {cores:.2f} cores, under {MIN_CORES}: the 0.6× "
                  f"target needs two; checked only that two are no slower than one")
        assert p95_two <= p95_one


def test_the_load_generator_reports_figures_that_are_not_the_sessions_own(single):
    """What the other tests rely on: a session shown another scenario's figures is reported."""
    async def shown() -> tuple[list[str], list[str], list[str]]:
        session = Session(single[0], "hours_per_week=15&consistency=0.45")
        await session.open()
        own = check(session, expected_profit)
        other = "hours_per_week=16&consistency=0.45"
        wrong = check(session, lambda link: expected_profit(other))
        session.hours = 16.0  # as if the session had moved and the page kept the old link
        stale = check(session, expected_profit)
        await session.close()
        return own, wrong, stale

    own, wrong, stale = _run(shown())
    assert own == []
    assert len(wrong) == 1 and "expected" in wrong[0]
    assert any("link shows hours 15" in problem for problem in stale)


def test_an_upload_reaches_the_session_through_the_proxy(pair):
    held = guard.limits()[2][guard.widget_of("weekly.csv")]  # a CSV: weekly file or export

    async def upload() -> tuple[list[int], int]:
        session = Session(pair.url, "hours_per_week=14")
        await session.open()
        other = next(name for name in pair.replicas if name != session.cookies[COOKIE])
        through = [await session.upload("weekly.csv", WEEKLY_FILE)
                   for _ in range(held + 1)]
        elsewhere = await session.upload("weekly.csv", WEEKLY_FILE, direct(pair, other))
        await session.close()
        return through, elsewhere

    through, elsewhere = _run(upload())
    # Taken by the replica the cookie names, every time: it counts the session's files and
    # refuses one more than the widgets taking a CSV may hold (view/guard.py).
    assert through == [204] * held + [429]
    assert elsewhere == 400  # the other replica holds no such session


def test_when_a_replica_dies_its_users_reopen_their_links_on_the_survivor(pair):
    async def kill_one() -> None:
        opened, problems = await open_all(pair.url, links(12, 200), expected_profit)
        problems += await move_all(opened, expect=expected_profit)
        assert problems == []
        victim = "r1"
        hit = [s for s in opened if s.cookies[COOKIE] == victim]
        spared = [s for s in opened if s.cookies[COOKIE] != victim]
        assert hit and spared
        # Mid-run: every session moves its lever, and the replica is killed meanwhile.
        moves = [asyncio.ensure_future(s.move(s.hours + 0.5)) for s in opened]
        await asyncio.sleep(0.05)
        os.kill(pair.replicas[victim][0], signal.SIGKILL)
        await asyncio.gather(*moves, return_exceptions=True)
        seen = {id(s): (s.last.query, s.last.figures) for s in hit}  # the last run they saw
        for s in hit:  # the page's websocket closes: the browser says it reconnects
            if s.closed_at is None:  # its rerun had ended before the kill
                with pytest.raises(Closed):
                    await s.move(s.hours + 0.5)
            assert s.closed_at is not None
        for s in spared:  # nobody else notices: their runs end, with their own figures
            assert s.closed_at is None and check(s, expected_profit) == []
        assert await move_all(spared, expect=expected_profit) == []
        # Each user reopens the share link the page last wrote, with the cookie they had.
        back = [Session(pair.url, seen[id(s)][0], cookies=dict(s.cookies)) for s in hit]
        await asyncio.gather(*(b.open() for b in back))
        for b, s in zip(back, hit):
            assert b.cookies[COOKIE] != victim  # the proxy sent it to the survivor
            assert b.last.figures == seen[id(s)][1]  # the same scenario, to the digit
            assert check(b, expected_profit) == []
        await asyncio.gather(*(s.close() for s in spared + back))

    _run(kill_one())
