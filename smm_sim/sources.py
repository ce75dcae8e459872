"""Where the model's defaults come from: one entry per published source.

Every field of :class:`smm_sim.Scenario` names one of these ids, or ``assumption`` when
the number is ours; entries no field names (Quintly, CoSchedule, ...) are the figures
docs/MODEL.md compares our assumptions with or takes only a direction from.
A source's ``kind`` says how far a reader may trust it: ``benchmark`` figures are
measured on many accounts, ``survey`` and ``correlational`` figures give a
direction and not an effect size, ``experiment`` is a randomised test (its size holds where
it was run), ``library`` entries are model forms taken from
open-source marketing-mix-modelling code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    kind: str  # benchmark | experiment | survey | correlational | official | library | assumption
    figure: str  # the figure or form taken from it, in a few words


ASSUMPTION = "assumption"

SOURCES: dict[str, Source] = {
    s.id: s
    for s in [
        Source(ASSUMPTION, "Assumption of this model: change it to your own figure.",
               "assumption", "—"),
        Source("rivaliq_2022", "Rival IQ, Social Media Industry Benchmark Report (2022 data)",
               "benchmark", "median engagement per follower per post: TikTok 5.69%, "
               "Instagram 0.47%, Facebook 0.06%, X 0.035%"),
        Source("rivaliq_2024", "Rival IQ, Social Media Industry Benchmark Report 2024",
               "benchmark", "Facebook 0.063% engagement per follower per post at 4.69 posts/week"),
        Source("ogilvy_2014",
               "Social@Ogilvy, Facebook organic reach study (Feb 2014); ~5.2% cited later",
               "benchmark",
               "Facebook organic reach 6.15% of fans per post (2.11% above 500k likes)"),
        Source("graffius_2018", "Graffius, lifespan of social media posts (2018)",
               "benchmark", "post half-life: X ~20 min, Facebook ~30 min, Instagram ~19 h, "
               "LinkedIn ~24 h, YouTube ~6 days, Pinterest ~3.5 months"),
        Source("robyn", "Meta Robyn, R/R/transformation.R: geometric adstock",
               "library", "a[t] = x[t] + θ·a[t-1], digital channels θ ≈ 0–0.3"),
        Source("meridian", "Google Meridian, model/adstock_hill.py: normalised adstock, Hill",
               "library", "normalised weights α^l over 8 lags; Hill slope 1 for media"),
        Source("tracksocial", "Track Social, posting frequency study",
               "benchmark", "two posts a day: 57% of the likes and 78% of the comments per post"),
        Source("hubspot_frequency", "HubSpot, posting frequency analysis of 13,500+ customers",
               "benchmark", "diminishing returns above ~5 posts/week on Facebook; LinkedIn "
               "best at 2–5 posts/week"),
        Source("instagram_frequency_2018",
               "Instagram posting-frequency report: 476 fashion and apparel brands over 28 days "
               "(2018, read in a reposted copy)",
               "benchmark", "engagement per post falls as a power curve of posting frequency: "
               "steeply up to one post a day, very slowly beyond, flat from about 1.5"),
        Source("sprout_2016", "Sprout Social Index 2016 (survey)",
               "survey", "reasons to unfollow: too many promotions 46%, irrelevant content 41%, "
               "posting too much ~35%"),
        Source("buffer_2026", "Buffer, 52M+ posts (2026, correlational)",
               "correlational",
               "accounts that reply get up to +30% (LinkedIn) and +42% (Threads) engagement"),
        Source("quintly_2019", "Quintly, 34.1k Instagram profiles, H1 2019",
               "benchmark", "follower growth +9.4% to +16% in six months, ~0.35–0.6% a week"),
        Source("mckinsey_2021", "McKinsey, The value of getting personalization right (2021/2023)",
               "survey", "personalisation lifts revenue 5–15%, marketing ROI 10–30%"),
        Source("coschedule_2018", "CoSchedule, State of Marketing Strategy (2018, self-reported)",
               "correlational",
               "documented strategy 538% more likely to report success; goals 429%"),
        Source("bls_2020", "US BLS OEWS 27-3031 Public Relations Specialists",
               "official",
               "median $30.20/h (May 2020), recent median ~$33.5/h; ×1.3 loading assumed"),
        Source("oribi_2020", "Oribi (2020), conversion of social traffic (as read in review)",
               "benchmark", "buyers per visit by channel: Facebook about 1.5%, Instagram about "
               "0.8% (2.6% for items under $100, about 0.4% above); repeat buyers included"),
        Source("socialinsider_2026",
               "Socialinsider, social media benchmarks 2026: 70M posts, Jan 2024 – Dec 2025 "
               "(as quoted by Social Media Today, Feb 2026)",
               "benchmark", "engagement per follower per post: TikTok 3.70%, Instagram 0.48%, "
               "Facebook 0.15%, X 0.12%; brands post about 5 times a week"),
        Source("fanpage_karma", "Fanpage Karma, Facebook link posts of pages with 10k–100k fans "
               "(as read in review, December 2026)",
               "benchmark", "link clicks about 1.3% of the people reached"),
        Source("gordon_2019",
               "Gordon, Zettelmeyer, Bhargava & Chapsky, A Comparison of Approaches to "
               "Advertising Measurement: Evidence from Big Field Experiments at Facebook, "
               "Marketing Science 38(2), 2019",
               "experiment", "in randomised ad experiments, the customers that observational "
               "attribution credits to the ads were often several times the true lift: a "
               "direction for the incremental share, not its size"),
        Source("fb_ads_2024", "WordStream–LocaliQ Facebook ads benchmarks (2024), lead campaigns",
               "benchmark", "lead campaigns: CTR 2.53%, CPC $1.88, conversion 8.78%"),
        Source("wordstream_traffic",
               "WordStream–LocaliQ Facebook ads benchmarks, traffic campaigns (as quoted in "
               "review, December 2026)",
               "benchmark", "traffic campaigns: CTR about 1.5%, CPC about $0.83"),
    ]
}
