"""A real server and a real browser: `streamlit run streamlit_app.py` (as deployed) on a free port,
driven by Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from smm_sim import rooms

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, *options: str,
                 rooms_url: str | None = None) -> tuple[subprocess.Popen, str]:
    """`streamlit run streamlit_app.py` on ``port`` with Streamlit ``options``, once it answers
    its health check; its rooms in the database at ``rooms_url`` (else as deployed)."""
    env = dict(os.environ)
    if rooms_url is not None:
        env[rooms.URL_ENV] = rooms_url
    log = tempfile.TemporaryFile()  # a pipe nobody reads would stall a chatty server
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *options],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")[-2000:]) from None
            time.sleep(0.3)
    return process, url


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def rooms_url(tmp_path_factory) -> str:
    """The rooms' database of the session's server: a file of this test run."""
    return f"sqlite:///{tmp_path_factory.mktemp('rooms') / 'rooms.sqlite'}"


@pytest.fixture(scope="session")
def server(rooms_url):
    """The app as deployed, its rooms in ``rooms_url``."""
    process, url = start_server(free_port(), rooms_url=rooms_url)
    yield url
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def settle(page, selector: str = ".st-key-key-figures [data-testid='stMetricValue']") -> None:
    """Wait until the app has drawn ``selector`` and no script run is under way."""
    page.wait_for_selector(selector)
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(300)  # a rerun triggered by the URL update may follow at once
    page.wait_for_selector(IDLE)
