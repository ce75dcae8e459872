"""Chart builders: plain functions from data frames and labels to ``alt.Chart``.

No Streamlit here: the pages draw them (through ``view/charts.py``), the report renders the
same specs to SVG and PNG (:mod:`smm_sim.report`), and tests build a chart and inspect its
spec. Labels arrive already translated; colours and sizes come from :mod:`smm_sim.palette`.

The home page redraws its four charts on every lever change, so for them there are also
``*_spec`` builders: the same Vega-Lite as the Altair builders give, written as plain dicts
whose data are named datasets supplied apart. Building them costs microseconds instead of
Altair's tens of milliseconds of construction and schema validation, and since the spec stays
the same from one scenario to the next, the browser only swaps the data in the drawn chart
instead of compiling a new one. Each dataset is one more table for the browser to decode and
update, so a chart has one where it can: ``frame`` carries the band's p10 and p90 beside the
line. tests/test_charts.py checks that both kinds of builder give the same chart.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any, Mapping

import pandas as pd

if TYPE_CHECKING:
    import altair as alt

from . import palette as theme


class _OnFirstUse(ModuleType):
    """A module imported when one of its names is first read."""

    def __getattr__(self, name: str):
        module = importlib.import_module(self.__name__)
        globals()["alt"] = module  # later reads go straight to the module
        return getattr(module, name)


if not TYPE_CHECKING:
    # Importing Altair takes about half a second; the home page's charts are the dicts below
    # and need none of it, so a fresh server draws its first page that much sooner.
    alt = _OnFirstUse("altair")


def _base(data: pd.DataFrame, height: int | None = None) -> alt.Chart:
    return alt.Chart(data).properties(height=height or theme.CHART_HEIGHT)


def series_chart(frame: pd.DataFrame, metric: str, title: str, week_title: str,
                 value_title: str, band: pd.DataFrame | None = None,
                 color: str = theme.CURRENT, value_format: str = ",.0f",
                 from_zero: bool = True) -> alt.LayerChart:
    """One weekly metric as a line, with its p10–p90 band when ``band`` is given.

    ``band`` is the Monte Carlo frame (week, metric, p10, p50, p90); ``from_zero=False``
    lets the axis start near the data (followers change by a few percent a year).
    """
    line = _base(frame).mark_line(color=color, strokeWidth=2).encode(
        x=alt.X("week:Q", title=week_title),
        y=alt.Y(f"{metric}:Q", title=value_title, scale=alt.Scale(zero=from_zero),
                axis=alt.Axis(format=value_format)),
        tooltip=[alt.Tooltip("week:Q", title=week_title),
                 alt.Tooltip(f"{metric}:Q", title=value_title, format=value_format)])
    layers: list[alt.Chart] = []
    if band is not None:
        rows = band[band["metric"] == metric]
        layers.append(_base(rows).mark_area(color=color, opacity=theme.BAND_OPACITY).encode(
            x="week:Q", y="p10:Q", y2="p90:Q",
            tooltip=[alt.Tooltip("week:Q", title=week_title),
                     alt.Tooltip("p10:Q", title="p10", format=value_format),
                     alt.Tooltip("p90:Q", title="p90", format=value_format)]))
    layers.append(line)
    return alt.layer(*layers).properties(title=title)


def lines_chart(frame: pd.DataFrame, x: str, y: str, series: str, title: str, x_title: str,
                y_title: str, colors: Mapping[str, str], value_format: str = ",.0f",
                rule_x: float | None = None, rule_label: str | None = None,
                zero_line: bool = False, height: int | None = None,
                x_format: str | None = None) -> alt.LayerChart:
    """Several series over one x (long format), with a fixed colour per series.

    ``rule_x`` draws a vertical mark (a break-even week, an optimum) labelled ``rule_label``;
    ``height`` in px overrides the theme's (a projector wants bigger charts); ``x_format``
    writes the x axis (".0%" for a share, as its slider does).
    """
    names = list(colors)
    x_axis = {} if x_format is None else {"axis": alt.Axis(format=x_format)}
    chart = _base(frame, height).mark_line(strokeWidth=3 if height else 2).encode(
        x=alt.X(f"{x}:Q", title=x_title, **x_axis),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=value_format)),
        color=alt.Color(f"{series}:N", title=None,
                        scale=alt.Scale(domain=names, range=[colors[n] for n in names]),
                        legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash(f"{series}:N", legend=None, scale=alt.Scale(domain=names)),
        tooltip=[alt.Tooltip(f"{series}:N", title=" "),
                 alt.Tooltip(f"{x}:Q", title=x_title, **({"format": x_format} if x_format else {})),
                 alt.Tooltip(f"{y}:Q", title=y_title, format=value_format)])
    layers: list[alt.Chart] = [chart]
    if zero_line:
        layers.append(alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(
            color=theme.REFERENCE, strokeDash=[2, 2]).encode(y="zero:Q"))
    if rule_x is not None:
        marks = pd.DataFrame({x: [rule_x], "label": [rule_label or ""]})
        layers.append(alt.Chart(marks).mark_rule(color=theme.ACCENT, strokeWidth=2).encode(
            x=f"{x}:Q", tooltip=[alt.Tooltip("label:N", title=" "),
                                 alt.Tooltip(f"{x}:Q", title=x_title,
                                             format=x_format or ",.1f")]))
    return alt.layer(*layers).properties(title=title)


def band_line_chart(frame: pd.DataFrame, metric: str, band: pd.DataFrame | None, title: str,
                    week_title: str, value_title: str, rule_week: int | None = None,
                    rule_label: str | None = None, value_format: str = ".0%") -> alt.LayerChart:
    """A metric with its band, a zero line and an optional marked week (the break-even)."""
    chart = series_chart(frame, metric, title, week_title, value_title, band=band,
                         value_format=value_format, from_zero=False)
    layers = list(chart.layer)
    layers.append(alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(
        color=theme.REFERENCE, strokeDash=[2, 2]).encode(y="zero:Q"))
    if rule_week is not None:
        marks = pd.DataFrame({"week": [rule_week], "label": [rule_label or ""]})
        # No ARIA role: the week is in the figures and the table, and an empty rule group
        # would be an image without a name to a screen reader (axe's svg-img-alt).
        layers.append(alt.Chart(marks).mark_rule(color=theme.ACCENT, strokeWidth=2,
                                                 aria=False).encode(
            x="week:Q", tooltip=[alt.Tooltip("label:N", title=" "),
                                 alt.Tooltip("week:Q", title=week_title)]))
    # The height went up to ``chart`` when it was layered; without it here the chart would
    # fall back to Vega's 300 px and stand taller than its neighbours.
    return alt.layer(*layers).properties(title=title, height=theme.CHART_HEIGHT)


def curve_chart(curve: pd.DataFrame, x: str, y: str, title: str, x_title: str, y_title: str,
                marks: pd.DataFrame, value_format: str = ",.0f") -> alt.LayerChart:
    """A response curve with labelled points on it (an optimum, "you are here").

    ``marks`` has columns ``x``, ``y`` and ``label`` in the curve's units.
    """
    line = _base(curve).mark_line(color=theme.CURRENT, strokeWidth=2).encode(
        x=alt.X(f"{x}:Q", title=x_title),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=value_format)),
        tooltip=[alt.Tooltip(f"{x}:Q", title=x_title, format=",.1f"),
                 alt.Tooltip(f"{y}:Q", title=y_title, format=value_format)])
    # The domain in the marks' order: each mark keeps its colour whatever its label sorts as.
    labels = list(dict.fromkeys(marks["label"]))
    points = alt.Chart(marks).mark_point(size=120, filled=True).encode(
        x="x:Q", y="y:Q",
        color=alt.Color("label:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=labels, range=[theme.ACCENT, theme.FIXED,
                                                              theme.MADE][:len(labels)])),
        shape=alt.Shape("label:N", legend=None, scale=alt.Scale(domain=labels)),
        tooltip=[alt.Tooltip("label:N", title=" "),
                 alt.Tooltip("x:Q", title=x_title, format=",.1f"),
                 alt.Tooltip("y:Q", title=y_title, format=value_format)])
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(
        color=theme.REFERENCE, strokeDash=[2, 2]).encode(y="zero:Q")
    return alt.layer(zero, line, points).properties(title=title)


def bars_chart(frame: pd.DataFrame, category: str, value: str, title: str,
               category_title: str, value_title: str, color: str = theme.CURRENT,
               value_format: str = ",.0f", sort: list[str] | None = None) -> alt.Chart:
    """Horizontal bars, one per category, in the given order."""
    return _base(frame).mark_bar(color=color).encode(
        y=alt.Y(f"{category}:N", title=category_title, sort=sort or "-x"),
        x=alt.X(f"{value}:Q", title=value_title),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=value_format)],
    ).properties(title=title)


def tornado_chart(frame: pd.DataFrame, title: str, lever_title: str, value_title: str,
                  low_label: str, high_label: str, value_format: str = ",.0f",
                  setting_title: str | None = None) -> alt.LayerChart:
    """Swings of a metric around its base value, largest first, with the base as a line.

    ``frame`` has columns ``label``, ``metric_low``, ``metric_high`` and ``base``; optional
    ``low_setting`` and ``high_setting`` (texts such as "40%") show in the tooltips under
    ``setting_title``. The chart grows with the number of levers so labels never overlap.
    """
    rows = []
    for _, r in frame.iterrows():
        for side, metric, setting in ((low_label, "metric_low", "low_setting"),
                                      (high_label, "metric_high", "high_setting")):
            rows.append({"label": r["label"], "side": side, "start": r["base"],
                         "end": r[metric], "setting": r.get(setting, "")})
    data = pd.DataFrame(rows, columns=["label", "side", "start", "end", "setting"])
    height = theme.CHART_FRAME + theme.TORNADO_ROW * max(len(frame), 1)
    tooltip = [alt.Tooltip("label:N", title=lever_title), alt.Tooltip("side:N", title=" ")]
    if setting_title:
        tooltip.append(alt.Tooltip("setting:N", title=setting_title))
    tooltip.append(alt.Tooltip("end:Q", title=value_title, format=value_format))
    bars = _base(data, height).mark_bar().encode(
        y=alt.Y("label:N", title=lever_title, sort=list(frame["label"]),
                axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("start:Q", title=value_title, axis=alt.Axis(format=value_format)), x2="end:Q",
        color=alt.Color("side:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[low_label, high_label],
                                        range=[theme.MADE, theme.FIXED])),
        tooltip=tooltip)
    base_value = float(frame["base"].iloc[0]) if len(frame) else 0.0
    base = alt.Chart(pd.DataFrame({"base": [base_value]})).mark_rule(
        color=theme.REFERENCE, strokeDash=[4, 3]).encode(x="base:Q")
    # Streamlit fits the whole chart (title, legend, axes) into the height: set it on top.
    return alt.layer(bars, base).properties(title=title, height=height)


def difference_chart(frame: pd.DataFrame, category: str, value: str, title: str,
                     category_title: str, value_title: str,
                     value_format: str = ",.0f") -> alt.LayerChart:
    """Horizontal bars of a difference from a reference: gains green, losses vermillion.

    Categories keep the frame's order; a line marks zero.
    """
    data = frame.assign(_sign=(frame[value] >= 0).map({True: "gain", False: "loss"}))
    height = theme.CHART_FRAME + 2 * theme.TORNADO_ROW * max(len(frame), 1)
    bars = _base(data, height).mark_bar().encode(
        y=alt.Y(f"{category}:N", title=category_title, sort=list(frame[category]),
                axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
        color=alt.Color("_sign:N", legend=None, scale=alt.Scale(
            domain=["gain", "loss"], range=[theme.FIXED, theme.MADE])),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=value_format)])
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color=theme.REFERENCE).encode(
        x="zero:Q")
    return alt.layer(bars, zero).properties(title=title, height=height)


def ranked_bars_chart(frame: pd.DataFrame, category: str, value: str, group: str | None,
                      colors: Mapping[str, str], title: str, category_title: str,
                      value_title: str, group_title: str | None = None,
                      value_format: str = ",.0f", height: int | None = None) -> alt.Chart:
    """Horizontal bars in the frame's order, each coloured by its group (a named colour).

    ``colors`` maps every group to its colour, in legend order. With ``group=None`` every bar
    takes the first colour and there is no legend.
    """
    names = list(colors)
    tooltip = [alt.Tooltip(f"{category}:N", title=category_title)]
    if group is None:
        color: alt.Color | alt.ColorValue = alt.value(colors[names[0]])
    else:
        color = alt.Color(f"{group}:N", title=None, legend=alt.Legend(orient="top"),
                          scale=alt.Scale(domain=names, range=[colors[n] for n in names]))
        tooltip.append(alt.Tooltip(f"{group}:N", title=group_title or " "))
    tooltip.append(alt.Tooltip(f"{value}:Q", title=value_title, format=value_format))
    return _base(frame, height or theme.CHART_FRAME + theme.TORNADO_ROW * max(len(frame), 1)) \
        .mark_bar().encode(
            y=alt.Y(f"{category}:N", title=category_title, sort=list(frame[category]),
                    axis=alt.Axis(labelLimit=260, labelOverlap=False)),
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
            color=color, tooltip=tooltip,
        ).properties(title=title)


def fit_chart(comparison: pd.DataFrame, metric: str, week_title: str, value_title: str,
              names: Mapping[str, str], value_format: str = ",.0f") -> alt.LayerChart:
    """One metric: the file's weeks as dots, the scenario before as a dashed grey line and the
    fitted model as a blue line."""
    rows = comparison[comparison["metric"] == metric]
    lines = pd.concat([pd.DataFrame({"week": rows["week"], "value": rows[k], "series": names[k]})
                       for k in ("before", "fitted")])
    dots = pd.DataFrame({"week": rows["week"], "value": rows["data"], "series": names["data"],
                         "label": rows["label"]}).dropna(subset=["value"])
    domain = [names["data"], names["before"], names["fitted"]]
    colors = alt.Scale(domain=domain, range=[theme.DATA, theme.REFERENCE, theme.CURRENT])
    x = alt.X("week:Q", title=week_title)
    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format=value_format),
              scale=alt.Scale(zero=metric != "followers"))
    # No legend: the charts are small, and the caption above them says what is what.
    line = alt.Chart(lines).mark_line(strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("series:N", scale=colors, legend=None),
        strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(
            domain=[names["before"], names["fitted"]], range=[[4, 3], [1, 0]])),
        tooltip=[alt.Tooltip("series:N", title=" "), alt.Tooltip("week:Q", title=week_title),
                 alt.Tooltip("value:Q", title=value_title, format=value_format)]
    ).properties(height=theme.FIT_CHART_HEIGHT)
    points = alt.Chart(dots).mark_circle(size=22, opacity=0.8).encode(
        x=x, y=y, color=alt.Color("series:N", scale=colors, legend=None),
        tooltip=[alt.Tooltip("label:N", title=week_title),
                 alt.Tooltip("value:Q", title=value_title, format=value_format)]
    ).properties(height=theme.FIT_CHART_HEIGHT)
    return alt.layer(points, line).properties(height=theme.FIT_CHART_HEIGHT)


def backtest_chart(backtest: pd.DataFrame, metric: str, week_title: str, value_title: str,
                   names: Mapping[str, str], value_format: str = ",.0f") -> alt.LayerChart:
    """One metric's weeks held out: the forecast's median and 80% band, the file's numbers as
    dots (the band in the charts' own style)."""
    rows = backtest[backtest["metric"] == metric]
    median = pd.DataFrame({"week": rows["week"], metric: rows["p50"]})
    forecast = series_chart(median, metric, "", week_title, value_title, band=rows,
                                   value_format=value_format, from_zero=metric != "followers")
    dots = alt.Chart(pd.DataFrame({"week": rows["week"], "value": rows["actual"]})).mark_circle(
        size=22, opacity=0.8, color=theme.DATA).encode(
        x="week:Q", y="value:Q",
        tooltip=[alt.Tooltip("week:Q", title=week_title),
                 alt.Tooltip("value:Q", title=names["actual"], format=value_format)])
    return alt.layer(forecast, dots).properties(height=theme.FIT_CHART_HEIGHT)


# --- Vega-Lite dicts with named data, for charts redrawn on every lever change ----------
# Altair writes this view config into every spec; the dicts keep it so both draw alike.
_VIEW_CONFIG = {"view": {"continuousWidth": 300, "continuousHeight": 300}}


def _quantity(field: str, title: str | None = None, fmt: str | None = None) -> dict:
    """A quantitative field, with its keys in the order Altair writes them."""
    out: dict = {"field": field}
    if fmt is not None:
        out["format"] = fmt
    if title is not None:
        out["title"] = title
    out["type"] = "quantitative"
    return out


# The schema Altair writes (tests/test_charts.py checks it is still Altair's).
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"


def _top(layers: list[dict], title: str, **extra) -> dict:
    return {"config": dict(_VIEW_CONFIG), "layer": layers, **extra,
            "height": theme.CHART_HEIGHT, "title": title, "$schema": VEGA_LITE_SCHEMA}


def _band_layer(week_title: str, color: str, value_format: str) -> dict:
    return {"data": {"name": "frame"},
            "mark": {"type": "area", "color": color, "opacity": theme.BAND_OPACITY},
            "encoding": {"tooltip": [_quantity("week", week_title),
                                     _quantity("p10", "p10", value_format),
                                     _quantity("p90", "p90", value_format)],
                         "x": _quantity("week"), "y": _quantity("p10"),
                         "y2": {"field": "p90"}}}


def _line_layer(metric: str, week_title: str, value_title: str, color: str, value_format: str,
                from_zero: bool) -> dict:
    y = {"axis": {"format": value_format}, "field": metric, "scale": {"zero": from_zero},
         "title": value_title, "type": "quantitative"}
    return {"data": {"name": "frame"}, "mark": {"type": "line", "color": color, "strokeWidth": 2},
            "encoding": {"tooltip": [_quantity("week", week_title),
                                     _quantity(metric, value_title, value_format)],
                         "x": _quantity("week", week_title), "y": y}}


def series_spec(metric: str, title: str, week_title: str, value_title: str, band: bool = False,
                color: str = theme.CURRENT, value_format: str = ",.0f",
                from_zero: bool = True) -> dict:
    """:func:`series_chart` as a dict; data ``frame`` (week, metric, and p10, p90 with a band)."""
    layers = [_band_layer(week_title, color, value_format)] if band else []
    layers.append(_line_layer(metric, week_title, value_title, color, value_format, from_zero))
    return _top(layers, title)


def lines_spec(x: str, y: str, series: str, title: str, x_title: str, y_title: str,
               colors: Mapping[str, str], value_format: str = ",.0f") -> dict:
    """:func:`lines_chart` (no marks) as a dict; data ``lines`` in long format (x, y, series)."""
    names = list(colors)
    encoding = {
        "color": {"field": series, "legend": {"orient": "top"},
                  "scale": {"domain": names, "range": [colors[n] for n in names]},
                  "title": None, "type": "nominal"},
        "strokeDash": {"field": series, "legend": None, "scale": {"domain": names},
                       "type": "nominal"},
        "tooltip": [{"field": series, "title": " ", "type": "nominal"}, _quantity(x, x_title),
                    _quantity(y, y_title, value_format)],
        "x": _quantity(x, x_title),
        "y": {"axis": {"format": value_format}, "field": y, "title": y_title,
              "type": "quantitative"}}
    return _top([{"mark": {"type": "line", "strokeWidth": 2}, "encoding": encoding}], title,
                data={"name": "lines"})


def band_line_spec(metric: str, band: bool, title: str, week_title: str, value_title: str,
                   value_format: str = ".0%") -> dict:
    """:func:`band_line_chart` as a dict; data ``frame`` (as :func:`series_spec`) and ``rule``
    (week, label; no rows when no week is marked, so the spec stays the same)."""
    layers = [_band_layer(week_title, theme.CURRENT, value_format)] if band else []
    layers.append(_line_layer(metric, week_title, value_title, theme.CURRENT, value_format,
                              from_zero=False))
    layers.append({"data": {"values": [{"zero": 0}]},  # in the spec: it never changes
                   "mark": {"type": "rule", "color": theme.REFERENCE, "strokeDash": [2, 2]},
                   "encoding": {"y": _quantity("zero")}})
    layers.append({"data": {"name": "rule"},
                   "mark": {"type": "rule", "aria": False, "color": theme.ACCENT,
                            "strokeWidth": 2},  # no ARIA role: as band_line_chart's
                   "encoding": {"tooltip": [{"field": "label", "title": " ", "type": "nominal"},
                                            _quantity("week", week_title)],
                                "x": _quantity("week")}})
    return _top(layers, title)


# --- the same charts as files: SVG and PNG, rendered offline ------------------------------
# Source Sans, the pages' font, from a package: no system font is assumed, and the report's
# € and £ and accented letters come out the same on any machine. An SVG also names fallbacks,
# for a browser that lacks it (vl-convert's PNG draws no text at all given a list).
FONT = "Source Sans Pro"
SVG_FONTS = f"{FONT}, Source Sans 3, Helvetica, Arial, sans-serif"


def d3_locale(lang: str) -> dict:
    """The d3 number format of ``lang`` for Vega-Lite: its decimal mark and grouping."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from .formats import LOCALES
    locale = LOCALES[lang]
    return {"decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale),
            "grouping": [3], "currency": ["", ""]}


def _records(data: Any) -> Any:
    """A named dataset as rows of plain values: from a data frame, or from an Arrow table
    (what the home page sends, read through its ``to_pandas``), missing values as None."""
    if hasattr(data, "to_pandas"):
        data = data.to_pandas()
    if isinstance(data, pd.DataFrame):
        return data.astype(object).where(data.notna(), None).to_dict("records")
    return data


def with_config(chart: alt.TopLevelMixin | dict, lang: str, width: int | None = None,
                font: str = FONT) -> dict:
    """A chart's Vega-Lite with the report's font and ``lang``'s number format."""
    # Unvalidated: the builders' charts were checked when built (tests/test_charts.py), and
    # Altair's schema check is half the time of a file.
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    if "datasets" in spec:  # named data as a page passes them (frames): rows of plain values
        spec = {**spec, "datasets": {name: _records(data)
                                     for name, data in spec["datasets"].items()}}
    config = {**spec.get("config", {}), "font": font, "locale": {"number": d3_locale(lang)}}
    return {**spec, "config": config, **({"width": width} if width else {})}


def _converter():
    """vl-convert (Vega and Vega-Lite compiled to Rust, no browser), with the font loaded
    once per process; imported on first use, as it takes a while to load."""
    import font_source_sans_pro
    import vl_convert
    if not getattr(vl_convert, "_smm_fonts", False):
        vl_convert.register_font_directory(font_source_sans_pro.font_directory)
        vl_convert._smm_fonts = True
    return vl_convert


def to_svg(chart: alt.TopLevelMixin | dict, lang: str = "en", width: int | None = None) -> str:
    """A chart as one SVG document, its numbers written for ``lang``."""
    return _converter().vegalite_to_svg(with_config(chart, lang, width, SVG_FONTS))


def to_png(chart: alt.TopLevelMixin | dict, lang: str = "en", width: int | None = None,
           scale: float = 2.0) -> bytes:
    """A chart as a PNG at ``scale`` times its size in px (2: sharp on paper and on retina)."""
    return _converter().vegalite_to_png(with_config(chart, lang, width), scale=scale)
