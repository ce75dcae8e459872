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
# The other Okabe-Ito colours, for scenarios compared beyond the three named above.
SKY = "#56B4E9"
PURPLE = "#CC79A7"
BIG_CHART_HEIGHT = 420  # px: charts on the workshop's projector view
TORNADO_ROW = 28  # px per bar, so a tornado's labels never overlap
CHART_FRAME = 140  # px a bar chart's title, legend and axis take from its height
