"""Which export a table is, told from its columns (and its preamble), and its rows as figures
by day: one :class:`Reading` per network a table speaks of.

Each format names the columns it is known by (``FORMATS``, tried in order); a table that is
none of them but has dates and figures is the generic "one row per post or per day" format,
whose columns the user may map. docs/CALIBRATION.md lists what each format gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..excerpt import excerpt
from ..weekly_file import CURRENCIES, DataFileError, Note, _cell_number, _number_format
from .dates import NotADate, parse_days
from .files import Table
from .headers import CONCEPT_OF, clean, meaning

# The figures a reading keeps per day, summed over a week (followers: the week's last level).
FIGURES = ("followers", "follows", "unfollows", "reach", "impressions", "engagements",
           "reactions", "comments", "shares", "saves", "clicks", "posts", "sessions",
           "conversions", "revenue", "hours", "engagement_rate")
STRUCTURE = frozenset({"date", "publish_time", "post_id", "page_id", "account", "post_text",
                       "post_link", "network", "ga4_channel", "ga4_source", "primary",
                       "organic_followers", "sponsored_followers", "page_views", "profile_views",
                       "follower_difference"})
# Why a known column is not read, when it is not one that tells the format or the post.
REASON_OF = {"organic_followers": "breakdown", "sponsored_followers": "breakdown",
             "profile_views": "unknown", "page_views": "unknown", "date": "other_date",
             "publish_time": "other_date", "follower_difference": "follower_difference"}
EMPTY_CELLS = frozenset({"", "undefined", "-", "--", "n/a", "na", "nan", "null", "none"})
NETWORK_NAMES = {"facebook": "facebook", "fb": "facebook", "instagram": "instagram",
                 "ig": "instagram", "linkedin": "linkedin", "x": "x", "twitter": "x",
                 "tiktok": "tiktok", "youtube": "youtube", "pinterest": "pinterest"}
ORGANIC_SOCIAL = frozenset({"organic_social", "social_organico", "social_organica",
                            "social_organicos", "organico_social"})
ITALIAN_OR_SPANISH = re.compile(r"[àèéìòóùñ¿¡]|\b(data|fecha|sessioni|sesiones|copertura|"
                                r"alcance|interazioni|interacciones)\b", re.IGNORECASE)


@dataclass
class Column:
    """A column of the file and what became of it: a figure, the day, or ignored (why)."""

    header: str
    used_as: str = ""  # a figure of FIGURES, "day", or "" (ignored)
    reason: str = ""  # why it was ignored: a key of exports.reason.*
    detail: str = ""  # the figure another column gave, for the reason "duplicate"


@dataclass
class Reading:
    """What one table says about one network (None: the totals, as GA4 gives them)."""

    format: str
    network: str | None
    per_post: bool
    days: pd.DataFrame  # index: day; columns among FIGURES; one row per post when per_post
    keys: list[str] = field(default_factory=list)  # a post's identity, when per_post
    columns: list[Column] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    currency: str = ""
    part: str = ""
    first: date | None = None  # the days the table covers
    last: date | None = None


@dataclass(frozen=True)
class Format:
    """An export: how its columns are told, which network it is, and its own readings."""

    id: str
    network: str | None
    per_post: bool
    test: Callable[[set[str], set[str], Table], bool]
    date_from: tuple[str, ...] = ("date",)
    figure_of: Mapping[str, str] = field(default_factory=dict)  # concept -> figure, overriding
    ignore: frozenset[str] = frozenset()  # concepts this format has that are not its figures


def _has(*concepts: str) -> Callable[[set[str], set[str], Table], bool]:
    return lambda found, keys, table: all(c in found for c in concepts)


def _meta_page_metric(found: set[str], keys: set[str], table: Table) -> bool:
    return found == {"date", "primary"} and bool(table.preamble)


def _x_overview(found: set[str], keys: set[str], table: Table) -> bool:
    return {"date", "impressions", "follows"} <= found and "post_id" not in found \
        and ("unfollows" in found or "profile_views" in found)


def _tiktok_overview(found: set[str], keys: set[str], table: Table) -> bool:
    return {"date", "impressions", "profile_views"} <= found and "reach" not in found \
        and "sessions" not in found and ("video_views" in keys or "profile_views" in keys)


def _tiktok_other(found: set[str], keys: set[str], table: Table) -> bool:
    return "date" in found and bool(keys & {"total_viewers", "new_viewers", "active_followers",
                                            "hour"}) and len(found - {"date"}) <= 1


def _linkedin_metrics(found: set[str], keys: set[str], table: Table) -> bool:
    return "date" in found and "impressions" in found and any(
        k.startswith(("impressions_organic", "impressioni_organiche", "impresiones_organicas"))
        for k in keys)


def _linkedin_visitors(found: set[str], keys: set[str], table: Table) -> bool:
    return "date" in found and "page_views" in found and "sessions" not in found


def _ga4(found: set[str], keys: set[str], table: Table) -> bool:
    return "sessions" in found and ("ga4_channel" in found or bool(table.preamble))


FORMATS: tuple[Format, ...] = (
    Format("meta_page_metric", None, False, _meta_page_metric),
    Format("meta_facebook_posts", "facebook", True, _has("publish_time", "page_id"),
           ("publish_time",)),
    Format("meta_instagram_posts", "instagram", True, _has("publish_time", "account"),
           ("publish_time",)),
    Format("linkedin_followers", "linkedin", False,
           _has("date", "organic_followers", "followers"), figure_of={"followers": "follows"},
           ignore=frozenset({"organic_followers", "sponsored_followers"})),
    Format("linkedin_visitors", "linkedin", False, _linkedin_visitors,
           ignore=frozenset({"page_views"})),
    Format("linkedin_content_metrics", "linkedin", False, _linkedin_metrics),
    Format("linkedin_all_posts", "linkedin", True,
           lambda f, k, t: "post_link" in f and "date" in f and bool(
               k & {"post_title", "titolo_del_post", "titulo_de_la_publicacion"})),
    Format("x_legacy_tweets", "x", True, lambda f, k, t: "tweet_id" in k and "date" in f),
    Format("x_content", "x", True,
           lambda f, k, t: "post_id" in f and "date" in f and "post_text" in f
           and "impressions" in f and not f & {"publish_time", "network"}),
    Format("x_account_overview", "x", False, _x_overview),
    Format("tiktok_overview", "tiktok", False, _tiktok_overview,
           ignore=frozenset({"profile_views"})),
    Format("tiktok_follower_history", "tiktok", False,
           _has("date", "followers", "follower_difference"),
           ignore=frozenset({"follower_difference"})),
    Format("tiktok_other", "tiktok", False, _tiktok_other),
    Format("youtube_table", "youtube", True,
           lambda f, k, t: "publish_time" in f and "post_id" in f and "video_title" in k
           and "date" not in f,
           ("publish_time",)),
    Format("youtube_chart", "youtube", False,
           lambda f, k, t: "date" in f and "impressions" in f and bool(
               k & {"watch_time", "average_view_duration", "views"}) and "reach" not in f
           and len(f & {"sessions", "reactions", "followers", "engagements"}) == 0),
    Format("ga4", None, False, _ga4),
)
GENERIC = Format("generic", None, False, lambda f, k, t: False, ("publish_time", "date"))


def _keys_and_meanings(header: Sequence[Any],
                       mapping: Mapping[str, str]) -> list[tuple[str, str | None, str]]:
    """(cleaned header, concept, breakdown) for each column; the user's mapping wins."""
    out = []
    for name in header:
        text = str(name)
        if text in mapping:
            chosen = mapping[text]
            out.append((clean(text), chosen if chosen in CONCEPT_OF.values() else None, ""))
            continue
        concept, breakdown = meaning(text)
        out.append((clean(text)[:80], concept, breakdown))
    return out


