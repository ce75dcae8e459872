"""Serve SMM Sim: the app of app.py, warmed up before the server takes its first visitor.

`streamlit run streamlit_app.py` (Community Cloud's default main file) starts the same app as
`streamlit run app.py`; the difference is that the libraries load, and the engine and the
texts run once, while the server starts, not while the first visitor waits (about half a
second on a two-core machine).
"""

from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def warm_up(_app):
    from smm_sim import DEFAULT, formats, i18n, monte_carlo, simulate
    from view import home  # noqa: F401  every module the home page needs, pandas included

    for lang in i18n.LANGUAGES:  # the catalogs and Babel's locale data, read once
        i18n.catalog(lang)
        formats.money(1234.5, DEFAULT.currency, lang)
    simulate(DEFAULT)  # numpy's first calls are the slow ones; results are not kept
    monte_carlo(DEFAULT, n=100)
    yield


app = st.App("app.py", lifespan=warm_up)
