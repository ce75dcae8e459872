"""Workshop rooms' speed, printed (not asserted): 30 participants saving at once, and the
projector's refresh of a 30-participant room, on SQLite and (when installed) PostgreSQL.

Targets (ours: the issue names none): a save ≤ 200 ms at the 95th percentile while 30
participants answer at once, so a tap feels saved; a refresh of the room's view ≤ 100 ms when
nothing changed (every 4 s, per projector), and a first reading ≤ 2 s.
Run from the repository's folder: python -m bench.bench_rooms
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from bench.timing import machine
from smm_sim import Scenario, rooms
from smm_sim.assessment import QUESTION_IDS

PEOPLE = 30
SAVE_P95_MS, REFRESH_MS, FIRST_S = 200.0, 100.0, 2.0


def answers(i: int) -> dict[str, str]:
    picks = np.random.default_rng(i).choice(["yes", "partly", "no"], len(QUESTION_IDS))
    return {q: str(a) for q, a in zip(QUESTION_IDS, picks)}


def run(name: str, url: str) -> None:
    store = rooms.connect(url)
    room = store.open_room(Scenario(), "en")
    start, latencies, lock = threading.Barrier(PEOPLE), [], threading.Lock()

    def participant(i: int) -> None:
        start.wait()
        pid = store.join(room.code)
        for qid, answer in answers(i).items():
            began = time.perf_counter()
            store.save_answers(room.code, pid, {qid: answer})
            with lock:
                latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(PEOPLE)]
    began = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    total = time.perf_counter() - began
    p95 = float(np.percentile(latencies, 95)) * 1000
    print(f"{name}: {PEOPLE} participants × {len(QUESTION_IDS)} answers saved one by one at "
          f"once: {len(latencies)} saves in {total:.2f} s ({len(latencies) / total:.0f}/s), "
          f"p95 {p95:.0f} ms, median {statistics.median(latencies) * 1000:.0f} ms  "
          f"target p95 ≤ {SAVE_P95_MS:g} ms  {'ok' if p95 <= SAVE_P95_MS else 'OVER'}")
    rooms._stakes_of.cache_clear()
    began = time.perf_counter()
    store.summary(room.code, room.facilitator_key)
    first = time.perf_counter() - began
    again = []
    for _ in range(10):
        began = time.perf_counter()
        store.summary(room.code, room.facilitator_key)
        again.append(time.perf_counter() - began)
    refresh = statistics.median(again) * 1000
    print(f"{name}: the room's view of {PEOPLE} participants: first reading {first * 1000:.0f} ms "
          f"(target ≤ {FIRST_S:g} s {'ok' if first <= FIRST_S else 'OVER'}), a refresh with "
          f"nothing changed {refresh:.0f} ms (target ≤ {REFRESH_MS:g} ms "
          f"{'ok' if refresh <= REFRESH_MS else 'OVER'})")
    store.dispose()


def main() -> None:
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'rooms.sqlite'}")
    from tests import postgres  # the tests' throwaway server
    if postgres.binaries() is None:
        print("PostgreSQL: not installed, not measured")
        return
    with contextlib.ExitStack() as stack:
        run("PostgreSQL", stack.enter_context(postgres.cluster()))


if __name__ == "__main__":
    main()
