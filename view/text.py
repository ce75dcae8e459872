"""Texts and numbers for the reader's language: every string a page shows goes through here."""

from __future__ import annotations

import re
import string
from typing import Any, Callable

import streamlit as st
from babel import Locale

from smm_sim import formats
from smm_sim.charts import d3_locale
from smm_sim.formats import LOCALES
from smm_sim.i18n import DEFAULT_LANGUAGE, translate
from smm_sim.model import MONEY_METRICS

LANG_KEY = "lang"


def lang() -> str:
    return st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)


def t(key: str, **values: Any) -> Any:
    """The catalog text for ``key`` in the reader's language."""
    return translate(key, lang(), **values)


def labels(prefix: str, placeholder: str | None = None) -> Callable[[Any], str]:
    """A ``format_func`` for option ``v``: the text of ``prefix.v`` (or of ``prefix`` with
    ``placeholder=v``) in the language of this run, fixed now so it never reads the session
    later."""
    language = lang()
    if placeholder:
        return lambda v: translate(prefix, language, **{placeholder: v})
    return lambda v: translate(f"{prefix}.{v}", language)


def plural(count: float) -> str:
    """The plural form of ``count`` in the reader's language, "one" or "other", for keys
    written as ``{one = "…", other = "…"}``: ``t(f"prefix.{plural(n)}", n=number(n))``.
    (Italian and Spanish have a form "many" for millions; it reads as "other".)"""
    return "one" if Locale.parse(LOCALES[lang()]).plural_form(count) == "one" else "other"


def money(amount: float, currency: str, digits: int = 0) -> str:
    return formats.money(amount, currency, lang(), digits)


def percent(share: float, digits: int = 0) -> str:
    return formats.percent(share, lang(), digits)


def number(value: float, digits: int = 0) -> str:
    return formats.number(value, lang(), digits)


def field_label(name: str, currency: str) -> str:
    """A field's label with its unit ("Cost of an hour ($/h)"), from the scenario's metadata."""
    return formats.field_label(name, currency, lang())


def money_title(title: str, currency: str) -> str:
    """An axis or column title of money, with the currency's sign: "Profit so far ($)"."""
    return formats.money_title(title, currency, lang())


def metric_title(metric: str, currency: str) -> str:
    """The name of an engine metric as an axis title: with the currency's sign for money."""
    title = t(f"metric.{metric}")
    return money_title(title, currency) if metric in MONEY_METRICS else title


def currency_symbol(currency: str) -> str:
    return formats.currency_symbol(currency, lang())


def short_unit(unit: str, currency: str) -> str:
    """A unit of the scenario's metadata written short: "$/week"."""
    return formats.short_unit(unit, currency, lang())


def number_locale() -> dict:
    """The d3 number format of the reader's language, for Vega-Lite charts."""
    return d3_locale(lang())


WORD_JOINER = "\u2060"  # invisible and unbreakable: the text reads and wraps as written
# Where GFM would start a link by itself (www.…, http://…, name@host), found in the text it has
# read with every escape resolved, so escaping cannot stop it: a word joiner splits the mark.
AUTOLINK_START = re.compile(r"(?<=www)(?=\.)|(?<=:)(?=//)|(?<=@)", re.IGNORECASE)
ESCAPED = str.maketrans({mark: "\\" + mark for mark in string.punctuation})


def plain(text: str) -> str:
    """Text a user gave (a name, a file name, a cell), made inert for Streamlit's Markdown:
    every ASCII punctuation mark is escaped, so nothing becomes markup, a formula or a link
    written as one, and a word joiner goes after ``www``, before ``//`` and after ``@``, so
    no address becomes a link by itself. The reader sees the text as written (a copy holds
    the invisible joiners). Time linear in the text's length."""
    return AUTOLINK_START.sub(WORD_JOINER, str(text)).translate(ESCAPED)
