"""Shared test settings: hypothesis profiles, the Streamlit cache between app tests, and the
marker (engine, app, browser) each test gets from its folder and what its file imports."""

import ast
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI runs fewer examples to stay well inside its time limit; a developer can ask for more.
settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200, deadline=None)
# A quick look while editing: `HYPOTHESIS_PROFILE=quick pytest -m engine` (docs/DEVELOPMENT.md).
settings.register_profile("quick", max_examples=10, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def clear_streamlit_cache():
    """Cached engine answers and kept fits survive between AppTest runs in one process:
    start clean."""
    import streamlit as st

    from view.your_data import clear_fits
    for clear in (st.cache_data.clear, clear_fits):
        clear()
    yield
    for clear in (st.cache_data.clear, clear_fits):
        clear()


# A test file that imports any of these drives the Streamlit skin: an "app" test.
APP_IMPORTS = {"streamlit", "view", "apptest"}


@cache
def kind(path: Path) -> str:
    """"browser" under tests/e2e, "app" for a file importing Streamlit or view/, else "engine"."""
    if "e2e" in path.parts:
        return "browser"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module] if node.module else [alias.name for alias in node.names]
        else:
            continue
        if any(name.split(".")[0] in APP_IMPORTS for name in names):
            return "app"
    return "engine"


def pytest_collection_modifyitems(config, items):
    """Mark every test, so that ``pytest -m engine`` runs the model's tests alone."""
    for item in items:
        item.add_marker(kind(item.path))
