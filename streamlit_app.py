"""Serve SMM Sim: the app of app.py, warmed up before the server takes its first visitor.

`streamlit run streamlit_app.py` (Community Cloud's default main file) starts the same app as
`streamlit run app.py`; the difference is that the modules and libraries load, and the
engine and the texts run once, while the server starts (about a second on a two-core
machine), not while the first visitor waits, and that what they loaded is then kept out of
the garbage collector's way on every rerun. view/warm_up.py says what it does; view/guard.py
what the server refuses and adds to every answer (`app.py` alone runs without either).
"""

import streamlit as st
from starlette.middleware import Middleware

from view.guard import Guard, with_upload_release
from view.warm_up import warm_up

app = st.App("app.py", lifespan=with_upload_release(warm_up), middleware=[Middleware(Guard)])
