"""Write the export fixtures of this folder (README.md says where each layout comes from).

Run from the repository: ``python tests/data/exports/make_fixtures.py``. Figures follow simple
rules of the day's number (so a test can recompute a week from the file's own rows); layouts
and quirks are those of docs/design notes on the platforms' exports.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = date(2026, 1, 7)  # a Wednesday: the first week is partial
DAYS = 80  # to 27 March 2026, a Friday: the last week is partial too


def days(start: date = START, count: int = DAYS) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


def csv_text(header: list[str], rows: list[list], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def meta_facebook() -> None:
    """Business Suite content export: one row a post, three posts a week (Mon, Wed, Fri),
    "Lifetime" in its Date column, US-style publish times, a UTF-8 byte-order mark."""
    header = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)",
              "Publish time", "Caption type", "Permalink", "Is crosspost", "Is share",
              "Post type", "Languages", "Custom labels", "Funded content status",
              "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares",
              "Reactions", "Comments", "Shares", "Total clicks", "Link clicks", "Other Clicks",
              "Seconds viewed", "Average Seconds viewed", "Estimated earnings (USD)"]
    rows = []
    for i, day in enumerate(days()):
        if day.weekday() not in (0, 2, 4):
            continue
        reactions, comments, shares = 20 + i % 7, 3 + i % 4, 2 + i % 3
        rows.append([f"1000{i:04d}", "123456789", "Acme Coffee", "", f"Post, \"day\" {i}",
                     "", f"{day:%m/%d/%Y} 09:{i % 60:02d}", "", f"https://fb.example/{i}",
                     "No", "No", "Photos", "", "", "", "", "Lifetime", 900 + 10 * i,
                     600 + 5 * i, reactions + comments + shares, reactions, comments, shares,
                     15 + i % 5, 10 + i % 5, 5, "", "", ""])
    (HERE / "meta_facebook_posts.csv").write_bytes(
        b"\xef\xbb\xbf" + csv_text(header, rows).encode())


def meta_instagram_it() -> None:
    """The Instagram content export with the Italian interface's headers, day-first times,
    and no Reach column in its first months (added later: the column comes and goes)."""
    header = ["ID post", "ID account", "Nome utente account", "Nome account", "Descrizione",
              "Durata (sec)", "Orario di pubblicazione", "Permalink", "Tipo di post", "Data",
              "Visualizzazioni", "Mi piace", "Condivisioni", "Follow", "Commenti",
              "Salvataggi"]
    rows = []
    for i, day in enumerate(days()):
        if day.weekday() not in (1, 3, 5):
            continue
        rows.append([f"1790{i:04d}", "178414", "acme.coffee", "Acme", f"Foto {i}", "",
                     f"{day:%d/%m/%Y} 18:30", f"https://ig.example/{i}", "Post", "Totale",
                     1500 + 20 * i, 80 + i % 9, 4, 1 + i % 2, 6, 3])
    (HERE / "meta_instagram_posts_it.csv").write_text(csv_text(header, rows), "utf-8")


def meta_page_metric() -> None:
    """A page-level insight CSV: UTF-16 LE, the metric's name on the first line, "Date",
    "Primary", timestamps, and a "Lifetime" row."""
    lines = ['"Facebook reach"', '"Date","Primary"']
    lines += [f'"{d:%Y-%m-%d}T08:00:00","{700 + 3 * i}"' for i, d in enumerate(days())]
    lines.append('"Lifetime","99999"')
    (HERE / "meta_page_reach.csv").write_bytes(
        b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le"))


def linkedin_workbooks() -> None:
    """The followers workbook (New followers with its breakdown, Location) and the content
    workbook (Metrics, its header in row 2 under a title; All posts), as xlsx; and the
    content workbook with Spanish headers as a legacy .xls."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "New followers"
    sheet.append(["Date", "Sponsored followers", "Organic followers", "Auto-invited followers",
                  "Total followers"])
    for i, day in enumerate(days()):
        sheet.append([day.strftime("%m/%d/%Y"), i % 2, 3 + i % 4, 0, i % 2 + 3 + i % 4])
    location = book.create_sheet("Location")
    location.append(["Location", "Total followers"])
    location.append(["Milan, Italy", 310])
    book.save(HERE / "linkedin_followers.xlsx")

    book = Workbook()
    metrics = book.active
    metrics.title = "Metrics"
    metrics.append(["Aggregated metrics for the period. Learn more"])
    metrics.append(["Date", "Impressions (organic)", "Impressions (sponsored)",
                    "Impressions (total)", "Unique impressions (organic)", "Clicks (organic)",
                    "Clicks (sponsored)", "Clicks (total)", "Reactions (organic)",
                    "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
                    "Comments (sponsored)", "Comments (total)", "Reposts (organic)",
                    "Reposts (sponsored)", "Reposts (total)", "Engagement rate (organic)",
                    "Engagement rate (sponsored)", "Engagement rate (total)"])
    for i, day in enumerate(days()):
        metrics.append([day.strftime("%m/%d/%Y"), 400 + i, 50, 450 + i, 300 + i, 9, 1, 10,
                        12 + i % 3, 0, 12 + i % 3, 2, 0, 2, 1, 0, 1, 0.05, 0.02, 0.055])
    posts = book.create_sheet("All posts")
    posts.append(["All posts in the period"])
    posts.append(["Post title", "Post link", "Post type", "Posted by", "Created date",
                  "Impressions", "Views (excluding off-site video views)", "Off-site views",
                  "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts",
                  "Follows", "Engagement rate", "Content Type"])
    for i, day in enumerate(days()):
        if day.weekday() in (1, 3):
            posts.append([f"Update {i}", f"https://li.example/{i}", "Organic", "Ann",
                          day.strftime("%m/%d/%Y"), 800, "", "", 20, 0.025, 25, 3, 2, 1,
                          0.06, "Text"])
    book.save(HERE / "linkedin_content.xlsx")

    import xlwt

    legacy = xlwt.Workbook()
    sheet = legacy.add_sheet("Metrics")
    sheet.write(0, 0, "Métricas agregadas del periodo")
    for col, name in enumerate(["Fecha", "Impresiones (orgánicas)", "Impresiones (total)",
                                "Clics (total)", "Reacciones (total)", "Comentarios (total)",
                                "Veces compartido (total)"]):
        sheet.write(1, col, name)
    for i, day in enumerate(days()):
        for col, value in enumerate([day.strftime("%d/%m/%Y"), 400 + i, 450 + i, 10,
                                     12 + i % 3, 2, 1]):
            sheet.write(i + 2, col, value)
    legacy.save(str(HERE / "linkedin_content_es.xls"))


