"""What leaves the app: the weekly series as a CSV that is safe to open in a spreadsheet, and a
one-page report for executives as one self-contained HTML file.

The report needs no browser, no network and no script: its charts are inline SVG drawn
here, its style is inline, and a Content-Security-Policy forbids anything else. Every text
comes from the catalogs in the chosen language, numbers are written for that language, and
every text a user gave (the name on the report, the data file's name) is escaped.
"""

from __future__ import annotations

import csv
import html
import io
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import pandas as pd
from babel.dates import format_date

from . import formats
from .analysis import break_even_week, sensitivity
from .excerpt import FILE_NAME_CHARS, excerpt
from .fit import Calibration
from .i18n import translate
from .mistakes import mistakes_ranked
from .palette import ACCENT, BLACK, COST, CURRENT, REVENUE
from .model import monte_carlo, simulate
from .scenario import Scenario, field_meta
from .sources import SOURCES

# A cell a spreadsheet would take for a formula starts with one of these (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Separator and decimal mark a spreadsheet in each language expects from a CSV file.
CSV_STYLE = {"en": (",", "."), "it": (";", ","), "es": (";", ",")}
CSV_DECIMALS = 4
REPORT_DRAWS = 1000  # Monte Carlo draws behind the report's band and chance of profit
REPORT_RANK_DRAWS = 200  # draws behind the ranking's plausible range: the pages' engine.RANK_DRAWS
REPORT_ASSUMPTIONS = 7  # the assumptions that move profit most, listed with their sources
MAX_NAME_CHARS = 80  # the name a report is prepared for is cut to this length
DATA = BLACK  # the company's own numbers, drawn as dots


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


# --- charts as inline SVG -----------------------------------------------------------------
@dataclass(frozen=True)
class Series:
    label: str
    x: Sequence[float]
    y: Sequence[float]
    color: str
    dashed: bool = False
    points: bool = False  # dots (data) instead of a line (model)


def _ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round values (1, 2, 2.5 or 5 × 10^k apart) spanning lo to hi."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(lo / step) * step
    ticks, value = [], start
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(value, 10))
    return ticks


def svg_chart(title: str, series: Sequence[Series], label: Callable[[float], str],
              x_title: str, band: tuple[Sequence[float], Sequence[float], Sequence[float]] | None
              = None, marker: float | None = None, width: int = 240, height: int = 150,
              zero: bool = False) -> str:
    """A small line chart: axes with round ticks, lines or dots, an optional band and a
    vertical marker. Every text in it is escaped."""
    left, right, top, bottom = 50, 6, 32, 26
    xs = [float(v) for s in series for v in s.x]
    ys = [float(v) for s in series for v in s.y if math.isfinite(float(v))]
    if band is not None:
        ys += [float(v) for v in band[1]] + [float(v) for v in band[2]]
    if zero:
        ys.append(0.0)
    y_ticks = _ticks(min(ys), max(ys))
    x_lo, x_hi = min(xs), max(xs)
    y_lo, y_hi = y_ticks[0], y_ticks[-1]

    def px(v: float) -> float:
        return left + (v - x_lo) / ((x_hi - x_lo) or 1.0) * (width - left - right)

    def py(v: float) -> float:
        return top + (1 - (v - y_lo) / ((y_hi - y_lo) or 1.0)) * (height - top - bottom)

    e = html.escape
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-label="{e(title)}">',
             f'<text x="4" y="11" class="ct">{e(title)}</text>']
    for v in y_ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{py(v):.1f}" y2="{py(v):.1f}" '
                     'class="grid"/>')
        parts.append(f'<text x="{left - 4}" y="{py(v) + 3:.1f}" class="yl">{e(label(v))}</text>')
    for v in _ticks(x_lo, x_hi, 5):
        if x_lo <= v <= x_hi:
            parts.append(f'<text x="{px(v):.1f}" y="{height - bottom + 11}" class="xl">'
                         f'{e(_week_label(v))}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.1f}" y="{height - 2}" class="xt">'
                 f'{e(x_title)}</text>')
    if zero and y_lo < 0 < y_hi:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{py(0):.1f}" y2="{py(0):.1f}" '
                     'class="zero"/>')
    if band is not None:
        bx, blo, bhi = band
        outline = [f"{px(x):.1f},{py(v):.1f}" for x, v in zip(bx, bhi)] + \
                  [f"{px(x):.1f},{py(v):.1f}" for x, v in zip(reversed(list(bx)),
                                                             reversed(list(blo)))]
        parts.append(f'<polygon points="{" ".join(outline)}" fill="{CURRENT}" '
                     'fill-opacity="0.2" stroke="none"/>')
    if marker is not None:
        parts.append(f'<line x1="{px(marker):.1f}" x2="{px(marker):.1f}" y1="{top}" '
                     f'y2="{height - bottom}" stroke="{ACCENT}" stroke-width="1.5"/>')
    for s in series:
        if s.points:
            parts += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="1.6" fill="{s.color}"/>'
                      for x, y in zip(s.x, s.y) if math.isfinite(float(y))]
        else:
            line = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(s.x, s.y))
            dash = ' stroke-dasharray="4 3"' if s.dashed else ""
            parts.append(f'<polyline points="{line}" fill="none" stroke="{s.color}" '
                         f'stroke-width="1.6"{dash}/>')
    # A legend under the title, one entry per series.
    x = left
    for s in series:
        dash = ' stroke-dasharray="3 2"' if s.dashed else ""
        mark = (f'<circle cx="{x + 5}" cy="21" r="2.5" fill="{s.color}"/>' if s.points else
                f'<line x1="{x}" x2="{x + 10}" y1="21" y2="21" stroke="{s.color}" '
                f'stroke-width="2"{dash}/>')
        parts.append(mark + f'<text x="{x + 13}" y="24" class="lg">{e(s.label)}</text>')
        x += 5.5 * len(s.label) + 24
    parts.append("</svg>")
    return "".join(parts)


