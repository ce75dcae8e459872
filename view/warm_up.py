"""What the server does once while it starts, so that its first visitor does not wait for it."""

from __future__ import annotations

import gc
import importlib
import inspect
import logging
import pkgutil
from contextlib import asynccontextmanager
from pathlib import Path

LOG = logging.getLogger(__name__)

# The engine imports it inside the functions that need it (0.6 s to import): loaded here, it
# is frozen with the rest.
LAZY_LIBRARIES = ("scipy.optimize",)


def load_everything() -> None:
    """Import every module of ``view`` and of its subpackages (Altair and pandas with them)
    and the lazy libraries."""
    for module in pkgutil.walk_packages([str(Path(__file__).parent)], f"{__package__}."):
        importlib.import_module(module.name)
    for name in LAZY_LIBRARIES:
        importlib.import_module(name)


def load_texts() -> None:
    """Parse every catalog and load Babel's locale data for each language."""
    from smm_sim import DEFAULT, formats, i18n
    for lang in i18n.LANGUAGES:
        i18n.catalog(lang)
        formats.money(1234.5, DEFAULT.currency, lang)


def fill_caches() -> None:
    """Compute the home page of a link without a scenario into the engine's caches, which
    every session shares (numpy's first calls, the slow ones, happen here too)."""
    from smm_sim.presets import DEFAULT_PRESET, preset

    from . import engine, state
    first = preset(DEFAULT_PRESET)
    engine.simulate(first, state.DEFAULT_WEEKS)
    engine.bands(first, state.DEFAULT_WEEKS)


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
    waits in the server. Frozen, they are skipped; reference counting still frees them. Only a
    reference cycle among them would never be freed: a bounded cost, paid once.
    """
    gc.collect()  # what is garbage now must not be frozen with the rest
    gc.freeze()


STEPS = (load_everything, load_texts, fill_caches, walk_the_call_stack, freeze_what_is_loaded)


@asynccontextmanager
async def warm_up(_app):
    """An ``st.App`` lifespan: the ``STEPS``, in order.

    A step that fails is logged and the others still run, and the server starts anyway: the
    first page then pays what was not done, or shows the error, instead of the whole app
    staying down.
    """
    for step in STEPS:
        try:
            step()
        except Exception:  # any failure: the app must still start
            LOG.exception("warm-up failed at %s; the first visitor will do it", step.__name__)
    yield
