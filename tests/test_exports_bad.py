"""Exports that cannot be read: each gets a message in the user's language that names the file
and what is wrong, the other files are read all the same, and hostile files (zip bombs, deep or
wide sheets) are refused within the limits, in time linear in their size."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from smm_sim.exports import MAX_FILES, read_exports
from smm_sim.exports.files import (MAX_COLUMNS, MAX_EXPANDED_BYTES, MAX_EXPORT_BYTES,
                                   MAX_MEMBERS, MAX_ROWS, MAX_SHEETS)
from smm_sim.i18n import LANGUAGES, translate

DATA = Path(__file__).parent / "data" / "exports"
GOOD = "meta_facebook_posts.csv"


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def refusal(name: str, data: bytes) -> str:
    """The key a lone file is refused with ("" when it is read)."""
    return read_exports([(name, data)]).files[0].error


@pytest.mark.parametrize("name, key", [
    ("bad_unrecognised.csv", "exports.error.unrecognised"),
    ("bad_zip_with_image.zip", "exports.error.zip_content"),
    ("bad_password.xlsx", "exports.error.password"),
    ("bad_corrupt.xlsx", "exports.error.corrupt"),
    ("bad_no_dates.xlsx", "exports.error.no_dates"),
])
def test_a_bad_file_is_named_in_every_language_and_the_good_one_is_still_read(name, key):
    result = read_exports([(name, raw(name)), (GOOD, raw(GOOD))])
    bad, good = result.files
    assert bad.error == key and not good.error
    assert "facebook" in result.networks
    texts = {lang: bad.error_text(lang) for lang in LANGUAGES}
    for lang, text in texts.items():
        assert text.startswith(name + ": ")
        assert text.endswith(translate(key, lang).split("{")[0][-5:]) or "{" in translate(
            key, lang)
    assert len(set(texts.values())) == len(LANGUAGES)  # not English three times


def test_revenue_in_two_currencies_is_refused_for_the_second_file():
    result = read_exports([("ga4.csv", raw("ga4_traffic_acquisition.csv")),
                           ("ga4_usd.csv", raw("ga4_in_dollars.csv"))])
    assert not result.files[0].error
    assert result.files[1].error == "exports.error.currency_conflict"
    assert "EUR" in result.files[1].error_text() and "USD" in result.files[1].error_text()
    assert result.currency == "EUR" and result.money is not None


def test_a_cell_that_is_no_number_names_its_column_and_value():
    text = raw(GOOD).decode("utf-8-sig").replace(",Lifetime,900,", ",Lifetime,lots,", 1)
    result = read_exports([("posts.csv", text.encode())])
    assert result.files[0].error == "exports.error.not_number"
    assert result.files[0].details == {"column": "Views", "value": "lots"}


def test_a_file_name_with_markup_is_quoted_as_it_is():
    name = "<b>www.evil.example</b>.csv"
    result = read_exports([(name, raw("bad_unrecognised.csv"))])
    assert result.files[0].name == name  # shown as plain text by the page, never as HTML


def test_too_many_files_keep_the_first_ones():
    files = [(f"{i}.csv", raw(GOOD)) for i in range(MAX_FILES + 1)]
    result = read_exports(files)
    assert [f.error for f in result.files][-2:] == ["", "exports.error.too_many_files"]


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_that_declares_too_much_is_refused_before_it_is_unpacked():
    bomb = zip_of({"Overview.csv": b"0" * (MAX_EXPANDED_BYTES + 1)})
    assert len(bomb) < MAX_EXPORT_BYTES // 10
    start = time.perf_counter()
    assert refusal("tiktok.zip", bomb) == "exports.error.expands"
    assert time.perf_counter() - start < 1


def lying(data: bytes, size: int) -> bytes:
    """The zip with its one member's uncompressed size rewritten as ``size``, in the local
    header and the central directory alike."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    out[local + 22:local + 26] = struct.pack("<I", size)
    central = out.find(b"PK\x01\x02")
    out[central + 24:central + 28] = struct.pack("<I", size)
    return bytes(out)


