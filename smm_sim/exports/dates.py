"""The day of a cell, as the platforms write it: ISO dates and times, GA4's ``20260105`` and
``2026010514``, ``01/05/2026`` (month or day first, decided once per column), ``Jan 5, 2026``,
``Mon, Jan 05, 2026``, ``5 gennaio 2026``, ``28 de agosto`` and TikTok's ``28 August`` (no
year: years are given backwards from a reference day, the rows being in date order)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any, Sequence

from .headers import clean

MONTHS = {}
for _number, _names in enumerate((
        ("jan", "january", "gen", "gennaio", "ene", "enero"),
        ("feb", "february", "febbraio", "febrero"),
        ("mar", "march", "marzo"),
        ("apr", "april", "aprile", "abr", "abril"),
        ("may", "mag", "maggio", "mayo"),
        ("jun", "june", "giu", "giugno", "junio"),
        ("jul", "july", "lug", "luglio", "julio"),
        ("aug", "august", "ago", "agosto"),
        ("sep", "sept", "september", "set", "settembre", "septiembre", "setiembre"),
        ("oct", "october", "ott", "ottobre", "octubre"),
        ("nov", "november", "novembre", "noviembre"),
        ("dec", "december", "dic", "dicembre", "diciembre")), start=1):
    MONTHS.update({name: _number for name in _names})

ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\d{2})?")
NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:$|[ T,])")
MONTH_FIRST = re.compile(r"(?:[a-z]+_)?([a-z]+)_(\d{1,2})_(\d{4})(?:$|_)")
DAY_FIRST = re.compile(r"(\d{1,2})_(?:de_)?([a-z]+)(?:_(?:de_)?(\d{4}))?(?:$|_)")
# Rows that sum a column up rather than give a day: skipped, and said so.
TOTAL_ROWS = frozenset({"lifetime", "total", "totale", "totali", "totales", "all_time",
                        "sum", "somma", "suma", "grand_total"})
EXCEL_EPOCH = date(1899, 12, 30)


class NotADate(ValueError):
    """A cell that is no day."""


def _parts(cell: Any) -> tuple[str, tuple[int, ...]] | date | None:
    """A date, or the pattern's name and its numbers, or None for a total row."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 20_000 < cell < 80_000:  # a spreadsheet's serial day number (1954 to 2119)
            return EXCEL_EPOCH + timedelta(days=int(cell))
        cell = str(int(cell)) if cell == int(cell) else str(cell)
    text = str(cell).strip()[:60]
    if not text or clean(text) in TOTAL_ROWS:  # a total row, or one without a day
        return None
    if m := ISO.match(text):
        return "ymd", tuple(int(g) for g in m.groups())
    if m := COMPACT.fullmatch(text):
        return "ymd", tuple(int(g) for g in m.groups())
    if m := NUMERIC.match(text):
        a, b, y = (int(g) for g in m.groups())
        return "numeric", (a, b, y + 2000 if y < 100 else y)
    words = clean(text)
    if (m := MONTH_FIRST.match(words)) and m.group(1) in MONTHS:
        return "ymd", (int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    if (m := DAY_FIRST.match(words)) and m.group(2) in MONTHS:
        if m.group(3):
            return "ymd", (int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        return "no_year", (MONTHS[m.group(2)], int(m.group(1)))
    raise NotADate(text)


def parse_days(cells: Sequence[Any], day_first: bool,
               reference: date) -> tuple[list[date | None], str]:
    """The day of every cell (None for a total row) and how they were read ("", "day_first",
    "month_first", "no_year"). Raises NotADate with the first cell that is no day."""
    parts = [_parts(c) for c in cells]
    numeric = [p[1] for p in parts if isinstance(p, tuple) and p[0] == "numeric"]
    if numeric:
        if any(a > 12 for a, _, _ in numeric):
            day_first = True
        elif any(b > 12 for _, b, _ in numeric):
            day_first = False
    days: list[date | None] = []
    how = ""
    for cell, p in zip(cells, parts):
        if p is None or isinstance(p, date):
            days.append(p)
            continue
        kind, n = p
        try:
            if kind == "ymd":
                days.append(date(n[0], n[1], n[2]))
            elif kind == "numeric":
                days.append(date(n[2], n[1], n[0]) if day_first else date(n[2], n[0], n[1]))
                how = "day_first" if day_first else "month_first"
            else:
                days.append(date(2000, n[0], n[1]))  # the year is set below
                how = "no_year"
        except ValueError:
            raise NotADate(str(cell)) from None
    if how == "no_year":
        days = _with_years(days, [isinstance(p, tuple) and p[0] == "no_year" for p in parts],
                           reference)
    return days, how


def _with_years(days: list[date | None], yearless: list[bool], reference: date) -> list:
    """Years for the days written without one: the last is in the year that puts it on or
    before ``reference``; going back, a later month and day than the next row's is the year
    before (an export of 60 days spans a new year at most once)."""
    out = list(days)
    year = reference.year
    following: date | None = None
    for i in range(len(out) - 1, -1, -1):
        day = out[i]
        if day is None or not yearless[i]:
            continue
        candidate = day.replace(year=year) if not (day.month == 2 and day.day == 29) else day
        if following is None:
            if candidate > reference:
                year -= 1
        elif (day.month, day.day) > (following.month, following.day):
            year -= 1
        try:
            out[i] = day.replace(year=year)
        except ValueError:  # 29 February of a year without one
            out[i] = date(year, 2, 28)
        following = out[i]
    return out
