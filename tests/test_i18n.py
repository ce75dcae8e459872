"""The catalogs: complete in every language, no dead keys, and no prose written into pages."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from smm_sim.formats import NumberError, parse_number, typed_number
from smm_sim.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog, normalise_language, translate

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted([ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("view/**/*.py"),
               *ROOT.glob("smm_sim/**/*.py")])
UI_CODE = [p for p in CODE if p.relative_to(ROOT).parts[0] in ("pages", "view")
           or p.name == "app.py"]
OTHERS = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


def placeholders(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_every_key_and_no_other(lang):
    en, other = catalog(DEFAULT_LANGUAGE), catalog(lang)
    assert sorted(set(en) - set(other)) == [], "missing"
    assert sorted(set(other) - set(en)) == [], "not in English"


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_and_list_lengths_agree_across_languages(lang):
    en, other = catalog(DEFAULT_LANGUAGE), catalog(lang)
    for key, text in en.items():
        if isinstance(text, list):
            assert isinstance(other[key], list) and len(other[key]) == len(text), key
            pairs = zip(text, other[key])
        else:
            pairs = [(text, other[key])]
        for a, b in pairs:
            assert placeholders(a) == placeholders(b), key


def _pattern(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return re.escape(node.value)
    return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else r"[^.]+"
                   for v in node.values)


def _literals() -> tuple[set[str], list[re.Pattern]]:
    """Every string literal in the code, every f-string as a pattern of its fixed parts, and
    every ``labels(prefix)`` as the pattern of the keys it reads (``prefix.<option>``)."""
    plain, patterns = set(), []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                plain.add(node.value)
            elif isinstance(node, ast.JoinedStr) and any(
                    isinstance(v, ast.Constant) and re.search("[a-z]", v.value)
                    for v in node.values):
                patterns.append(re.compile(_pattern(node) + "$"))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "labels" \
                    and isinstance(node.args[0], (ast.Constant, ast.JoinedStr)):
                patterns.append(re.compile(_pattern(node.args[0]) + r"\.[^.]+$"))
    return plain, patterns


def test_no_catalog_key_is_left_unused():
    plain, patterns = _literals()
    unused = [key for key in catalog(DEFAULT_LANGUAGE)
              if key not in plain and not any(p.match(key) for p in patterns)]
    assert unused == []


def test_every_key_the_code_names_exists():
    en = catalog(DEFAULT_LANGUAGE)
    missing = []
    for path in UI_CODE + [ROOT / "smm_sim/mistakes.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("t", "translate")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                if node.args[0].value not in en:
                    missing.append(f"{path.name}: {node.args[0].value}")
    assert missing == []


# Streamlit calls whose text argument a reader sees.
SHOWN = {"title", "header", "subheader", "write", "markdown", "caption", "text", "button",
         "slider", "selectbox", "checkbox", "toggle", "metric", "info", "warning", "error",
         "success", "expander", "radio", "number_input", "text_input", "text_area",
         "form_submit_button", "page_link", "segmented_control", "multiselect",
         "download_button", "file_uploader", "TextColumn", "NumberColumn",
         "SelectboxColumn", "set_page_config"}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "page_title", "value", "delta"}


def _prose(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2,}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_prose(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def test_no_page_writes_prose_straight_into_the_interface():
    found = []
    for path in UI_CODE:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or getattr(node.func, "attr", "") not in SHOWN:
                continue
            texts = node.args[:1] + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            found += [f"{path.name}:{node.lineno}" for text in texts if _prose(text)]
    assert found == []


@pytest.mark.parametrize("code, lang", [("it-IT", "it"), ("es_419", "es"), ("en-GB", "en"),
                                        ("de-DE", "en"), (None, "en"), ("", "en")])
def test_the_browser_locale_picks_the_language(code, lang):
    assert normalise_language(code) == lang


@pytest.mark.parametrize("text, lang, value", [
    ("50,5", "it", 50.5), ("50,5", "es", 50.5), ("50.5", "en", 50.5),
    ("1.234,5", "it", 1234.5), ("1,234.5", "en", 1234.5), ("1.234.567", "es", 1234567.0),
    ("1,234", "it", 1.234), ("1.234", "en", 1.234),  # the language's own decimal mark wins
    ("0.125", "it", 0.125), ("50,5", "en", 50.5),  # the other mark where it cannot group
    (" -12 345,6 ", "it", -12345.6), ("\u22123", "en", -3.0), ("+.5", "es", 0.5)])
def test_a_typed_number_is_read_with_the_languages_marks(text, lang, value):
    assert parse_number(text, lang) == value


@pytest.mark.parametrize("text, lang, reason", [
    ("1.234", "it", "ambiguous"), ("1.234", "es", "ambiguous"), ("1,234", "en", "ambiguous"),
    ("", "it", "empty"), ("  ", "en", "empty"), ("40 €", "es", "not_number"),
    ("1.2.3", "it", "not_number"), ("1,2.3", "en", "not_number"), ("1e5", "en", "not_number"),
    ("12,34.5", "en", "not_number"), ("9" * 41, "it", "long")])
def test_a_text_that_is_not_one_clear_number_is_refused_with_its_reason(text, lang, reason):
    with pytest.raises(NumberError) as err:
        parse_number(text, lang)
    assert err.value.reason == reason
    assert placeholders(translate(f"number.{reason}", lang)) == sorted(err.value.values)


def test_a_number_box_shows_what_it_reads_back():
    for lang in LANGUAGES:
        for value in (43.5, 0.01, 10000.0, 1e9, -99.0):
            assert parse_number(typed_number(value, lang, 2), lang) == value