def undated(table: Table) -> bool:
    """Whether a table has figures but no column of days (a sheet without dates)."""
    found = {c for _, c, _ in _keys_and_meanings(table.rows[0], {})} if table.rows else set()
    return bool(found & set(FIGURES)) and not found & {"date", "publish_time"}


def recognise(table: Table, mapping: Mapping[str, str]) -> Format | None:
    """The format a table is, or None: no dates, or no figure."""
    if not table.rows:
        return None
    meanings = _keys_and_meanings(table.rows[0], mapping)
    found = {c for _, c, _ in meanings if c}
    keys = {k for k, _, _ in meanings}
    if not mapping:
        for fmt in FORMATS:
            if fmt.test(found, keys, table):
                return fmt
    if found & {"date", "publish_time"} and found & set(FIGURES):
        return GENERIC
    return None


# --- cells -------------------------------------------------------------------------------------
def _number(cell: Any, decimal: str, thousands: str) -> float:
    """The cell's number, NaN when empty or "undefined"; a percentage as a fraction."""
    if isinstance(cell, str):
        text = cell.strip()
        if text.lower() in EMPTY_CELLS:
            return np.nan
        if text.endswith("%"):
            value = _cell_number(text[:-1], decimal, thousands)
            return np.nan if value is None else value / 100
        value = _cell_number(text, decimal, thousands)
    else:
        value = _cell_number(cell, decimal, thousands)
    return np.nan if value is None else float(value)


