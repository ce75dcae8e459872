"""From readings by day to weeks that start on Monday: per network, then all together.

Readings of one format and network are merged first: a post seen in two files counts once and a
day seen in two files takes the row of the newest file (the one whose data end last; the later
in the list on a tie), since X and others revise their last days. Then each figure of a
network comes from its first source that has it, daily account figures before sums of posts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..weekly_file import Note
from .formats import Reading

NETWORK_COLUMNS = ("followers", "engagements", "reach", "clicks", "posts")
MONEY_FIGURES = ("conversions", "revenue", "sessions", "hours")
COMPONENTS = ("reactions", "comments", "shares", "saves")
SUMS = ("follows", "unfollows", "reach", "impressions", "engagements", *COMPONENTS, "clicks",
        "posts", *MONEY_FIGURES)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _by_day(reading: Reading) -> pd.DataFrame:
    """A reading summed by day (followers: the day's last level)."""
    frame = reading.days
    sums = frame[[c for c in frame.columns if c in SUMS]].groupby(level=0).sum(min_count=1)
    if "followers" in frame:
        sums["followers"] = frame["followers"].groupby(level=0).last()
    return sums


def merged(readings: Sequence[tuple[int, Reading]]) -> pd.DataFrame:
    """The days of one format and network from several files: newest wins."""
    ordered = sorted(readings, key=lambda item: (item[1].last, item[0]))
    if ordered[0][1].per_post:
        posts = []
        for _, reading in ordered:
            frame = reading.days.copy()
            frame["key"] = [k or f"{reading.part}:{i}" for i, k in enumerate(reading.keys)]
            posts.append(frame.reset_index())
        frame = pd.concat(posts, ignore_index=True).drop_duplicates("key", keep="last")
        return _by_day(Reading("", None, True, frame.drop(columns="key").set_index("day")))
    days = pd.concat([_by_day(r) for _, r in ordered])
    return days[~days.index.duplicated(keep="last")].sort_index()


def network_days(groups: Sequence[tuple[bool, pd.DataFrame]]) -> pd.DataFrame:
    """One network's days: each figure from its first source (daily ones first)."""
    out = pd.DataFrame()
    for _, frame in sorted(groups, key=lambda g: g[0]):
        for column in frame.columns:
            if column not in out or out[column].isna().all():
                out = out.join(frame[[column]], how="outer") if len(out.columns) \
                    else frame[[column]].copy()
    return out.sort_index()


def weekly(days: pd.DataFrame, first: date, last: date, per_post_posts: bool,
           followers_now: float | None, notes: list[Note], network: str) -> pd.DataFrame:
    """A network's weeks (index: Monday), with the weekly file's column names and ``partial``
    for a first or last week the data do not cover whole."""
    span = pd.date_range(first, last, freq="D")
    days = days.reindex(span.date)
    week = pd.Index([monday(d) for d in days.index], name="week_start")
    out = days[[c for c in days.columns if c in SUMS]].groupby(week).sum(min_count=1)
    if "posts" in out and per_post_posts:
        out["posts"] = out["posts"].fillna(0.0)  # a week of the export without a post
    if "engagements" not in out or out["engagements"].isna().all():
        parts = [c for c in COMPONENTS if c in out]
        if parts:
            out["engagements"] = out[parts].sum(axis=1, min_count=1)
            notes.append(Note("exports.note.engagements_summed",
                              {"network": network, "parts": tuple(parts)}))
    if network and not {"followers", "follows"} & set(days.columns):
        if followers_now is None:
            notes.append(Note("exports.note.followers_needed", {"network": network}))
        else:  # no gains to count back with: today's total stands for every week
            notes.append(Note("exports.note.followers_flat", {"network": network}))
            days = days.assign(followers=float(followers_now))
    if "followers" in days and days["followers"].notna().any():
        out["followers"] = days["followers"].groupby(week).last()
    elif "follows" in days and days["follows"].notna().any():
        gained = days["follows"].fillna(0) - days.get("unfollows", 0).fillna(0) \
            if "unfollows" in days else days["follows"].fillna(0)
        if followers_now is None:
            notes.append(Note("exports.note.followers_needed", {"network": network}))
            out["followers"] = np.nan
        else:
            after = gained[::-1].cumsum()[::-1] - gained  # gained after each day
            out["followers"] = (followers_now - after).groupby(week).last()
    start, end = monday(first), monday(last)
    out["partial"] = [(w == start and first != start) or
                      (w == end and last != end + timedelta(days=6)) for w in out.index]
    if out["partial"].any():
        notes.append(Note("exports.note.partial_weeks", {
            "network": network, "weeks": ", ".join(w.isoformat()
                                                  for w in out.index[out["partial"]])}))
    if "followers" in out and "engagements" in out:
        # One definition for every network: engagements per follower, as the model has it.
        out["engagement_rate"] = out["engagements"] / out["followers"].where(
            out["followers"] > 0)
    out.index = pd.DatetimeIndex(out.index, name="week_start")
    columns = [c for c in (*NETWORK_COLUMNS, "impressions", "follows", *MONEY_FIGURES,
                           "engagement_rate", "partial") if c in out]
    return out[columns]


def combined(networks: Mapping[str, pd.DataFrame], money: pd.DataFrame | None,
             hours: float | Mapping[str, float] | pd.Series | None) -> pd.DataFrame:
    """The wide weekly frame: totals under the weekly file's names and ``<metric>_<network>``
    per network; a network's partial weeks are left out of it (they would understate)."""
    parts = []
    for network, frame in networks.items():
        full = frame[~frame["partial"]]
        cols = {f"{m}_{network}": full[m] for m in (*NETWORK_COLUMNS, "conversions", "revenue")
                if m in full and full[m].notna().any()}
        parts.append(pd.DataFrame(cols, index=full.index))
    if money is not None:
        full = money[~money["partial"]]
        parts.append(full[[c for c in MONEY_FIGURES if c in full]])
    if not parts:
        return pd.DataFrame()
    wide = pd.concat(parts, axis=1, sort=True)
    for metric in NETWORK_COLUMNS:
        columns = [f"{metric}_{n}" for n in networks if f"{metric}_{n}" in wide]
        wide[metric] = wide[columns].sum(axis=1, min_count=1) if columns else np.nan
    if "sessions" in wide and wide["sessions"].notna().any():
        wide["clicks"] = wide["sessions"]  # visits to the site, as GA4 counts them
    for metric in ("conversions", "revenue"):
        if metric not in wide:
            wide[metric] = np.nan
    wide = _with_hours(wide, networks, hours)
    # Weeks no network speaks of are left out (GA4's visits alone say nothing of posts).
    social = [c for c in NETWORK_COLUMNS if networks and c != "clicks"]
    wide = wide.dropna(how="all", subset=social or [c for c in wide.columns if c != "hours"])
    wide.insert(0, "date", [d.date() for d in wide.index])
    totals = ["hours", "posts", "followers", "engagements", "conversions", "revenue", "reach",
              "clicks"]
    rest = sorted(c for c in wide.columns if c not in totals and c != "date"
                  and c not in MONEY_FIGURES)
    return wide[["date", *totals, *rest]]


def _with_hours(wide: pd.DataFrame, networks: Mapping[str, pd.DataFrame],
                hours: float | Mapping[str, float] | pd.Series | None) -> pd.DataFrame:
    """Hours from the user: one figure a week, one per network, or a series by week; a
    generic file's hours column when none is given."""
    if isinstance(hours, pd.Series):
        series = hours.copy()
        series.index = pd.DatetimeIndex([pd.Timestamp(monday(pd.Timestamp(d).date()))
                                         for d in series.index])
        wide["hours"] = series.groupby(level=0).sum().reindex(wide.index)
    elif isinstance(hours, Mapping):
        for network, value in hours.items():
            if network in networks:
                wide[f"hours_{network}"] = float(value)
        given = [f"hours_{n}" for n in hours if n in networks]
        wide["hours"] = wide[given].sum(axis=1) if given else np.nan
    elif hours is not None:
        wide["hours"] = float(hours)
    elif "hours" not in wide:
        wide["hours"] = np.nan
    return wide
