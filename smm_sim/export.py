"""What leaves the app: the weekly series as a CSV that is safe to open in a spreadsheet, and
the report for executives as HTML or PDF (written by :mod:`smm_sim.report`).
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import numpy as np
import pandas as pd

from . import formats
from .model import simulate
from .report import report_html, report_pdf
from .scenario import Scenario

# A cell a spreadsheet would take for a formula starts with one of these (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Separator and decimal mark a spreadsheet in each language expects from a CSV file.
CSV_STYLE = {"en": (",", "."), "it": (";", ","), "es": (";", ",")}
CSV_DECIMALS = 4
__all__ = ["CSV_STYLE", "report_html", "report_pdf", "safe_cell", "to_csv", "weekly_csv"]


# --- the CSV ------------------------------------------------------------------------------
def safe_cell(value: Any, decimal: str = ".") -> str:
    """One cell as text no spreadsheet will run.

    Numbers are written plainly (``-12.5`` is a number, not a formula); any other text that
    starts with a formula character, also after any leading whitespace (spreadsheets skip a
    no-break space as readily as a plain one), gets a leading apostrophe, which spreadsheets
    read as "this is text".
    """
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if not math.isfinite(number):
            return ""
        text = f"{round(number, CSV_DECIMALS):.{CSV_DECIMALS}f}".rstrip("0").rstrip(".")
        text = "0" if text in ("-0", "") else text
        return text.replace(".", decimal)
    text = "" if value is None else str(value)
    # Both: a tab or line break is itself a formula start, and lstrip() would remove it.
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(frame: pd.DataFrame, lang: str = "en") -> bytes:
    """A frame as CSV in the spreadsheet conventions of ``lang``, every cell made safe."""
    delimiter, decimal = CSV_STYLE.get(lang, CSV_STYLE["en"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([safe_cell(v, decimal) for v in row])
    return out.getvalue().encode("utf-8")


def weekly_csv(scenario: Scenario, weeks: int = 52, lang: str = "en") -> bytes:
    """The scenario's weekly series (every metric of ``simulate``) as a safe CSV: money and
    ratios to the CSV's precision, posts and people as whole numbers (no 2.6 customers)."""
    return to_csv(formats.whole_counts(simulate(scenario, weeks)), lang)