def x_exports() -> None:
    """The daily account overview, in two overlapping exports (X revises recent days: the
    newer one has other figures for the days both hold); the per-post content export; and the
    legacy tweet-activity CSV with lower-case headers."""
    header = ["Date", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares",
              "New follows", "Unfollows", "Replies", "Reposts", "Profile visits",
              "Create Post", "Video views", "Media views"]

    def overview(first: date, count: int, bump: int) -> str:
        rows = [[f"{d:%a, %b %d, %Y}", 300 + i + bump, 10, 25 + bump, 1, 0, 4, 1, 2, 3, 6, 1,
                 0, 0] for i, d in enumerate(days(first, count))]
        return csv_text(header, rows)

    (HERE / "x_account_overview_jan.csv").write_text(overview(START, 45, 0), "utf-8")
    # The newer export starts 10 days before the first one ends, with revised figures.
    (HERE / "x_account_overview_feb.csv").write_text(
        overview(START + timedelta(days=35), 45, 100), "utf-8")
    content = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes",
               "Engagements", "Bookmarks", "Shares", "New follows", "Replies", "Reposts",
               "Profile visits"]
    rows = [[f"18{i:06d}", f"{d:%a, %b %d, %Y}", f"Post {i}", f"https://x.example/{i}",
             300 + i, 10, 25, 1, 0, 4, 2, 3, 6] for i, d in enumerate(days())]
    (HERE / "x_content.csv").write_text(csv_text(content, rows), "utf-8")
    legacy = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions",
              "engagements", "engagement rate", "retweets", "replies", "likes",
              "user profile clicks", "url clicks", "hashtag clicks", "follows", "media views"]
    rows = [[f"11{i:06d}", f"https://twitter.example/{i}", f"Tweet {i}",
             f"{d:%Y-%m-%d} 14:{i % 60:02d} +0000", 200 + i, 8, 0.04, 1, 1, 5, 2, 1, 0, 0, 0]
            for i, d in enumerate(days(date(2019, 3, 4), 60)) if i % 2 == 0]
    (HERE / "x_tweet_activity_legacy.csv").write_text(csv_text(legacy, rows), "utf-8")


