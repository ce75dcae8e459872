"""Read and check a company's weekly numbers: the file half of the calibration.

``read_weekly_csv`` turns the bytes of an uploaded CSV into a checked weekly frame, or raises
a :class:`DataFileError` that says what is wrong and where (row, column, value). It accepts
commas, semicolons, tabs or bars between fields, a decimal point or a decimal comma, week
numbers or dates, headers in English, Italian or Spanish, and says what it detected.
``weekly_frame`` checks a frame built in a notebook the same way. :mod:`smm_sim.fit` fits the
model to the result; docs/CALIBRATION.md gives the details.
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

from .excerpt import excerpt
from .i18n import translate
from .catalogue import NETWORKS
from .scenario import MAX_FOLLOWERS, Scenario

# What one file may hold. Each limit is checked before the step it protects, so every step of
# reading takes time and memory linear in the file's size (docs/CALIBRATION.md lists them).
MEGABYTE = 1024 * 1024  # Streamlit's, so the upload widgets, the server and the readers agree
MAX_FILE_MB = 1
MAX_FILE_BYTES = MAX_FILE_MB * MEGABYTE  # ten years of weekly rows with a dozen columns: <100 kB
MAX_LINES = 5_000  # lines, blank ones counted: 521 for ten years leave room for blank rows
# Characters a line: far above a weekly row, under the csv module's own limit on a field
# (131,072), so that a long line is refused for what it is, not as a quote left open.
MAX_LINE_CHARS = 100_000
MAX_HEADER_CELL_CHARS = 200  # a column's name, before it is cleaned and matched
MAX_CELL_CHARS = 100  # a cell the reader uses (week, date, a figure), before it is parsed
MAX_COLUMNS = 50  # more is not a weekly report: refuse before reading every cell
MIN_WEEKS = 8  # fewer weeks cannot separate a level from a trend
MAX_WEEKS = 520  # the model's longest horizon
HOURS_IN_A_WEEK = 168.0
MAX_LISTED = 8  # weeks or columns named one by one in a note before "…"

# The weekly figures a file holds, as columns (the model's outputs are model.METRICS).
REQUIRED_COLUMNS = ("hours", "posts", "followers", "engagements", "conversions", "revenue")
OPTIONAL_COLUMNS = ("reach", "clicks")
FILE_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Per network, as ``<metric>_<network>`` (engagements_instagram, network ids of
# catalogue.NETWORKS): the figures the model has per network, beside the totals.
NETWORK_METRICS = ("posts", "followers", "engagements", "reach")
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
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
CURRENCY_MARKS = "€$£"
# Excel's first line "sep=;", then whitespace, then separators (tabs too). No two quantifiers
# can match the same character and none gives back (possessive, Python 3.11): linear in the
# line's length, where the earlier "\s*[,;\t|]*" was quadratic in a run of tabs.
SEP_HINT = re.compile(r'\s*+"?sep=(.)"?\s*+(?:[,;|][,;\t|]*+)?', re.IGNORECASE)
LINE_BREAK = re.compile(r"\r\n?|\n")  # the line ends the csv module knows
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
            split = network_column(value)
            values[name] = (translate(f"metric.{value}", lang) if split is None else
                            f"{translate(f'metric.{split[0]}', lang)} "
                            f"({translate(f'network.{split[1]}', lang)})")
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
        raise DataFileError("data.error.too_large", limit=MAX_FILE_MB)
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


def _without_trailing_blank_lines(text: str) -> str:
    """``text`` without the blank lines after its last character that is not a space: a
    spreadsheet may export thousands, and the row-by-row reader need not see them."""
    end = len(text.rstrip())
    breaks = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
    return text[:min(breaks)] if breaks else text


def _check_lines(text: str) -> None:
    """At most MAX_LINES lines of at most MAX_LINE_CHARS characters: checked at C speed,
    before the csv reader walks the file row by row."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    count = breaks + (1 if text and text[-1] not in "\r\n" else 0)
    if count > MAX_LINES:
        raise DataFileError("data.error.too_many_lines", count=count, limit=MAX_LINES)
    for row, line in enumerate(LINE_BREAK.split(text), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise DataFileError("data.error.line_too_long", row=row, length=len(line),
                                limit=MAX_LINE_CHARS)


def _sniff(text: str) -> tuple[str, str]:
    """The field separator, and the text with an Excel ``sep=`` line blanked (rows keep their
    numbers)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:  # only blanks Python counts as space (no-break spaces, separators)
        raise DataFileError("data.error.empty")
    hint = SEP_HINT.fullmatch(lines[0])
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
    text = _without_trailing_blank_lines(_decode(bytes(data)))
    _check_lines(text)
    delimiter, text = _sniff(text)
    header, rows = _records(text, delimiter)
    if not rows:
        raise DataFileError("data.error.no_rows")
    return _check(header, rows, delimiter)


# --- from records to a checked frame -----------------------------------------------------
BRACKETS = {"(": ")", "[": "]"}
OPENING_BRACKET = re.compile(r"[(\[]")


def _normalise(name: Any) -> str:
    """A header as ALIASES write it: lower case, ASCII, no (units) or [units], words joined
    by underscores."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return "_".join(re.findall(r"[a-z0-9]+", _without_brackets(text.lower())))


def _without_brackets(text: str) -> str:
    r"""``text`` with each "(…)" and "[…]" within a line replaced by a space, as
    ``re.sub(r"\(.*?\)|\[.*?\]", " ", text)`` does, in one pass: that regex takes time that
    grows with the square of the length of a text of many "(" and no ")".

    The next closing bracket and line break are looked up once and kept until passed, so the
    text is scanned about three times whatever it holds.
    """
    parts: list[str] = []
    kept = 0  # text[kept:] is not yet copied
    ahead = {")": 0, "]": 0, "\n": 0}  # next position of each at or after the opening, -1: none
    for opening in OPENING_BRACKET.finditer(text):
        start = opening.start()
        if start < kept:
            continue  # inside a bracket already removed
        for mark in (BRACKETS[opening.group()], "\n"):
            if 0 <= ahead[mark] <= start:
                ahead[mark] = text.find(mark, start + 1)
        end, line_end = ahead[BRACKETS[opening.group()]], ahead["\n"]
        if end > start and (line_end < 0 or end < line_end):
            parts += [text[kept:start], " "]
            kept = end + 1
    return "".join(parts) + text[kept:]


def network_column(name: str) -> tuple[str, str] | None:
    """(metric, network) of a per-network column's checked name, None for a total."""
    metric, _, network = name.partition("_")
    if metric in NETWORK_METRICS and network in NETWORKS:
        return metric, network
    return None


def _per_network(normalised: str) -> str | None:
    """``<metric>_<network>`` for a header naming a metric (any alias) and a network."""
    for network in NETWORKS:
        if normalised.endswith("_" + network):
            metric = ALIAS_OF.get(normalised[:-len(network) - 1])
            if metric in NETWORK_METRICS:
                return f"{metric}_{network}"
    return None


def _columns(header: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """Which column holds each known metric (and metric per network), and the headers of
    the others."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    for i, name in enumerate(header):
        normalised = _normalise(name)
        metric = ALIAS_OF.get(normalised) or _per_network(normalised)
        if metric is None:
            if str(name).strip():
                ignored.append(excerpt(name))
            continue
        if metric in found:
            raise DataFileError("data.error.duplicate_column", first=excerpt(header[found[metric]]),
                                second=excerpt(name), metric=metric)
        found[metric] = i
    missing = [m for m in REQUIRED_COLUMNS if m not in found]
    if "week" not in found and "date" not in found:
        missing.insert(0, "week")
    if missing:
        raise DataFileError("data.error.missing_columns", columns=tuple(missing),
                            found=excerpt(", ".join(str(h) for h in header)))
    if "week" in found and "date" in found:  # the week number orders the rows
        ignored.append(excerpt(header[found.pop("date")]))
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


def _cell_number(cell: Any, decimal: str, thousands: str) -> float | None:
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
    if not PLAIN_NUMBER.fullmatch(text):
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
                        value=excerpt(text))


def _check_header_lengths(header: Sequence[Any]) -> None:
    """Every column name at most MAX_HEADER_CELL_CHARS long, before any is cleaned."""
    for i, name in enumerate(header):
        if len(str(name)) > MAX_HEADER_CELL_CHARS:
            raise DataFileError("data.error.header_too_long", row=1, letter=column_letter(i),
                                value=excerpt(name), length=len(str(name)),
                                limit=MAX_HEADER_CELL_CHARS)


def _check_cell_lengths(header: Sequence[Any], rows: list[tuple[int, list[Any]]],
                        used: Iterable[int]) -> None:
    """Every text cell of the columns read at most MAX_CELL_CHARS long, before any is parsed.
    Columns the reader ignores (notes, say) are bounded only by the line's length."""
    for i in used:
        for row, cells in rows:
            cell = cells[i]
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise DataFileError("data.error.cell_too_long", row=row, value=excerpt(cell),
                                    length=len(cell), limit=MAX_CELL_CHARS,
                                    **_where(header, i))


@dataclass(frozen=True)
class _Weeks:
    """The week of every row: the model's week (1 for the file's first), its label as the
    file gives it, and how a week without a row is named in a note."""

    model: list[int]
    labels: list[str]
    name_of: Callable[[int], str]
    notes: list[Note]


def _where(header: Sequence[Any], i: int) -> dict[str, str]:
    """The details that name column ``i`` in a message: its header and its letter."""
    return {"column": excerpt(header[i]), "letter": column_letter(i)}


def _week_cells(header: Sequence[Any], rows: list[tuple[int, list[Any]]],
                i: int) -> list[tuple[int, Any]]:
    """(row, cell) of the week column ``i``; every row must have one."""
    cells = []
    for row, row_cells in rows:
        cell = row_cells[i]
        if cell is None or (isinstance(cell, str) and not cell.strip()) \
                or (isinstance(cell, float) and math.isnan(cell)):
            raise DataFileError("data.error.empty_week", row=row, **_where(header, i))
        cells.append((row, cell))
    return cells


def _weeks_from_numbers(cells: list[tuple[int, Any]], where: dict[str, str], decimal: str,
                        thousands: str) -> _Weeks:
    """Weeks of a column of week numbers: whole numbers, the smallest being week 1."""
    weeks = []
    for row, cell in cells:
        try:
            value = _cell_number(cell, decimal, thousands)
        except ValueError:
            value = None
        if value is None or value != int(value) or not 0 <= value <= 1_000_000:
            raise DataFileError("data.error.bad_week", row=row, value=excerpt(cell), **where)
        weeks.append(int(value))
    first = min(weeks)
    return _Weeks([w - first + 1 for w in weeks], [str(w) for w in weeks],
                  lambda week: str(first + week - 1), [])


def _weeks_from_dates(cells: list[tuple[int, Any]], where: dict[str, str]) -> _Weeks:
    """Weeks of a column of dates, a week apart, the earliest being week 1."""
    days, fmt = _parse_dates(cells, where["letter"], where["column"])
    notes = [] if fmt == "date" else [Note("data.note.dates", {"format": fmt})]
    first = min(days)
    return _Weeks([(d - first).days // 7 + 1 for d in days], [d.isoformat() for d in days],
                  lambda week: (first + timedelta(weeks=week - 1)).isoformat(), notes)


def _check_span(cells: list[tuple[int, Any]], weeks: _Weeks) -> None:
    """One row per week, at least MIN_WEEKS of them, over at most MAX_WEEKS."""
    seen: dict[int, int] = {}
    for (row, _), week, label in zip(cells, weeks.model, weeks.labels):
        if week in seen:
            raise DataFileError("data.error.duplicate_week", week=label, first=seen[week],
                                second=row)
        seen[week] = row
    if max(weeks.model) > MAX_WEEKS:
        raise DataFileError("data.error.too_many_rows", limit=MAX_WEEKS)
    if len(weeks.model) < MIN_WEEKS:
        raise DataFileError("data.error.too_few_weeks", count=len(weeks.model), limit=MIN_WEEKS)


def _read_weeks(header: Sequence[Any], rows: list[tuple[int, list[Any]]],
                found: Mapping[str, int], decimal: str, thousands: str) -> _Weeks:
    """The week of each row, from its number or its date, checked."""
    i = found["week"] if "week" in found else found["date"]
    cells = _week_cells(header, rows, i)
    weeks = (_weeks_from_numbers(cells, _where(header, i), decimal, thousands)
             if "week" in found else _weeks_from_dates(cells, _where(header, i)))
    _check_span(cells, weeks)
    return weeks


def _column_values(metric: str, cells: Iterable[tuple[int, Any]], where: dict[str, str],
                   decimal: str, thousands: str) -> list[float]:
    """A metric's numbers (NaN for an empty cell): not negative, hours within a week,
    followers within what the model holds."""
    values = []
    for row, cell in cells:
        try:
            value = _cell_number(cell, decimal, thousands)
        except ValueError:
            raise DataFileError("data.error.not_number", row=row, value=excerpt(cell),
                                **where) from None
        if value is not None and value < 0:
            raise DataFileError("data.error.negative", row=row, value=excerpt(cell), **where)
        if metric == "hours" and value is not None and value > HOURS_IN_A_WEEK:
            raise DataFileError("data.error.too_many_hours", row=row, value=excerpt(cell),
                                limit=int(HOURS_IN_A_WEEK), **where)
        if metric == "followers" and value is not None and value > MAX_FOLLOWERS:
            raise DataFileError("data.error.too_many_followers", row=row, value=excerpt(cell),
                                limit=MAX_FOLLOWERS, **where)
        values.append(np.nan if value is None else value)
    return values


def _read_columns(header: Sequence[Any], rows: list[tuple[int, list[Any]]],
                  found: Mapping[str, int], decimal: str,
                  thousands: str) -> tuple[dict[str, list[float]], dict[str, int]]:
    """The numbers of every metric column found, and the count of empty cells per column
    header that has some; a column without any number, or no hour at all, is refused."""
    columns: dict[str, list[float]] = {}
    empty: dict[str, int] = {}
    for name in _numeric_columns(found):
        j = found[name]
        metric = name.partition("_")[0]  # a network's column is checked as its metric's
        values = _column_values(metric, ((row, cells[j]) for row, cells in rows),
                                _where(header, j), decimal, thousands)
        given = int(np.sum(~np.isnan(values)))
        if given == 0:
            raise DataFileError("data.error.column_empty", **_where(header, j))
        if given < len(values):
            empty[excerpt(header[j])] = len(values) - given
        columns[name] = values
    if np.nansum(columns["hours"]) <= 0:
        raise DataFileError("data.error.no_hours", **_where(header, found["hours"]))
    return columns, empty


def _numeric_columns(found: Mapping[str, int]) -> list[str]:
    """The figures found: the totals in FILE_COLUMNS order, then the per-network ones."""
    return [m for m in FILE_COLUMNS if m in found] + sorted(
        name for name in found if network_column(name) is not None)


def _gap_notes(weeks: _Weeks, empty: Mapping[str, int], ignored: Sequence[str]) -> list[Note]:
    """Notes on what the fit will leave out: weeks without a row, empty cells, columns."""
    notes = []
    gaps = sorted(set(range(1, max(weeks.model) + 1)) - set(weeks.model))
    if gaps:
        notes.append(Note("data.note.missing_weeks", {
            "count": len(gaps), "weeks": _listed([weeks.name_of(g) for g in gaps])}))
    if empty:
        notes.append(Note("data.note.empty_cells", {
            "count": sum(empty.values()),
            "headers": _listed([f"{name} ({n})" for name, n in empty.items()])}))
    if ignored:
        notes.append(Note("data.note.ignored_columns", {"headers": _listed(ignored)}))
    return notes


def _check(header: list[Any], rows: list[tuple[int, list[Any]]],
           delimiter: str | None) -> pd.DataFrame:
    """The checked weekly frame of a header and its rows (cells as text or numbers)."""
    _check_header_lengths(header)
    found, ignored = _columns(list(header))
    _check_cell_lengths(header, rows, found.values())
    notes: list[Note] = []
    numeric = [found[m] for m in _numeric_columns(found)]
    decimal, thousands = _number_format((cells[i] for _, cells in rows for i in numeric),
                                        delimiter or ",")
    if delimiter is not None:
        notes.append(Note("data.note.format", {"delimiter": DELIMITERS[delimiter],
                                               "decimal": "comma" if decimal == "," else "point"}))
    weeks = _read_weeks(header, rows, found, decimal, thousands)
    notes += weeks.notes
    columns, empty = _read_columns(header, rows, found, decimal, thousands)
    currency = _currency(header[found["revenue"]], [r[found["revenue"]] for _, r in rows])
    if currency:
        notes.append(Note("data.note.currency", {"currency": currency}))

    frame = pd.DataFrame({"week": weeks.model, "label": weeks.labels,
                          "row": [row for row, _ in rows], **columns})
    if list(frame["week"]) != sorted(frame["week"]):
        notes.append(Note("data.note.sorted"))
    frame = frame.sort_values("week", ignore_index=True)
    notes += _gap_notes(weeks, empty, ignored)
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
