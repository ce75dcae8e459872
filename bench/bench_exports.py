"""Reading the platforms' exports, printed (not asserted): a real upload and growing files.

Issue 18 sets no figure beyond time linear in the file, so the bounds printed are ours: the
browser test's upload (a Meta export, a LinkedIn workbook and a GA4 report, read together) in a
tenth of view/fitting.py's 10 s limit, and 100 ms per thousand posts. The growing Facebook
exports print their time per thousand posts (from the fastest run: the machine is shared) and
the largest's over the smallest's, about 1 when reading is linear.
Run from the repository's folder: python -m bench.bench_exports
"""

from __future__ import annotations

from pathlib import Path

from bench.timing import machine, peak_mb, row, timed
from smm_sim.exports import read_exports

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "exports"
UPLOAD = ("meta_facebook_posts.csv", "linkedin_content.xlsx", "ga4_traffic_acquisition.csv")
SIZES = (2_000, 8_000, 16_000)  # posts: a busy page's year is about 1,500


def facebook_export(posts: int) -> bytes:
    """The fixture's header and its first post, repeated ``posts`` times."""
    text = (FIXTURES / "meta_facebook_posts.csv").read_bytes().decode("utf-8-sig")
    header, first = text.split("\r\n")[:2]
    return (header + "\r\n" + (first + "\r\n") * posts).encode()


def main() -> None:
    print(machine())
    files = [(name, (FIXTURES / name).read_bytes()) for name in UPLOAD]
    row("read_exports: Meta + LinkedIn xlsx + GA4", timed(lambda: read_exports(files), 10),
        1000)
    per_thousand = {}
    for posts in SIZES:
        data = [("posts.csv", facebook_export(posts))]
        times = timed(lambda data=data: read_exports(data), 5)
        per_thousand[posts] = min(times) * 1000 / (posts / 1000)
        row(f"read_exports: Facebook, {posts:,} posts", times, posts / 1000 * 100,
            f"  {per_thousand[posts]:.1f} ms per 1,000 posts")
    largest = max(SIZES)
    print(f"time per post, {largest:,} over {min(SIZES):,} posts: "
          f"{per_thousand[largest] / per_thousand[min(SIZES)]:.2f} (1 = linear)")
    print(f"peak memory reading {largest:,} posts "
          f"({len(facebook_export(largest)) / 1e6:.1f} MB): "
          f"{peak_mb(lambda: read_exports([('p.csv', facebook_export(largest))])):.1f} MB")


if __name__ == "__main__":
    main()
