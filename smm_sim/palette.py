"""The colours of the pages and of the report, written once: Okabe and Ito's palette, which
people with any colour vision tell apart (https://jfly.uni-koeln.de/color/), and one grey.

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
