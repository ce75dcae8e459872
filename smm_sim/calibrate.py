"""Fit the model to a company's own weekly numbers.

``read_weekly_csv`` turns the bytes of an uploaded CSV into a checked weekly frame, or raises
a :class:`DataFileError` that says what is wrong and where (row, column, value). It accepts
commas, semicolons, tabs or bars between fields, a decimal point or a decimal comma, week
numbers or dates, headers in English, Italian or Spanish, and says what it detected.

``calibrate`` fits the base scenario's uncertain parameters to such a frame: starting values
step by step (hours and their fade by a log-linear fit, hours per post in closed form, the
response parameters from ratios of totals), then all of them together by
``scipy.optimize.least_squares``, each metric weighted by its own noise, customers and revenue
fitted as Poisson counts so that money adds up. docs/CALIBRATION.md gives the details.
"""

from __future__ import annotations

import codecs
import dataclasses
import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .i18n import translate
from .model import UNCERTAINTY, _inputs, _run, simulate
from .scenario import DEFAULT, MAX_FOLLOWERS, Scenario, field_meta

MAX_FILE_BYTES = 1_000_000  # ten years of weekly rows with a dozen columns is under 100 kB
MAX_COLUMNS = 50  # more is not a weekly report: refuse before reading every cell
MIN_WEEKS = 8  # fewer weeks cannot separate a level from a trend
MAX_WEEKS = 520  # the model's longest horizon
HOURS_IN_A_WEEK = 168.0
SHOWN_CHARS = 40  # user text quoted in a message is cut to this length
MAX_LISTED = 8  # weeks or columns named one by one in a note before "…"

REQUIRED = ("hours", "posts", "followers", "engagements", "conversions", "revenue")
OPTIONAL = ("reach", "clicks")
METRICS = REQUIRED + OPTIONAL
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}

# Header names, after _normalise (lower case, no accents, no units in brackets), in the
# three languages of the app and in the words analytics tools export.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "week": ("week", "weeks", "week_number", "week_no", "wk", "settimana", "n_settimana",
             "numero_settimana", "semana", "n_semana", "numero_semana", "num_semana"),
    "date": ("date", "week_start", "week_of", "week_starting", "start_date", "day", "data",
             "inizio_settimana", "settimana_del", "fecha", "semana_del", "inicio_semana",
             "fecha_inicio"),
    "hours": ("hours", "hours_worked", "hours_spent", "time_spent", "ore", "ore_lavorate",
              "ore_dedicate", "horas", "horas_trabajadas", "horas_dedicadas"),
    "posts": ("posts", "post", "posts_published", "n_post", "numero_post", "post_pubblicati",
              "pubblicazioni", "publicaciones", "n_publicaciones", "numero_publicaciones"),
    "followers": ("followers", "follower", "fans", "total_followers", "audience",
                  "seguidores", "fan", "seguaci"),
    "engagements": ("engagements", "engagement", "interactions", "total_engagements",
                    "interazioni", "interacciones", "engagement_totale"),
    "conversions": ("conversions", "conversion", "new_customers", "customers", "conversioni",
                    "nuovi_clienti", "clienti", "conversiones", "clientes_nuevos",
                    "nuevos_clientes", "clientes"),
    "revenue": ("revenue", "revenues", "income", "sales_revenue", "ricavi", "fatturato",
                "incassi", "ingresos", "facturacion", "ventas_importe"),
    "reach": ("reach", "people_reached", "copertura", "persone_raggiunte", "alcance",
              "personas_alcanzadas"),
    "clicks": ("clicks", "clics", "clic", "click", "visits", "website_visits", "visite",
               "visite_sito", "visitas", "visitas_web"),
}
ALIAS_OF: Mapping[str, str] = {alias: name for name, aliases in ALIASES.items()
                               for alias in aliases}
DATE_FORMATS = (("%Y-%m-%d", "YYYY-MM-DD"), ("%d/%m/%Y", "DD/MM/YYYY"),
                ("%m/%d/%Y", "MM/DD/YYYY"), ("%d.%m.%Y", "DD.MM.YYYY"),
                ("%d-%m-%Y", "DD-MM-YYYY"), ("%Y/%m/%d", "YYYY/MM/DD"),
                ("%d/%m/%y", "DD/MM/YY"), ("%m/%d/%y", "MM/DD/YY"))
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
CURRENCY_MARKS = "€$£"
SCENARIO_FIELDS = frozenset(f.name for f in dataclasses.fields(Scenario))
CURRENCIES = {"EUR": "€", "USD": "$", "GBP": "£"}  # the app's currencies and their signs


# --- messages ----------------------------------------------------------------------------
def message(key: str, details: Mapping[str, Any], lang: str = "en",
            escape: Callable[[str], str] | None = None) -> str:
    """The text of a message in ``lang``: codes in the details (separator, decimal mark,
    field, metric) become words of that language, and ``escape`` is applied to every
    other text, which came from the user's file."""
    values: dict[str, Any] = {}
    for name, value in details.items():
        if name == "delimiter":
            values[name] = translate(f"data.delimiter.{value}", lang)
        elif name == "decimal":
            values[name] = translate(f"data.decimal.{value}", lang)
        elif name == "field":  # a scenario's field, or the followers the fit starts from
            values[name] = translate(f"field.{value}.label" if value in SCENARIO_FIELDS
                                     else f"data.fit.{value}", lang)
        elif name == "columns":  # column codes, each named in the reader's language
            values[name] = ", ".join(translate(f"metric.{code}", lang) for code in value)
        elif name == "metric":
            values[name] = translate(f"metric.{value}", lang)
        elif isinstance(value, str) and escape is not None:
            values[name] = escape(value)
        else:
            values[name] = value
    return translate(key, lang, **values)


