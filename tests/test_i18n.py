"""The catalogs: complete in every language, no dead keys, and no prose written into pages."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from smm_sim.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog, normalise_language

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted([ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("view/**/*.py"),
               *ROOT.glob("smm_sim/*.py")])
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