def _choose_columns(fmt: Format, meanings: list[tuple[str, str | None, str]],
                    header: Sequence[Any]) -> tuple[dict[str, int], list[Column], int | None]:
    """Which column gives each figure (the total of a breakdown first), the fate of every
    column, and the column the day is read from."""
    columns = [Column(excerpt(h, 60)) for h in header]
    date_at: int | None = None
    for wanted in fmt.date_from:
        date_at = next((i for i, (_, c, _) in enumerate(meanings) if c == wanted), None)
        if date_at is not None:
            break
    candidates: dict[str, list[tuple[int, int]]] = {}
    rank = {"total": 0, "": 1, "organic": 2, "sponsored": 3}
    for i, (_, concept, breakdown) in enumerate(meanings):
        if i == date_at:
            columns[i].used_as = "day"
            continue
        figure = fmt.figure_of.get(concept or "", concept)
        if concept in fmt.ignore or figure not in FIGURES:
            columns[i].reason = REASON_OF.get(concept or "", "structure" if concept in STRUCTURE
                                              else "unknown")
            continue
        if figure == "engagement_rate" and breakdown not in ("impressions", "reach",
                                                             "followers"):
            breakdown = RATE_OF.get(fmt.id, "")
            if not breakdown:
                columns[i].reason = "rate_unknown"
                continue
        candidates.setdefault(figure, []).append((rank.get(breakdown, 1), i))
    chosen: dict[str, int] = {}
    for figure, options in candidates.items():
        options.sort()
        chosen[figure] = options[0][1]
        columns[options[0][1]].used_as = figure
        for rank_of, i in options[1:]:
            parts_of_total = rank_of >= 2 and options[0][0] == 0  # organic, sponsored
            columns[i].reason = "breakdown" if parts_of_total else "duplicate"
            columns[i].detail = figure
    if "engagement_rate" in chosen:
        rate_at = chosen["engagement_rate"]
        base = RATE_OF.get(fmt.id) or meanings[rate_at][2]
        if chosen.keys() & COUNTS or base not in ("impressions", "reach", "followers"):
            columns[rate_at].used_as, columns[rate_at].reason = "", "rate_not_needed"
            del chosen["engagement_rate"]
        else:
            chosen["rate_base"] = {"impressions": 0, "reach": 1, "followers": 2}[base]
    return chosen, columns, date_at


# How a format's own engagement rate is defined, when its header does not say.
RATE_OF = {"linkedin_content_metrics": "impressions", "linkedin_all_posts": "impressions",
           "x_legacy_tweets": "impressions"}
RATE_BASE_NAMES = ("impressions", "reach", "followers")
COUNTS = frozenset({"engagements", "reactions", "comments", "shares", "saves"})


def _network_of(value: Any) -> str | None:
    words = clean(value).split("_")
    return next((NETWORK_NAMES[w] for w in words if w in NETWORK_NAMES), None)


