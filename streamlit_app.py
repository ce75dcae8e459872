"""Serve SMM Sim: the app of app.py, warmed up before the server takes its first visitor.

`streamlit run streamlit_app.py` (Community Cloud's default main file) starts the same app as
`streamlit run app.py`; the difference is that the modules and libraries load, and the
engine and the texts run once, while the server starts (about a second on a two-core
machine), not while the first visitor waits, that what they loaded is then kept out of the
garbage collector's way on every rerun, and that threads switch less often. view/warm_up.py
says what it does; view/guard.py what the server refuses and adds to every answer (`app.py`
alone runs without either).
"""

import sys

import streamlit as st
from starlette.middleware import Middleware

from view.guard import Guard, with_upload_release
from view.warm_up import warm_up

# Python hands its lock to another thread every 5 ms by default; with thirty sessions' scripts
# running at once those hand-overs cost CPU. A script run is the unit of work here: 50 ms
# took 20-30% off the CPU per rerun and the p95 at 30 sessions (docs/PERFORMANCE.md).
SWITCH_INTERVAL_S = 0.05
sys.setswitchinterval(SWITCH_INTERVAL_S)

app = st.App("app.py", lifespan=with_upload_release(warm_up), middleware=[Middleware(Guard)])