def test_a_zip_that_hides_its_size_is_stopped_by_counting_what_it_expands_to():
    members = {f"part{i}.csv": b"Date,Video Views\n" + b"1" * (MAX_EXPANDED_BYTES // 2)
               for i in range(3)}
    bomb = zip_of(members)
    assert refusal("bomb.zip", bomb) == "exports.error.expands"
    one = zip_of({"Overview.csv": b"Date,Video Views\n" + b"1" * (MAX_EXPANDED_BYTES + 10)})
    hidden = lying(one, 100)  # it claims 100 bytes and holds 40 MB
    start = time.perf_counter()
    assert refusal("hidden.zip", hidden) in ("exports.error.expands", "exports.error.corrupt")
    assert time.perf_counter() - start < 1  # it was not unpacked whole


def test_a_zip_of_too_many_members_is_refused():
    many = zip_of({f"{i}.csv": b"Date,Views\n2026-01-05,1\n" for i in range(MAX_MEMBERS + 1)})
    assert refusal("many.zip", many) == "exports.error.too_many_members"


def test_a_zip_inside_a_zip_is_refused():
    inner = zip_of({"Overview.csv": b"Date,Video Views\n"})
    assert refusal("outer.zip", zip_of({"inner.zip": inner})) == "exports.error.zip_content"


def workbook(sheets: int = 1, rows: int = 3, columns: int = 3) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for s in range(sheets):
        sheet = book.create_sheet(f"S{s}")
        sheet.append(["Date", *(f"Views {c}" for c in range(columns - 1))])
        for r in range(rows):
            sheet.append([f"2026-01-{1 + r % 28:02d}", *range(columns - 1)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_deep_wide_and_many_sheeted_workbooks_are_refused():
    assert refusal("deep.xlsx", workbook(rows=MAX_ROWS + 10)) == "exports.error.too_many_rows"
    assert refusal("wide.xlsx", workbook(columns=MAX_COLUMNS + 1)) == \
        "exports.error.too_many_columns"
    assert refusal("sheets.xlsx", workbook(sheets=MAX_SHEETS + 1, rows=1)) == \
        "exports.error.too_many_sheets"


def test_a_file_over_the_size_limit_is_refused_unread():
    assert refusal("big.csv", b"Date,Views\n" + b"2026-01-05,1\n" * (MAX_EXPORT_BYTES // 13 + 1)) \
        == "exports.error.too_large"


def test_a_csv_of_too_many_rows_is_refused():
    data = b"Date,Views\n" + b"2026-01-05,1\n" * (MAX_ROWS + 100)
    assert refusal("rows.csv", data) == "exports.error.too_many_rows"


def facebook_export(posts: int) -> bytes:
    text = raw(GOOD).decode("utf-8-sig")
    header, first = text.split("\r\n")[:2]
    return (header + "\r\n" + (first + "\r\n") * posts).encode()


def best_time(data: bytes) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        read_exports([("posts.csv", data)])
        best = min(best, time.perf_counter() - start)
    return best


def test_reading_time_grows_linearly_with_the_number_of_posts():
    best_time(facebook_export(100))  # the first read loads what the others reuse
    small, large = best_time(facebook_export(2_000)), best_time(facebook_export(8_000))
    assert large < 4 * small * 2  # four times the rows: at most twice the linear cost


@settings(max_examples=60, deadline=None)
@given(hs.binary(max_size=2_000), hs.sampled_from(["a.csv", "b.xlsx", "c.zip", "d"]))
def test_any_bytes_get_a_reason_or_a_reading_never_a_crash(data, name):
    report = read_exports([(name, data), (GOOD, raw(GOOD))]).files
    assert report[1].error == ""  # the good file beside it is read
    assert report[0].error == "" or report[0].error_text("es").startswith(name + ": ")


@settings(max_examples=30, deadline=None)
@given(hs.integers(0, 4_000), hs.binary(min_size=1, max_size=64))
def test_a_damaged_workbook_or_zip_is_refused_with_a_reason(cut, noise):
    for fixture in ("linkedin_content.xlsx", "tiktok_studio.zip", "linkedin_content_es.xls"):
        content = raw(fixture)
        damaged = content[:cut] + noise + content[cut + len(noise):]
        key = refusal(fixture, damaged)  # a reason of ours, whichever byte broke: no crash
        assert key == "" or key.startswith("exports.error."), key
