"""Each platform's export reads into the right Monday weeks and figures.

Expected figures are recomputed here from the fixture's own rows (read with the csv module or
openpyxl, summed by hand), so a reader that picks the wrong column, day or week fails.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smm_sim import calibrate
from smm_sim.exports import read_exports
from smm_sim.weekly_file import weekly_frame

DATA = Path(__file__).parent / "data" / "exports"
TODAY = date(2026, 4, 1)


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def read(*names: str, **options):
    options.setdefault("today", TODAY)
    return read_exports([(n, raw(n)) for n in names], **options)


def rows(name: str, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    text = raw(name).decode(encoding)
    lines = [line for line in text.splitlines() if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines))


def monday(day: date) -> pd.Timestamp:
    return pd.Timestamp(day - timedelta(days=day.weekday()))


def weekly_sums(records, day_of, value_of) -> dict[pd.Timestamp, float]:
    sums: dict[pd.Timestamp, float] = {}
    for record in records:
        week = monday(day_of(record))
        sums[week] = sums.get(week, 0.0) + value_of(record)
    return sums


def assert_weeks(frame: pd.DataFrame, column: str, expected: dict[pd.Timestamp, float]):
    got = frame[column].dropna()
    assert dict(got) == pytest.approx(expected)


def test_facebook_posts_are_summed_into_monday_weeks_by_their_publish_time():
    result = read("meta_facebook_posts.csv")
    facebook = result.networks["facebook"]
    posts = rows("meta_facebook_posts.csv")
    day = lambda r: datetime.strptime(r["Publish time"], "%m/%d/%Y %H:%M").date()  # noqa: E731
    assert_weeks(facebook, "reach", weekly_sums(posts, day, lambda r: float(r["Reach"])))
    assert_weeks(facebook, "engagements", weekly_sums(
        posts, day, lambda r: float(r["Reactions, Comments and Shares"])))
    assert_weeks(facebook, "posts", weekly_sums(posts, day, lambda r: 1.0))
    assert_weeks(facebook, "clicks", weekly_sums(posts, day, lambda r: float(r["Total clicks"])))
    assert all(d.weekday() == 0 for d in facebook.index)
    # 7 January is a Wednesday and 27 March a Friday: both ends are partial weeks.
    assert list(facebook.index[facebook["partial"]]) == [pd.Timestamp("2026-01-05"),
                                                        pd.Timestamp("2026-03-23")]


def test_instagram_in_italian_reads_day_first_times_and_sums_its_interactions():
    result = read("meta_instagram_posts_it.csv")
    instagram = result.networks["instagram"]
    posts = rows("meta_instagram_posts_it.csv")
    day = lambda r: datetime.strptime(r["Orario di pubblicazione"][:10], "%d/%m/%Y").date()  # noqa: E731
    interactions = lambda r: sum(float(r[c]) for c in  # noqa: E731
                                 ("Mi piace", "Commenti", "Condivisioni", "Salvataggi"))
    assert_weeks(instagram, "engagements", weekly_sums(posts, day, interactions))
    assert "reach" not in instagram  # this file predates Meta's Reach column
    assert "exports.note.dates_day_first" in [n.key for n in result.files[0].notes]


def test_headers_in_other_casing_and_punctuation_read_the_same():
    text = raw("meta_facebook_posts.csv").decode("utf-8-sig")
    header, rest = text.split("\r\n", 1)
    shouted = header.upper().replace("REACTIONS, COMMENTS AND SHARES",
                                     "Reactions, comments and shares").replace(" ", "  ")
    again = read_exports([("posts.csv", (shouted + "\r\n" + rest).encode())], today=TODAY)
    pd.testing.assert_frame_equal(again.networks["facebook"],
                                  read("meta_facebook_posts.csv").networks["facebook"])


def test_meta_page_metric_in_utf16_leaves_its_lifetime_row_out():
    result = read("meta_page_reach.csv")
    assert result.files[0].kind == "utf16"
    reach = result.networks["facebook"]["reach"]
    lines = raw("meta_page_reach.csv").decode("utf-16").splitlines()[2:]
    daily = [(date.fromisoformat(c[1:11]), float(v.strip('"')))
             for c, v in (line.split(",") for line in lines) if "Lifetime" not in c]
    assert reach.sum() == pytest.approx(sum(v for _, v in daily))
    assert_weeks(result.networks["facebook"], "reach",
                 weekly_sums(daily, lambda r: r[0], lambda r: r[1]))


def test_linkedin_content_reads_the_totals_of_metrics_and_counts_all_posts():
    from openpyxl import load_workbook

    result = read("linkedin_content.xlsx")
    linkedin = result.networks["linkedin"]
    book = load_workbook(DATA / "linkedin_content.xlsx")
    metrics = list(book["Metrics"].iter_rows(min_row=3, values_only=True))
    header = [c.value for c in book["Metrics"][2]]
    day = lambda r: datetime.strptime(r[0], "%m/%d/%Y").date()  # noqa: E731
    total = header.index("Impressions (total)")
    assert_weeks(linkedin, "impressions", weekly_sums(metrics, day, lambda r: float(r[total])))
    parts = [header.index(f"{m} (total)") for m in ("Reactions", "Comments", "Reposts")]
    assert_weeks(linkedin, "engagements",
                 weekly_sums(metrics, day, lambda r: sum(float(r[i]) for i in parts)))
    posts = list(book["All posts"].iter_rows(min_row=3, values_only=True))
    assert_weeks(linkedin, "posts", weekly_sums(posts, lambda r: datetime.strptime(
        r[4], "%m/%d/%Y").date(), lambda r: 1.0))
    used = {c.header: c.used_as for c in result.files[0].parts[0].columns}
    assert used["Impressions (total)"] == "impressions" and used["Impressions (organic)"] == ""


def test_the_legacy_xls_with_spanish_headers_reads_as_the_xlsx_does():
    legacy = read("linkedin_content_es.xls")
    assert legacy.files[0].kind == "xls"
    modern = read("linkedin_content.xlsx").networks["linkedin"]
    for column in ("impressions", "clicks", "engagements"):
        pd.testing.assert_series_equal(legacy.networks["linkedin"][column], modern[column])


def test_linkedin_followers_gained_are_counted_back_from_todays_total():
    result = read("linkedin_followers.xlsx", followers={"linkedin": 1200})
    linkedin = result.networks["linkedin"]
    assert linkedin["followers"].iloc[-1] == 1200
    gained = linkedin["follows"]
    # A week's level is the next week's minus what the next week gained.
    assert np.allclose(linkedin["followers"].iloc[:-1].to_numpy(),
                       (linkedin["followers"] - gained).iloc[1:].to_numpy())
    without = read("linkedin_followers.xlsx").networks["linkedin"]
    assert without["followers"].isna().all()


def test_overlapping_x_exports_keep_the_newest_files_day_whatever_the_order():
    jan, feb = "x_account_overview_jan.csv", "x_account_overview_feb.csv"
    x = read(jan, feb).networks["x"]
    assert read(feb, jan).networks["x"].equals(x)
    newer = {datetime.strptime(r["Date"], "%a, %b %d, %Y").date(): r for r in rows(feb)}
    older = {datetime.strptime(r["Date"], "%a, %b %d, %Y").date(): r for r in rows(jan)}
    merged = {**older, **newer}
    assert_weeks(x, "impressions", weekly_sums(merged.items(), lambda kv: kv[0],
                                               lambda kv: float(kv[1]["Impressions"])))
    assert len(set(older) & set(newer)) == 10  # the files do overlap


def test_the_same_posts_in_two_files_count_once():
    once = read("x_content.csv").networks["x"]
    twice = read_exports([("a.csv", raw("x_content.csv")), ("b.csv", raw("x_content.csv"))],
                         today=TODAY).networks["x"]
    pd.testing.assert_frame_equal(once, twice)
    assert once["posts"].sum() == len(rows("x_content.csv"))


def test_legacy_tweet_activity_reads_its_lower_case_headers():
    x = read("x_tweet_activity_legacy.csv").networks["x"]
    tweets = rows("x_tweet_activity_legacy.csv")
    day = lambda r: date.fromisoformat(r["time"][:10])  # noqa: E731
    assert_weeks(x, "engagements", weekly_sums(tweets, day, lambda r: float(r["engagements"])))
    assert x.index[0] == pd.Timestamp("2019-03-04")


def test_tiktok_days_without_a_year_are_dated_back_from_the_zip_and_undefined_is_empty():
    result = read("tiktok_studio.zip", today=date(2030, 1, 1))  # the zip's own date counts
    tiktok = result.networks["tiktok"]
    assert tiktok.index[0] == pd.Timestamp("2025-12-01")
    assert tiktok.index[-1] == pd.Timestamp("2026-01-26")
    history = list(csv.reader(io.StringIO(zipfile.ZipFile(DATA / "tiktok_studio.zip")
                                          .read("FollowerHistory.csv").decode())))[1:]
    assert tiktok["followers"].iloc[-1] == float(history[-1][1])  # the last day's level
    formats = {p.format for p in result.files[0].parts}
    assert formats == {"tiktok_overview", "tiktok_follower_history", "tiktok_other"}
    # One comment cell reads "undefined": its week still sums the other days.
    assert tiktok["engagements"].notna().all()
    sheets = read("tiktok_studio.xlsx", today=date(2026, 1, 30)).networks["tiktok"]
    pd.testing.assert_frame_equal(sheets, tiktok)


def test_youtube_table_leaves_its_total_row_out_and_its_videos_add_up_to_it():
    result = read("youtube_table_data.csv")
    youtube = result.networks["youtube"]
    table = rows("youtube_table_data.csv")
    total = next(r for r in table if r["Content"] == "Total")
    assert youtube["impressions"].sum() == float(total["Views"])
    assert youtube["posts"].sum() == len(table) - 1
    chart = read("youtube_chart_data.csv").networks["youtube"]
    assert chart["impressions"].sum() == sum(float(r["Views"])
                                             for r in rows("youtube_chart_data.csv"))


def test_ga4_reads_organic_social_only_with_its_currency():
    result = read("ga4_traffic_acquisition.csv")
    money = result.money
    social = [r for r in rows("ga4_traffic_acquisition.csv")
              if r["Session primary channel group (Default Channel Group)"] == "Organic Social"]
    day = lambda r: datetime.strptime(r["Date"], "%Y%m%d").date()  # noqa: E731
    assert_weeks(money, "sessions", weekly_sums(social, day, lambda r: float(r["Sessions"])))
    assert_weeks(money, "revenue", weekly_sums(social, day,
                                               lambda r: float(r["Total revenue"][1:])))
    assert_weeks(money, "conversions", weekly_sums(social, day,
                                                   lambda r: float(r["Key events"])))
    assert result.currency == "EUR"
    assert not money["partial"].any()  # 5 January to 29 March: whole weeks


def test_a_scheduler_export_splits_by_its_network_column_and_a_mapping_changes_it():
    result = read("generic_scheduler_posts.csv")
    assert set(result.networks) == {"facebook", "instagram"}
    assert result.networks["facebook"]["posts"].sum() == DAYS_IN_FIXTURES
    changed = read("generic_scheduler_posts.csv",
                   mappings={"generic_scheduler_posts.csv": {"Post Link Clicks": ""}})
    assert "clicks" not in changed.networks["facebook"]
    columns = {c.header: c.used_as for c in changed.files[0].parts[0].columns}
    assert columns["Post Link Clicks"] == ""


DAYS_IN_FIXTURES = 80


def test_a_generic_file_without_a_network_takes_the_one_given_and_rates_become_counts():
    text = "Day;Reach;Engagement rate (per reach);Followers\n" + "".join(
        f"{date(2026, 1, 5) + timedelta(days=i):%d/%m/%Y};1000;2,5%;{500 + i}\n"
        for i in range(28))
    data = text.encode()
    refused = read_exports([("mine.csv", data)])
    assert refused.files[0].error == "exports.error.generic_network"
    result = read_exports([("mine.csv", data)], networks={"mine.csv": "pinterest"})
    pinterest = result.networks["pinterest"]
    assert pinterest["engagements"].iloc[0] == pytest.approx(7 * 1000 * 0.025)
    # One definition whatever the file's: engagements per follower of the week.
    assert pinterest["engagement_rate"].iloc[0] == pytest.approx(175 / 506)


def test_meta_linkedin_and_ga4_together_make_a_frame_the_calibration_accepts():
    names = ("meta_facebook_posts.csv", "meta_instagram_posts_it.csv", "linkedin_content.xlsx",
             "linkedin_followers.xlsx", "ga4_traffic_acquisition.csv")
    result = read(*names, hours=8, followers={"instagram": 4000, "linkedin": 1200,
                                              "facebook": 900})
    wide = result.combined
    assert {"posts_facebook", "posts_instagram", "posts_linkedin", "followers_linkedin",
            "engagements_instagram"} <= set(wide.columns)
    assert wide["posts"].notna().all()  # GA4's partial weeks alone are left out
    full = wide
    assert (full["posts"] == full[["posts_facebook", "posts_instagram",
                                   "posts_linkedin"]].sum(axis=1)).all()
    # Partial weeks of the networks are left out; GA4's sessions are the visits.
    assert pd.Timestamp("2026-01-05") not in full.index
    assert (wide["clicks"] == result.money["sessions"].reindex(wide.index)).all()
    checked = weekly_frame(wide)
    assert len(checked) == len(wide) and checked["hours"].eq(8).all()
    assert calibrate(wide).weeks == len(wide)


def test_without_hours_the_combined_frame_is_refused_for_them():
    result = read("meta_facebook_posts.csv", "ga4_traffic_acquisition.csv")
    assert "exports.note.hours_needed" in [n.key for n in result.notes]
    with pytest.raises(Exception) as err:
        result.weekly()
    assert getattr(err.value, "key", "") == "data.error.column_empty"


def test_the_preview_says_what_each_column_became_in_the_users_language():
    report = read("linkedin_content.xlsx").files[0]
    english, italian = report.columns_table("en"), report.columns_table("it")
    organic = english[english["column"] == "Impressions (organic)"].iloc[0]
    assert organic["read_as"] == "(not read)"
    assert organic["why"] == "a part of the total, which is read"
    total = italian[italian["column"] == "Impressions (total)"].iloc[0]
    assert total["read_as"] == "Impressioni o visualizzazioni" and total["why"] == ""


def test_todays_followers_stand_for_every_week_of_a_network_without_a_follower_figure():
    without = read("meta_facebook_posts.csv")
    assert "exports.note.followers_needed" in [n.key for n in without.notes]
    given = read("meta_facebook_posts.csv", followers={"facebook": 900})
    assert (given.networks["facebook"]["followers"] == 900).all()
    assert "exports.note.followers_flat" in [n.key for n in given.notes]


def test_two_page_metric_files_of_one_page_are_two_figures_not_two_versions():
    reach = raw("meta_page_reach.csv")
    follows = reach.decode("utf-16").replace("Facebook reach", "Facebook follows").replace(
        '","7', '","1').encode("utf-16")
    result = read_exports([("reach.csv", reach), ("follows.csv", follows)], today=TODAY)
    facebook = result.networks["facebook"]
    alone = read("meta_page_reach.csv").networks["facebook"]
    pd.testing.assert_series_equal(facebook["reach"], alone["reach"])
    assert facebook["follows"].notna().all()


def test_ga4_sessions_by_source_give_each_network_its_conversions():
    lines = ["# GA4", "Session primary channel group (Default Channel Group),"
             "Session source / medium,Date,Sessions,Key events,Total revenue"]
    for i, day in enumerate(pd.date_range("2026-01-05", periods=28).date):
        lines += [f"Organic Social,l.facebook.com / referral,{day:%Y%m%d},10,1,50",
                  f"Organic Social,t.co / referral,{day:%Y%m%d},4,{i % 2},20",
                  f"Organic Social,reddit.com / referral,{day:%Y%m%d},3,0,0",
                  f"Direct,(direct) / (none),{day:%Y%m%d},99,9,900"]
    result = read_exports([("ga4.csv", "\n".join(lines).encode()),
                           ("posts.csv", raw("meta_facebook_posts.csv"))], today=TODAY)
    assert result.money["sessions"].iloc[0] == 7 * 17  # every Organic Social source
    assert result.networks["x"]["conversions"].sum() == 14
    assert result.networks["facebook"]["revenue"].iloc[1] == 7 * 50
    assert "reddit" not in result.networks
    asked = [n.details["network"] for n in result.notes if n.key == "exports.note.followers_needed"]
    assert asked == ["facebook"]  # X is known here only from where its visits came
    # Facebook's own export starts on a Wednesday: its first week is partial all the same.
    assert result.networks["facebook"]["partial"].iloc[0]
    assert "conversions_facebook" in result.combined and "revenue_x" in result.combined
