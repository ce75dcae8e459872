"""What the server does once while it starts, so that its first visitor does not wait for it."""

from __future__ import annotations

import gc
import importlib
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
    locale data, run the engine once (numpy's first calls are the slow ones; no result is
    kept), then freeze all of it out of the garbage collector's way.

    A failure here is logged and the server starts anyway: the first page then pays the cost,
    or shows the error, instead of the whole app staying down.
    """
    try:
        from smm_sim import DEFAULT, formats, i18n, monte_carlo, simulate

        load_everything()
        for lang in i18n.LANGUAGES:
            i18n.catalog(lang)
            formats.money(1234.5, DEFAULT.currency, lang)
        simulate(DEFAULT)
        monte_carlo(DEFAULT, n=100)
        freeze_what_is_loaded()
    except Exception:  # noqa: BLE001  any failure: the app must still start
        LOG.exception("warm-up failed; the first visitor will load what it needs")
    yield
