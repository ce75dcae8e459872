"""Numbers, money and percentages written for a language, without Streamlit.

The same patterns as the app's ``view/text.py``, with the language passed in, so that a
report written by the engine reads like the pages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np

from babel.numbers import (format_currency, format_decimal, format_percent, format_scientific,
                           get_currency_symbol, get_decimal_symbol)

from .i18n import catalog, translate
from .scenario import field_meta

if TYPE_CHECKING:
    import pandas as pd

LOCALES = {"en": "en_US", "it": "it_IT", "es": "es_ES"}  # Babel locale for each language
SHARE_UNITS = ("share", "share of revenue", "share of hours", "share of followers", "share/week",
               "share of orders", "share of customers", "share/year")
MONEY_UNITS = ("money/h", "money/week", "money/click", "money/order")
# The engine's metrics that count posts, people or their actions: whole where people read them.
COUNT_METRICS = ("posts", "reach", "engagements", "followers", "clicks", "conversions")
LEVEL_METRICS = ("followers",)  # counts at the end of a week; the others are counted in it
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


def whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (an engine frame, a row per week) with its counts as whole numbers: a level
    rounded, a weekly count rounded through its running total, so that the weeks add up to
    the rounded total. Halves round up; money and hours stay as they are."""
    whole = frame.copy()
    for metric in COUNT_METRICS:
        if metric not in whole:
            continue
        values = whole[metric].to_numpy(dtype=float)
        if metric in LEVEL_METRICS:
            whole[metric] = np.floor(values + 0.5)
        else:
            whole[metric] = np.diff(np.floor(np.cumsum(values) + 0.5), prepend=0.0)
    return whole


def significant_digits(value: float, figures: int = 3) -> int:
    """Decimals that show ``figures`` significant figures of ``value`` (none for big ones)."""
    if value == 0 or not math.isfinite(value):
        return 0
    return max(0, figures - 1 - math.floor(math.log10(abs(value))))


def needed_decimals(value: float) -> int:
    """The decimals ``value`` has, to a millionth: 0.01 and 20, not 0.010 and 20.0."""
    return len(f"{round(value, 6):f}".rstrip("0").partition(".")[2])


@dataclass(frozen=True)
class Precision:
    """How many decimals a field's value shows, for each way it is written: each a function
    of the number as written (the percent of a share, the amount of money, the number)."""

    share: Callable[[float], int]
    money: Callable[[float], int]
    number: Callable[[float], int]


# Three significant figures, money to the cent at most: values a model or a fit produced.
SIGNIFICANT = Precision(significant_digits, lambda amount: min(2, significant_digits(amount)),
                        significant_digits)
# Every decimal the value has: the ends of a field's range, as a person typed them.
EXACT = Precision(needed_decimals, needed_decimals, needed_decimals)
# A lever's setting in a sentence: a decimal only where a percent is not whole (62.5%), cents
# only below 10, fewer decimals as a number grows.
SETTING = Precision(lambda points: 0 if float(round(points, 6)).is_integer() else 1,
                    lambda amount: 2 if abs(amount) < 10 else 0,
                    lambda value: 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0)

# A lever's setting beside other versions of it: the decimals it has, at most one in percent
# and two otherwise, so that 8 hours read as 8 and a sixth of the hours as 16.7%.
AS_SET = Precision(lambda points: min(1, needed_decimals(points)),
                   lambda amount: 0 if float(amount).is_integer() else 2,
                   lambda value: min(2, needed_decimals(value)))

def in_percent(name: str, past_100: bool = True) -> bool:
    """Whether a field's value is written in percent: a share is; a share whose range passes
    100% (an effect of up to 2×) only when ``past_100``."""
    meta = field_meta(name)
    return meta["unit"] in SHARE_UNITS and (past_100 or meta["range"][1] <= 1.0)


def field_value(name: str, value: float, currency: str, lang: str = "en",
                precision: Precision = SIGNIFICANT, with_unit: bool = False,
                percent_past_100: bool = True) -> str:
    """A field's value as a person reads it: shares in percent, money with its currency,
    anything else as a number, followed by its unit when ``with_unit``.

    ``precision`` gives the decimals of each; ``percent_past_100=False`` writes a share whose
    range passes 100% as the number it is, as its lever shows it.
    """
    if name == "followers_start":  # not a Scenario field: the followers a fit starts from
        return number(value, lang)
    unit = field_meta(name)["unit"]
    if in_percent(name, percent_past_100):
        return percent(value, lang, precision.share(value * 100))
    if unit in MONEY_UNITS:
        return money(value, currency, lang, precision.money(value))
    text = number(value, lang, precision.number(value))
    return f"{text} {translate(f'unit.{unit}', lang)}" if with_unit else text


def currency_symbol(currency: str, lang: str = "en") -> str:
    """The sign the language writes beside an amount of ``currency``: $ (en), USD (it), US$ (es)."""
    return get_currency_symbol(currency, locale=LOCALES[lang])


