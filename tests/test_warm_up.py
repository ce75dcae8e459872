"""The server's warm-up: it loads what the first page needs, and a failure never stops the app."""

from __future__ import annotations

import asyncio
import gc
import inspect
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit import env_util

import smm_sim
from smm_sim import i18n
from smm_sim.presets import DEFAULT_PRESET, preset
from view import engine, state, warm_up

ROOT = Path(__file__).resolve().parents[1]


def run_warm_up() -> None:
    """Start and stop the lifespan as the server does, on a thread of its own: the browser
    tests leave an event loop running on this one."""
    async def start_and_stop() -> None:
        async with warm_up.warm_up(None):
            pass
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, start_and_stop()).result()


@pytest.fixture
def unfrozen():
    """The warm-up freezes what is loaded: thaw it after, for the tests that follow."""
    yield
    gc.unfreeze()


def test_the_warm_up_loads_every_page_module_and_the_lazy_libraries():
    """In a fresh interpreter, as on a server just started: in this one, other tests have
    loaded most of them already."""
    code = ("import asyncio, sys\nfrom view import warm_up\n"
            "async def start():\n    async with warm_up.warm_up(None):\n        pass\n"
            "asyncio.run(start())\nprint(' '.join(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.split())
    pages = {m.name for m in pkgutil.walk_packages([str(ROOT / "view")], "view.")}
    assert {"view.tools", "view.tools.raci", "view.hours"} <= pages <= loaded
    assert {"altair", "scipy.optimize"} <= loaded


def test_the_warm_up_parses_every_catalog_without_a_failure(caplog, unfrozen):
    i18n.catalog.cache_clear()
    run_warm_up()
    assert i18n.catalog.cache_info().currsize == len(i18n.LANGUAGES)
    assert "warm-up failed" not in caplog.text


def test_after_the_warm_up_the_first_home_page_finds_its_run_and_band_computed(monkeypatch,
                                                                              unfrozen):
    for cached in (engine.simulate, engine._monte_carlo, engine._bands):  # the caches behind
        cached.clear()
    run_warm_up()

    def not_again(*args, **kwargs):
        raise AssertionError("computed again: the warm-up did not fill the cache")
    monkeypatch.setattr(smm_sim, "simulate", not_again)
    monkeypatch.setattr(smm_sim, "monte_carlo", not_again)
    first = preset(DEFAULT_PRESET)  # what a link without a scenario opens
    engine.simulate(first, state.DEFAULT_WEEKS)
    engine.bands(first, state.DEFAULT_WEEKS)


def test_after_the_warm_up_a_full_collection_walks_only_what_came_since(unfrozen):
    """Streamlit collects every generation after each rerun: the loaded libraries are frozen
    out of it, so it no longer holds up the redrawn page (tens of milliseconds)."""
    walked_before = len(gc.get_objects())
    run_warm_up()
    assert len(gc.get_objects()) < walked_before / 10


def test_after_the_warm_up_the_first_drawn_element_resolves_no_module_file(monkeypatch,
                                                                          unfrozen):
    """Streamlit's first element in a process asks whether it runs in a REPL by walking the
    call stack; inspect's first walk resolves the file of every loaded module (120 to 200 ms
    on the server). The warm-up walks it first, so the first visitor does not wait for it."""
    monkeypatch.setattr(inspect, "modulesbyfile", {})  # as in a server just started
    monkeypatch.setattr(inspect, "_filesbymodname", {})
    run_warm_up()
    resolved = []
    real = inspect.getabsfile
    monkeypatch.setattr(inspect, "getabsfile",
                        lambda obj, _filename=None: resolved.append(obj) or real(obj, _filename))
    env_util.is_repl()  # what Streamlit's first drawn element calls
    assert len(resolved) < 20  # without the warm-up's walk: every loaded module, over 1,000


def test_a_failing_warm_up_is_logged_and_the_server_still_starts(monkeypatch, caplog, unfrozen):
    def broken(lang: str):
        raise ValueError("a catalog that does not parse")
    monkeypatch.setattr(i18n, "catalog", broken)
    run_warm_up()  # no exception: the lifespan still yields
    assert "warm-up failed at load_texts" in caplog.text
    assert gc.get_freeze_count() > 0  # the steps after the failed one still ran
