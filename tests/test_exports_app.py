"""The exports' part of the page "Your data" (AppTest): a refused file is named in the reader's
language, a generic file's network is chosen on the page, and nothing changes before a fit."""

from __future__ import annotations

from datetime import date, timedelta

from smm_sim.i18n import translate
from view import exports_upload

from .test_your_data_app import scenario_params, start

GENERIC = ("Day;Reach;Engagements\n" + "".join(
    f"{date(2026, 1, 5) + timedelta(days=i):%d/%m/%Y};1000;{20 + i % 3}\n"
    for i in range(56))).encode()


def drop(at, files):
    at.file_uploader(key=exports_upload.UPLOAD_KEY).set_value(
        [(name, data, "text/csv") for name, data in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_generic_file_asks_for_its_network_and_is_read_once_it_has_one():
    at = start()
    before = scenario_params(at)
    drop(at, [("mine.csv", GENERIC), ("notes.csv", b"name,colour\nAnn,red\n")])
    errors = [e.value for e in at.error]
    assert any("mine\\.csv" in e and translate("exports.error.generic_network", "en")
               .split(":")[0] in e.replace("\\", "") for e in errors), errors
    assert any("notes\\.csv" in e for e in errors)
    at.selectbox(key="data.exports.network.0").set_value("pinterest").run()
    errors = [e.value for e in at.error]
    assert not any("mine\\.csv" in e for e in errors) and any("notes\\.csv" in e for e in errors)
    shown = " ".join(m.value for m in at.markdown)
    assert translate("exports.format.generic", "en") in shown
    assert "Pinterest" in shown
    assert scenario_params(at) == before  # read and previewed: nothing applied


def test_a_refused_file_is_named_in_italian():
    at = start(lang="it")
    drop(at, [("notes.csv", b"name,colour\nAnn,red\n")])
    said = translate("exports.error.unrecognised", "it")[:30]
    assert any(said.split(",")[0] in e.value.replace("\\", "") for e in at.error)