def short_unit(unit: str, currency: str, lang: str = "en") -> str:
    """A field's unit (scenario metadata) as a label or an axis title writes it: "money/week"
    as "$/week" ("USD/settimana" in Italian), "h" as "h". Each part between slashes comes from
    the catalogs' ``unit_short`` table ("money" is the currency's sign), so a new field whose
    unit is made of known parts needs no new text; a part the table lacks shows as written."""
    parts = []
    for part in unit.split("/"):
        if part == "money":
            parts.append(currency_symbol(currency, lang))
            continue
        key = f"unit_short.{part}"
        parts.append(catalog(lang).get(key, catalog("en").get(key, part)))
    return "/".join(p for p in parts if p)


def with_unit(label: str, unit: str, lang: str = "en") -> str:
    """A label followed by its unit ("Hourly cost ($/h)"); the label alone without one."""
    return translate("label.with_unit", lang, label=label, unit=unit) if unit else label


def field_label(name: str, currency: str, lang: str = "en") -> str:
    """A field's label with its unit, as its widget and the axes that show it write it. A
    share shows its unit as a percent sign on its value, a named choice as the name: neither
    repeats it. A field whose catalog entry has ``unit_note`` says that instead of the unit
    (the week the programme stops: 0 means never)."""
    label = translate(f"field.{name}.label", lang)
    meta = field_meta(name)
    if meta["range"][0] is None or in_percent(name, past_100=False):
        return label
    note = catalog(lang).get(f"field.{name}.unit_note")
    return with_unit(label, note or short_unit(meta["unit"], currency, lang), lang)


def money_title(title: str, currency: str, lang: str = "en") -> str:
    """A title of an amount of money with the currency's sign: "Profit so far ($)"."""
    return with_unit(title, currency_symbol(currency, lang), lang)


NUMBER_CHARS = 40  # the longest text a number box reads: far past any range, short to echo
# A sign, then digits and the two marks; spaces (ordinary, no-break, thin) may group digits.
TYPED_NUMBER = re.compile(r"[+\-\u2212]?[0-9.,]*[0-9][0-9.,]*")
SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


class NumberError(ValueError):
    """Why a typed text is not one number: ``reason`` names its message (``number.<reason>``
    in the catalogs) and ``values`` fill the message's placeholders."""

    def __init__(self, reason: str, **values: str) -> None:
        super().__init__(reason)
        self.reason, self.values = reason, values


def _grouped(whole: str, mark: str) -> bool:
    """Whether ``whole`` is digits in groups of three split by ``mark`` (1.234.567)."""
    return re.fullmatch(rf"[1-9][0-9]{{0,2}}(?:{re.escape(mark)}[0-9]{{3}})+", whole) is not None


def parse_number(text: str, lang: str = "en") -> float:
    """The number a person typed in ``lang``: its decimal mark (50,5 in Italian) and its
    group separator (1.234,5); the other convention's decimal mark too where it cannot be a
    separator (50.5, 0.125). One mark followed by three digits that the language reads as a
    separator (1.234 in Italian, 1,234 in English) could be either: refused, and so is
    anything but a number. Raises :class:`NumberError`; time linear in the text, at most
    :data:`NUMBER_CHARS` characters read."""
    if len(text) > NUMBER_CHARS:
        raise NumberError("long", most=str(NUMBER_CHARS))
    compact = text.strip().translate(SPACES)
    if not compact:
        raise NumberError("empty")
    if not TYPED_NUMBER.fullmatch(compact):
        raise NumberError("not_number", example=number(1234.5, lang, 1))
    negative = compact[0] in "-\u2212"
    body = compact.lstrip("+-\u2212")
    decimal = get_decimal_symbol(LOCALES[lang])
    marks = [c for c in body if c in ".,"]
    whole, point, fraction = body, "", ""
    if len(set(marks)) == 2:  # both marks: the last one is the decimal mark (1.234,5)
        point = marks[-1]
        whole, _, fraction = body.rpartition(point)
        group = "," if point == "." else "."
        if marks.count(point) > 1 or not _grouped(whole, group):
            raise NumberError("not_number", example=number(1234.5, lang, 1))
        whole = whole.replace(group, "")
    elif len(marks) > 1:  # one mark several times: it groups thousands (1.234.567)
        if not _grouped(body, marks[0]):
            raise NumberError("not_number", example=number(1234.5, lang, 1))
        whole = body.replace(marks[0], "")
    elif marks:
        if marks[0] != decimal and _grouped(body, marks[0]):
            raise NumberError("ambiguous", text=compact, whole=compact.replace(marks[0], ""),
                              decimal=compact.replace(marks[0], decimal))
        whole, point, fraction = body.partition(marks[0])
    value = float(f"{whole or 0}.{fraction or 0}")
    return -value if negative else value


def typed_number(value: float, lang: str = "en", digits: int = 0) -> str:
    """A number as a person types it back into a box: the language's decimal mark and no
    group separator (a lone one, left by an edit, would read as ambiguous)."""
    return format_decimal(round(value, digits), format="0" + ("." + "0" * digits if digits else ""),
                          locale=LOCALES[lang])
