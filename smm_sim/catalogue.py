"""Fixed tables the model reads: networks, content types, departments, measurement levels.

Each row says where its numbers come from. They are constants of the model, shown to
the user beside the scenario; the scenario's scale fields (``engagement_rate_scale``,
``reach_rate_scale``) let a user move them to their own measured level.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class NetworkProfile:
    """What posts on a network do for a median brand, per follower, in a typical week.

    engagement_rate: engagements per follower per post (likes, comments, shares) of a median
    brand posting ``reference_posts`` a week: the published medians are measured there.
    reach_rate: people reached per follower per post (organic), at the same frequency.
    link_click_rate: visits to the company's site per person reached (Instagram and TikTok
    feed posts carry no link: their visits come through the profile's link).
    conversion_rate: buyers per visit coming from this network (repeat buyers included).
    effort: hours one post takes relative to a plain text-and-image post.
    fatigue_posts: posts a week on the network at which each further post counts half (the
    ``K`` of the fatigue curve), before the scenario's ``fatigue_scale``.
    reference_posts: posts a week of the brands behind the engagement benchmark.
    """

    id: str
    engagement_rate: float
    engagement_source: str
    reach_rate: float
    reach_source: str
    effort: float
    fatigue_posts: float
    fatigue_source: str
    link_click_rate: float
    link_click_source: str
    conversion_rate: float
    conversion_source: str
    reference_posts: float = 5.0


NETWORKS: dict[str, NetworkProfile] = {
    n.id: n
    for n in [
        # Engagement: Socialinsider's 2026 per-follower figures for the four networks it
        # covers (one method and period for all; the brands post about 5 times a week), not
        # Rival IQ's, whose Facebook median (0.063%) is under half of Socialinsider's.
        # Fatigue points: Facebook's fits Track Social's two-a-day test; on Instagram engagement
        # per post falls steeply up to one post a day and hardly at all beyond, so it halves
        # by about 7 a week; LinkedIn's best is 2-5 a week. The others are ours, ordered by how
        # long a post lives (graffius_2018): the shorter its life, the more posts a week fit.
        # Link clicks and conversion: Facebook's measured, the others ours (MODEL.md, eq. 24);
        # Instagram's and TikTok's visits go through the profile's link: a few in a thousand
        # people reached open the profile and follow its link.
        NetworkProfile("facebook", 0.0015, "socialinsider_2026", 0.052, "ogilvy_2014", 1.0,
                       6.0, "tracksocial", 0.013, "fanpage_karma", 0.015, "oribi_2020"),
        NetworkProfile("instagram", 0.0048, "socialinsider_2026", 0.15, "assumption", 1.3,
                       7.0, "instagram_frequency_2018", 0.002, "assumption", 0.008,
                       "oribi_2020"),
        # LinkedIn's published rate is per impression (~3.2%), not per follower: ours is assumed.
        NetworkProfile("linkedin", 0.004, "assumption", 0.08, "assumption", 1.0,
                       5.0, "hubspot_frequency", 0.008, "assumption", 0.01, "assumption", 3.0),
        NetworkProfile("x", 0.0012, "socialinsider_2026", 0.03, "assumption", 0.5,
                       15.0, "assumption", 0.008, "assumption", 0.008, "assumption"),
        NetworkProfile("tiktok", 0.037, "socialinsider_2026", 0.20, "assumption", 2.5,
                       7.0, "assumption", 0.001, "assumption", 0.008, "assumption"),
        NetworkProfile("youtube", 0.005, "assumption", 0.10, "assumption", 4.0,
                       2.0, "assumption", 0.005, "assumption", 0.01, "assumption", 1.0),
        NetworkProfile("pinterest", 0.002, "assumption", 0.05, "assumption", 0.8,
                       10.0, "assumption", 0.015, "assumption", 0.01, "assumption"),
    ]
}


class ContentType(str, Enum):
    PROMOTIONAL = "promotional"
    USEFUL = "useful"
    ENTERTAINING = "entertaining"
    CONVERSATIONAL = "conversational"


CONTENT_TYPES: tuple[ContentType, ...] = tuple(ContentType)

# Engagement and conversion of each content type relative to a useful post (assumption):
# promotions convert best and engage least, conversation engages most (sprout_2016 direction).
CONTENT_ENGAGEMENT = {"promotional": 0.6, "useful": 1.0, "entertaining": 1.2, "conversational": 1.3}
CONTENT_CONVERSION = {"promotional": 1.6, "useful": 1.0, "entertaining": 0.6, "conversational": 0.8}
# Share of promotional posts an audience accepts before unfollows rise (assumption: the 80/20 rule).
PROMOTION_TOLERANCE = 0.2


class Department(str, Enum):
    SALES = "sales"
    FINANCE = "finance"
    HR = "hr"
    IT = "it"
    LEADERSHIP = "leadership"


# What each department brings when involved (assumption; the list follows article 004 §2).
SALES_CONVERSION_GAIN = 0.15  # offers and discounts designed with sales: conversions ×1.15
FINANCE_MEASUREMENT_GAIN = 0.25  # revenue and cost tracked by finance: measurement maturity +0.25
HR_QUALITY_GAIN = 0.05  # trained staff write better posts: engagements ×1.05
IT_EFFICIENCY_GAIN = 0.10  # tools and support: productive hours ×1.10
LEADERSHIP_GOAL_GAIN = 0.25  # leadership sets goals: closes 25% of the goal-clarity gap


class Measurement(str, Enum):
    NONE = "none"
    ACTIVITY = "activity"
    BUSINESS = "business"


# How much of the learning gain each level of measurement captures (assumption):
# counting likes teaches a little, business KPIs with attribution teach the most.
MEASUREMENT_MATURITY = {"none": 0.0, "activity": 0.4, "business": 1.0}


class Currency(str, Enum):
    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"
