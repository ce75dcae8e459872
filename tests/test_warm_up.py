"""The server's warm-up: it loads what the first page needs, and a failure never stops the app."""

from __future__ import annotations

import asyncio
import gc
import inspect
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit import env_util

from smm_sim import i18n
from view import warm_up


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


def test_the_warm_up_loads_every_page_module_library_and_catalog(unfrozen):
    i18n.catalog.cache_clear()
    run_warm_up()
    assert {"view.home", "view.tools", "pandas", "altair", "scipy.optimize"} <= set(sys.modules)
    assert i18n.catalog.cache_info().currsize == len(i18n.LANGUAGES)


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
    assert "warm-up failed" in caplog.text
