"""Chart builders: plain functions from data frames and labels to ``alt.Chart``.

No Streamlit here, so tests can build a chart and inspect its spec. Labels arrive already
translated; colours and heights come from :mod:`view.theme`.
"""

from __future__ import annotations

from typing import Mapping

import altair as alt
import pandas as pd

from . import theme


def _base(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).properties(height=theme.CHART_HEIGHT)


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
                zero_line: bool = False) -> alt.LayerChart:
    """Several series over one x (long format), with a fixed colour per series.

    ``rule_x`` draws a vertical mark (a break-even week, an optimum) labelled ``rule_label``.
    """
    names = list(colors)
    chart = _base(frame).mark_line(strokeWidth=2).encode(
        x=alt.X(f"{x}:Q", title=x_title),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=value_format)),
        color=alt.Color(f"{series}:N", title=None,
                        scale=alt.Scale(domain=names, range=[colors[n] for n in names]),
                        legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash(f"{series}:N", legend=None, scale=alt.Scale(domain=names)),
        tooltip=[alt.Tooltip(f"{series}:N", title=" "), alt.Tooltip(f"{x}:Q", title=x_title),
                 alt.Tooltip(f"{y}:Q", title=y_title, format=value_format)])
    layers: list[alt.Chart] = [chart]
    if zero_line:
        layers.append(alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(
            color=theme.REFERENCE, strokeDash=[2, 2]).encode(y="zero:Q"))
    if rule_x is not None:
        marks = pd.DataFrame({x: [rule_x], "label": [rule_label or ""]})
        layers.append(alt.Chart(marks).mark_rule(color=theme.ACCENT, strokeWidth=2).encode(
            x=f"{x}:Q", tooltip=[alt.Tooltip("label:N", title=" "),
                                 alt.Tooltip(f"{x}:Q", title=x_title, format=",.1f")]))
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
        layers.append(alt.Chart(marks).mark_rule(color=theme.ACCENT, strokeWidth=2).encode(
            x="week:Q", tooltip=[alt.Tooltip("label:N", title=" "),
                                 alt.Tooltip("week:Q", title=week_title)]))
    return alt.layer(*layers).properties(title=title)


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
    points = alt.Chart(marks).mark_point(size=120, filled=True).encode(
        x="x:Q", y="y:Q",
        color=alt.Color("label:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(range=[theme.ACCENT, theme.FIXED, theme.MADE])),
        shape=alt.Shape("label:N", legend=None),
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
                  low_label: str, high_label: str) -> alt.Chart:
    """Swings of a metric around its base value, largest first.

    ``frame`` has columns ``label``, ``metric_low``, ``metric_high`` and ``base``.
    """
    rows = []
    for _, r in frame.iterrows():
        rows.append({"label": r["label"], "side": low_label, "start": r["base"],
                     "end": r["metric_low"]})
        rows.append({"label": r["label"], "side": high_label, "start": r["base"],
                     "end": r["metric_high"]})
    data = pd.DataFrame(rows)
    return _base(data).mark_bar().encode(
        y=alt.Y("label:N", title=lever_title, sort=list(frame["label"])),
        x=alt.X("start:Q", title=value_title), x2="end:Q",
        color=alt.Color("side:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=[low_label, high_label],
                                        range=[theme.MADE, theme.FIXED])),
        tooltip=[alt.Tooltip("label:N", title=lever_title), alt.Tooltip("side:N", title=" "),
                 alt.Tooltip("end:Q", title=value_title, format=",.0f")],
    ).properties(title=title)
