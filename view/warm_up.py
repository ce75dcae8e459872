"""What the server does once while it starts, so that its first visitor does not wait for it."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

LOG = logging.getLogger(__name__)


@asynccontextmanager
async def warm_up(_app):
    """An ``st.App`` lifespan: load the libraries, the catalogs and Babel's locale data, and run
    the engine once (numpy's first calls are the slow ones; no result is kept).

    A failure here is logged and the server starts anyway: the first page then pays the cost,
    or shows the error, instead of the whole app staying down.
    """
    try:
        from smm_sim import DEFAULT, formats, i18n, monte_carlo, simulate

        from . import home  # noqa: F401  every module the home page needs, pandas included

        for lang in i18n.LANGUAGES:
            i18n.catalog(lang)
            formats.money(1234.5, DEFAULT.currency, lang)
        simulate(DEFAULT)
        monte_carlo(DEFAULT, n=100)
    except Exception:  # noqa: BLE001  any failure: the app must still start
        LOG.exception("warm-up failed; the first visitor will load what it needs")
    yield
