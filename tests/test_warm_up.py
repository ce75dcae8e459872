"""The server's warm-up: it loads what the first page needs, and a failure never stops the app."""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor

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


def test_the_warm_up_loads_the_home_page_and_every_catalog():
    i18n.catalog.cache_clear()
    run_warm_up()
    assert "view.home" in sys.modules and "pandas" in sys.modules
    assert i18n.catalog.cache_info().currsize == len(i18n.LANGUAGES)


def test_a_failing_warm_up_is_logged_and_the_server_still_starts(monkeypatch, caplog):
    def broken(lang: str):
        raise ValueError("a catalog that does not parse")
    monkeypatch.setattr(i18n, "catalog", broken)
    run_warm_up()  # no exception: the lifespan still yields
    assert "warm-up failed" in caplog.text
