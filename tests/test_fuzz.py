"""Fuzzing the app through AppTest, and the safety rules the code and settings must keep.

- Any valid scenario written into a link opens every page (home, each mistake, each tool page,
  found as the app finds them) without an error, and the figures are the engine's numbers.
- Hostile link values (out of range, wrong type, 10,000 characters, script tags, Markdown
  links, unknown and repeated keys) break nothing: the value is clamped or ignored with a
  visible note that shows it as plain text only, and the rest of the link is still used.
- Text a visitor gives (a file name, a cell, a scenario key or value, a typed name) never
  becomes a link: Markdown's own links (www.…, http://…, name@host) are checked too.
- No page renders HTML, Streamlit keeps XSRF protection and an upload cap, and the
  repository holds no secrets.

AppTest runs cost about a second each, so the page tests take few examples per page (the
hypothesis profile still decides for the rest); HYPOTHESIS_PROFILE=dev asks for more.
"""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from babel.numbers import format_currency, format_decimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import smm_sim
from smm_sim import DEFAULT, MISTAKES
from smm_sim.excerpt import excerpt
from smm_sim.i18n import translate
from smm_sim.presets import DEFAULT_PRESET, PRESETS, preset
from smm_sim.query import decode, encode
from view import layout, pages
from view.state import VIEW_PARAMS
from view.text import LOCALES, WORD_JOINER, plain

from . import hostile
from .apptest import metric
from .apptest import open_app as _open
from .hostile import scenario_file, weekly_file
from .strategies import FIELDS, scenarios

ROOT = Path(__file__).resolve().parents[1]
MISTAKE_PAGES = [layout.page_path(m.id) for m in MISTAKES]
TOOL_PAGES = [p.path for p in pages.of_kind("tool")]


