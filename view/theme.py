"""Colours and sizes of the pages, written once. The colours are the engine's palette
(``smm_sim/palette.py``), which the report shares."""

from smm_sim.palette import ACCENT, COST, CURRENT, FIXED, MADE, PURPLE, REFERENCE, REVENUE, SKY

CHART_HEIGHT = 260  # px: fixed, so charts do not jump when numbers change
BAND_OPACITY = 0.25
BIG_CHART_HEIGHT = 300  # px: the workshop's chart, beside its figures in 720 px of projector
TORNADO_ROW = 28  # px per bar, so a tornado's labels never overlap
CHART_FRAME = 140  # px a bar chart's title, legend and axis take from its height

__all__ = ["ACCENT", "COST", "CURRENT", "FIXED", "MADE", "PURPLE", "REFERENCE", "REVENUE", "SKY",
           "CHART_HEIGHT", "BAND_OPACITY", "BIG_CHART_HEIGHT", "TORNADO_ROW", "CHART_FRAME"]
