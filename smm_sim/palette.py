"""The colours and chart sizes of the pages and of the report, written once: Okabe and
Ito's palette, which people with any colour vision tell apart
(https://jfly.uni-koeln.de/color/), and one grey.

The engine draws the report's charts, so the palette lives here; ``view/theme.py`` takes it
from here for the pages.
"""

CURRENT = "#0072B2"  # blue: the scenario as it stands
MADE = "#D55E00"  # vermillion: the mistake made
FIXED = "#009E73"  # bluish green: the mistake fixed
REFERENCE = "#999999"  # grey: the reference scenario
COST = MADE
REVENUE = CURRENT
ACCENT = "#E69F00"  # orange: marks such as the break-even week and optima
# The other Okabe-Ito colours, for scenarios compared beyond the three named above and for data.
SKY = "#56B4E9"
PURPLE = "#CC79A7"
BLACK = "#000000"
# The company's own numbers: apart from the model lines, and 3:1 or more against both the
# light and the dark theme (black dots vanished on dark).
DATA = PURPLE

# Sizes of the charts, in px, shared by the pages and the report.
CHART_HEIGHT = 260  # fixed, so charts do not jump when numbers change
BAND_OPACITY = 0.25
BIG_CHART_HEIGHT = 300  # the workshop's chart, beside its figures in 720 px of projector
TORNADO_ROW = 28  # per bar, so a tornado's labels never overlap
CHART_FRAME = 140  # what a bar chart's title, legend and axis take from its height
FIT_CHART_HEIGHT = 180  # the data page's six small charts, three to a row
