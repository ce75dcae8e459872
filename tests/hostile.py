"""Text an attacker would give the app (file names, cells, scenario keys, link values, names
typed in the tools), and the files that carry it. Every text holds "evil", which no text of
the app does, so a test can find what came from it on the page."""

from __future__ import annotations

import json
from pathlib import Path

from smm_sim import DEFAULT

ROOT = Path(__file__).resolve().parents[1]
NAME = "... see www.evil.example or support@evil.example"  # a file name, without its suffix
CELL = "https://evil.example/login?next=you"
KEY = "www.evil.example/reset-password"
IMAGE = "![x](http://evil.example/p.png) <img src=http://evil.example/q.png>"
TEXTS = [NAME, CELL, KEY, IMAGE, "HTTP://EVIL.EXAMPLE", "(WWW.evil.example)", "a@b.evil.example",
         "<http://evil.example>", "[x](http://evil.example)"]
WEEKLY = (ROOT / "tests" / "data" / "good.csv").read_text().splitlines()


def weekly_file(row: int = 0, cell: str = "") -> bytes:
    """The good weekly file, the posts cell of ``row`` (0: the header) replaced by ``cell``."""
    lines = list(WEEKLY)
    if cell:
        cells = lines[row].split(",")
        cells[2] = cell
        lines[row] = ",".join(cells)
    return "\n".join(lines).encode()


def scenario_file(**edits) -> bytes:
    """A saved scenario of the default values, with ``edits`` written into its fields."""
    saved = json.loads(DEFAULT.to_json())
    saved["scenario"].update(edits)
    return json.dumps(saved).encode()
