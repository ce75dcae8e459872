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
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
from babel.dates import format_date

from . import formats
from .analysis import break_even_week, sensitivity
from .calibrate import Calibration
from .excerpt import FILE_NAME_CHARS, excerpt
from .i18n import translate
from .mistakes import mistakes_ranked
from .model import monte_carlo, simulate
from .scenario import Scenario, field_meta
from .sources import SOURCES

# A cell a spreadsheet would take for a formula starts with one of these (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Separator and decimal mark a spreadsheet in each language expects from a CSV file.
CSV_STYLE = {"en": (",", "."), "it": (";", ","), "es": (";", ",")}
CSV_DECIMALS = 4
REPORT_DRAWS = 1000  # Monte Carlo draws behind the report's band and chance of profit
REPORT_ASSUMPTIONS = 7  # the assumptions that move profit most, listed with their sources
MAX_NAME_CHARS = 80  # the name a report is prepared for is cut to this length
# Okabe-Ito colours, as on the pages (view/theme.py).
CURRENT, COST, REVENUE, DATA, REFERENCE, ACCENT = ("#0072B2", "#D55E00", "#0072B2", "#000000",
                                                   "#999999", "#E69F00")


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
    """The scenario's weekly series (every metric of ``simulate``) as a safe CSV."""
    return to_csv(simulate(scenario, weeks), lang)


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
STYLE = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font: 8.5pt/1.3 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; color: #222; background: #fff; }
.page { max-width: 190mm; margin: 0 auto; padding: 6mm 0; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 10pt; margin: 3mm 0 1mm; }
.sub { color: #555; margin: 0 0 2.5mm; }
.figures { display: grid; grid-template-columns: repeat(6, 1fr); gap: 2mm; }
.figure { border: 1px solid #ddd; border-radius: 2mm; padding: 1.2mm 2mm; }
.figure .label { color: #555; font-size: 7.5pt; line-height: 1.2; }
.figure .value { font-size: 12pt; font-weight: 600; line-height: 1.2; margin-top: 0.5mm; }
.figure .value.words { font-size: 9.5pt; }
.charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin-top: 2.5mm; }
figure { margin: 0; }
svg text { font-family: inherit; fill: #333; }
svg .ct { font-size: 10.5px; font-weight: 600; }
svg .yl { font-size: 8.5px; text-anchor: end; }
svg .xl { font-size: 8.5px; text-anchor: middle; }
svg .xt { font-size: 8.5px; text-anchor: middle; fill: #666; }
svg .lg { font-size: 8.5px; }
svg .grid { stroke: #e6e6e6; stroke-width: 0.6; }
svg .zero { stroke: #999; stroke-dasharray: 2 2; }
.columns { display: grid; grid-template-columns: 44fr 56fr; gap: 5mm; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th, td { text-align: left; padding: 0.6mm 1.2mm; border-bottom: 1px solid #eee;
         vertical-align: top; }
th { font-size: 7.5pt; color: #555; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
.note { color: #555; font-size: 7.5pt; margin: 1mm 0 0; }
footer { margin-top: 3mm; color: #555; font-size: 7.5pt; }
@media print { .page { padding: 0; } }
"""


def _sensitive_assumptions(scenario: Scenario, weeks: int) -> pd.DataFrame:
    table = sensitivity(scenario, "cum_profit", weeks)
    return table[table["swing"] > 0].head(REPORT_ASSUMPTIONS)


def report_html(scenario: Scenario, weeks: int = 52, lang: str = "en",
                calibration: Calibration | None = None, prepared_for: str = "",
                data_name: str = "", today: date | None = None) -> str:
    """The one-page report on ``scenario`` over ``weeks``, in ``lang``, as one HTML file.

    Key figures, three charts, the eleven mistakes ranked by what they cost, the
    assumptions that move profit most with their sources and, when ``calibration`` is the
    scenario's own, how well the model fits the data it was fitted to.
    """
    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    e = html.escape
    cur = scenario.currency
    frame = simulate(scenario, weeks)
    band = monte_carlo(scenario, n=REPORT_DRAWS, weeks=weeks, seed=0)
    ranked = mistakes_ranked(scenario, weeks)
    moving = _sensitive_assumptions(scenario, weeks)
    fitted_here = calibration is not None and calibration.scenario == scenario
    fitted_fields = {v.field for v in calibration.values} if fitted_here else set()
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

    mistakes_rows = "".join(
        f"<tr><td class='n'>{i + 1}</td><td>{e(t(f'mistake.{r.mistake}.title'))}</td>"
        f"<td class='n'>{e(formats.money(r.profit, cur, lang))}</td>"
        f"<td class='n'>{e(t('figure.points', value=formats.number(r.roi * 100, lang)))}</td></tr>"
        for i, r in enumerate(ranked.itertuples()))
    assumption_rows = []
    for r in moving.itertuples():
        source = SOURCES[field_meta(r.field)["source"]]
        if r.field in fitted_fields:
            where = t("data.report.fitted_source",
                      file=excerpt(data_name, FILE_NAME_CHARS) or "CSV")
        elif source.kind == "assumption":  # no citation to give: say whose guess it is
            where = t("source.assumption")
        else:
            where = f"{t(f'source.{source.id}')} ({t(f'source_kind.{source.kind}')})"
        assumption_rows.append(
            f"<tr><td>{e(t(f'field.{r.field}.label'))}</td>"
            f"<td class='n'>{e(formats.field_value(r.field, r.value, cur, lang))}</td>"
            f"<td>{e(where)}</td></tr>")

    fit_block = ""
    if fitted_here:
        fit = calibration.fit
        head = "".join(f"<th class='n'>{e(t(f'metric.{m}'))}</th>" for m in fit["metric"])
        gaps = "".join(f"<td class='n'>{e(_share(v, lang))}</td>" for v in fit["wape"])
        totals = "".join(f"<td class='n'>{e(_share(v, lang, signed=True))}</td>"
                         for v in fit["bias"])
        intro = t("data.report.fit_intro", file=excerpt(data_name, FILE_NAME_CHARS) or "CSV",
                  weeks=calibration.weeks)
        fit_block = (
            f"<section><h2>{e(t('data.report.fit_title'))}</h2>"
            f"<table><thead><tr><th></th>{head}</tr></thead><tbody>"
            f"<tr><td>{e(t('data.fit.wape'))}</td>{gaps}</tr>"
            f"<tr><td>{e(t('data.fit.bias'))}</td>{totals}</tr></tbody></table>"
            f"<p class='note'>{e(intro)}</p>"
            "</section>")

    name = excerpt(str(prepared_for).strip(), MAX_NAME_CHARS)
    subtitle = [t("data.report.prepared_for", name=name)] if name else []
    subtitle += [format_date(today, format="long", locale=formats.LOCALES[lang]),
                 t("data.report.horizon", weeks=weeks, currency=cur)]
    figure_cells = "".join(
        f"<div class='figure'><div class='label'>{e(label)}</div><div class='value"
        f"{'' if any(c.isdigit() for c in value) else ' words'}'>{e(value)}</div></div>"
        for label, value in figures)
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(t('data.report.title'))}</title>
<style>{STYLE}</style>
</head>
<body><main class="page">
<header><h1>{e(t('data.report.title'))}</h1>
<p class="sub">{e(' · '.join(subtitle))}</p></header>
<section class="figures">{figure_cells}</section>
<section class="charts">{''.join(f'<figure>{c}</figure>' for c in charts)}</section>
<section class="columns">
<div><h2>{e(t('data.report.mistakes_title', weeks=weeks))}</h2>
<table><thead><tr><th class='n'>#</th><th>{e(t('data.report.mistake'))}</th>
<th class='n'>{e(t('data.report.profit_lost'))}</th>
<th class='n'>{e(t('data.report.roi_lost'))}</th>
</tr></thead><tbody>{mistakes_rows}</tbody></table></div>
<div><h2>{e(t('data.report.assumptions_title'))}</h2>
<table><thead><tr><th>{e(t('assumptions.field'))}</th><th class='n'>{e(t('assumptions.value'))}</th>
<th>{e(t('assumptions.source'))}</th></tr></thead>
<tbody>{''.join(assumption_rows)}</tbody></table>
<p class="note">{e(t('data.report.assumptions_note'))}</p></div>
</section>
{fit_block}
<footer>{e(t('data.report.limits'))} {e(t('data.report.made_with'))}</footer>
</main></body>
</html>
"""


def _share(value: float, lang: str, signed: bool = False) -> str:
    """A share with one decimal; a sign when asked, and none on a rounded zero."""
    if not math.isfinite(value):
        return "–"
    value = round(value, 3) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = formats.percent(value, lang, 1)
    return ("+" + text) if signed and value > 0 else text
