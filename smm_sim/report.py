"""The report an executive forwards, as one self-contained HTML file or as a PDF.

Both are written from one :class:`Report`, gathered here from the engine: the key figures
with their bands, the app's own charts (the builders of :mod:`smm_sim.charts`, rendered
offline by vl-convert), the mistakes ranked by the money at stake with how sure that ranking
is, every setting of the scenario, the assumptions that move profit most with their sources,
the calibration's fit (and its backtest, when the calibration has one), a workshop room's
diagnosis (when the report is taken from the room), the date, the
language and the share link as text and as a QR code. Every text comes from the catalogs in
the chosen language and numbers are written for that language; a text a user gave (the name
on the report, the file's name, the link) is shown as plain text, never as markup or a live
link.
"""

from __future__ import annotations

import dataclasses
import html
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_date

from . import charts, formats
from .analysis import break_even_week, sensitivity
from .assessment import ANSWERS
from .catalogue import CONTENT_TYPES
from .excerpt import FILE_NAME_CHARS, excerpt
from .fit import Calibration
from .i18n import translate
from .mistakes import mistakes_ranked
from .model import monte_carlo, simulate
from .palette import COST, FIXED, MADE, REVENUE
from .scenario import NUMERIC_FIELDS, Scenario, field_meta
from .sources import SOURCES

if TYPE_CHECKING:  # the rooms' module loads SQLAlchemy (0.3 s): only a room's report needs it
    from .rooms import RoomSummary

REPORT_DRAWS = 1000  # Monte Carlo draws behind the report's bands and chance of profit
REPORT_RANK_DRAWS = 200  # draws behind the ranking's plausible range: the pages' engine.RANK_DRAWS
REPORT_ASSUMPTIONS = 7  # the assumptions that move profit most, listed with their sources
MAX_NAME_CHARS = 80  # the name a report is prepared for is cut to this length
MAX_LINK_CHARS = 4000  # a share link longer than this is left out (a QR code holds ~4 kB)
CHART_WIDTH = 330  # px of a chart's plot: two to a row on A4
CHART_HEIGHT = 200  # px: the figures, four charts and the link fill the first page
Translate = Callable[..., str]  # a catalog key and its placeholders to text in one language


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    band: str = ""  # "10th–90th percentile: a – b", or nothing for a figure without one


@dataclass(frozen=True)
class Table:
    title: str
    heads: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned
    notes: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()  # per column, relative; even when empty


@dataclass(frozen=True)
class Chart:
    title: str  # also its text alternative's name
    spec: dict  # Vega-Lite, as the pages draw it


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    subtitle: tuple[str, ...]  # prepared for, date, language, horizon
    figures: tuple[Figure, ...]
    charts: tuple[Chart, ...]
    tables: tuple[Table, ...]
    link_title: str
    link: str  # the share link as given, or "" (none, or too long for a QR code)
    footer: str


def setting_text(scenario: Scenario, name: str, lang: str) -> str:
    """A field's value as a reader of ``lang`` writes it (the assumptions table's too)."""
    def t(key: str) -> str:
        return translate(key, lang)
    value = getattr(scenario, name)
    if name in NUMERIC_FIELDS:
        return formats.field_value(name, value, scenario.currency, lang)
    if name == "networks":
        return ", ".join(f"{t(f'network.{n}')} {formats.percent(share, lang)} "
                         f"({formats.number(followers, lang)})" for n, share, followers in value)
    if name == "content_mix":
        return ", ".join(f"{t(f'content.{kind.value}')} {formats.percent(share, lang)}"
                         for kind, share in zip(CONTENT_TYPES, value))
    if name == "departments":
        return ", ".join(t(f"choice.departments.{d}") for d in value)
    return t(f"choice.{name}.{value}")


def _source_text(name: str, t: Translate, fitted: set[str], file: str) -> str:
    source = SOURCES[field_meta(name)["source"]]
    if name in fitted:
        return t("data.report.fitted_source", file=file)
    if source.kind == "assumption":  # no citation to give: say whose guess it is
        return t("source.assumption")
    return f"{t(f'source.{source.id}')} ({t(f'source_kind.{source.kind}')})"


def _band(band: pd.DataFrame, metric: str, shown: Callable[[float], str], t: Translate) -> str:
    last = band[band["metric"] == metric].iloc[-1]
    return t("report.band", low=shown(last["p10"]), high=shown(last["p90"]))


