"""What the server does once while it starts, so that its first visitor does not wait for it."""

from __future__ import annotations

import gc
import importlib
import inspect
import logging
import pkgutil
from contextlib import asynccontextmanager

LOG = logging.getLogger(__name__)

# Imported on a page's first use elsewhere (half a second each): loaded here, they are frozen too.
LAZY_LIBRARIES = ("altair", "scipy.optimize")


def load_everything() -> None:
    """Import every module of the app and the libraries its pages load lazily."""
    import view
    for module in pkgutil.iter_modules(view.__path__):
        importlib.import_module(f"view.{module.name}")
    for name in LAZY_LIBRARIES:
        importlib.import_module(name)


def walk_the_call_stack() -> None:
    """Let ``inspect`` learn the file of every loaded module now.

    On the first element a process draws, Streamlit walks the call stack with ``inspect`` (to
    tell a REPL from ``streamlit run``), and the first walk resolves the file of every loaded
    module: 120 to 200 ms with these libraries, which the first visitor would wait for.
    ``inspect`` keeps what it resolved, so the next walk is quick.
    """
    inspect.stack()


def freeze_what_is_loaded() -> None:
    """Leave what is loaded out of every later full garbage collection.

    Streamlit collects all generations after each script run (``runner.postScriptGC``). With
    pandas, Altair and scipy loaded, that walks some 160,000 long-lived objects (55 to 85 ms a
    rerun on a 2-core machine) and holds the interpreter lock meanwhile, so the redrawn page
    waits in the server. Frozen, they are skipped; reference counting still frees them.
    """
    gc.collect()  # what is garbage now must not be frozen with the rest
    gc.freeze()


@asynccontextmanager
async def warm_up(_app):
    """An ``st.App`` lifespan: load the app's modules and libraries, the catalogs and Babel's
    locale data, compute the home page of a link without a scenario (its week-by-week run and
    its band, kept in the engine's caches), walk the call stack once, then freeze all of it out
    of the garbage collector's way.

    A failure here is logged and the server starts anyway: the first page then pays the cost,
    or shows the error, instead of the whole app staying down.
    """
    try:
        from smm_sim import formats, i18n
        from smm_sim.presets import DEFAULT_PRESET, preset

        from . import engine, state

        load_everything()
        first = preset(DEFAULT_PRESET)  # what a link without a scenario opens
        for lang in i18n.LANGUAGES:
            i18n.catalog(lang)
            formats.money(1234.5, first.currency, lang)
        # Into the engine's caches, which every session shares: the first page finds them there.
        engine.simulate(first, state.DEFAULT_WEEKS)
        engine.bands(first, state.DEFAULT_WEEKS)
        walk_the_call_stack()
        freeze_what_is_loaded()
    except Exception:  # noqa: BLE001  any failure: the app must still start
        LOG.exception("warm-up failed; the first visitor will load what it needs")
    yield