def _week_label(value: float) -> str:
    """Week numbers on an axis: whole numbers without grouping."""
    return str(int(round(value)))


# --- the report ---------------------------------------------------------------------------
TEMPLATES = Path(__file__).with_name("templates")
# The page and its fit section; every $name is filled with escaped text or with HTML built
# below from escaped text.
REPORT_PAGE = Template((TEMPLATES / "report.html").read_text(encoding="utf-8"))
REPORT_FIT = Template((TEMPLATES / "report_fit.html").read_text(encoding="utf-8"))
Translate = Callable[..., str]  # a catalog key and its placeholders to text in one language


def _sensitive_assumptions(scenario: Scenario, weeks: int) -> pd.DataFrame:
    table = sensitivity(scenario, "cum_profit", weeks)
    return table[table["swing"] > 0].head(REPORT_ASSUMPTIONS)


def _cell(text: str, numeric: bool = False, tag: str = "td") -> str:
    """One table cell, its text escaped; a number is right-aligned."""
    align = " class='n'" if numeric else ""
    return f"<{tag}{align}>{html.escape(text)}</{tag}>"


def _row(cells: Iterable[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def _figure_cells(figures: Sequence[tuple[str, str]]) -> str:
    """The key figures, label over value; a value in words (never) gets a smaller type."""
    e = html.escape
    return "".join(
        f"<div class='figure'><div class='label'>{e(label)}</div><div class='value"
        f"{'' if any(c.isdigit() for c in value) else ' words'}'>{e(value)}</div></div>"
        for label, value in figures)


def _mistake_rows(ranked: pd.DataFrame, t: Translate, currency: str, lang: str) -> str:
    """The mistakes, the most money at stake first: rank, title, money at stake, its plausible
    range, the share of plausible cases in which it ranks top three, cost."""
    return "".join(_row([
        _cell(str(i + 1), numeric=True), _cell(t(f"mistake.{r.mistake}.title")),
        _cell(formats.money(r.at_stake, currency, lang), numeric=True),
        _cell(t("assessment.range_value", low=formats.money(r.at_stake_p10, currency, lang),
                high=formats.money(r.at_stake_p90, currency, lang)), numeric=True),
        _cell(formats.percent(r.p_top3, lang), numeric=True),
        _cell(formats.money(r.profit, currency, lang), numeric=True)])
        for i, r in enumerate(ranked.itertuples()))


def _assumption_rows(moving: pd.DataFrame, t: Translate, currency: str, lang: str,
                     fitted_fields: set[str], file: str) -> str:
    """The assumptions that move profit most: field, value, and where the value comes from."""
    rows = []
    for r in moving.itertuples():
        source = SOURCES[field_meta(r.field)["source"]]
        if r.field in fitted_fields:
            where = t("data.report.fitted_source", file=file)
        elif source.kind == "assumption":  # no citation to give: say whose guess it is
            where = t("source.assumption")
        else:
            where = f"{t(f'source.{source.id}')} ({t(f'source_kind.{source.kind}')})"
        rows.append(_row([_cell(t(f"field.{r.field}.label")),
                          _cell(formats.field_value(r.field, r.value, currency, lang),
                                numeric=True),
                          _cell(where)]))
    return "".join(rows)


def _fit_section(calibration: Calibration, t: Translate, lang: str, file: str) -> str:
    """How far the fitted model is from the data it was fitted to, metric by metric."""
    fit = calibration.fit
    return REPORT_FIT.substitute(
        fit_title=html.escape(t("data.report.fit_title")),
        metric_heads="".join(_cell(t(f"metric.{m}"), numeric=True, tag="th")
                             for m in fit["metric"]),
        wape_row=_row([_cell(t("data.fit.wape"))] + [
            _cell(formats.deviation(v, lang), numeric=True) for v in fit["wape"]]),
        bias_row=_row([_cell(t("data.fit.bias"))] + [
            _cell(formats.deviation(v, lang, signed=True), numeric=True) for v in fit["bias"]]),
        intro=html.escape(t("data.report.fit_intro", file=file, weeks=calibration.weeks)))


def report_html(scenario: Scenario, weeks: int = 52, lang: str = "en",
                calibration: Calibration | None = None, prepared_for: str = "",
                data_name: str = "", today: date | None = None) -> str:
    """The one-page report on ``scenario`` over ``weeks``, in ``lang``, as one HTML file.

    Key figures, three charts, the eleven mistakes ranked by the money at stake, the
    assumptions that move profit most with their sources and, when ``calibration`` is the
    scenario's own, how well the model fits the data it was fitted to.
    """
    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    cur = scenario.currency
    frame = simulate(scenario, weeks)
    band = monte_carlo(scenario, n=REPORT_DRAWS, weeks=weeks, seed=0)
    fitted_here = calibration is not None and calibration.scenario == scenario
    fitted_fields = {v.field for v in calibration.values} if fitted_here else set()
    file = excerpt(data_name, FILE_NAME_CHARS) or "CSV"
    today = today or date.today()

    be = break_even_week(frame)
    figures = [
        (t("figure.profit", weeks=weeks), formats.money(frame["cum_profit"].iloc[-1], cur, lang)),
        (t("figure.roi"), formats.percent(frame["roi"].iloc[-1], lang)),
        (t("figure.break_even"), t("figure.week", week=be) if be else t("figure.never")),
        (t("data.report.revenue", weeks=weeks),
         formats.money(frame["cum_revenue"].iloc[-1], cur, lang)),
        (t("data.report.cost", weeks=weeks), formats.money(frame["cum_cost"].iloc[-1], cur, lang)),
        (t("data.report.chance"), formats.percent(band.attrs.get("p_profitable", 0.0), lang)),
    ]

    def money_axis(v: float) -> str:
        return formats.money(v, cur, lang)

    def count_axis(v: float) -> str:
        return formats.number(v, lang, formats.significant_digits(v, 2) if abs(v) < 10 else 0)

    week_title = t("chart.week")
    charts = [svg_chart(t("chart.money"), [
        Series(t("metric.cost"), frame["week"], frame["cost"], COST),
        Series(t("metric.revenue"), frame["week"], frame["revenue"], REVENUE, dashed=True)],
        money_axis, week_title)]
    profit = band[band["metric"] == "cum_profit"]
    charts.append(svg_chart(
        t("chart.compare_cum_profit"),
        [Series(t("mistake.now"), frame["week"], frame["cum_profit"], CURRENT)],
        money_axis, week_title, band=(profit["week"], profit["p10"], profit["p90"]),
        marker=be, zero=True))
    if fitted_here:
        rows = calibration.comparison[calibration.comparison["metric"] == "revenue"]
        charts.append(svg_chart(t("data.report.fit_chart"), [
            Series(t("data.chart.data"), rows["week"], rows["data"], DATA, points=True),
            Series(t("data.chart.fitted"), calibration.model["week"],
                   calibration.model["revenue"], CURRENT)], money_axis, week_title))
    else:
        charts.append(svg_chart(t("chart.followers"), [
            Series(t("metric.followers"), frame["week"], frame["followers"], CURRENT)],
            count_axis, week_title))

    name = excerpt(str(prepared_for).strip(), MAX_NAME_CHARS)
    subtitle = [t("data.report.prepared_for", name=name)] if name else []
    subtitle += [format_date(today, format="long", locale=formats.LOCALES[lang]),
                 t("data.report.horizon", weeks=weeks, currency=cur)]
    texts = {  # plain text, escaped below
        "lang": lang, "title": t("data.report.title"), "subtitle": " · ".join(subtitle),
        "mistakes_title": t("data.report.mistakes_title", weeks=weeks),
        "mistake": t("data.report.mistake"), "stake": t("data.report.stake"),
        "mistake_cost": t("data.report.mistake_cost"),
        "stake_range": t("data.report.range"), "top3": t("data.report.top3"),
        "range_note": t("data.report.range_note"),
        "mistakes_note": t("data.report.mistakes_note"),
        "assumptions_title": t("data.report.assumptions_title"),
        "field": t("assumptions.field"), "value": t("assumptions.value"),
        "source": t("assumptions.source"), "assumptions_note": t("data.report.assumptions_note"),
        "limits": t("data.report.limits"), "made_with": t("data.report.made_with")}
    return REPORT_PAGE.substitute(
        {key: html.escape(text) for key, text in texts.items()},
        figure_cells=_figure_cells(figures),
        chart_figures="".join(f"<figure>{c}</figure>" for c in charts),
        mistake_rows=_mistake_rows(mistakes_ranked(scenario, weeks, draws=REPORT_RANK_DRAWS),
                                   t, cur, lang),
        assumption_rows=_assumption_rows(_sensitive_assumptions(scenario, weeks), t, cur, lang,
                                         fitted_fields, file),
        fit_section=_fit_section(calibration, t, lang, file) if fitted_here else "")