def _figures(frame: pd.DataFrame, band: pd.DataFrame, t: Translate, cur: str, lang: str,
             weeks: int) -> tuple[Figure, ...]:
    def money(v: float) -> str:
        return formats.money(v, cur, lang)

    def percent(v: float) -> str:
        return formats.percent(v, lang)
    be = break_even_week(frame)
    last = frame.iloc[-1]
    return (
        Figure(t("figure.profit", weeks=weeks), money(last["cum_profit"]),
               _band(band, "cum_profit", money, t)),
        Figure(t("figure.roi"), percent(last["roi"]), _band(band, "roi", percent, t)),
        Figure(t("figure.break_even"), t("figure.week", week=be) if be else t("figure.never")),
        Figure(t("data.report.revenue", weeks=weeks), money(last["cum_revenue"]),
               _band(band, "cum_revenue", money, t)),
        Figure(t("data.report.cost", weeks=weeks), money(last["cum_cost"]),
               _band(band, "cum_cost", money, t)),
        Figure(t("data.report.chance"), percent(band.attrs.get("p_profitable", 0.0))))


def _charts(scenario: Scenario, frame: pd.DataFrame, band: pd.DataFrame, ranked: pd.DataFrame,
            calibration: Calibration | None, t: Translate, lang: str,
            weeks: int) -> tuple[Chart, ...]:
    """The pages' charts: the home page's money and profit, the followers (or, fitted, the
    data page's revenue against the data) and the workshop's closing ranking."""
    cur = scenario.currency
    week = t("chart.week")
    money_title = formats.short_unit("money/week", cur, lang)
    names = {"cost": t("metric.cost"), "revenue": t("metric.revenue")}
    money_data = pd.DataFrame({
        "week": np.tile(frame["week"].to_numpy(), 2),
        "value": np.concatenate([frame["cost"].to_numpy(), frame["revenue"].to_numpy()]),
        "series": np.repeat([names["cost"], names["revenue"]], len(frame))})
    out = [charts.lines_chart(money_data, "week", "value", "series", t("chart.money"), week,
                              money_title, {names["cost"]: COST, names["revenue"]: REVENUE})]
    be = break_even_week(frame)
    out.append(charts.band_line_chart(
        frame, "cum_profit", band, t("chart.compare_cum_profit"), week,
        formats.money_title(t("metric.cum_profit"), cur, lang), rule_week=be,
        rule_label=t("chart.break_even", week=be) if be else None, value_format=",.0f"))
    if calibration is not None:
        fit_names = {"data": t("data.chart.data"), "before": t("data.chart.before"),
                     "fitted": t("data.chart.fitted")}
        out.append(charts.fit_chart(calibration.comparison, "revenue", week, money_title,
                                    fit_names).properties(title=t("data.report.fit_chart")))
    else:
        out.append(charts.series_chart(frame, "followers", t("chart.followers"), week,
                                       t("metric.followers"), band=band, from_zero=False))
    sides = ["cost" if v >= 0 else "gain" for v in ranked["at_stake"]]
    side_names = {s: t(f"mistake.stake_{s}", weeks=weeks) for s in dict.fromkeys(sides)}
    bars = pd.DataFrame({"mistake": [t(f"mistake.{m}.title") for m in ranked["mistake"]],
                         "stake": ranked["at_stake"], "side": [side_names[s] for s in sides]})
    out.append(charts.ranked_bars_chart(
        bars, "mistake", "stake", "side" if len(side_names) > 1 else None,
        {side_names[s]: {"cost": MADE, "gain": FIXED}[s] for s in side_names},
        t("workshop.closing.chart", weeks=weeks), t("assessment.col.mistake"),
        formats.money_title(t("mistake.stake_cost", weeks=weeks), cur, lang)))
    return tuple(Chart(str(c.title), charts.with_config(c, lang) | {
        "width": CHART_WIDTH, "height": CHART_HEIGHT}) for c in out)


