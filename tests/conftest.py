"""Shared test settings: hypothesis profiles and the Streamlit cache between app tests."""

import os

import pytest
from hypothesis import HealthCheck, settings

# CI runs fewer examples to stay well inside its time limit; a developer can ask for more.
settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def clear_streamlit_cache():
    """Cached engine answers survive between AppTest runs in one process: start clean."""
    import streamlit as st
    st.cache_data.clear()
    yield
    st.cache_data.clear()
