"""Read the files companies already have: native exports of Meta, LinkedIn, X, TikTok, YouTube
and GA4, and a generic one-row-per-post-or-day file, into weekly frames for the calibration.

>>> from smm_sim.exports import read_exports
>>> read = read_exports([("posts.csv", open("posts.csv", "rb").read())], hours=6)  # doctest: +SKIP
>>> read.networks["facebook"]      # weeks (Monday) x followers, engagements, reach, ...
>>> read.combined                  # totals and <metric>_<network>, for smm_sim.calibrate

Each file is recognised from its own structure, never its name; a file that cannot be read gets
a message naming it and what is wrong, and the others are read all the same. Limits:
:mod:`smm_sim.exports.files`. docs/CALIBRATION.md lists the formats and what each gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

import pandas as pd

from ..excerpt import FILE_NAME_CHARS, excerpt
from ..i18n import translate
from ..weekly_file import MEGABYTE, DataFileError, Note, message, weekly_frame
from . import weeks as _weeks
from .files import MAX_EXPORT_MB, tables_of
from .formats import Column, Reading, read_table, recognise, undated

MAX_FILES = 20  # exports one upload may hold: six networks, a few months each, and GA4
MAX_TOTAL_MB = 4 * MAX_EXPORT_MB  # all files together
NETWORK_FORMATS = ("meta_facebook_posts", "meta_instagram_posts", "meta_page_metric",
                   "linkedin_followers", "linkedin_visitors", "linkedin_content_metrics",
                   "linkedin_all_posts", "x_account_overview", "x_content", "x_legacy_tweets",
                   "tiktok_overview", "tiktok_follower_history", "tiktok_other",
                   "youtube_table", "youtube_chart", "ga4", "generic")


@dataclass
class Part:
    """One table of a file (a sheet, a zip member, or the file itself) as it was read."""

    part: str
    format: str  # an id of NETWORK_FORMATS, or "" when the table was not one
    network: str | None
    first: date | None
    last: date | None
    columns: list[Column]


@dataclass
class FileReport:
    """What became of one file: its container, its tables, its notes, or why it was refused."""

    name: str  # as uploaded, cut to FILE_NAME_CHARS: user text, shown as plain text
    kind: str = ""
    parts: list[Part] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    error: str = ""  # a catalog key
    details: Mapping[str, Any] = field(default_factory=dict)

    def columns_table(self, lang: str = "en") -> pd.DataFrame:
        """Each column of each table of the file: what it was read as, or why it was not."""
        records = []
        for part in self.parts:
            for column in part.columns:
                used = translate(f"exports.figure.{column.used_as or 'none'}", lang)
                why = translate(f"exports.reason.{column.reason}", lang) if column.reason \
                    else ""
                records.append((part.part, column.header, used, why))
        return pd.DataFrame(records, columns=["part", "column", "read_as", "why"])

    def error_text(self, lang: str = "en") -> str:
        """Why the file was refused, naming it ("" for a file that was read)."""
        if not self.error:
            return ""
        return translate("exports.refused", lang, file=self.name,
                         why=text(self.error, self.details, lang))


@dataclass
class ExportsRead:
    """The weekly frames of a set of exports, and what was read from each file."""

    networks: dict[str, pd.DataFrame]
    money: pd.DataFrame | None
    combined: pd.DataFrame
    files: list[FileReport]
    notes: list[Note]
    currency: str = ""
    lang: str = "en"

    def weekly(self) -> pd.DataFrame:
        """The combined frame checked as the calibration checks it (DataFileError if not)."""
        return weekly_frame(self.combined)


def format_name(format_id: str, lang: str = "en") -> str:
    """The name of a recognised format in ``lang``."""
    return translate(f"exports.format.{format_id}", lang)


def text(key: str, details: Mapping[str, Any], lang: str = "en") -> str:
    """A message or note of this package in ``lang``: networks and figures named in it."""
    words: dict[str, Any] = {}
    for name, value in details.items():
        if name == "network":
            words[name] = translate(f"network.{value}", lang)
        elif name == "base":
            words[name] = translate(f"exports.figure.{value}", lang).lower()
        elif name == "why":  # another message, nested
            words[name] = text(value[0], value[1], lang)
        elif name == "parts":
            words[name] = ", ".join(translate(f"exports.figure.{v}", lang).lower()
                                    for v in value)
        else:
            words[name] = value
    return message(key, words, lang)


def read_exports(files: Iterable[tuple[str, bytes]], lang: str = "en",
                 hours: float | Mapping[str, float] | pd.Series | None = None,
                 followers: Mapping[str, float] | None = None,
                 mappings: Mapping[str, Mapping[str, str]] | None = None,
                 networks: Mapping[str, str] | None = None,
                 today: date | None = None) -> ExportsRead:
    """Read exports, given as (file name, bytes), into weekly frames.

    ``hours`` (no export has them): per week, per network ({network: hours a week}) or a
    series by week. ``followers``: a network's follower count at the end of its data, for
    exports that give only the followers gained (LinkedIn, X, YouTube). ``mappings``: per file
    name, {header: concept} for the generic format; ``networks``: per file name, the network of
    a generic file without a network column. ``today`` dates TikTok's days without a year.
    """
    mappings, networks = mappings or {}, networks or {}
    reference = today or date.today()
    reports: list[FileReport] = []
    readings: list[tuple[int, Reading]] = []
    currency = ""
    total = 0
    for position, (name, data) in enumerate(files):
        report = FileReport(excerpt(name, FILE_NAME_CHARS))
        reports.append(report)
        total += len(data)
        try:
            if position >= MAX_FILES:
                raise DataFileError("exports.error.too_many_files", limit=MAX_FILES)
            if total > MAX_TOTAL_MB * MEGABYTE:
                raise DataFileError("exports.error.total_too_large", limit=MAX_TOTAL_MB)
            found = _read_file(report, bytes(data), mappings.get(name, {}),
                               networks.get(name), reference)
            stated = {r.currency for r in found if r.currency}
            if currency and stated - {currency} or len(stated) > 1:
                raise DataFileError("exports.error.currency_conflict",
                                    value=", ".join(sorted(stated | {currency})))
            currency = currency or next(iter(stated), "")
        except DataFileError as err:
            report.error, report.details = err.key, dict(err.details)
            report.parts = []
            continue
        readings += [(position, r) for r in found]
    notes: list[Note] = []
    by_network, money = _frames(readings, followers or {}, notes)
    wide = _weeks.combined(by_network, money, hours)
    if hours is None and "hours" in wide and wide["hours"].isna().all():
        notes.append(Note("exports.note.hours_needed", {}))
    return ExportsRead(by_network, money, wide, reports, notes, currency, lang)


def _read_file(report: FileReport, data: bytes, mapping: Mapping[str, str],
               network: str | None, reference: date) -> list[Reading]:
    report.kind, tables = tables_of(data)
    found: list[Reading] = []
    for table in tables:
        fmt = recognise(table, mapping)
        if fmt is None:
            report.parts.append(Part(table.part, "", None, None, None, []))
            continue
        try:
            readings = read_table(table, fmt, mapping, network, reference)
        except DataFileError as err:
            if len(tables) == 1:
                raise
            report.notes.append(Note("exports.note.part_refused", {
                "part": excerpt(table.part), "why": (err.key, dict(err.details))}))
            continue
        for r in readings:
            report.parts.append(Part(table.part, r.format, r.network, r.first, r.last,
                                     r.columns))
            report.notes += [n for n in r.notes if n not in report.notes]
        found += [r for r in readings if r.format != "tiktok_other" and len(r.days.columns)]
    if not any(p.format for p in report.parts):
        raise DataFileError("exports.error.no_dates" if any(undated(t) for t in tables)
                            else "exports.error.unrecognised")
    return found


def _frames(readings: list[tuple[int, Reading]], followers: Mapping[str, float],
            notes: list[Note]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame | None]:
    groups: dict[tuple, list[tuple[int, Reading]]] = {}
    for position, reading in readings:
        # Meta's page metric files hold one figure each: a reach file and a follows file are
        # two sources, not two versions of one.
        figures = tuple(reading.days.columns) if reading.format == "meta_page_metric" else ()
        groups.setdefault((reading.network, reading.format, figures), []).append(
            (position, reading))
    per_network: dict[str | None, list[tuple[bool, pd.DataFrame, date, date, str]]] = {}
    for (network, fmt, _), items in groups.items():
        first = min(r.first for _, r in items)
        last = max(r.last for _, r in items)
        per_network.setdefault(network, []).append(
            (items[0][1].per_post, _weeks.merged(items), first, last, fmt))
    frames: dict[str, pd.DataFrame] = {}
    money = None
    for network, items in sorted(per_network.items(), key=lambda kv: str(kv[0])):
        days = _weeks.network_days([(p, f) for p, f, _, _, _ in items])
        # The days a network covers are its own exports' (GA4 may span more of them).
        own = [i for i in items if i[4] != "ga4"] or items
        first = min(i[2] for i in own)
        last = max(i[3] for i in own)
        days = days[(days.index >= first) & (days.index <= last)]
        posts_from_posts = any(p and "posts" in f for p, f, _, _, _ in items)
        said: list[Note] = []
        frame = _weeks.weekly(days, first, last, posts_from_posts,
                              followers.get(network or ""), said, network or "")
        if own is items and any(i[4] == "ga4" for i in items):  # known from GA4's sources only
            said = [n for n in said if n.key != "exports.note.followers_needed"]
        notes += said
        if network is None:
            money = frame
        else:
            frames[network] = frame
    return frames, money


__all__ = ["ExportsRead", "FileReport", "MAX_FILES", "Part", "format_name", "read_exports",
           "text"]