def _mistakes(ranked: pd.DataFrame, t: Translate, cur: str, lang: str, weeks: int) -> Table:
    def money(v: float) -> str:
        return formats.money(v, cur, lang)
    rows = tuple((str(i + 1), t(f"mistake.{r.mistake}.title"), money(r.at_stake),
                  t("assessment.range_value", low=money(r.at_stake_p10),
                    high=money(r.at_stake_p90)),
                  formats.percent(r.p_top3, lang), money(r.profit))
                 for i, r in enumerate(ranked.itertuples()))
    return Table(t("data.report.mistakes_title", weeks=weeks),
                 ("#", t("data.report.mistake"), t("data.report.stake"), t("data.report.range"),
                  t("data.report.top3"), t("data.report.mistake_cost")), rows,
                 (True, False, True, True, True, True),
                 (t("data.report.mistakes_note"), t("data.report.range_note"),
                  t("report.sure_note", draws=formats.number(REPORT_RANK_DRAWS, lang))),
                 (0.5, 4.2, 1.8, 2.8, 1.3, 1.8))


def _settings(scenario: Scenario, t: Translate, lang: str, fitted: set[str],
              file: str) -> Table:
    rows = tuple((t(f"field.{f.name}.label"), setting_text(scenario, f.name, lang),
                  _source_text(f.name, t, fitted, file))
                 for f in dataclasses.fields(Scenario))
    return Table(t("report.settings_title"),
                 (t("assumptions.field"), t("assumptions.value"), t("assumptions.source")),
                 rows, (False, True, False), (t("report.settings_note"),), (3.2, 2.4, 4.4))


def _assumptions(scenario: Scenario, weeks: int, t: Translate, lang: str, fitted: set[str],
                 file: str) -> Table:
    table = sensitivity(scenario, "cum_profit", weeks)
    moving = table[table["swing"] > 0].head(REPORT_ASSUMPTIONS)
    rows = tuple((t(f"field.{r.field}.label"),
                  formats.field_value(r.field, r.value, scenario.currency, lang),
                  _source_text(r.field, t, fitted, file)) for r in moving.itertuples())
    return Table(t("data.report.assumptions_title"),
                 (t("assumptions.field"), t("assumptions.value"), t("assumptions.source")),
                 rows, (False, True, False), (t("data.report.assumptions_note"),),
                 (3.2, 2.4, 4.4))


def _fit(calibration: Calibration, t: Translate, lang: str, file: str) -> Table:
    fit = calibration.fit
    return Table(t("data.report.fit_title"),
                 ("",) + tuple(t(f"metric.{m}") for m in fit["metric"]),
                 ((t("data.fit.wape"),) + tuple(formats.deviation(v, lang) for v in fit["wape"]),
                  (t("data.fit.bias"),) + tuple(formats.deviation(v, lang, signed=True)
                                                for v in fit["bias"])),
                 (False,) + (True,) * len(fit),
                 (t("data.report.fit_intro", file=file, weeks=calibration.weeks),))


def _cell(value: Any, lang: str) -> str:
    """A cell of a frame the report does not know the columns of: numbers for ``lang``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return str(value)
    return formats.number(float(value), lang, 0 if float(value).is_integer() else 2)


def backtest_table(calibration: Calibration, lang: str = "en") -> pd.DataFrame:
    """Per metric of the calibration's backtest: the weeks forecast, the median forecast's
    typical error and the weeks inside the 80% band, as the data page and the report show it."""
    def t(key: str) -> str:
        return translate(f"data.fit.backtest_{key}", lang)
    return pd.DataFrame([{
        t("metric"): translate(f"metric.{r.metric}", lang), t("weeks"): str(r.weeks),
        t("error"): formats.deviation(r.nrmse, lang), t("inside"): f"{r.inside} / {r.weeks}"}
        for r in calibration.backtest_summary.itertuples()])


def _backtest(calibration: Calibration, t: Translate, lang: str) -> Table:
    """The backtest's table, from :func:`backtest_table`."""
    frame = backtest_table(calibration, lang)
    return Table(t("report.backtest_title"), tuple(frame.columns),
                 tuple(tuple(row) for row in frame.itertuples(index=False)),
                 (False, True, True, True), (t("report.backtest_note"),))


