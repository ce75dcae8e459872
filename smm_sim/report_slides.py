"""The workshop's slides to hand out: the slides the facilitator showed (an opening, the
eleven mistakes in the order shown, a closing), one per landscape A4 page, with the
facilitator's notes under each slide when asked for.

The figures and charts are the workshop page's (``view/workshop.py``): the same engine calls,
the same chart builders, rendered as the report renders them (:mod:`smm_sim.report`).
"""

from __future__ import annotations

import io
from typing import Any, Sequence

import pandas as pd

from . import charts, formats
from .analysis import compare_scenarios
from .i18n import translate
from .mistakes import MISTAKE_IDS, MISTAKES, cost_of_mistake, fix_all, make_all, mistake, \
    mistakes_ranked
from .model import MONEY_METRICS, simulate
from .palette import BIG_CHART_HEIGHT, CURRENT, FIXED, MADE
from .report import INK, MUTED, REPORT_DRAWS, REPORT_RANK_DRAWS, Figure, new_pdf, pdf_figures
from .scenario import Scenario

ORDERS = ("cost", "articles")  # the workshop's: most money at stake first, or as written
TOP = 3  # mistakes named on the closing slide, as on the page
SLIDE_CHART_WIDTH = 430  # px of a slide chart's plot, beside its figures


def side(value: float) -> str:
    """"gain" where the mistake comes out ahead (staying as you are saves), else "cost"."""
    return "gain" if value < 0 else "cost"


