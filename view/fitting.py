"""Read and fit an uploaded weekly file in a process of its own, within a time and a memory
limit, so that a slow or hungry file cannot hold the other sessions.

A page's script runs under Python's global lock, shared by every session of the server: a
file that took 20 s to read stopped every page and the health check for those 20 s. Here each
file is read and fitted by a fresh ``python -m view.fitting``, killed when its work passes
``TIME_LIMIT_S``; it may grow its memory by ``MEMORY_LIMIT_MB`` at most. At most ``MAX_JOBS``
run at once. A file whose session has gone (``wanted`` says no: the tab closed or lost its
connection) stops waiting, and its job is killed, within ``POLL_S``: nobody would see its
answer. Loading the engine takes a process about two seconds, so after the first file one
spare process is kept loaded and waiting (146 MB resident, measured), and each file takes the spare.

A fresh interpreter, not ``multiprocessing``: its children re-run the parent's ``__main__``,
and under Streamlit that is whichever page script ran last. No Streamlit here: the job
imports only this module and the engine.
"""

from __future__ import annotations

import pickle
import select
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable

from smm_sim import Calibration, Scenario

# Seconds a file may take to read and fit: a 520-week file takes about 5 s on a busy two-core
# machine (posterior draws and backtest included), a 104-week one about 2 s.
TIME_LIMIT_S = 20.0
MEMORY_LIMIT_MB = 512  # memory one job may add to what its process holds once it is loaded
MAX_JOBS = 2  # the machine's cores; a third file waits for one to finish
WAIT_S = 20.0  # how long a file waits for a free slot before it is turned away
START_S = 60.0  # how long a job's process may take to load before it counts as broken
ROOT = Path(__file__).resolve().parents[1]
POLL_S = 0.2  # seconds between two questions to ``wanted`` while a file waits or is fitted
STARTED = b"S"  # what a job writes once it is loaded and limited, before it starts its work
# Then, while it works, PROGRESS and a byte of percent done; RESULT before its pickled outcome.
PROGRESS, RESULT = b"P", b"R"

_slots = threading.BoundedSemaphore(MAX_JOBS)
_spare_lock = threading.Lock()
_spare: subprocess.Popen | None = None


class FitRefused(Exception):
    """A file that was not fitted: a catalog key (``data.error.*``) and what fills it in."""

    def __init__(self, key: str, **details: Any) -> None:
        super().__init__(key)
        self.key, self.details = key, details


def fit(data: Any, base: Scenario, wanted: Callable[[], bool] = lambda: True,
        progress: Callable[[float], None] | None = None) -> Calibration:
    """``calibrate(read_weekly_csv(data), base)`` in a process of its own (``data`` may be a
    frame already read, such as the combined frame of the platforms' exports); ``progress`` is
    called with the share of the work done (0–1) as the job reports it.

    Raises ``FitRefused`` for a file the reader refuses (its own key and details), for a
    file that passed a limit (``data.error.time_limit``, ``data.error.memory_limit``) or found
    no free slot (``data.error.busy``), and as soon as ``wanted()`` is false
    (``data.error.cancelled``: asked every ``POLL_S`` seconds while the file waits for a slot
    or its job runs); ``RuntimeError`` for a failure no check foresaw.
    """
    return _in_slot(("fit", data, base), wanted, progress)


def read_exports(files: list[tuple[str, bytes]], options: dict[str, Any],
                 wanted: Callable[[], bool] = lambda: True) -> Any:
    """``smm_sim.exports.read_exports(files, **options)`` in a process of its own, within the
    same limits as a fit (a file it cannot read is named in its answer, not raised)."""
    return _in_slot(("exports", files, options), wanted)


def _in_slot(task: tuple, wanted: Callable[[], bool],
             progress: Callable[[float], None] | None = None) -> Any:
    if not _within(WAIT_S, lambda seconds: _slots.acquire(timeout=seconds), wanted):
        raise FitRefused("data.error.busy", seconds=_shown(WAIT_S))
    try:
        return _run(task, wanted, progress or (lambda share: None))
    finally:
        _slots.release()


def _within(seconds: float, ready: Callable[[float], bool], wanted: Callable[[], bool]) -> bool:
    """Whether ``ready(timeout)`` came true within ``seconds``, tried ``POLL_S`` at a time;
    ``FitRefused("data.error.cancelled")`` once ``wanted()`` is false."""
    deadline = time.monotonic() + seconds
    while True:
        if not wanted():
            raise FitRefused("data.error.cancelled")
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if ready(min(POLL_S, left)):
            return True