def _room_tables(room: RoomSummary, t: Translate, lang: str) -> list[Table]:
    """A workshop room's diagnosis: per mistake the money at stake from the participants'
    answers with its range and how far they disagree; per question how the room answered.
    Nicknames stay out: the report is forwarded beyond the room."""
    from .rooms import display_code

    def money(v: float) -> str:
        return formats.money(v, room.scenario.currency, lang)
    asked = room.stakes[room.stakes["answered"] > 0]
    stakes = Table(
        t("report.room.stakes_title", code=display_code(room.code), weeks=room.weeks),
        (t("data.report.mistake"), t("room.view.col.stake"), t("room.view.col.range"),
         t("room.view.col.answered"), t("room.view.col.risk"), t("report.room.disagreement")),
        tuple((t(f"mistake.{r.mistake}.title"), money(r.at_stake),
               t("assessment.range_value", low=money(r.low), high=money(r.high)),
               formats.number(r.answered, lang), formats.percent(r.score, lang),
               formats.number(r.disagreement, lang, 2)) for r in asked.itertuples()),
        (False, True, True, True, True, True),
        (t("report.room.intro", joined=formats.number(room.joined, lang),
           finished=formats.number(room.finished, lang)),
         t("room.view.stakes_note"), t("report.room.disagreement_note")),
        (3.6, 1.8, 2.8, 1.2, 1.6, 1.4))
    answers = ANSWERS + ("unanswered",)  # the spread's columns
    spread = Table(
        t("room.view.spread_title"),
        (t("room.view.question"),) + tuple(t(f"assessment.answer.{a}") for a in ANSWERS)
        + (t("room.view.unanswered"),),
        tuple((f"{i}. {t(f'question.{r.question}')}",)
              + tuple(formats.number(getattr(r, a), lang) for a in answers)
              for i, r in enumerate(room.spread.itertuples(), 1)),
        (False, True, True, True, True), (), (6.4, 0.9, 0.9, 0.9, 1.2))
    return [stakes, spread]


def language_name(lang: str) -> str:
    """The language in its own words: "italiano"."""
    return Locale.parse(formats.LOCALES[lang]).get_language_name(formats.LOCALES[lang])


def gather(scenario: Scenario, weeks: int = 52, lang: str = "en",
           calibration: Calibration | None = None, prepared_for: str = "",
           data_name: str = "", today: date | None = None, link: str = "",
           room: RoomSummary | None = None) -> Report:
    """Everything the report says, in ``lang``; the calibration counts only when it is of
    ``scenario`` (a lever moved since makes it another scenario), the room's diagnosis when
    one is given."""
    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    cur = scenario.currency
    frame = simulate(scenario, weeks)
    fitted_here = calibration is not None and calibration.scenario == scenario
    calibration = calibration if fitted_here else None
    # A fitted scenario's bands, chance of profit and mistakes' ranges draw the fitted
    # assumptions from the fit's posterior, as the pages do.
    posterior = calibration.draws if calibration is not None else None
    band = monte_carlo(scenario, n=REPORT_DRAWS, weeks=weeks, seed=0, posterior=posterior)
    fitted = {v.field for v in calibration.values} if calibration else set()
    file = excerpt(data_name, FILE_NAME_CHARS) or "CSV"
    ranked = mistakes_ranked(scenario, weeks, draws=REPORT_RANK_DRAWS, posterior=posterior)
    tables = [_mistakes(ranked, t, cur, lang, weeks)]
    if room is not None:
        tables += _room_tables(room, t, lang)
    tables.append(_assumptions(scenario, weeks, t, lang, fitted, file))
    if calibration is not None:
        tables.append(_fit(calibration, t, lang, file))
        if len(calibration.backtest_summary):
            tables.append(_backtest(calibration, t, lang))
    tables.append(_settings(scenario, t, lang, fitted, file))
    name = excerpt(str(prepared_for).strip(), MAX_NAME_CHARS)
    subtitle = ([t("data.report.prepared_for", name=name)] if name else []) + [
        format_date(today or date.today(), format="long", locale=formats.LOCALES[lang]),
        t("report.language", language=language_name(lang)),
        t("data.report.horizon", weeks=weeks, currency=cur)]
    link = link if len(link) <= MAX_LINK_CHARS else ""
    return Report(lang, t("data.report.title"), tuple(subtitle),
                  _figures(frame, band, t, cur, lang, weeks),
                  _charts(scenario, frame, band, ranked, calibration, t, lang, weeks),
                  tuple(tables), t("report.link_title"), link,
                  f"{t('data.report.limits')} {t('data.report.made_with')}")


# --- the share link as a QR code ----------------------------------------------------------
def qr_svg(link: str) -> str:
    """The link as a QR code in SVG (black on white, no XML declaration: it sits inline)."""
    import segno
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=2, border=2, xmldecl=False,
                                     svgns=True, nl=False)
    return out.getvalue().decode("ascii")


def qr_png(link: str) -> bytes:
    import segno
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