class DataFileError(ValueError):
    """A weekly file that cannot be used: a catalog key and the details that fill it in.

    ``str(err)`` is the English message; the app shows ``message(err.key, err.details,
    lang)``. Details say where: ``row`` (the line of the file, the header being row 1, as
    a spreadsheet numbers it), ``column`` (its header as written), ``letter`` (the
    spreadsheet's column letter) and ``value`` (the cell as written), cut to 40 characters.
    """

    def __init__(self, key: str, **details: Any) -> None:
        self.key, self.details = key, details
        super().__init__(message(key, details))


@dataclass(frozen=True)
class Note:
    """Something the reader or the fit did that a person should know: a catalog key and the
    values that fill it in."""

    key: str
    details: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en", escape: Callable[[str], str] | None = None) -> str:
        return message(self.key, self.details, lang, escape)


def shown(value: Any) -> str:
    """User text as a message quotes it: one line, at most SHOWN_CHARS characters."""
    from .excerpt import excerpt  # here while this module is split in two; then at the top
    return excerpt(value, SHOWN_CHARS)


def column_letter(index: int) -> str:
    """The spreadsheet's name of the column at 0-based ``index``: A, B, …, Z, AA, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _listed(items: Sequence[Any]) -> str:
    names = [str(i) for i in items[:MAX_LISTED]]
    return ", ".join(names) + (", …" if len(items) > MAX_LISTED else "")


# --- from bytes to records ---------------------------------------------------------------
def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise DataFileError("data.error.too_large", limit=MAX_FILE_BYTES // 1_000_000)
    if not data.strip() or not data.strip(codecs.BOM_UTF8).strip():
        raise DataFileError("data.error.empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataFileError("data.error.not_utf8", row=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DataFileError("data.error.binary", row=_line_of(data, nul))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataFileError("data.error.not_utf8", row=_line_of(data, err.start)) from None


def _sniff(text: str) -> tuple[str, str]:
    """The field separator, and the text with an Excel ``sep=`` line blanked (rows keep their
    numbers)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:  # only blanks Python counts as space (no-break spaces, separators)
        raise DataFileError("data.error.empty")
    hint = re.fullmatch(r'\s*"?sep=(.)"?\s*[,;\t|]*', lines[0], re.IGNORECASE)
    if hint and hint.group(1) in DELIMITERS:
        first_end = text.index(lines[0]) + len(lines[0])
        return hint.group(1), text[:first_end - len(lines[0])] + text[first_end:]
    sample = lines[:12]
    best, best_score = ",", (-1, -1)
    for candidate in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=candidate)]
        except csv.Error:
            continue
        if counts[0] < 2:
            continue
        # The separator gives every row as many fields as the header, and more fields wins.
        score = (sum(c == counts[0] for c in counts), counts[0])
        if score > best_score:
            best, best_score = candidate, score
    return best, text


def _records(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header, and every non-blank row after it as (row number, cells)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    while True:
        row = reader.line_num + 1  # where the record starts: a quote left open runs on to the end
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise DataFileError("data.error.unreadable_row", row=row) from None
        if not any(c.strip() for c in cells):
            continue  # blank lines and rows of bare separators, as spreadsheets export them
        if len(cells) > MAX_COLUMNS:
            raise DataFileError("data.error.too_many_columns", count=len(cells),
                                limit=MAX_COLUMNS, row=row)
        if header is None:
            header = cells
            continue
        while len(cells) > len(header) and not cells[-1].strip():
            cells.pop()  # trailing empty cells: a spreadsheet's idea of a tidy row
        if len(cells) != len(header):
            raise DataFileError("data.error.ragged", row=row, found=len(cells),
                                expected=len(header), delimiter=DELIMITERS[delimiter])
        rows.append((row, cells))
        if len(rows) > MAX_WEEKS:
            raise DataFileError("data.error.too_many_rows", limit=MAX_WEEKS)
    if header is None:
        raise DataFileError("data.error.empty")
    return header, rows


def read_weekly_csv(data: bytes) -> pd.DataFrame:
    """The weekly frame of a CSV file's bytes, checked, or a :class:`DataFileError`.

    The frame has one row per week present: ``week`` (1 for the first week of the file),
    ``label`` (the week number or date as the file gives it), ``row`` (the file's row) and
    the metric columns (NaN for an empty cell). ``frame.attrs["notes"]`` lists what the
    reader detected or left out, as :class:`Note`.
    """
    text = _decode(bytes(data))
    delimiter, text = _sniff(text)
    header, rows = _records(text, delimiter)
    if not rows:
        raise DataFileError("data.error.no_rows")
    return _check(header, rows, delimiter)


# --- from records to a checked frame -----------------------------------------------------
def _normalise(name: Any) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text.lower())
    return "_".join(re.findall(r"[a-z0-9]+", text))


