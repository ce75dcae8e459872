"""Reading and fitting a weekly file in a process of its own (view/fitting.py): the same
answer as in this process, stopped at its time and memory limits with a message that says
which, and no process left behind."""

from __future__ import annotations

import os
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from smm_sim import DEFAULT, calibrate, read_weekly_csv
from smm_sim.i18n import translate
from view import fitting

from .apptest import ROOT
from .test_your_data_app import start, upload

SAMPLE = ROOT / "data" / "samples" / "weekly_dates.csv"
pytestmark = pytest.mark.usefixtures("clear_streamlit_cache")


def test_a_file_fitted_in_its_own_process_gives_the_same_values():
    data = SAMPLE.read_bytes()
    here, there = calibrate(read_weekly_csv(data), DEFAULT), fitting.fit(data, DEFAULT)
    assert there.scenario == here.scenario
    assert [(v.field, v.fitted) for v in there.values] == [(v.field, v.fitted)
                                                            for v in here.values]
    assert there.data.equals(here.data)


def test_a_file_the_reader_refuses_keeps_the_readers_reason():
    with pytest.raises(fitting.FitRefused) as err:
        fitting.fit(b"week,hours\n", DEFAULT)
    assert err.value.key == "data.error.no_rows"


def test_a_file_past_the_time_limit_is_stopped_and_its_process_killed(monkeypatch):
    monkeypatch.setattr(fitting, "TIME_LIMIT_S", 0.05)  # the sample takes ~0.7 s to fit
    before = set(children())  # the suite's own servers and browser, when it runs them too
    with pytest.raises(fitting.FitRefused) as err:
        fitting.fit(SAMPLE.read_bytes(), DEFAULT)
    assert (err.value.key, err.value.details) == ("data.error.time_limit", {"seconds": 0.05})
    spare = fitting._spare.pid if fitting._spare is not None else None
    assert [pid for pid in children() if pid != spare and pid not in before] == []


def test_a_file_whose_session_goes_is_stopped_and_its_process_killed():
    """The tab closed while its file was fitted: the job ran on to its end, or its time limit."""
    gone = threading.Event()
    outcome: list = []

    def fit_for_a_session() -> None:
        try:
            outcome.append(fitting.fit(long_file(), DEFAULT, wanted=lambda: not gone.is_set()))
        except fitting.FitRefused as err:
            outcome.append(err.key)
    fitter = threading.Thread(target=fit_for_a_session)
    fitter.start()
    time.sleep(0.3)  # the job is loading or fitting: the file takes seconds
    gone.set()
    left = time.monotonic()
    fitter.join(timeout=10)
    took = time.monotonic() - left
    assert outcome == ["data.error.cancelled"]
    assert took < 2 * fitting.POLL_S + 0.5, took
    spare = fitting._spare.pid if fitting._spare is not None else None
    assert [pid for pid in children() if pid != spare] == []


def long_file() -> bytes:
    """Ten years of the sample's figures, week after week: seconds to fit."""
    header, *rows = SAMPLE.read_text().splitlines()
    start = date.fromisoformat(rows[0].split(",", 1)[0])
    weeks = [f"{start + timedelta(weeks=week)},{rows[week % len(rows)].split(',', 1)[1]}"
             for week in range(520)]
    return "\n".join([header, *weeks]).encode()


def children() -> list[int]:
    """The fitting processes this one started that still exist, zombies included (Linux; a
    zombie's command line is empty). Other children (a browser's driver) are not counted."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and (b"view.fitting" in command or fields[0] == "Z"):
            found.append(int(stat.parent.name))
    return found


def test_a_file_past_the_memory_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(fitting, "MEMORY_LIMIT_MB", 0)  # no room to grow: the fit cannot run
    with pytest.raises(fitting.FitRefused) as err:
        fitting.fit(SAMPLE.read_bytes(), DEFAULT)
    assert (err.value.key, err.value.details) == ("data.error.memory_limit", {"limit": 0})


@pytest.mark.parametrize("lang", ["en", "it", "es"])
def test_a_file_past_a_limit_says_which_in_the_readers_language(monkeypatch, lang):
    monkeypatch.setattr(fitting, "TIME_LIMIT_S", 0.05)
    at = upload(start(lang=lang), "data.upload", SAMPLE)
    said = translate("data.error.time_limit", lang, seconds=0.05)
    assert [e.value for e in at.error if said in e.value] != []
    assert not at.success  # nothing fitted, nothing used
