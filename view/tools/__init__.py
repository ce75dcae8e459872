"""Each mistake page's own tool, a module each. Every tool shows something about the current
scenario and feeds one or more of its levers back into it; the arithmetic behind them is the
engine's (:mod:`smm_sim.planning`)."""

from __future__ import annotations

from functools import partial
from typing import Callable

from .. import hours
from .content_mix import content_mix_designer
from .departments import department_checklist
from .kpi_ladder import kpi_ladder
from .network_mix import network_mix
from .persistence import persistence_curve
from .personalization import personalization_tradeoff
from .raci import raci_matrix
from .roi_calculator import roi_calculator
from .strategy_canvas import strategy_canvas
from .timebox import timebox_planner

# The draw function of each mistake's tool, by mistake id (view/mistake_page.py calls it).
TOOLS: dict[str, Callable[[], None]] = {
    "no_strategy": strategy_canvas, "no_goals": kpi_ladder, "no_focus": network_mix,
    "no_roles": raci_matrix, "not_daily": timebox_planner, "inconsistent": persistence_curve,
    "too_much_time": partial(hours.hours_curves, "too_much_time"),
    "no_measurement": roi_calculator, "silo": department_checklist,
    "boring": content_mix_designer, "no_personalization": personalization_tradeoff,
}
