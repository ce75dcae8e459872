"""Reading a weekly file takes time linear in its size, and each limit names itself.

Times are compared with reading a file of the same size that takes the ordinary path (the
best of three runs each), never with absolute seconds: the machine may be busy.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from smm_sim.i18n import LANGUAGES
from smm_sim.weekly_file import (MAX_CELL_CHARS, MAX_HEADER_CELL_CHARS, MAX_LINE_CHARS,
                                 MAX_LINES, SEP_HINT, DataFileError, _without_brackets, message,
                                 read_weekly_csv)

HEADER = b"week,hours,posts,followers,engagements,conversions,revenue"
ROWS = b"".join(b"%d,8,4,100,10,1,100\n" % w for w in range(1, 11))
GOOD = HEADER + b"\n" + ROWS
SLOWER_AT_MOST = 5  # a linear step may cost a few times the ordinary path, not hundreds


def outcome(data: bytes) -> str:
    """The reader's answer to ``data``: "read" or the key it refuses with."""
    try:
        read_weekly_csv(data)
    except DataFileError as err:
        return err.key
    return "read"


def seconds(data: bytes) -> float:
    """The best of three times to read (or refuse) ``data``."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        outcome(data)
        best = min(best, time.perf_counter() - start)
    return best


def refusal(data: bytes) -> DataFileError:
    with pytest.raises(DataFileError) as err:
        read_weekly_csv(data)
    return err.value


def notes_file(size: int) -> bytes:
    """An ordinary weekly file of about ``size`` bytes: a notes column (ignored) pads it."""
    note = b"x" * (size // 40)
    rows = b"".join(b"%d,8,4,100,10,1,100,%s\n" % (w, note) for w in range(1, 41))
    return HEADER + b",notes\n" + rows


def test_a_header_of_fifty_thousand_open_brackets_is_refused_as_fast_as_a_normal_file():
    hostile = GOOD.replace(b"week", b"(" * 50_000, 1)
    err = refusal(hostile)
    assert err.key == "data.error.header_too_long"
    assert err.details["letter"] == "A" and err.details["length"] == 50_000
    assert seconds(hostile) < SLOWER_AT_MOST * seconds(notes_file(len(hostile)))


def test_cleaning_a_header_of_open_brackets_is_linear():
    # The regex it replaces took 20 s on 48 kB of "(" and a moment on as many pairs "()".
    def cleaning(text: str) -> float:
        start = time.perf_counter()
        _without_brackets(text)
        return time.perf_counter() - start

    unclosed = min(cleaning("(" * 50_000) for _ in range(3))
    assert unclosed < SLOWER_AT_MOST * min(cleaning("()" * 25_000) for _ in range(3))


@given(hs.text(alphabet="([)]\na ", max_size=40))
def test_brackets_are_removed_as_the_header_rule_always_removed_them(text):
    assert _without_brackets(text) == re.sub(r"\(.*?\)|\[.*?\]", " ", text)


@given(hs.text(alphabet=' \t,;|"sepSEP=x', max_size=30))
def test_the_sep_line_is_recognised_as_before(line):
    before = re.fullmatch(r'\s*"?sep=(.)"?\s*[,;\t|]*', line, re.IGNORECASE)
    now = SEP_HINT.fullmatch(line)
    assert (before and before.group(1)) == (now and now.group(1))


def test_a_sep_line_of_many_tabs_is_read_as_fast_as_any_first_line():
    tabs = b"\t" * 20_000 + b"x\n"
    assert outcome(b"sep=;" + tabs + GOOD) == outcome(b"sepx;" + tabs + GOOD) \
        == "data.error.too_many_columns"
    assert seconds(b"sep=;" + tabs + GOOD) < SLOWER_AT_MOST * seconds(b"sepx;" + tabs + GOOD)


def test_nine_hundred_thousand_blank_lines_at_the_end_are_skipped_in_linear_time():
    padded = GOOD + b"\n" * 900_000
    frame = read_weekly_csv(padded)
    assert list(frame["week"]) == list(range(1, 11))
    assert seconds(padded) < SLOWER_AT_MOST * seconds(notes_file(len(padded) // 2))


def test_too_many_lines_are_refused_by_count_without_reading_each():
    hostile = HEADER + b"\n" + b"\n" * 900_000 + ROWS
    err = refusal(hostile)
    assert err.key == "data.error.too_many_lines"
    assert err.details == {"count": 900_011, "limit": MAX_LINES}
    assert seconds(hostile) < SLOWER_AT_MOST * seconds(notes_file(len(hostile) // 2))
    assert outcome(HEADER + b"\n" + b",,,,,,\n" * (MAX_LINES - 12) + ROWS) == "read"


def test_a_long_line_without_quotes_is_named_a_long_line_not_an_open_quote():
    err = refusal(GOOD + b"x" * 900_000 + b"\n")
    assert err.key == "data.error.line_too_long"
    assert err.details == {"row": 12, "length": 900_000, "limit": MAX_LINE_CHARS}
    assert refusal(GOOD + b'11,8,4,"100\n' + ROWS).key == "data.error.unreadable_row"


def test_a_long_column_name_is_refused_before_it_is_cleaned():
    name = b"hours" + b" (h)" * 60
    err = refusal(GOOD.replace(b"hours", name, 1))
    assert err.key == "data.error.header_too_long"
    assert err.details["letter"] == "B" and err.details["length"] == len(name)
    assert err.details["limit"] == MAX_HEADER_CELL_CHARS
    assert outcome(GOOD.replace(b"hours", b"hours (h)", 1)) == "read"


def test_a_long_cell_of_a_column_read_is_refused_and_one_of_an_ignored_column_is_not():
    long_hours = b"8." + b"0" * MAX_CELL_CHARS
    err = refusal(GOOD.replace(b"3,8,", b"3," + long_hours + b",", 1))
    assert err.key == "data.error.cell_too_long"
    assert {k: err.details[k] for k in ("row", "letter", "column", "limit")} \
        == {"row": 4, "letter": "B", "column": "hours", "limit": MAX_CELL_CHARS}
    assert outcome(notes_file(40 * 500)) == "read"  # notes of 500 characters: ignored, kept


@pytest.mark.parametrize("data, limit", [
    (GOOD.replace(b"week", b"(" * 300, 1), MAX_HEADER_CELL_CHARS),
    (GOOD.replace(b"3,8,", b"3,8" + b" " * 200 + b",", 1), MAX_CELL_CHARS),
    (GOOD + b"x" * (MAX_LINE_CHARS + 1), MAX_LINE_CHARS),
    (GOOD + b"\n" * MAX_LINES + b"11,8,4,100,10,1,100\n", MAX_LINES),
], ids=["header", "cell", "line", "lines"])
def test_each_limit_says_which_it_is_in_every_language(data, limit):
    err = refusal(data)
    assert err.details["limit"] == limit
    for lang in LANGUAGES:
        text = message(err.key, err.details, lang)
        assert str(limit) in text and "{" not in text, (lang, text)