def _start() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", __name__], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _take() -> subprocess.Popen:
    """The spare process if it is still alive, or a new one; a new spare starts loading."""
    global _spare
    with _spare_lock:
        job, _spare = _spare, _start()
    if job is not None and job.poll() is None:
        return job
    if job is not None:
        job.stdout.close()
    return _start()


def _run(task: tuple, wanted: Callable[[], bool], progress: Callable[[float], None]) -> Any:
    job = _take()
    try:
        try:
            job.stdin.write(pickle.dumps((task, MEMORY_LIMIT_MB)))
            job.stdin.close()
            # The limit counts the file's own work, from when its process is loaded (a busy
            # machine can make loading slow).
            if not _readable(job.stdout, START_S, wanted) or job.stdout.read(1) != STARTED:
                raise EOFError
            outcome = _outcome(job.stdout, time.monotonic() + TIME_LIMIT_S, wanted, progress)
        except (EOFError, BrokenPipeError):  # it died: the system stopped it, most likely for
            outcome = ("memory",)  # memory (an interpreter that cannot start fails at once)
    finally:
        if job.poll() is None:
            job.kill()
        job.wait()
        job.stdout.close()
    return _result(outcome)


def _outcome(stream, deadline: float, wanted: Callable[[], bool],
             progress: Callable[[float], None]) -> tuple:
    """The job's outcome, its progress reported on the way; ``FitRefused`` past ``deadline``."""
    while True:
        if not _readable(stream, deadline - time.monotonic(), wanted):
            raise FitRefused("data.error.time_limit", seconds=_shown(TIME_LIMIT_S))
        kind = stream.read(1)
        if kind == PROGRESS:
            done = stream.read(1)
            if not done:
                raise EOFError
            progress(done[0] / 100)
        elif kind == RESULT:
            return pickle.load(stream)  # our own child's answer
        else:
            raise EOFError


def _readable(stream, seconds: float, wanted: Callable[[], bool]) -> bool:
    return _within(seconds, lambda step: bool(select.select([stream], [], [], step)[0]), wanted)


def _shown(seconds: float) -> float | int:
    return int(seconds) if seconds == int(seconds) else seconds  # "10 seconds", not "10.0"


def _result(outcome: tuple) -> Any:
    kind = outcome[0]
    if kind == "fitted":
        return outcome[1]
    if kind == "refused":
        raise FitRefused(outcome[1], **outcome[2])
    if kind == "memory":
        raise FitRefused("data.error.memory_limit", limit=MEMORY_LIMIT_MB)
    raise RuntimeError(f"the fit failed in its process:\n{outcome[1]}")


# --- in the job's process -------------------------------------------------------------------
def job() -> None:
    """Load the engine, read ``(task, memory_mb)`` from stdin, write ``STARTED``, then the
    outcome: ``("fitted", answer)``, ``("refused", key, details)``, ``("memory",)`` or
    ``("failed", trace)``. The task is ``("fit", data, base)`` (a calibration) or
    ``("exports", files, options)`` (the exports read). A server that goes away closes stdin:
    the job ends unread."""
    import scipy.optimize  # noqa: F401  the fit imports it: loaded while the spare waits

    from smm_sim import DataFileError, calibrate, read_weekly_csv
    task, memory_mb = pickle.load(sys.stdin.buffer)
    limit_memory(memory_mb)
    out = sys.stdout.buffer
    out.write(STARTED)
    out.flush()

    def report(share: float) -> None:
        out.write(PROGRESS + bytes([max(0, min(100, int(100 * share)))]))
        out.flush()
    try:
        if task[0] == "exports":
            from smm_sim.exports import read_exports as read_all
            outcome: tuple = ("fitted", read_all(task[1], **task[2]))
        else:
            data, base = task[1], task[2]
            frame = read_weekly_csv(data) if isinstance(data, (bytes, bytearray)) else data
            outcome = ("fitted", calibrate(frame, base, progress=report))
    except DataFileError as err:
        outcome = ("refused", err.key, dict(err.details))
    except MemoryError:
        outcome = ("memory",)
    except Exception:  # any other failure: the server logs it
        outcome = ("failed", traceback.format_exc())
    out.write(RESULT)
    pickle.dump(outcome, out)
    out.flush()


def limit_memory(megabytes: int) -> None:
    """Let this process's address space grow by ``megabytes`` at most (Linux; elsewhere the
    system's own limits hold)."""
    try:
        import resource
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (ImportError, OSError):
        return
    used = pages * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


if __name__ == "__main__":
    job()