# --- HTML ---------------------------------------------------------------------------------
TEMPLATES = Path(__file__).with_name("templates")
# The page; every $name is filled with escaped text or with HTML built here from escaped text
# and from the SVG of vl-convert and segno.
REPORT_PAGE = Template((TEMPLATES / "report.html").read_text(encoding="utf-8"))


def _html_table(table: Table) -> str:
    e = html.escape

    def cell(text: str, numeric: bool, tag: str) -> str:
        return f"<{tag}{' class=n' if numeric else ''}>{e(text)}</{tag}>"
    head = "".join(cell(h, n, "th") for h, n in zip(table.heads, table.numeric))
    body = "".join("<tr>" + "".join(cell(v, n, "td") for v, n in zip(row, table.numeric))
                   + "</tr>" for row in table.rows)
    notes = "".join(f"<p class=note>{e(n)}</p>" for n in table.notes)
    return (f"<section><h2>{e(table.title)}</h2><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>{notes}</section>")


def report_html(scenario: Scenario, weeks: int = 52, lang: str = "en",
                calibration: Calibration | None = None, prepared_for: str = "",
                data_name: str = "", today: date | None = None, link: str = "",
                room: RoomSummary | None = None) -> str:
    """The report on ``scenario`` over ``weeks``, in ``lang``, as one HTML file: no script,
    no network, its charts inline SVG rendered from the pages' chart builders."""
    report = gather(scenario, weeks, lang, calibration, prepared_for, data_name, today, link,
                    room)
    e = html.escape
    figures = "".join(
        f"<div class=figure><div class=label>{e(f.label)}</div><div class='value"
        f"{'' if any(c.isdigit() for c in f.value) else ' words'}'>{e(f.value)}</div>"
        f"<div class=band>{e(f.band)}</div></div>" for f in report.figures)
    chart_figures = "".join(
        f"<figure role=img aria-label='{e(c.title, quote=True)}'>"
        f"{charts.to_svg(c.spec, lang)}</figure>" for c in report.charts)
    link_section = ""
    if report.link:
        link_section = (f"<section class=link><div>{qr_svg(report.link)}</div><div><h2>"
                        f"{e(report.link_title)}</h2><p class=url>{e(report.link)}</p></div>"
                        "</section>")
    return REPORT_PAGE.substitute(
        lang=e(lang), title=e(report.title), subtitle=e(" · ".join(report.subtitle)),
        figure_cells=figures, chart_figures=chart_figures,
        tables="".join(_html_table(t) for t in report.tables), link_section=link_section,
        footer=e(report.footer))


# --- PDF ----------------------------------------------------------------------------------
PAGE_MARGIN = 12  # mm
INK, MUTED, RULE = (34, 34, 34), (85, 85, 85), (221, 221, 221)


def _font_files() -> dict[str, str]:
    import font_source_sans_pro as fonts
    return {"": fonts.font_files_ttf["SourceSansPro"],
            "B": fonts.font_files_ttf["SourceSansProSemibold"]}