def _page_metric(table: Table) -> tuple[str | None, str, str]:
    """Meta's page-level CSV: the network and figure its metric line names."""
    title = clean(" ".join(table.preamble))
    network = _network_of(title)
    words = set(title.split("_"))
    for figure, names in (("reach", {"reach", "copertura", "alcance"}),
                          ("follows", {"follows", "follow", "follower", "followers",
                                       "seguidores", "seguaci"}),
                          ("impressions", {"views", "visualizzazioni", "visualizaciones",
                                           "impressions"}),
                          ("engagements", {"interactions", "interazioni", "interacciones"}),
                          ("clicks", {"clicks", "clic", "clics"})):
        if words & names:
            return network, figure, title
    return network, "", title


def read_table(table: Table, fmt: Format, mapping: Mapping[str, str], network: str | None,
               reference: date) -> list[Reading]:
    """The readings of a recognised table; DataFileError for one that cannot be read."""
    header = [str(h) for h in table.rows[0]]
    meanings = _keys_and_meanings(header, mapping)
    if fmt.id == "meta_page_metric":
        page_network, figure, title = _page_metric(table)
        if not figure or not page_network:
            raise DataFileError("exports.error.page_metric", value=excerpt(title))
        fmt = Format(fmt.id, page_network, False, fmt.test,
                     figure_of={"primary": figure})
    chosen, columns, date_at = _choose_columns(fmt, meanings, header)
    if date_at is None:
        raise DataFileError("exports.error.no_dates")
    body = [r + [""] * (len(header) - len(r)) for r in table.rows[1:]]
    notes: list[Note] = []
    body, notes = _only_organic_social(fmt, meanings, body, notes)
    day_first = bool(ITALIAN_OR_SPANISH.search(" ".join(header)))
    try:
        days, how = parse_days([r[date_at] for r in body], day_first, table.day or reference)
    except NotADate as err:
        raise DataFileError("exports.error.bad_date", column=excerpt(header[date_at]),
                            value=excerpt(err.args[0])) from None
    totals = sum(d is None for d in days)
    if totals:
        notes.append(Note("exports.note.total_rows", {"count": totals}))
    if how:
        notes.append(Note(f"exports.note.dates_{how}", {}))
    kept = [(d, r) for d, r in zip(days, body) if d is not None]
    if not kept:
        raise DataFileError("exports.error.no_dates")
    numeric = [i for f, i in chosen.items() if f != "rate_base"]
    decimal, thousands = _number_format((r[i] for _, r in kept for i in numeric
                                         if isinstance(r[i], str)), table.delimiter or ",")
    figures: dict[str, list[float]] = {}
    for figure, i in chosen.items():
        if figure == "rate_base":
            continue
        try:
            figures[figure] = [_number(r[i], decimal, thousands) for _, r in kept]
        except ValueError:
            bad = next(r[i] for _, r in kept if not _parses(r[i], decimal, thousands))
            raise DataFileError("exports.error.not_number", column=excerpt(header[i]),
                                value=excerpt(bad)) from None
    currency = ""
    if "revenue" in chosen:
        currency = _currency(header[chosen["revenue"]],
                             [r[chosen["revenue"]] for _, r in kept], table)
    frame = pd.DataFrame(figures, index=pd.Index([d for d, _ in kept], name="day"))
    if "engagement_rate" in frame:
        frame = _engagements_from_rate(frame, RATE_BASE_NAMES[chosen["rate_base"]], notes)
    per_post = fmt.per_post
    networks: list[tuple[str | None, list[int]]] = [(network or fmt.network,
                                                     list(range(len(kept))))]
    if fmt is GENERIC:
        per_post, networks = _generic_shape(meanings, kept, network, [d for d, _ in kept])
    elif fmt.id == "ga4":
        networks += _by_source(meanings, kept)
    if per_post:
        frame["posts"] = 1.0
    key_at = next((i for i, (_, c, _) in enumerate(meanings)
                   if c in ("post_id", "post_link")), None)
    readings = []
    for net, rows in networks:
        part = frame.iloc[rows]
        if fmt is GENERIC and net is None and part.columns.difference(
                ["hours", "conversions", "revenue", "sessions"]).size:
            raise DataFileError("exports.error.generic_network")
        keys = [str(kept[j][1][key_at]) if key_at is not None else "" for j in rows]
        readings.append(Reading(fmt.id, net, per_post, part, keys, columns, list(notes),
                                currency, table.part, min(part.index), max(part.index)))
    return readings


