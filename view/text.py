"""Texts and numbers for the reader's language: every string a page shows goes through here."""

from __future__ import annotations

from typing import Any

import streamlit as st
from babel.numbers import format_currency, format_decimal, format_percent

from smm_sim.i18n import DEFAULT_LANGUAGE, translate

LOCALES = {"en": "en_US", "it": "it_IT", "es": "es_ES"}  # Babel locale for each language
LANG_KEY = "lang"


def lang() -> str:
    return st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)


def t(key: str, **values: Any) -> Any:
    """The catalog text for ``key`` in the reader's language."""
    return translate(key, lang(), **values)


def money(amount: float, currency: str, digits: int = 0) -> str:
    pattern = None if digits else "¤#,##0;-¤#,##0"
    if lang() != "en" and not digits:
        pattern = "#,##0 ¤;-#,##0 ¤"
    return format_currency(amount, currency, format=pattern, locale=LOCALES[lang()],
                           currency_digits=bool(digits))


def percent(share: float, digits: int = 0) -> str:
    return format_percent(share, format="#,##0" + ("." + "0" * digits if digits else "") + "%",
                          locale=LOCALES[lang()])


def number(value: float, digits: int = 0) -> str:
    return format_decimal(round(value, digits), format="#,##0" + ("." + "0" * digits if digits
                                                                   else ""),
                          locale=LOCALES[lang()])
