"""Colours and sizes of the pages, written once in the engine's palette
(``smm_sim/palette.py``), which the report and the chart builders share."""

from smm_sim.palette import (ACCENT, BAND_OPACITY, BIG_CHART_HEIGHT, CHART_FRAME, CHART_HEIGHT,
                             COST, CURRENT, DATA, FIXED, MADE, PURPLE, REFERENCE, REVENUE, SKY,
                             TORNADO_ROW)

__all__ = ["ACCENT", "COST", "CURRENT", "DATA", "FIXED", "MADE", "PURPLE", "REFERENCE", "REVENUE",
           "SKY", "CHART_HEIGHT", "BAND_OPACITY", "BIG_CHART_HEIGHT", "TORNADO_ROW",
           "CHART_FRAME"]