def _pdf_table(pdf: Any, table: Table, size: float = 7.5) -> None:
    pdf.set_font("Sans", "B", 10.5)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 5.5, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "", size)
    widths = table.widths or (1.0,) * len(table.heads)
    align = tuple("RIGHT" if n else "LEFT" for n in table.numeric)
    with pdf.table(col_widths=widths, text_align=align, line_height=size * 0.5,
                   borders_layout="HORIZONTAL_LINES", padding=0.8, first_row_as_headings=True,
                   headings_style=_headings(), width=pdf.epw) as grid:
        for row in (table.heads,) + table.rows:
            line = grid.row()
            for text in row:
                line.cell(text)
    pdf.set_font("Sans", "", 7)
    pdf.set_text_color(*MUTED)
    for note in table.notes:
        pdf.multi_cell(0, 3.4, note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _headings() -> Any:
    from fpdf.fonts import FontFace
    return FontFace(family="Sans", emphasis="BOLD", color=MUTED, size_pt=7)


def report_pdf(scenario: Scenario, weeks: int = 52, lang: str = "en",
               calibration: Calibration | None = None, prepared_for: str = "",
               data_name: str = "", today: date | None = None, link: str = "",
               room: RoomSummary | None = None) -> bytes:
    """The report as an A4 PDF: the figures and the four charts on the first page, the
    tables after; its font (Source Sans, embedded) has €, £ and every accented letter."""
    report = gather(scenario, weeks, lang, calibration, prepared_for, data_name, today, link,
                    room)
    pdf = new_pdf(report.title, lang)
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font("Sans", "B", 17)
    pdf.multi_cell(0, 8, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "", 9)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, " · ".join(report.subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf_figures(pdf, report.figures)
    _pdf_charts(pdf, report.charts, lang)
    if report.link:
        _pdf_link(pdf, report)
    pdf.set_font("Sans", "", 7)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 3.4, report.footer, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for table in report.tables:
        _pdf_table(pdf, table)
    return bytes(pdf.output())


def new_pdf(title: str, lang: str, orientation: str = "P") -> Any:
    """An A4 document in ``lang`` with the embedded font ("Sans", regular and "B")."""
    from fpdf import FPDF
    pdf = FPDF(orientation=orientation, format="A4", unit="mm")
    pdf.set_margins(PAGE_MARGIN, PAGE_MARGIN)
    pdf.set_auto_page_break(True, PAGE_MARGIN)
    for style, path in _font_files().items():
        pdf.add_font("Sans", style, path)
    pdf.set_title(title)
    pdf.set_lang(lang)
    pdf.set_creator(translate("data.report.made_with", lang))
    return pdf


def _fitted_cell(pdf: Any, width: float, height: float, text: str, size: float,
                 style: str = "") -> None:
    """One line of text in ``width``, its type made smaller (to 60%) before it would spill."""
    pdf.set_font("Sans", style, size)
    while pdf.get_string_width(text) > width and pdf.font_size_pt > size * 0.6:
        pdf.set_font("Sans", style, pdf.font_size_pt - 0.5)
    pdf.cell(width, height, text)


def pdf_figures(pdf: Any, figures: Sequence[Figure], columns: int = 3,
                width: float | None = None, height: float = 17.0) -> None:
    """Key figures in boxes, ``columns`` to a row across ``width`` (the page's): label,
    value, band."""
    gap = 2.0
    box = ((width or pdf.epw) - gap * (columns - 1)) / columns
    top = pdf.get_y()
    for i, f in enumerate(figures):
        if i % columns == 0:
            top = pdf.get_y()
        x = pdf.l_margin + (i % columns) * (box + gap)
        pdf.set_draw_color(*RULE)
        pdf.rect(x, top, box, height, round_corners=True, corner_radius=1.5)
        pdf.set_xy(x + 2, top + 1.5)
        pdf.set_text_color(*MUTED)
        _fitted_cell(pdf, box - 4, 3.5, f.label, 7.5)
        pdf.set_xy(x + 2, top + 5.5)
        pdf.set_text_color(*INK)
        _fitted_cell(pdf, box - 4, 6, f.value, 13 if any(c.isdigit() for c in f.value) else 10,
                     "B")
        pdf.set_xy(x + 2, top + height - 5)
        pdf.set_text_color(*MUTED)
        _fitted_cell(pdf, box - 4, 3.5, f.band, 6.5)
        if i % columns == columns - 1 or i == len(figures) - 1:
            pdf.set_xy(pdf.l_margin, top + height + gap)
    pdf.ln(1)


def _pdf_charts(pdf: Any, shown: Sequence[Chart], lang: str) -> None:
    """The charts two to a row, as PNG at twice their size (over 200 dpi on the page)."""
    gap = 4.0
    width = (pdf.epw - gap) / 2
    top = bottom = pdf.get_y()
    for i, chart in enumerate(shown):
        if i % 2 == 0:
            top = bottom + (gap if i else 0)
        png = charts.to_png(chart.spec, lang)
        info = pdf.image(io.BytesIO(png), x=pdf.l_margin + (i % 2) * (width + gap), y=top,
                         w=width, alt_text=chart.title)
        bottom = max(bottom, top + info.rendered_height)
    pdf.set_xy(pdf.l_margin, bottom + gap)


def _pdf_link(pdf: Any, report: Report) -> None:
    size = 28.0
    if pdf.get_y() + size > pdf.h - PAGE_MARGIN:
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(report.link)), x=pdf.l_margin, y=top, w=size, h=size,
              alt_text=report.link_title)
    pdf.set_xy(pdf.l_margin + size + 4, top + 2)
    pdf.set_font("Sans", "B", 10.5)
    pdf.set_text_color(*INK)
    pdf.cell(0, 5.5, report.link_title, new_x="LEFT", new_y="NEXT")
    pdf.set_font("Sans", "", 7.5)
    pdf.multi_cell(0, 3.6, report.link, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + size) + 3)
