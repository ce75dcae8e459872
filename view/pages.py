"""Every page of the app, declared once: the sidebar, the links between pages and the tests
read this table, so nothing depends on the order of the mistakes or on globbing file names.

A script in ``pages/`` is named ``NN_<id>.py``: Streamlit drops the number, so the id is also
the page's address. ``tests/test_pages.py`` checks the table against the files both ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["home", "mistake", "tool", "room"]  # "room": reached by links, not the sidebar


@dataclass(frozen=True)
class Page:
    id: str  # "home", a mistake id (smm_sim.mistakes) or a tool's name
    path: str  # the script, from the repository root
    label: str  # catalog key of its link in the sidebar
    kind: Kind


PAGES: tuple[Page, ...] = (
    Page("home", "app.py", "nav.home", "home"),
    Page("no_strategy", "pages/01_no_strategy.py", "mistake.no_strategy.title", "mistake"),
    Page("no_goals", "pages/02_no_goals.py", "mistake.no_goals.title", "mistake"),
    Page("no_focus", "pages/03_no_focus.py", "mistake.no_focus.title", "mistake"),
    Page("no_roles", "pages/04_no_roles.py", "mistake.no_roles.title", "mistake"),
    Page("not_daily", "pages/05_not_daily.py", "mistake.not_daily.title", "mistake"),
    Page("inconsistent", "pages/06_inconsistent.py", "mistake.inconsistent.title", "mistake"),
    Page("too_much_time", "pages/07_too_much_time.py", "mistake.too_much_time.title", "mistake"),
    Page("no_measurement", "pages/08_no_measurement.py", "mistake.no_measurement.title",
         "mistake"),
    Page("silo", "pages/09_silo.py", "mistake.silo.title", "mistake"),
    Page("boring", "pages/10_boring.py", "mistake.boring.title", "mistake"),
    Page("no_personalization", "pages/11_no_personalization.py",
         "mistake.no_personalization.title", "mistake"),
    Page("compare", "pages/20_compare.py", "nav.page.compare", "tool"),
    Page("decide", "pages/21_decide.py", "nav.page.decide", "tool"),
    Page("assessment", "pages/22_assessment.py", "nav.page.assessment", "tool"),
    Page("workshop", "pages/23_workshop.py", "nav.page.workshop", "tool"),
    Page("your_data", "pages/24_your_data.py", "nav.page.your_data", "tool"),
    Page("join", "pages/30_join.py", "nav.page.join", "room"),
    Page("room", "pages/31_room.py", "nav.page.room", "room"),
)
_BY_ID = {p.id: p for p in PAGES}


def page(page_id: str) -> Page:
    """The page with this id; a ValueError names the known ids."""
    try:
        return _BY_ID[page_id]
    except KeyError:
        raise ValueError(f"page_id must be one of {', '.join(_BY_ID)}; got {page_id!r}") from None


def of_kind(kind: Kind) -> tuple[Page, ...]:
    """The pages of one kind, in the sidebar's order."""
    return tuple(p for p in PAGES if p.kind == kind)
