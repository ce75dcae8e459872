"""Colours and sizes, written once. Okabe-Ito colours: told apart with any colour vision."""

CURRENT = "#0072B2"  # blue: the scenario as it stands
MADE = "#D55E00"  # vermillion: the mistake made
FIXED = "#009E73"  # bluish green: the mistake fixed
REFERENCE = "#999999"  # grey: the reference scenario
COST = "#D55E00"
REVENUE = "#0072B2"
ACCENT = "#E69F00"  # orange: marks such as the break-even week and optima
CHART_HEIGHT = 260  # px: fixed, so charts do not jump when numbers change
BAND_OPACITY = 0.25