def _columns(header: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """Which column holds each known metric, and the headers of the others."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    for i, name in enumerate(header):
        metric = ALIAS_OF.get(_normalise(name))
        if metric is None:
            if str(name).strip():
                ignored.append(shown(name))
            continue
        if metric in found:
            raise DataFileError("data.error.duplicate_column", first=shown(header[found[metric]]),
                                second=shown(name), metric=metric)
        found[metric] = i
    missing = [m for m in REQUIRED if m not in found]
    if "week" not in found and "date" not in found:
        missing.insert(0, "week")
    if missing:
        raise DataFileError("data.error.missing_columns", columns=tuple(missing),
                            found=shown(", ".join(str(h) for h in header)))
    if "week" in found and "date" in found:  # the week number orders the rows
        ignored.append(shown(header[found.pop("date")]))
    return found, ignored


def _number_format(cells: Iterable[str], delimiter: str) -> tuple[str, str]:
    """The decimal mark and the thousands separator the numbers in the file use."""
    texts = [re.sub(r"[\s\u00a0\u202f]", "", c).strip(CURRENCY_MARKS)
             for c in cells if isinstance(c, str) and c.strip()]
    if delimiter != "," and any("," in c for c in texts):
        return ",", "."
    if delimiter == ";":
        dotted = [c for c in texts if "." in c]
        if dotted and all(re.fullmatch(r"-?\d{1,3}(\.\d{3})+", c) for c in dotted):
            return ",", "."  # 1.234 in a semicolon file: an Italian or Spanish thousand
    return ".", ","


def _parse_number(cell: Any, decimal: str, thousands: str) -> float | None:
    """The cell's number, None for an empty cell; ValueError if it is not a number."""
    if cell is None:
        return None
    if isinstance(cell, (bool, np.bool_)):
        raise ValueError(cell)
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
        if math.isnan(value):
            return None
        if not math.isfinite(value):
            raise ValueError(cell)
        return value
    text = str(cell).strip()
    if not text:
        return None
    text = re.sub(r"[\s\u00a0\u202f]", "", text).strip(CURRENCY_MARKS)
    if text.startswith("-"):
        text = "-" + text[1:].lstrip(CURRENCY_MARKS)
    if thousands in text:
        grouped = rf"-?\d{{1,3}}({re.escape(thousands)}\d{{3}})+({re.escape(decimal)}\d+)?"
        if not re.fullmatch(grouped, text):
            raise ValueError(cell)
        text = text.replace(thousands, "")
    text = text.replace(decimal, ".")
    if not NUMBER.fullmatch(text):
        raise ValueError(cell)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(cell)
    return value


def _parse_dates(cells: list[tuple[int, Any]], letter: str, column: str) -> tuple[list[date], str]:
    """Dates of the week column, in the first format that reads them all at one-week steps."""
    if all(isinstance(c, (date, datetime, pd.Timestamp)) for _, c in cells):
        return [pd.Timestamp(c).date() for _, c in cells], "date"
    # Spreadsheets add a time to dates ("2024-01-08 00:00:00"): the day is what counts.
    texts = [(row, str(c).strip().split("T")[0].split(" ")[0]) for row, c in cells]
    complete: list[list[date]] = []
    partial: list[tuple[int, str]] = []
    for fmt, label in DATE_FORMATS:
        parsed = []
        for _, text in texts:
            try:
                parsed.append(datetime.strptime(text, fmt).date())
            except ValueError:
                break
        if len(parsed) < len(texts):
            partial.append((len(parsed), fmt))
            continue
        first = min(parsed)
        if all((d - first).days % 7 == 0 for d in parsed):
            return parsed, label
        complete.append(parsed)
    if complete:  # every date reads, but some are not a whole number of weeks apart
        parsed = complete[0]
        first = min(parsed)
        row, day = next((r, d) for (r, _), d in zip(texts, parsed) if (d - first).days % 7)
        raise DataFileError("data.error.not_weekly", row=row, value=day.isoformat(),
                            first=first.isoformat())
    count, _ = max(partial)  # the format that reads most rows names the first it cannot
    row, text = texts[count]
    raise DataFileError("data.error.bad_date", row=row, column=column, letter=letter,
                        value=shown(text))


def _check(header: list[Any], rows: list[tuple[int, list[Any]]],
           delimiter: str | None) -> pd.DataFrame:
    """The checked weekly frame of a header and its rows (cells as text or numbers)."""
    found, ignored = _columns(list(header))
    notes: list[Note] = []
    numeric = [found[m] for m in METRICS if m in found]
    decimal, thousands = _number_format((cells[i] for _, cells in rows for i in numeric),
                                        delimiter or ",")
    if delimiter is not None:
        notes.append(Note("data.note.format", {"delimiter": DELIMITERS[delimiter],
                                               "decimal": "comma" if decimal == "," else "point"}))

    def where(i: int) -> dict[str, str]:
        return {"column": shown(header[i]), "letter": column_letter(i)}

    # The week of each row, from its number or its date.
    key = "week" if "week" in found else "date"
    i = found[key]
    week_cells = []
    for row, row_cells in rows:
        cell = row_cells[i]
        if cell is None or (isinstance(cell, str) and not cell.strip()) \
                or (isinstance(cell, float) and math.isnan(cell)):
            raise DataFileError("data.error.empty_week", row=row, **where(i))
        week_cells.append((row, cell))
    if key == "week":
        weeks, labels = [], []
        for row, cell in week_cells:
            try:
                value = _parse_number(cell, decimal, thousands)
            except ValueError:
                value = None
            if value is None or value != int(value) or not 0 <= value <= 1_000_000:
                raise DataFileError("data.error.bad_week", row=row, value=shown(cell), **where(i))
            weeks.append(int(value))
            labels.append(str(int(value)))
        first_week = min(weeks)
        model_weeks = [w - first_week + 1 for w in weeks]
    else:
        days, fmt = _parse_dates(week_cells, column_letter(i), shown(header[i]))
        if fmt != "date":
            notes.append(Note("data.note.dates", {"format": fmt}))
        first = min(days)
        model_weeks = [(d - first).days // 7 + 1 for d in days]
        labels = [d.isoformat() for d in days]
    seen: dict[int, int] = {}
    for (row, _), week, label in zip(week_cells, model_weeks, labels):
        if week in seen:
            raise DataFileError("data.error.duplicate_week", week=label, first=seen[week],
                                second=row)
        seen[week] = row
    span = max(model_weeks)
    if span > MAX_WEEKS:
        raise DataFileError("data.error.too_many_rows", limit=MAX_WEEKS)
    if len(model_weeks) < MIN_WEEKS:
        raise DataFileError("data.error.too_few_weeks", count=len(model_weeks), limit=MIN_WEEKS)

    # The metrics: numbers, not negative, hours within a week.
    columns: dict[str, list[float]] = {}
    empty: dict[str, int] = {}
    for metric in METRICS:
        if metric not in found:
            continue
        j = found[metric]
        values = []
        for row, row_cells in rows:
            cell = row_cells[j]
            try:
                value = _parse_number(cell, decimal, thousands)
            except ValueError:
                raise DataFileError("data.error.not_number", row=row, value=shown(cell),
                                    **where(j)) from None
            if value is not None and value < 0:
                raise DataFileError("data.error.negative", row=row, value=shown(cell), **where(j))
            if metric == "hours" and value is not None and value > HOURS_IN_A_WEEK:
                raise DataFileError("data.error.too_many_hours", row=row, value=shown(cell),
                                    limit=int(HOURS_IN_A_WEEK), **where(j))
            if metric == "followers" and value is not None and value > MAX_FOLLOWERS:
                raise DataFileError("data.error.too_many_followers", row=row, value=shown(cell),
                                    limit=f"{MAX_FOLLOWERS:,}", **where(j))
            values.append(np.nan if value is None else value)
        given = int(np.sum(~np.isnan(values)))
        if given == 0:
            raise DataFileError("data.error.column_empty", **where(j))
        if given < len(values):
            empty[shown(header[j])] = len(values) - given
        columns[metric] = values
    if np.nansum(columns["hours"]) <= 0:
        raise DataFileError("data.error.no_hours", **where(found["hours"]))
    currency = _currency(header[found["revenue"]], [r[found["revenue"]] for _, r in rows])
    if currency:
        notes.append(Note("data.note.currency", {"currency": currency}))

    frame = pd.DataFrame({"week": model_weeks, "label": labels,
                          "row": [row for row, _ in rows], **columns})
    if list(frame["week"]) != sorted(frame["week"]):
        notes.append(Note("data.note.sorted"))
    frame = frame.sort_values("week", ignore_index=True)
    gaps = sorted(set(range(1, span + 1)) - set(model_weeks))
    if gaps:
        if key == "week":
            names = [str(first_week + g - 1) for g in gaps]
        else:
            names = [(first + timedelta(weeks=g - 1)).isoformat() for g in gaps]
        notes.append(Note("data.note.missing_weeks", {"count": len(gaps), "weeks": _listed(names)}))
    if empty:
        notes.append(Note("data.note.empty_cells", {
            "count": sum(empty.values()),
            "columns": _listed([f"{name} ({n})" for name, n in empty.items()])}))
    if ignored:
        notes.append(Note("data.note.ignored_columns", {"columns": _listed(ignored)}))
    frame.attrs["notes"] = notes
    frame.attrs["currency"] = currency
    frame.attrs["checked"] = True
    return frame


def _currency(header: Any, cells: Sequence[Any]) -> str:
    """The currency the revenue column is written in (from its header or its cells), or ""
    when it names none or several."""
    texts = [str(header)] + [c for c in cells if isinstance(c, str)]
    found = {code for text in texts for code, sign in CURRENCIES.items()
             if sign in text or re.search(rf"\b{code}\b", text, re.IGNORECASE)}
    return found.pop() if len(found) == 1 else ""


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(np.ndim(value) == 0)
                             and bool(pd.isna(value)))


def weekly_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Check a frame built in Python (a notebook) as :func:`read_weekly_csv` checks a file.

    Columns are named as in a file (``week`` or ``date``, ``hours``, ``posts`` … in English,
    Italian or Spanish); rows are numbered as in a spreadsheet, the header being row 1.
    """
    if frame.attrs.get("checked"):
        return frame
    if frame.shape[1] > MAX_COLUMNS:
        raise DataFileError("data.error.too_many_columns", count=frame.shape[1],
                            limit=MAX_COLUMNS, row=1)
    if len(frame) == 0:
        raise DataFileError("data.error.no_rows")
    if len(frame) > MAX_WEEKS:
        raise DataFileError("data.error.too_many_rows", limit=MAX_WEEKS)
    rows = [(i + 2, [None if _missing(v) else v for v in values])
            for i, values in enumerate(frame.itertuples(index=False, name=None))]
    return _check([str(c) for c in frame.columns], rows, None)


# --- the fit -----------------------------------------------------------------------------
# The parameters fitted, each with the column that mostly determines it. Besides hours and
# posts they are the Monte Carlo's uncertain assumptions that weekly totals can tell apart,
# and the value of a customer; follows_per_engagement, reply_uplift and personalization_lift
# move the same series as fitted ones do and stay as they are.
FITTED = (("hours_per_week", "hours"), ("effort_decay", "hours"), ("hours_per_post", "posts"),
          ("engagement_rate_scale", "engagements"), ("discovery_per_post", "followers"),
          ("base_churn", "followers"), ("followers_start", "followers"),
          ("reach_rate_scale", "reach"), ("click_rate", "clicks"),
          ("conversion_rate", "conversions"), ("customer_value", "revenue"))
KEPT = ("follows_per_engagement", "reply_uplift", "personalization_lift")
LINEAR = ("effort_decay",)  # may well be 0: fitted as it is, the others on a log scale
FOLLOWERS_START_RANGE = (0.8, 1.25)  # × the first week's followers: one week's growth at most
LOG_FLOOR = {"hours_per_week": 0.05, "base_churn": 1e-5, "discovery_per_post": 1e-3,
             "conversion_rate": 1e-5, "click_rate": 1e-5, "customer_value": 0.01}
COUNT_OFFSET = 0.5  # added before the log: a week with no visits stays finite
# Counted in customers, fitted as Poisson counts (revenue in customers' worth): on a log
# scale, small counts would come out too low, and money must add up.
CUSTOMER_COUNTS = ("conversions", "revenue")
NOISE_FLOOR = 0.002  # smallest noise a metric is weighted by (followers are counted exactly)
ROBUST_SCALE = 2.0  # in the second pass, a week beyond 2 noise widths counts less (Huber)
# Parameters with a prior: in a steady programme the followers series alone cannot tell new
# followers from lost ones, only their difference.
PRIOR = ("discovery_per_post", "base_churn")
INTERVAL_Z = 1.645  # two-sided 90% interval of a normal estimate
DIGITS = 4  # significant digits a fitted value is kept to (links and files stay short)
STEP = 1e-4  # finite-difference step of a parameter (on its log scale for most)
# A ceiling under twice the followers seen would hold back the growth the data show: it is
# raised to five times them, the ratio of the default company (20,000 of 100,000).
POTENTIAL_FLOOR, POTENTIAL_FACTOR = 2.0, 5.0


@dataclass(frozen=True)
class FittedValue:
    """One parameter: the scenario's value before, the fitted one, an approximate 90% range."""

    field: str  # a Scenario field, or "followers_start" (followers over all networks)
    before: float
    fitted: float
    low: float | None
    high: float | None
    metric: str  # the column it was fitted to
    at_bound: bool = False  # the fit stopped at the edge of the field's range


@dataclass(frozen=True)
class Calibration:
    """What :func:`calibrate` returns."""

    scenario: Scenario  # the fitted scenario
    base: Scenario  # the scenario it started from
    weeks: int  # weeks from the file's first to its last
    values: tuple[FittedValue, ...]
    kept: tuple[str, ...]  # uncertain assumptions the data cannot tell apart: left as they were
    fit: pd.DataFrame  # per metric: weeks, wape, bias, r2, wape_before
    comparison: pd.DataFrame  # long: week, label, metric, data, before, fitted
    model: pd.DataFrame  # simulate(scenario, weeks): the fitted model's weekly values
    data: pd.DataFrame  # the checked weekly frame
    notes: tuple[Note, ...]

    def values_frame(self) -> pd.DataFrame:
        return pd.DataFrame([dataclasses.asdict(v) for v in self.values])


def _round(value: float) -> float:
    """Four significant figures; below a millionth, nothing (a fade of 1e-11 is no fade)."""
    return 0.0 if abs(value) < 1e-6 else float(f"{value:.{DIGITS}g}")


def _clip(name: str, value: float) -> float:
    lo, hi = field_meta(name)["range"]
    return float(min(max(value, lo), hi))


def _fit_hours(weeks: np.ndarray, hours: np.ndarray) -> tuple[float, float, int, list[Note]]:
    """Hours in week 1, the weekly fade and the week work stopped (0: never): a straight
    line through the log of the hours worked, the weeks with none left out."""
    notes: list[Note] = []
    known = ~np.isnan(hours)
    w, h = weeks[known], hours[known]
    worked = np.flatnonzero(h > 0)
    stop = 0
    last = w[worked[-1]]
    if (w > last).sum() >= 2:  # two or more weeks of nothing at the end: the programme stopped
        stop = int(last) + 1
        if stop > field_meta("stop_week")["range"][1]:
            notes.append(Note("data.note.stop_beyond", {"week": stop}))
            stop = 0
    t, y = w[worked] - 1.0, np.log(h[worked])
    slope, level = (np.polyfit(t, y, 1) if len(worked) >= 2 and np.ptp(t) > 0
                    else (0.0, float(y.mean())))
    lo, hi = field_meta("effort_decay")["range"]
    decay = 1.0 - math.exp(slope)
    if decay < lo or decay > hi:
        if decay < lo:
            notes.append(Note("data.note.hours_grow"))
        decay = min(max(decay, lo), hi)
        level = float(np.mean(y - math.log(1.0 - decay) * t))
    first = math.exp(level)
    most = field_meta("hours_per_week")["range"][1]
    if first > most:
        notes.append(Note("data.note.hours_capped", {"hours": int(most)}))
        first = most
    return first, decay, stop, notes


def _observed(data: pd.DataFrame, metric: str) -> bool:
    if metric not in data:
        return False
    values = data[metric].to_numpy(dtype=float)
    return int(np.sum(~np.isnan(values))) >= MIN_WEEKS // 2 and np.nansum(values) > 0


def _noise(target: np.ndarray, counted: bool) -> float:
    """A first guess of a metric's noise, before any fit: the spread of its week-to-week
    changes (robust: median absolute deviation; a change holds two weeks' noise).
    Customer counts start at the Poisson scale, 1."""
    if counted or len(target) < 3:
        return 1.0
    steps = np.diff(target)
    spread = 1.4826 * float(np.median(np.abs(steps - np.median(steps)))) / math.sqrt(2.0)
    return max(NOISE_FLOOR, spread)


def _poisson_deviance(data: np.ndarray, model: np.ndarray) -> np.ndarray:
    """Signed Poisson deviance residuals: their least squares is the Poisson maximum
    likelihood, whose fitted totals equal the data's totals."""
    model = np.maximum(model, 1e-9)
    ratio = np.where(data > 0, data / model, 1.0)
    deviance = 2.0 * (np.where(data > 0, data * np.log(ratio), 0.0) - (data - model))
    return np.sign(model - data) * np.sqrt(np.maximum(deviance, 0.0))


def _goodness(data: np.ndarray, model: np.ndarray) -> tuple[float, float, float]:
    """Weighted absolute percentage error, bias of the totals, R² (NaN where undefined)."""
    known = ~np.isnan(data)
    d, m = data[known], model[known]
    total = np.abs(d).sum()
    wape = float(np.abs(m - d).sum() / total) if total > 0 else math.nan
    bias = float(m.sum() / d.sum() - 1.0) if d.sum() > 0 else math.nan
    spread = ((d - d.mean()) ** 2).sum()
    r2 = float(1.0 - ((m - d) ** 2).sum() / spread) if spread > 0 else math.nan
    return wape, bias, r2


class _Problem:
    """The joint least-squares problem: parameters in (log scale but for LINEAR ones),
    weighted log residuals of every observed metric out.

    Each evaluation runs the model for the point and for each parameter nudged by STEP, all
    as draws of one vectorized batch, and keeps the finite-difference Jacobian for
    least_squares to ask for next.
    """

    def __init__(self, base: Scenario, names: list[str], data: pd.DataFrame, weeks: int,
                 value_per_customer: float, upper: np.ndarray) -> None:
        self.inp = _inputs([base])
        self.names, self.weeks, self.upper = names, weeks, upper
        # A prior where the data alone cannot decide: base's value, as spread as the Monte
        # Carlo draws it (log-normal σ); the data move it as far as they can tell.
        self.prior = [(i, math.log(getattr(base, n)), UNCERTAINTY[n][1])
                      for i, n in enumerate(names) if n in PRIOR and getattr(base, n) > 0]
        self.linear = np.array([n in LINEAR for n in names])
        self.metrics = [m for m in METRICS if _observed(data, m)]
        index = data["week"].to_numpy() - 1
        # (weeks observed, target, unit): counted in customers, the target is the data in
        # that unit; otherwise it is the log of the data plus a small offset.
        self.rows: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}
        for metric in self.metrics:
            values = data[metric].to_numpy(dtype=float)
            known = ~np.isnan(values)
            if metric in CUSTOMER_COUNTS:
                unit = value_per_customer if metric == "revenue" else 1.0
                self.rows[metric] = (index[known], values[known] / unit, unit)
            else:
                self.rows[metric] = (index[known], np.log(values[known] + COUNT_OFFSET), 0.0)
        self.weight = {m: 1.0 / _noise(self.rows[m][1], m in CUSTOMER_COUNTS)
                       for m in self.metrics}
        self.week_weight = {m: np.ones(len(self.rows[m][0])) for m in self.metrics}
        self._x: np.ndarray | None = None
        self._jac: np.ndarray | None = None

    def values(self, x: np.ndarray) -> np.ndarray:
        """Parameter values of points ``x`` (params, …): exp but for the linear ones."""
        return np.where(self.linear.reshape((-1,) + (1,) * (x.ndim - 1)), x, np.exp(x))

    def _residuals(self, values: np.ndarray) -> np.ndarray:
        """Residuals (observations, draws) for parameter values (params, draws)."""
        n = values.shape[1]
        inp = dict(self.inp)
        for name, row in zip(self.names, values):
            if name == "followers_start":
                inp[name] = self.inp[name] * row.reshape(1, 1, n)
            else:
                inp[name] = row.reshape(1, 1, n)
        flows = _run(inp, self.weeks)
        parts = []
        for metric in self.metrics:
            index, target, unit = self.rows[metric]
            model = np.maximum(flows[metric][index], 0.0)
            if metric in CUSTOMER_COUNTS:
                r = _poisson_deviance(target[:, None], model / unit)
            else:
                r = np.log(model + COUNT_OFFSET) - target[:, None]
            parts.append((self.weight[metric] * self.week_weight[metric])[:, None] * r)
        parts += [((np.log(values[i]) - centre) / sigma)[None, :]
                  for i, centre, sigma in self.prior]
        return np.concatenate(parts)

    def residuals(self, x: np.ndarray) -> np.ndarray:
        step = np.where(x + STEP <= self.upper, STEP, -STEP)
        points = np.repeat(x[:, None], len(x) + 1, axis=1)
        points[np.arange(len(x)), np.arange(1, len(x) + 1)] += step
        r = self._residuals(self.values(points))
        self._x, self._jac = x.copy(), (r[:, 1:] - r[:, :1]) / step
        return r[:, 0]

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        if self._x is None or not np.array_equal(x, self._x):
            self.residuals(x)
        return self._jac

    def per_metric(self, r: np.ndarray) -> dict[str, np.ndarray]:
        """Residuals of each metric, unweighted."""
        out, start = {}, 0
        for metric in self.metrics:
            size = len(self.rows[metric][0])
            out[metric] = r[start:start + size] / (self.weight[metric] * self.week_weight[metric])
            start += size
        return out

    def reweight(self, x: np.ndarray) -> None:
        """Weight each metric by the noise its residuals show, and let outlying weeks of the
        log-scale metrics count less (one Huber step). Customers and revenue keep equal
        weeks: their Poisson fit then keeps the totals of the data."""
        for metric, r in self.per_metric(self.residuals(x)).items():
            noise = max(NOISE_FLOOR, float(np.sqrt(np.mean(r ** 2))))
            self.weight[metric] = 1.0 / noise
            if metric not in CUSTOMER_COUNTS:
                size = np.abs(r) / noise
                self.week_weight[metric] = np.sqrt(np.minimum(1.0, ROBUST_SCALE
                                                              / np.maximum(size, 1e-12)))


