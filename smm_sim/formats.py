"""Numbers, money and percentages written for a language, without Streamlit.

The same patterns as the app's ``view/text.py``, with the language passed in, so that a
report written by the engine reads like the pages.
"""

from __future__ import annotations

import math

from babel.numbers import format_currency, format_decimal, format_percent, format_scientific

from .scenario import field_meta

LOCALES = {"en": "en_US", "it": "it_IT", "es": "es_ES"}  # Babel locale for each language
SHARE_UNITS = ("share", "share of reach", "share of clicks", "share of revenue",
               "share of hours", "share of followers", "share/week")
MONEY_UNITS = ("money/h", "money/week", "money/click", "money/customer")
# Babel rounds in decimal arithmetic of 28 digits: a bigger number (an ROI on a cost of
# 1e-240) is written in E notation instead of failing.
LARGEST = 1e15
MISSING = "–"  # what a number that is not finite shows


def _extreme(value: float, lang: str, suffix: str = "") -> str | None:
    """The text of a value ordinary formats cannot write, or None for an ordinary value."""
    if not math.isfinite(value):
        return MISSING
    if abs(value) >= LARGEST:
        return format_scientific(value, format="0.##E0", locale=LOCALES[lang]) + suffix
    return None


def money(amount: float, currency: str, lang: str = "en", digits: int = 0) -> str:
    extreme = _extreme(amount, lang, " " + currency)
    if extreme:
        return extreme
    pattern = None if digits else "¤#,##0;-¤#,##0"
    if lang != "en" and not digits:
        pattern = "#,##0 ¤;-#,##0 ¤"
    return format_currency(amount, currency, format=pattern, locale=LOCALES[lang],
                           currency_digits=bool(digits))


def percent(share: float, lang: str = "en", digits: int = 0) -> str:
    extreme = _extreme(share * 100, lang, "%")
    if extreme:
        return extreme
    return format_percent(share, format="#,##0" + ("." + "0" * digits if digits else "") + "%",
                          locale=LOCALES[lang])


def deviation(share: float | None, lang: str = "en", signed: bool = False) -> str:
    """How far a fit is from its data (a WAPE, a bias), a share written in percent with one
    decimal; with a sign when ``signed``, and none on a share that rounds to zero."""
    if share is None or not math.isfinite(share):
        return MISSING
    share = round(share, 3) + 0.0  # + 0.0 turns -0.0 into 0.0: no "-0.0%"
    return ("+" if signed and share > 0 else "") + percent(share, lang, 1)


def number(value: float, lang: str = "en", digits: int = 0) -> str:
    extreme = _extreme(value, lang)
    if extreme:
        return extreme
    return format_decimal(round(value, digits),
                          format="#,##0" + ("." + "0" * digits if digits else ""),
                          locale=LOCALES[lang])


def significant_digits(value: float, figures: int = 3) -> int:
    """Decimals that show ``figures`` significant figures of ``value`` (none for big ones)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, figures - 1 - math.floor(math.log10(abs(value))))


def field_value(name: str, value: float, currency: str, lang: str = "en") -> str:
    """A field's value as a person reads it: shares in percent, money with its currency,
    anything else as a number, each to three significant figures."""
    if name == "followers_start":
        return number(value, lang)
    unit = field_meta(name)["unit"]
    if unit in SHARE_UNITS:
        return percent(value, lang, significant_digits(value * 100))
    if unit in MONEY_UNITS:
        digits = min(2, significant_digits(value))
        return money(value, currency, lang, digits) if digits else money(value, currency, lang)
    return number(value, lang, significant_digits(value))