def tiktok() -> None:
    """TikTok Studio's last 60 days: a zip of CSVs (and the same as xlsx sheets), dates
    without a year ("28 December"), cells reading "undefined", a new year in the middle."""
    first = date(2025, 12, 1)
    overview = [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]]
    followers = [["Date", "Followers", "Difference in followers from previous day"]]
    viewers = [["Date", "Total Viewers", "New Viewers", "Returning Viewers"]]
    for i, day in enumerate(days(first, 60)):
        label = f"{day.day} {day:%B}"
        overview.append([label, 2000 + 10 * i, 40, 150 + i, "undefined" if i == 5 else 9, 4])
        followers.append([label, 5000 + 7 * i, 7])
        viewers.append([label, 1500, 900, 600])
    members = {"Overview.csv": overview, "FollowerHistory.csv": followers,
               "Viewers.csv": viewers}
    with zipfile.ZipFile(HERE / "tiktok_studio.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 30, 10, 0, 0))
            archive.writestr(info, csv_text(rows[0], rows[1:]), zipfile.ZIP_DEFLATED)
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in members.items():
        sheet = book.create_sheet(name.removesuffix(".csv"))
        for row in rows:
            sheet.append(row)
    book.save(HERE / "tiktok_studio.xlsx")


def youtube() -> None:
    """Studio's Table data.csv (one row a video, a "Total" row first) and Chart data.csv
    (one row a day)."""
    header = ["Content", "Video title", "Video publish time", "Duration",
              "Average percentage viewed (%)", "Regular viewers", "Engaged views", "Views",
              "Watch time (hours)", "Subscribers", "Average view duration", "Impressions",
              "Impressions click-through rate (%)"]
    rows = [["Total", "", "", "", "", "", "", 12 * 500, 240.5, 12 * 3, "", 60000, 4.1]]
    for week in range(12):
        day = START + timedelta(days=7 * week + 2)  # Fridays
        rows.append([f"vid{week:03d}", f"Video {week}", f"{day:%b %-d, %Y}", 300, 41.2, 10,
                     480, 500, 20.1, 3, "0:02:03", 5000, 4.1])
    (HERE / "youtube_table_data.csv").write_text(csv_text(header, rows), "utf-8")
    chart = [[f"{d:%Y-%m-%d}", 70 + i % 10, 2.5] for i, d in enumerate(days())]
    (HERE / "youtube_chart_data.csv").write_text(
        csv_text(["Date", "Views", "Watch time (hours)"], chart), "utf-8")


def ga4() -> None:
    """A traffic-acquisition report by day and channel: "#" lines above the header, dates as
    YYYYMMDD, several channels of which Organic Social is read, revenue in euros."""
    preamble = ["# ----------------------------------------", "# Traffic acquisition",
                "# Account: Acme", "# Property: Acme shop",
                "# Start date: 20260105", "# End date: 20260329",
                "# ----------------------------------------", ""]
    header = ["Session primary channel group (Default Channel Group)", "Date", "Users",
              "Sessions", "Engaged sessions", "Average engagement time per session",
              "Engagement rate", "Events per session", "Event count", "Key events",
              "Total revenue"]
    rows = []
    for i, day in enumerate(days(date(2026, 1, 5), 84)):
        for channel, scale in (("Organic Search", 3), ("Organic Social", 1), ("Direct", 2)):
            rows.append([channel, f"{day:%Y%m%d}", 50 * scale, 60 * scale + i % 5, 30, 41.5,
                         0.5, 3.1, 180, scale + i % 3, f"€{(scale + i % 3) * 40:.2f}"])
    text = "\n".join(preamble) + "\n" + csv_text(header, rows)
    (HERE / "ga4_traffic_acquisition.csv").write_text(text, "utf-8")


def generic() -> None:
    """A scheduling tool's post export (Sprout-style), mixing networks in one file."""
    header = ["Date", "Post ID", "Network", "Post Type", "Content Type", "Profile", "Link",
              "Post", "Impressions", "Organic Impressions", "Paid Impressions", "Reach",
              "Engagements", "Engagement Rate (per Impression)", "Post Link Clicks",
              "Video Views"]
    rows = []
    for i, day in enumerate(days()):
        for network in ("Facebook", "Instagram"):
            rows.append([f"{day:%m/%d/%Y} 10:00", f"{network[0]}{i}", network, "Post", "Photo",
                         "Acme", f"https://s.example/{network}/{i}", f"Text {i}", 1000, 1000,
                         0, 700, 50, "5.0%", 12, 0])
    (HERE / "generic_scheduler_posts.csv").write_text(csv_text(header, rows), "utf-8")


def bad_files() -> None:
    """Files each refused for one reason."""
    (HERE / "bad_unrecognised.csv").write_text("name,colour\nAnn,red\nBob,blue\n", "utf-8")
    with zipfile.ZipFile(HERE / "bad_zip_with_image.zip", "w") as archive:
        archive.writestr("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    content = (HERE / "linkedin_followers.xlsx").read_bytes()
    (HERE / "bad_corrupt.xlsx").write_bytes(content[: len(content) // 2])
    import msoffcrypto.format.ooxml as ooxml

    encrypted = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(content)).encrypt("secret", encrypted)
    (HERE / "bad_password.xlsx").write_bytes(encrypted.getvalue())
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Location", "Total followers"])
    book.active.append(["Milan", 10])
    book.save(HERE / "bad_no_dates.xlsx")
    text = (HERE / "ga4_traffic_acquisition.csv").read_text("utf-8").replace("€", "$")
    (HERE / "ga4_in_dollars.csv").write_text(text, "utf-8")


def main() -> None:
    meta_facebook()
    meta_instagram_it()
    meta_page_metric()
    linkedin_workbooks()
    x_exports()
    tiktok()
    youtube()
    ga4()
    generic()
    bad_files()


if __name__ == "__main__":
    main()
