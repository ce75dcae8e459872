"""The server's settings that keep it quiet and its uploads small."""

from __future__ import annotations

import tomllib

from view import guard
from view.your_data import UPLOADS

from .test_warm_up import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_a_failure_shows_no_code_to_a_visitor():
    """Streamlit 1.67 takes full, stacktrace, type or none: only none hides the exception."""
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_streamlit_takes_no_upload_larger_than_the_largest_widget_takes():
    assert CONFIG["server"]["maxUploadSize"] == max(mb for _, mb in UPLOADS.values())


def test_every_file_type_a_widget_takes_belongs_to_that_widget_only():
    kinds = [kind for kinds, _ in UPLOADS.values() for kind in kinds]
    assert len(kinds) == len(set(kinds))
    assert guard.widget_of("Weeks.CSV") == "data.upload"
    assert guard.widget_of("saved.json") == "data.scenario_file"
    assert guard.widget_of("weeks.csv.exe") is None
