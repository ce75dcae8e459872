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
    """What one post on a network does, per follower, in a typical week.

    engagement_rate: engagements per follower per post (likes, comments, shares).
    reach_rate: people reached per follower per post (organic).
    effort: hours one post takes relative to a plain text-and-image post.
    """

    id: str
    engagement_rate: float
    engagement_source: str
    reach_rate: float
    reach_source: str
    effort: float


NETWORKS: dict[str, NetworkProfile] = {
    n.id: n
    for n in [
        NetworkProfile("facebook", 0.00063, "rivaliq_2024", 0.052, "ogilvy_2014", 1.0),
        NetworkProfile("instagram", 0.0047, "rivaliq_2022", 0.15, "assumption", 1.3),
        # LinkedIn's published rate is per impression (~3.2%), not per follower: ours is assumed.
        NetworkProfile("linkedin", 0.004, "assumption", 0.08, "assumption", 1.0),
        NetworkProfile("x", 0.00035, "rivaliq_2022", 0.03, "assumption", 0.5),
        NetworkProfile("tiktok", 0.0569, "rivaliq_2022", 0.20, "assumption", 2.5),
        NetworkProfile("youtube", 0.005, "assumption", 0.10, "assumption", 4.0),
        NetworkProfile("pinterest", 0.002, "assumption", 0.05, "assumption", 0.8),
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
