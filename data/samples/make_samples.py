"""Write the sample weekly files of the page "Your data" (run from the repository's folder).

Each sample is a made-up company simulated by the model, with the noise of real counts on
top (Poisson for customers, log-normal for the rest), then written the way a spreadsheet
would write it. Run: python -m data.samples.make_samples
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np

from smm_sim import DEFAULT, simulate

HERE = Path(__file__).resolve().parent
# The made-up companies behind the samples (tests check that a fit's ranges hold them). Each
# is a plausible company under the model's priors: a file cannot tell visits from conversion
# without a visits column, nor discovery from word of mouth, so a value far out in a prior's
# tail (conversion 5× the benchmark, 4.6 prior sds) is one no fit of its weeks could find.
TRUTHS = {
    "weekly_clean": DEFAULT.replace(
        hours_per_week=9.0, effort_decay=0.004, hours_per_post=1.2, engagement_rate_scale=1.4,
        discovery_per_post=0.7, base_churn=0.0012, click_scale=6.0, conversion_scale=2.0,
        order_value=120.0),
    "weekly_dates": DEFAULT.replace(
        hours_per_week=30.0, effort_decay=0.003, engagement_rate_scale=0.8,
        networks=(("instagram", 0.6, 60000), ("facebook", 0.4, 40000)),
        audience_potential=500000.0, click_scale=2.0, conversion_scale=1.6, order_value=70.0,
        discovery_per_post=0.6, tool_cost=150.0),
    "weekly_messy_it": DEFAULT.replace(
        hours_per_week=7.0, effort_decay=0.012, currency="EUR", order_value=90.0,
        click_scale=2.5, networks=(("instagram", 0.7, 9400), ("facebook", 0.3, 4800)),
        engagement_rate_scale=1.5, conversion_scale=2.0),
}


def noisy(scenario, weeks: int, seed: int) -> dict[str, np.ndarray]:
    """Weekly figures as a company would count them: whole posts, customers and followers."""
    frame = simulate(scenario, weeks)
    rng = np.random.default_rng(seed)

    def jitter(values, sigma):
        return values * np.exp(rng.normal(0.0, sigma, len(values)))
    customers = rng.poisson(jitter(frame["conversions"].to_numpy(), 0.1))
    # Revenue per new customer as the model has it that week, each customer's basket jittered.
    per_customer = frame["revenue"].to_numpy() / np.maximum(frame["conversions"].to_numpy(), 1e-9)
    basket = np.array([jitter(np.full(c, v), 0.25).sum() for c, v in zip(customers, per_customer)])
    return {"hours": np.round(jitter(frame["hours"].to_numpy(), 0.08) * 2) / 2,
            "posts": np.round(jitter(frame["posts"].to_numpy(), 0.15)),
            "followers": np.round(jitter(frame["followers"].to_numpy(), 0.002)),
            "engagements": np.round(jitter(frame["engagements"].to_numpy(), 0.2)),
            "reach": np.round(jitter(frame["reach"].to_numpy(), 0.2)),
            "clicks": np.round(jitter(frame["clicks"].to_numpy(), 0.2)),
            "conversions": customers, "revenue": np.round(basket, 2)}


def clean() -> None:
    """A small company, 52 numbered weeks, every column, commas and decimal points."""
    v = noisy(TRUTHS["weekly_clean"], 52, seed=1)
    lines = ["week,hours,posts,followers,engagements,reach,clicks,conversions,revenue"]
    for i in range(52):
        lines.append(f"{i + 1},{v['hours'][i]:g},{v['posts'][i]:.0f},{v['followers'][i]:.0f},"
                     f"{v['engagements'][i]:.0f},{v['reach'][i]:.0f},{v['clicks'][i]:.0f},"
                     f"{v['conversions'][i]},{v['revenue'][i]:.2f}")
    (HERE / "weekly_clean.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def dates() -> None:
    """A larger brand, 78 weeks by Monday's date, columns in another order, a notes column."""
    v = noisy(TRUTHS["weekly_dates"], 78, seed=2)
    notes = {10: "Spring sale", 30: '"Launch, part 2"', 51: "Christmas campaign"}
    lines = ["date,revenue,conversions,engagements,followers,posts,hours,notes"]
    start = date(2024, 1, 1)
    for i in range(78):
        day = start + timedelta(weeks=i)
        lines.append(f"{day.isoformat()},{v['revenue'][i]:.2f},{v['conversions'][i]},"
                     f"{v['engagements'][i]:.0f},{v['followers'][i]:.0f},{v['posts'][i]:.0f},"
                     f"{v['hours'][i]:g},{notes.get(i, '')}")
    (HERE / "weekly_dates.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def italian(value: float, decimals: int = 0) -> str:
    """A number as Italian Excel writes it: 12.345,50"""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def messy_italian() -> None:
    """An Italian Excel export: BOM, CRLF, semicolons, decimal commas, thousands points,
    euro signs, dates as DD/MM/YYYY, two holiday weeks missing, blank cells, rows out of
    order, a notes column and trailing empty rows."""
    v = noisy(TRUTHS["weekly_messy_it"], 60, seed=3)
    start = date(2024, 3, 4)
    rows = []
    for i in range(60):
        if i in (23, 24):  # two weeks off in August: no row at all
            continue
        day = (start + timedelta(weeks=i)).strftime("%d/%m/%Y")
        engagements = "" if i in (7, 41) else italian(v["engagements"][i])
        note = {12: "Campagna Pasqua", 40: "Nuovo grafico; nuovo tono"}.get(i, "")
        note = f'"{note}"' if ";" in note else note
        rows.append(f"{day};{italian(v['hours'][i], 1)};{v['posts'][i]:.0f};"
                    f"{italian(v['followers'][i])};{engagements};{v['conversions'][i]};"
                    f"€ {italian(v['revenue'][i], 2)};{note}")
    rows[5], rows[6] = rows[6], rows[5]  # pasted back in the wrong order
    header = "Settimana del;Ore;N. post;Follower;Interazioni;Nuovi clienti;Ricavi (€);Note"
    text = "\r\n".join([header] + rows + [";;;;;;;", ";;;;;;;", ""])
    (HERE / "weekly_messy_it.csv").write_bytes("\ufeff".encode() + text.encode("utf-8"))


if __name__ == "__main__":
    clean()
    dates()
    messy_italian()