def few(n: int) -> settings:
    """``n`` examples under the CI profile (60), proportionally more under a larger one.

    Fresh AppTest sessions share nothing but the engine cache, whose answers depend only on
    the scenario: no fixture is needed between examples.
    """
    return settings(max_examples=max(1, n * settings.default.max_examples // 60),
                    deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters Markdown, HTML or a link could act on: a value holding one must show only as text.
MARKUP = re.compile(r"[<>\[\]()*_`#!|~$&\\]")


def open_app(params: dict, page: str | None = None):
    return _open(page, **params)


def money_text(amount: float, currency: str, lang: str) -> str:
    """A sum as view.text.money writes it (whole units), built here from Babel directly."""
    pattern = "¤#,##0;-¤#,##0" if lang == "en" else "#,##0 ¤;-#,##0 ¤"
    return format_currency(amount, currency, format=pattern, locale=LOCALES[lang],
                           currency_digits=False)


def url_notes(at: AppTest) -> str:
    """The plain-text lines of the note about a link (empty when nothing was refused)."""
    title = translate("url.title", at.session_state["lang"])
    if title not in [w.value for w in at.warning]:
        return ""
    return "\n".join(t.value for t in at.text)


def markup_texts(at: AppTest) -> list[str]:
    """Every text the app renders as Markdown: where no value from a link may appear."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info",
                 "error", "success", "exception"):
        texts += [str(e.value) for e in getattr(at, kind)]
    texts += [str(m.label) for m in at.metric] + [str(m.value) for m in at.metric]
    return texts


def assert_shown_only_as_text(at: AppTest, value: str) -> None:
    shown = excerpt(value)  # as the note quotes it
    if len(shown.strip()) < 6 or not MARKUP.search(shown):
        return  # too short to tell apart from the app's own texts, or nothing to act on
    assert shown in url_notes(at), f"{shown!r} has no note"
    leaks = [text for text in markup_texts(at) if shown in text]
    assert leaks == [], f"{shown!r} rendered as Markdown in {leaks[:2]}"


# --- any valid scenario, on every page ----------------------------------------------------
SCENARIOS = scenarios()


def test_a_programme_costing_next_to_nothing_opens_with_no_roi():
    # a cost of 1e-240 is less than a cent: ROI over it would be about 1e250
    at = open_app({**encode(DEFAULT.replace(hourly_cost=1e-240, tool_cost=0.0)), "lang": "en"})
    assert metric(at, "figure.roi", weeks=52) == "0%"


@few(8)
@given(scenario=SCENARIOS)
def test_any_valid_scenario_in_a_link_opens_home_with_the_engines_figures(scenario):
    at = open_app({**encode(scenario), "lang": "en"})
    assert url_notes(at) == ""  # nothing in a link the app wrote is refused
    assert at.session_state["scenario"] == scenario
    frame = smm_sim.simulate(scenario, 52)
    assert metric(at, "figure.profit", weeks=52) == money_text(
        frame["cum_profit"].iloc[-1], scenario.currency, "en")
    assert metric(at, "figure.engagements") == format_decimal(
        round(frame["engagements"].sum()), format="#,##0", locale="en_US")


@pytest.mark.parametrize("page", MISTAKE_PAGES, ids=lambda p: Path(p).stem)
@few(3)
@given(scenario=SCENARIOS)
def test_any_valid_scenario_opens_every_mistake_page_with_the_engines_cost(page, scenario):
    at = open_app({**encode(scenario), "lang": "en"}, page)
    mistake_id = Path(page).stem[3:]
    cost = smm_sim.cost_of_mistake(scenario, mistake_id, 52)
    # A mistake that comes out ahead on this scenario reads as a saving, the amount positive.
    label = "mistake.cost_profit" if cost.profit >= 0 else "mistake.gain_profit"
    assert metric(at, label, weeks=52) == money_text(abs(cost.profit), scenario.currency, "en")


@pytest.mark.parametrize("page", TOOL_PAGES, ids=lambda p: Path(p).stem)
@few(3)
@given(scenario=SCENARIOS)
def test_any_valid_scenario_opens_every_tool_page(page, scenario):
    at = open_app({**encode(scenario), "lang": "en"}, page)
    assert at.session_state["scenario"] == scenario
    assert url_notes(at) == ""


# --- hostile links ------------------------------------------------------------------------
LONG = "9" * 10_000
HOSTILE = [
    # (key, value as sent, what the app must do with it)
    ("consistency", "-5", "clamped"),
    ("margin", "1e309", "invalid"),  # overflows to inf
    ("hourly_cost", "nan", "invalid"),
    ("personalization", "abc", "invalid"),
    ("stop_week", "[1, 2]", "invalid"),
    ("networks", "instagram", "invalid"),
    ("networks", "instagram:3:100,facebook:1:50", "normalised"),
    ("content_mix", "1,2", "invalid"),
    ("departments", "<b>sales</b>", "invalid"),
    ("measurement", "<script>alert(1)</script>", "invalid"),
    ("currency", "[x](http://evil.example)", "invalid"),
    ("strategy_clarity", LONG, "invalid"),
    ("goal_clarity", "<img src=x onerror=alert(1)>", "invalid"),
    ("targeting", "![x](http://evil.example/p.png)", "invalid"),
    ("two_way", "**bold** _it_ `code` $x^2$", "invalid"),
    ("colour", "red", "invalid"),
    ("<script>alert(1)</script>", "1", "invalid"),
    ("[x](http://evil.example)", "1", "invalid"),
    ("k" * 10_000, "1", "invalid"),
    ("lang", "<script>alert(1)</script>", "invalid"),
    ("weeks", "9999", "invalid"),
    ("preset", "[x](http://evil.example)", "invalid"),
    ("consistency", ["0.8", "<script>alert(2)</script>"], "invalid"),  # repeated: last counts
    (hostile.KEY, "1", "invalid"),
    ("currency", hostile.CELL, "invalid"),
    ("preset", hostile.NAME, "invalid"),
]


@pytest.mark.parametrize("key,value,kind", HOSTILE,
                         ids=[f"{k[:20]}={str(v)[:20]}" for k, v, _ in HOSTILE])
def test_a_hostile_link_value_is_noted_as_text_and_the_rest_is_kept(key, value, kind):
    at = open_app({"hours_per_week": "12", key: value})
    sent = value[-1] if isinstance(value, list) else value
    notes = url_notes(at)
    assert notes, "no note about the link"
    note = translate(f"url.{kind}", at.session_state["lang"], field=excerpt(key),
                     value=excerpt(sent))
    assert note in notes.splitlines()
    assert_shown_only_as_text(at, sent)
    assert_shown_only_as_text(at, key)
    assert_no_link_from(at)
    # Nothing else in the link is lost: the hours stay, and the figures are of that scenario.
    assert at.slider(key="lever.home.hours_per_week").value == 12.0
    scenario = at.session_state["scenario"]
    assert scenario.hours_per_week == 12.0
    if kind == "invalid":
        assert getattr(scenario, key, None) == getattr(DEFAULT, key, None)
    weeks = at.session_state["weeks"]
    profit = smm_sim.simulate(scenario, weeks)["cum_profit"].iloc[-1]
    assert metric(at, "figure.profit", weeks=weeks) == money_text(
        profit, scenario.currency, at.session_state["lang"])


def test_out_of_range_numbers_are_clamped_to_the_nearest_allowed_value():
    at = open_app({"hours_per_week": "1e9", "consistency": "-3", "lang": "en"})
    assert at.slider(key="lever.home.hours_per_week").value == 80.0
    assert at.slider(key="lever.home.consistency").value == 0.0
    notes = url_notes(at)
    assert "hours_per_week = 1e9" in notes and "consistency = -3" in notes


def test_the_note_can_be_dismissed_and_the_scenario_stays():
    at = open_app({"hours_per_week": "12", "colour": "<b>red</b>", "lang": "en"})
    at.button(key="url.dismiss").click().run()
    assert not at.exception and url_notes(at) == ""
    assert at.slider(key="lever.home.hours_per_week").value == 12.0


def test_a_key_given_twice_is_noted_and_its_last_value_read():
    at = open_app({"consistency": ["0.3", "0.8"], "lang": "en"})
    assert at.session_state["scenario"].consistency == 0.8
    assert translate("url.repeated", "en", field="consistency", value="0.8") in url_notes(at)


def test_digits_other_than_ascii_are_noted_and_not_read():
    at = open_app({"hours_per_week": "١٢", "margin": "0_5", "lang": "it"})
    notes = url_notes(at).splitlines()
    for field, value in (("hours_per_week", "١٢"), ("margin", "0_5")):
        assert translate("url.digits", "it", field=field, value=value) in notes
        assert getattr(at.session_state["scenario"], field) == getattr(DEFAULT, field)


def test_many_refused_keys_make_a_short_note_that_counts_the_rest():
    at = open_app({**{f"k{i:03d}": "1" for i in range(500)}, "lang": "es"})
    notes = url_notes(at).splitlines()
    assert len(notes) == layout.MAX_NOTES + 1
    assert notes[-1] == "… " + translate("list.more.other", "es", count="492")


LINK_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                    max_size=60)
HOSTILE_VALUES = st.sampled_from([value for _, value, _ in HOSTILE if isinstance(value, str)])


@few(12)
@given(params=st.dictionaries(
    keys=st.one_of(st.sampled_from(FIELDS + VIEW_PARAMS), LINK_TEXT.filter(bool)),
    values=st.one_of(LINK_TEXT, HOSTILE_VALUES), max_size=5))
def test_any_link_opens_home_with_its_usable_part_and_notes_the_rest(params):
    at = open_app(params)
    name = params.get("preset", DEFAULT_PRESET)
    base = preset(name if name in PRESETS else DEFAULT_PRESET)
    expected, problems = decode(params, base, ignore=VIEW_PARAMS)
    assert at.session_state["scenario"] == expected
    for problem in problems:
        assert_shown_only_as_text(at, problem.value)
        assert_shown_only_as_text(at, problem.field)
    weeks = at.session_state["weeks"]
    profit = smm_sim.simulate(expected, weeks)["cum_profit"].iloc[-1]
    assert metric(at, "figure.profit", weeks=weeks) == money_text(
        profit, expected.currency, at.session_state["lang"])


# --- user text never becomes a link -------------------------------------------------------
# Streamlit's Markdown (GFM) links www.…, http(s)://… and name@host.tld wherever it finds them
# in the text it has read, backslash escapes already resolved: these are its own patterns.
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
AUTOLINK = re.compile(r"(?:https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+",
                      re.IGNORECASE | re.ASCII)


def autolinks(markdown: str) -> list[str]:
    """The links GFM makes of ``markdown`` by itself, with no link syntax around them."""
    return AUTOLINK.findall(ESCAPED.sub(r"\1", markdown))


def assert_no_link_from(at: AppTest, marker: str = "evil") -> None:
    links = [link for text in markup_texts(at) for link in autolinks(text) if marker in link]
    assert links == [], f"user text becomes a link: {links[:3]}"


@given(text=st.lists(st.one_of(st.sampled_from(hostile.TEXTS + ["www", ".", "@", "://", "W"]),
                               LINK_TEXT), max_size=8).map("".join))
def test_plain_text_shows_as_written_and_never_as_a_link(text):
    shown = plain(text)
    assert autolinks(shown) == []
    # what the reader sees: the text as written (the joiners are invisible)
    assert ESCAPED.sub(r"\1", shown).replace(WORD_JOINER, "") == text.replace(WORD_JOINER, "")


DATA_PAGE = "pages/24_your_data.py"


@pytest.mark.parametrize("key,name,data", [
    ("data.upload", f"{hostile.NAME}.csv", weekly_file()),  # fitted: the name in the summary
    ("data.upload", "cell.csv", weekly_file(2, hostile.CELL)),
    ("data.upload", "header.csv", weekly_file(0, f"{hostile.KEY} {hostile.IMAGE}")),
    ("data.scenario_file", f"{hostile.NAME}.json", scenario_file()),
    ("data.scenario_file", "key.json", scenario_file(**{hostile.KEY: 1})),
    ("data.scenario_file", "value.json", scenario_file(currency=hostile.NAME)),
], ids=["fitted", "cell", "header", "loaded", "unknown-key", "value"])
def test_a_file_name_cell_or_key_shows_without_becoming_a_link(key, name, data):
    at = open_app({"lang": "en"}, DATA_PAGE)
    at.file_uploader(key=key).set_value((name, data, "text/plain")).run()
    assert not at.exception
    quoted = [text for text in markup_texts(at) if "evil" in text]
    assert quoted, "the hostile text is not quoted at all"
    assert_no_link_from(at)


def test_a_compared_scenarios_name_shows_without_becoming_a_link():
    at = open_app({"lang": "en"}, "pages/20_compare.py")
    for i in range(3):  # the fourth slot starts empty
        at.text_input(key=f"compare.name.{i}").input(f"{i} www.evil.example, a@evil.example").run()
    assert not at.exception
    assert_no_link_from(at)


# --- safety of the code and the settings --------------------------------------------------
def repo_files(*suffixes: str) -> list[Path]:
    """The repository's files as git lists them, tracked or new but not ignored: never .venv."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    paths = [ROOT / name for name in listed.split("\0") if name]
    return [p for p in paths if p.is_file() and (not suffixes or p.suffix in suffixes)]


def _renders_html(node: ast.Call) -> str | None:
    """Why a call can put raw HTML on a page, or None."""
    for kw in node.keywords:
        if kw.arg == "unsafe_allow_html" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False):
            return "unsafe_allow_html"
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in ("html", "iframe"):
        owner = ast.unparse(func.value)
        if owner == "st" or owner.endswith("components") or owner.endswith("v1"):
            return f"{owner}.{func.attr}"
    return None


def test_no_page_renders_html():
    """Markdown is the richest a text gets: no unsafe_allow_html, st.html or HTML component.
    The one exception is the app's own style sheet, a file of the repository that Streamlit
    sends as CSS (st.html of a .css path): nothing read from a user reaches it."""
    found = []
    for path in repo_files(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call) and (why := _renders_html(node)):
                found.append(f"{path.relative_to(ROOT)}:{ast.unparse(node)} ({why})")
    assert found == ["view/layout.py:st.html(STYLE) (st.html)"]
    from view import layout
    assert layout.STYLE.suffix == ".css" and layout.STYLE.parent == ROOT / "view"
    css = layout.STYLE.read_text(encoding="utf-8")
    assert "<" not in css and "url(" not in css and "@import" not in css  # rules, nothing more


def test_the_server_keeps_xsrf_protection_and_an_upload_cap():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server = config.get("server", {})
    assert server.get("enableXsrfProtection") is True
    assert server.get("enableCORS", True) is True  # XSRF protection needs it on
    assert 0 < server.get("maxUploadSize", 200) <= 5, "README's SECURITY says 5 MB"


SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |)PRIVATE KEY-----"),
    "AWS key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "API key": re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{24,}"),
    "assigned secret": re.compile(
        r"(?i)\b(?:api_?key|secret|passw(?:or)?d|access_?token)\b\s*[:=]\s*[\"'][^\"'\s]{8,}[\"']"),
}


def test_the_repository_holds_no_secrets():
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()
    found = []
    for path in repo_files():
        if path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files
        for name, pattern in SECRET_PATTERNS.items():
            if pattern.search(text):
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert found == []