def _bounds(name: str) -> tuple[float, float]:
    """A parameter's bounds on the scale it is fitted on."""
    lo, hi = FOLLOWERS_START_RANGE if name == "followers_start" else field_meta(name)["range"]
    if name in LINEAR:
        return lo, hi
    return math.log(max(lo, LOG_FLOOR.get(name, lo))), math.log(hi)


def _solve(problem: _Problem, x: np.ndarray, lower: np.ndarray,
           upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fitted point and its covariance (on the fitting scale)."""
    # Each metric is weighted by its noise: first as its week-to-week changes suggest, then
    # as the first fit's residuals show, with outlying weeks counting less.
    for final in (False, True):
        from scipy.optimize import least_squares  # 0.6 s to import: only when asked
        result = least_squares(problem.residuals, x, jac=problem.jacobian, bounds=(lower, upper),
                               method="trf", x_scale="jac", max_nfev=200)
        x = result.x
        if not final:
            problem.reweight(x)
    r, jac = problem.residuals(x), problem.jacobian(x)
    data_rows = len(r) - len(problem.prior)
    noise = float(r[:data_rows] @ r[:data_rows]) / max(1, data_rows - len(x))
    return x, np.linalg.pinv(jac.T @ jac) * max(noise, 1.0)


def calibrate(frame: pd.DataFrame, base: Scenario = DEFAULT) -> Calibration:
    """Fit ``base``'s uncertain parameters to a company's weekly numbers.

    ``frame`` comes from :func:`read_weekly_csv` or has the same columns (it is checked
    the same way). The networks, their shares and every lever of ``base`` stay as they are;
    the followers at the start are spread over the networks in ``base``'s proportions.
    Raises :class:`DataFileError` for data that cannot be fitted.
    """
    data = weekly_frame(frame)
    notes: list[Note] = list(data.attrs.get("notes", []))
    weeks = int(data["week"].max())
    index = data["week"].to_numpy() - 1
    adjusted: list[FittedValue] = []

    # Starting values, step by step. Hours: the level of week 1, the fade (a log-linear fit)
    # and the week the work stopped, which stays as found.
    first, decay, stop, found = _fit_hours(data["week"].to_numpy(dtype=float),
                                           data["hours"].to_numpy(dtype=float))
    notes += found
    fitted = base.replace(hours_per_week=first, effort_decay=decay, stop_week=stop,
                          currency=data.attrs.get("currency") or base.currency)
    if stop or base.stop_week:
        adjusted.append(FittedValue("stop_week", base.stop_week, stop, None, None, "hours"))

    # Upkeep that would leave no hour for posts would make every other fit meaningless.
    n_networks = sum(1 for n in fitted.networks if n[1] > 0)
    mean_hours = float(np.nanmean(data["hours"].to_numpy(dtype=float)))
    if n_networks * fitted.network_upkeep_hours > 0.5 * mean_hours:
        upkeep = _round(max(0.0, 0.5 * mean_hours / n_networks))
        notes.append(Note("data.note.upkeep", {"hours": upkeep}))
        adjusted.append(FittedValue("network_upkeep_hours", base.network_upkeep_hours, upkeep,
                                    None, None, "hours"))
        fitted = fitted.replace(network_upkeep_hours=upkeep)

    # Hours per post: the model's posts are exactly proportional to 1 / hours_per_post.
    if _observed(data, "posts"):
        posts = data["posts"].to_numpy(dtype=float)
        model_posts = simulate(fitted, weeks)["posts"].to_numpy()[index]
        both = (posts > 0) & (model_posts > 0)
        if both.any():
            ratio = float(np.exp(np.mean(np.log(model_posts[both]) - np.log(posts[both]))))
            fitted = fitted.replace(hours_per_post=_clip("hours_per_post",
                                                         fitted.hours_per_post * ratio))

    # Followers at the start from the file's first count, in base's proportions; a ceiling
    # below what the file shows would stop all growth.
    followers = data["followers"].to_numpy(dtype=float)
    if _observed(data, "followers"):
        fitted = fitted.replace(networks=_spread(fitted.networks,
                                                 float(followers[~np.isnan(followers)][0])))
        most = float(np.nanmax(followers))
        if fitted.audience_potential < POTENTIAL_FLOOR * most:
            ceiling = _round(min(field_meta("audience_potential")["range"][1],
                                 POTENTIAL_FACTOR * most))
            notes.append(Note("data.note.potential", {"potential": int(ceiling)}))
            adjusted.append(FittedValue("audience_potential", base.audience_potential, ceiling,
                                        None, None, "followers"))
            fitted = fitted.replace(audience_potential=ceiling)

    # The response parameters start from ratios of totals, data over model.
    model = simulate(fitted, weeks)
    ratio = {}
    for metric in METRICS:
        if _observed(data, metric):
            d = data[metric].to_numpy(dtype=float)
            known = ~np.isnan(d)
            m = model[metric].to_numpy()[index][known].sum()
            ratio[metric] = float(d[known].sum() / m) if m > 0 else 1.0
    reach, clicks = ratio.get("reach", 1.0), ratio.get("clicks", 1.0)
    visits = clicks if "clicks" in ratio else reach
    conversions = data["conversions"].to_numpy(dtype=float)
    revenue = data["revenue"].to_numpy(dtype=float)
    both = ~np.isnan(conversions) & ~np.isnan(revenue)
    per_customer = _clip("customer_value", float(revenue[both].sum() / conversions[both].sum())
                         if conversions[both].sum() > 0 else fitted.customer_value)
    start = {"hours_per_week": fitted.hours_per_week, "effort_decay": fitted.effort_decay,
             "hours_per_post": fitted.hours_per_post,
             "engagement_rate_scale": fitted.engagement_rate_scale * ratio.get("engagements", 1),
             "discovery_per_post": fitted.discovery_per_post, "base_churn": fitted.base_churn,
             "followers_start": 1.0, "reach_rate_scale": fitted.reach_rate_scale * reach,
             "click_rate": fitted.click_rate * clicks / reach,
             "conversion_rate": fitted.conversion_rate * ratio.get("conversions", 1) / visits,
             "customer_value": per_customer}

    # Then everything together: a parameter is fitted when its column has numbers.
    names = [name for name, metric in FITTED if metric in ratio]
    if "conversions" not in ratio:
        names = [n for n in names if n != "customer_value"]
    if "posts" not in ratio:
        names = [n for n in names if n != "hours_per_post"]
    if not names:  # no column has enough numbers to fit anything: the starting values stand
        return _report(fitted, base, weeks, adjusted, KEPT, data, notes)
    lower, upper = (np.array(b) for b in zip(*(_bounds(n) for n in names)))
    x0 = np.array([start[n] if n in LINEAR else math.log(max(start[n], 1e-12)) for n in names])
    problem = _Problem(fitted, names, data, weeks, per_customer, upper)
    x, covariance = _solve(problem, np.clip(x0, lower, upper), lower, upper)

    values, changes = [], {}
    for i, name in enumerate(names):
        se = math.sqrt(max(float(covariance[i, i]), 0.0))
        lo, hi = max(x[i] - INTERVAL_Z * se, lower[i]), min(x[i] + INTERVAL_Z * se, upper[i])
        value, low, high = (float(v) if name in LINEAR else math.exp(v) for v in (x[i], lo, hi))
        metric = dict(FITTED)[name]
        at_bound = name not in LINEAR and bool(min(x[i] - lower[i], upper[i] - x[i]) < 1e-6)
        if at_bound:
            notes.append(Note("data.note.at_bound", {"field": name}))
        if name == "followers_start":
            total = fitted.followers_start
            value, low, high = (float(round(total * v)) for v in (value, low, high))
            changes["networks"] = _spread(fitted.networks, value)
            values.append(FittedValue(name, float(base.followers_start), value, low, high,
                                      metric, at_bound))
            continue
        value = _round(_clip(name, value))
        changes[name] = value
        values.append(FittedValue(name, float(getattr(base, name)), value, _round(low),
                                  _round(high), metric, at_bound))
    fitted = fitted.replace(**changes)
    kept = KEPT + tuple(n for n in ("reach_rate_scale", "click_rate") if n not in names)
    return _report(fitted, base, weeks, values + adjusted, kept, data, notes)


def _spread(networks: tuple[tuple[str, float, int], ...], total: float) -> tuple:
    """``total`` followers spread over the networks in proportion to their followers now
    (to their shares of the hours when none has any)."""
    weights = [n[2] for n in networks]
    if sum(weights) <= 0:
        weights = [n[1] for n in networks]
    # A network holds at most MAX_FOLLOWERS: a fit near that size stops there.
    parts = [min(int(round(total * w / sum(weights))), MAX_FOLLOWERS) for w in weights]
    return tuple((n[0], n[1], p) for n, p in zip(networks, parts))


def _report(fitted: Scenario, base: Scenario, weeks: int, values: list[FittedValue],
            kept: tuple[str, ...], data: pd.DataFrame, notes: list[Note]) -> Calibration:
    model, before = simulate(fitted, weeks), simulate(base, weeks)
    index = data["week"].to_numpy() - 1
    rows, long = [], []
    for metric in METRICS:
        if metric not in data:
            continue
        d = data[metric].to_numpy(dtype=float)
        m, b = model[metric].to_numpy()[index], before[metric].to_numpy()[index]
        wape, bias, r2 = _goodness(d, m)
        rows.append({"metric": metric, "weeks": int(np.sum(~np.isnan(d))), "wape": wape,
                     "bias": bias, "r2": r2, "wape_before": _goodness(d, b)[0]})
        long.append(pd.DataFrame({"week": data["week"], "label": data["label"], "metric": metric,
                                  "data": d, "before": b, "fitted": m}))
    return Calibration(scenario=fitted, base=base, weeks=weeks, values=tuple(values), kept=kept,
                       fit=pd.DataFrame(rows), comparison=pd.concat(long, ignore_index=True),
                       model=model, data=data, notes=tuple(notes))
