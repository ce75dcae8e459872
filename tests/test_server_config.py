"""The server's settings that keep it quiet and its uploads small."""

from __future__ import annotations

import tomllib

from view import guard
from view.your_data import UPLOAD_FILES, UPLOADS

from .test_warm_up import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_a_failure_shows_no_code_to_a_visitor():
    """Streamlit 1.67 takes full, stacktrace, type or none: only none hides the exception."""
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_streamlit_takes_no_upload_larger_than_the_largest_widget_takes():
    assert CONFIG["server"]["maxUploadSize"] == max(mb for _, mb in UPLOADS.values())


def test_a_file_type_goes_to_the_widgets_that_take_it_with_their_limits():
    """A CSV may be a weekly file or an export: the server allows the larger size of the two
    widgets and the files of both; a workbook goes to the exports' widget only."""
    assert guard.widget_of("Weeks.CSV") == "data.upload+data.exports"
    assert guard.widget_of("saved.json") == "data.scenario_file"
    assert guard.widget_of("linkedin.XLSX") == "data.exports"
    assert guard.widget_of("weeks.csv.exe") is None
    _, sizes, files = guard.limits()
    assert sizes["data.upload+data.exports"] == max(UPLOADS["data.upload"][1],
                                                    UPLOADS["data.exports"][1]) * 1024 * 1024
    assert files["data.scenario_file"] == guard.FILES_PER_WIDGET
    assert files["data.upload+data.exports"] == guard.FILES_PER_WIDGET + UPLOAD_FILES[
        "data.exports"]