def _parses(cell: Any, decimal: str, thousands: str) -> bool:
    try:
        _number(cell, decimal, thousands)
        return True
    except ValueError:
        return False


def _only_organic_social(fmt: Format, meanings, body, notes):
    """GA4: the rows of the Organic Social channel, when the report has a channel column."""
    if fmt.id != "ga4":
        return body, notes
    at = next((i for i, (_, c, _) in enumerate(meanings) if c == "ga4_channel"), None)
    if at is None:
        return body, notes + [Note("exports.note.ga4_unfiltered", {})]
    acquisition = "user" if meanings[at][0].startswith("first_user") else "traffic"
    kept = [r for r in body if clean(r[at]) in ORGANIC_SOCIAL]
    if not kept:
        raise DataFileError("exports.error.no_organic_social")
    return kept, notes + [Note(f"exports.note.ga4_{acquisition}", {})]


# Where GA4's sources come from: the hosts and names each network's links carry.
SOURCES = {"facebook": "facebook", "fb": "facebook", "instagram": "instagram", "ig": "instagram",
           "linkedin": "linkedin", "lnkd": "linkedin", "t": "x", "twitter": "x", "x": "x",
           "tiktok": "tiktok", "youtube": "youtube", "pinterest": "pinterest"}


def _by_source(meanings, kept) -> list[tuple[str | None, list[int]]]:
    """GA4 rows by the network their session source names (``l.facebook.com``, ``t.co``,
    ``linkedin.com / referral``), when the report has a source column: the totals stay whole."""
    at = next((i for i, (_, c, _) in enumerate(meanings) if c == "ga4_source"), None)
    if at is None:
        return []
    groups: dict[str, list[int]] = {}
    for j, (_, row) in enumerate(kept):
        host = str(row[at]).split("/")[0].strip().lower()
        words = [w for w in re.split(r"[^a-z0-9]+", host) if w]
        names = words[:-1] if len(words) > 1 else words  # "t.co": not the top-level domain
        network = next((SOURCES[w] for w in names if w in SOURCES), None)
        if network:
            groups.setdefault(network, []).append(j)
    return sorted(groups.items())


def _generic_shape(meanings, kept, network: str | None,
                   days: list[date]) -> tuple[bool, list[tuple[str | None, list[int]]]]:
    """A generic file: per post when it names posts or repeats a day; its networks from a
    "Network" column, or the one the user chose."""
    at = next((i for i, (_, c, _) in enumerate(meanings) if c == "network"), None)
    groups: dict[str | None, list[int]] = {}
    for j, (_, row) in enumerate(kept):
        net = network if at is None or network else _network_of(row[at])
        groups.setdefault(net, []).append(j)
    named = any(c in ("post_id", "post_link", "post_text") for _, c, _ in meanings)
    per_post = named or any(len({days[j] for j in rows}) < len(rows)
                            for rows in groups.values())
    return per_post, sorted(groups.items(), key=lambda item: str(item[0]))


def _engagements_from_rate(frame: pd.DataFrame, base: str, notes: list[Note]) -> pd.DataFrame:
    """Engagements from a rate and its denominator (per impression, reach or follower)."""
    if base not in frame:
        notes.append(Note("exports.note.rate_without_base", {"base": base}))
        return frame.drop(columns="engagement_rate")
    rate = frame["engagement_rate"].where(frame["engagement_rate"] <= 1,
                                          frame["engagement_rate"] / 100)
    notes.append(Note("exports.note.rate_used", {"base": base}))
    return frame.assign(engagements=rate * frame[base]).drop(columns="engagement_rate")


def _currency(header: str, cells: Sequence[Any], table: Table) -> str:
    """The currency a revenue column states (header, cells, GA4's preamble), "" for none;
    DataFileError for two."""
    texts = [header, *table.preamble, *(c for c in cells[:2000] if isinstance(c, str))]
    found = {code for text in texts for code, sign in CURRENCIES.items()
             if sign in text or re.search(rf"\b{code}\b", text)}
    if len(found) > 1:
        raise DataFileError("exports.error.currencies", value=", ".join(sorted(found)))
    return found.pop() if found else ""