class _Deck:
    def __init__(self, scenario: Scenario, weeks: int, lang: str, notes: bool):
        self.scenario, self.weeks, self.lang, self.notes = scenario, weeks, lang, notes
        self.cur = scenario.currency
        self.pdf = new_pdf(translate("report.slides_title", lang), lang, "L")

    def t(self, key: str, **values: Any) -> Any:
        return translate(key, self.lang, **values)

    def money(self, v: float) -> str:
        return formats.money(v, self.cur, self.lang)

    def profit_chart(self, frames: dict[str, pd.DataFrame], title: str) -> Any:
        data = pd.concat([pd.DataFrame({"week": f["week"], "value": f["cum_profit"],
                                        "series": name}) for name, f in frames.items()])
        return charts.lines_chart(
            data, "week", "value", "series", title, self.t("chart.week"),
            formats.money_title(self.t("metric.cum_profit"), self.cur, self.lang),
            dict(zip(frames, (FIXED, CURRENT, MADE))), zero_line=True, height=BIG_CHART_HEIGHT)

    def slide(self, kicker: str, title: str, headline: str, figures: Sequence[Figure],
              chart: Any, lines: Sequence[str] = (), notes_key: str = "") -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.set_font("Sans", "", 10)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 5, kicker, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Sans", "B", 24)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 11, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        top = pdf.get_y()
        left = (pdf.epw - 6) * 0.45
        pdf.set_font("Sans", "B", 15)
        pdf.multi_cell(left, 7, headline, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf_figures(pdf, figures, columns=2, width=left, height=19)
        pdf.set_font("Sans", "", 9)
        pdf.set_text_color(*MUTED)
        for line in lines:
            pdf.multi_cell(left, 4.4, line, new_x="LMARGIN", new_y="NEXT")
        text_bottom = pdf.get_y()
        png = charts.to_png(chart, self.lang, SLIDE_CHART_WIDTH)
        info = pdf.image(io.BytesIO(png), x=pdf.l_margin + left + 6, y=top,
                         w=pdf.epw - left - 6, alt_text=str(chart.title))
        pdf.set_y(max(text_bottom, top + info.rendered_height) + 4)
        if self.notes and notes_key:
            pdf.set_font("Sans", "B", 10)
            pdf.set_text_color(*INK)
            pdf.cell(0, 5.5, self.t("workshop.notes_title"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Sans", "", 9)
            pdf.set_text_color(*MUTED)
            for note in self.t(notes_key):
                pdf.multi_cell(0, 4.4, f"•  {note}", new_x="LMARGIN", new_y="NEXT")


def slides_pdf(scenario: Scenario, weeks: int = 52, lang: str = "en", order: str = "cost",
               notes: bool = False) -> bytes:
    """The workshop's slides on ``scenario`` as a PDF, one landscape page each, the mistakes
    in ``order`` ("cost": the most money at stake first; "articles": as written)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}; got {order!r}")
    deck = _Deck(scenario, weeks, lang, notes)
    t, money = deck.t, deck.money
    ranked = mistakes_ranked(scenario, weeks, draws=REPORT_RANK_DRAWS)
    ids = list(ranked["mistake"]) if order == "cost" else list(MISTAKE_IDS)

    fixed, made = fix_all(scenario), make_all(scenario)
    summary = compare_scenarios((scenario, fixed, made), weeks, draws=REPORT_DRAWS,
                                seed=0).summary
    profit = summary["profit"]
    names = (t("compare.source.fixed"), t("mistake.now"), t("compare.source.made"))
    deck.slide(t("workshop.opening.kicker"), t("workshop.opening.title"),
               t("workshop.opening.headline", profit=money(profit[0]), weeks=weeks),
               [Figure(t("figure.profit", weeks=weeks), money(profit[0])),
                Figure(t("figure.roi"), formats.percent(summary["roi"][0], lang)),
                Figure(t("workshop.opening.p_profitable"),
                       formats.percent(summary["p_profitable"][0], lang)),
                Figure(t("workshop.opening.stake_all"), money(profit[1] - profit[0])),
                Figure(t("workshop.opening.cost_all"), money(profit[1] - profit[2]))],
               deck.profit_chart(dict(zip(names, (simulate(s, weeks) for s in
                                                  (fixed, scenario, made)))),
                                 t("workshop.opening.chart", weeks=weeks)),
               notes_key="workshop.opening.notes")

    ranges = ranked.set_index("mistake")
    now = simulate(scenario, weeks)
    for position, mistake_id in enumerate(ids, start=1):
        m = mistake(mistake_id)
        cost = cost_of_mistake(scenario, mistake_id, weeks)
        figures = [Figure(t(f"mistake.stake_{side(cost.at_stake)}", weeks=weeks),
                          money(abs(cost.at_stake)))]
        for name in ("profit", "roi", "followers"):
            value = getattr(cost, name)
            shown = (money(abs(value)) if name in MONEY_METRICS or name == "profit" else
                     t("figure.points", value=formats.number(abs(value) * 100, lang))
                     if name == "roi" else formats.number(abs(value), lang))
            figures.append(Figure(t(f"mistake.{side(value)}_{name}", weeks=weeks), shown))
        row = ranges.loc[mistake_id]
        sources = t("mistake.source_join").join(
            t("mistake.source_item", article=t(f"article.{article}"), section=section)
            for article, section in m.sources)
        frames = {t("mistake.fixed"): simulate(cost.fixed, weeks), t("mistake.now"): now,
                  t("mistake.made"): simulate(cost.made, weeks)}
        deck.slide(t("workshop.mistake.kicker", n=position, total=len(MISTAKES),
                     source=t("mistake.source", sources=sources)),
                   m.title(lang), t(f"workshop.{mistake_id}.headline"), figures,
                   deck.profit_chart(frames, t("chart.compare_cum_profit")),
                   [t("mistake.range", low=money(row["at_stake_p10"]),
                      high=money(row["at_stake_p90"]), top3=formats.percent(row["p_top3"], lang),
                      costs=formats.percent(row["p_costs"], lang))],
                   notes_key=f"workshop.{mistake_id}.notes")

    top = ranked.head(TOP)
    sides = [side(v) for v in ranked["at_stake"]]
    side_names = {s: t(f"mistake.stake_{s}", weeks=weeks) for s in dict.fromkeys(sides)}
    bars = pd.DataFrame({"mistake": [mistake(i).title(lang) for i in ranked["mistake"]],
                         "stake": ranked["at_stake"], "side": [side_names[s] for s in sides]})
    deck.slide(t("workshop.closing.kicker"), t("workshop.closing.title"),
               t("workshop.closing.chart", weeks=weeks),
               [Figure(t("workshop.closing.item", n=i + 1, mistake=mistake(r.mistake).title(lang)),
                       money(abs(r.at_stake)),
                       t(f"mistake.stake_{side(r.at_stake)}", weeks=weeks))
                for i, r in enumerate(top.itertuples())],
               charts.ranked_bars_chart(
                   bars, "mistake", "stake", "side" if len(side_names) > 1 else None,
                   {side_names[s]: {"cost": MADE, "gain": FIXED}[s] for s in side_names},
                   t("workshop.closing.chart", weeks=weeks), t("assessment.col.mistake"),
                   t("mistake.net_stake" if "gain" in side_names else "mistake.stake_cost",
                     weeks=weeks), height=BIG_CHART_HEIGHT),
               notes_key="workshop.closing.notes")
    return bytes(deck.pdf.output())
