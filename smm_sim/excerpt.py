"""User text as a message or a report quotes it: a file name, a cell, a key or value of a link."""

from __future__ import annotations

import re
from typing import Any

QUOTED_CHARS = 40  # characters of user text a message quotes
FILE_NAME_CHARS = 60  # characters of a file name a message or the report quotes
ELLIPSIS = "…"
SPACES = re.compile(r"\s+")


def excerpt(text: Any, most: int = QUOTED_CHARS) -> str:
    """``text`` on one line (each run of white space, line breaks included, one space; a space
    at either end kept, as it may be why the text was refused) and at most ``most``
    characters: a longer text keeps ``most - 1`` and ends with "…". Time linear in the
    length of ``text``."""
    line = SPACES.sub(" ", str(text))
    return line if len(line) <= most else line[:most - 1] + ELLIPSIS
