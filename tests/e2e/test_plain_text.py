"""Text a visitor gives never becomes a link or an image in the page a real browser draws.

Streamlit's Markdown links ``www.…``, ``http(s)://…`` and ``name@host`` by itself, even where
every mark is escaped: hostile file names, cells, scenario keys and values, link values and
names typed in the tools go in, and the rendered page is searched for an ``<a>`` or ``<img>``
made of them. Every hostile text holds "evil", which no text of the app does.
"""

from __future__ import annotations

from urllib.parse import urlencode

from smm_sim.i18n import translate

from ..hostile import CELL, IMAGE, KEY, NAME, scenario_file, weekly_file
from .conftest import settle

# Where a link or an image leads, without its query: the app's own page links carry the link's
# settings (typed names among them) in their query, which is the address, not a destination.
FROM_USER = """() => [...document.querySelectorAll('a, img')]
    .filter(e => /evil/i.test([(e.href || e.src || '').split(/[?#]/)[0], e.textContent].join(' ')))
    .map(e => e.outerHTML)"""


def upload(page, key: str, name: str, data: bytes, shows: str) -> None:
    page.locator(f".st-key-{key} input[type='file']").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": data})
    page.wait_for_selector(f"{shows} >> text=evil")
    settle(page, "h1")


def type_into(page, key: str, text: str) -> None:
    field = page.locator(f".st-key-{key} input, .st-key-{key} textarea").first
    field.fill(text)
    field.press("Tab")  # a text input tells the app on leaving it
    page.wait_for_timeout(300)
    settle(page, "h1")


def assert_no_link_or_image(page, where: str) -> None:
    assert page.evaluate(FROM_USER) == [], f"user text became a link or image ({where})"


def test_file_names_cells_and_scenario_keys_never_become_links(server, page):
    page.goto(f"{server}/your_data?lang=en")
    settle(page, "h1")
    for key, name, data, shows in [
            ("data-upload", f"{NAME}.csv", weekly_file(), ".st-key-data-summary"),
            ("data-upload", "cell.csv", weekly_file(2, CELL), ".st-key-data-error"),
            ("data-upload", "header.csv", weekly_file(0, f"{KEY} {IMAGE}"), ".st-key-data-error"),
            ("data-scenario_file", f"{NAME}.json", scenario_file(), ".st-key-data-loaded"),
            ("data-scenario_file", "key.json", scenario_file(**{KEY: 1}), ".st-key-data-loaded"),
            ("data-scenario_file", "value.json", scenario_file(currency=NAME),
             ".st-key-data-loaded")]:
        upload(page, key, name, data, shows)
        assert_no_link_or_image(page, name)
    assert page.locator("[data-testid='stException']").count() == 0


def test_link_values_and_typed_names_never_become_links(server, page):
    query = urlencode({"lang": "en", "currency": CELL, KEY: NAME, "preset": IMAGE})
    page.goto(f"{server}/compare?{query}")
    settle(page, "h1")
    page.wait_for_selector(".st-key-url-notes >> text=evil")
    assert_no_link_or_image(page, "link notes")
    for i in range(3):  # the fourth slot starts empty; the best of the three is named up top
        type_into(page, f"compare-name-{i}", f"{i} www.evil.example, a@evil.example")  # 40 at most
    page.wait_for_selector(".st-key-compare-best >> text=evil")
    assert_no_link_or_image(page, "compare")

    page.goto(f"{server}/no_roles?lang=en")
    settle(page, "h1")
    type_into(page, "raci-name-p1", NAME)
    assert_no_link_or_image(page, "RACI")

    page.goto(f"{server}/no_strategy?lang=en")
    settle(page, "h1")
    type_into(page, "canvas-audience", f"{NAME} {IMAGE}")
    assert_no_link_or_image(page, "canvas")


def test_a_name_in_the_report_is_text_there_too(server, page, tmp_path):
    page.goto(f"{server}/your_data?lang=en")
    settle(page, "h1")
    type_into(page, "data-export-name", f"{NAME} {IMAGE}"[:80])
    with page.expect_download() as download:
        page.get_by_role("button", name=translate("data.export.report", "en")).click()
    target = tmp_path / "report.html"
    download.value.save_as(target)
    report = page.context.new_page()
    report.goto(target.as_uri())
    assert "evil" in report.locator("body").inner_text()
    assert_no_link_or_image(report, "report")
