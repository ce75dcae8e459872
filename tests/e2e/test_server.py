"""The server as a visitor's browser, or someone else's script, reaches it: plain HTTP and the
websocket against `streamlit run streamlit_app.py`, no browser."""

from __future__ import annotations

import asyncio
import http.cookiejar
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from view import guard
from view.your_data import SCENARIO_FILE_KEY, UPLOAD_KEY, UPLOADS

from .conftest import free_port, start_server, stop_server

GRACE_SECONDS = 2  # server.disconnectedSessionTTL of the server that lets sessions go


def start(*options: str) -> tuple[subprocess.Popen, str]:
    return start_server(free_port(), *options)


@pytest.fixture(scope="module")
def letting_go():
    """A server with a short grace period for closed sessions: its own process, so the memory
    it holds is only what these tests sent."""
    process, url = start("--server.disconnectedSessionTTL", str(GRACE_SECONDS))
    yield process, url
    stop_server(process)


def status(url: str, method: str = "GET") -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


class Session:
    """One visitor: the XSRF cookie, and a websocket connection that keeps a session open."""

    def __init__(self, url: str) -> None:
        self.url = url
        jar = http.cookiejar.CookieJar()
        urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open(
            f"{url}/_stcore/health").read()
        self.xsrf = {c.name: c.value for c in jar}["_streamlit_xsrf"]
        # A loop of its own, on a thread of its own: the browser tests keep one running here.
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.socket, self.id = self._on_loop(self._connect())

    def _on_loop(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    async def _connect(self):
        import websockets
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        socket = await websockets.connect(
            self.url.replace("http", "ws") + "/_stcore/stream", origin=self.url,
            subprotocols=["streamlit", self.xsrf],
            additional_headers={"Cookie": f"_streamlit_xsrf={self.xsrf}"}, max_size=None,
            close_timeout=0.5)
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        await socket.send(rerun.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await socket.recv())
            if message.WhichOneof("type") == "new_session":
                return socket, message.new_session.initialize.session_id

    def upload(self, name: str, size: int) -> int:
        """PUT a file of ``size`` bytes as the page's uploader does; the HTTP status."""
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() \
            + b"1" * size + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{self.url}/_stcore/upload_file/{self.id}/{uuid.uuid4()}", data=body, method="PUT",
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                     "X-Xsrftoken": self.xsrf, "Cookie": f"_streamlit_xsrf={self.xsrf}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status
        except urllib.error.HTTPError as err:
            return err.code

    def close(self) -> None:
        self._on_loop(self.socket.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


@pytest.fixture
def session(server):
    visitor = Session(server)
    yield visitor
    visitor.close()


MB = 1024 * 1024
WEEKLY_MB, SCENARIO_MB = (UPLOADS[key][1] for key in (UPLOAD_KEY, SCENARIO_FILE_KEY))


def test_the_health_check_answers(server):
    assert status(f"{server}/_stcore/health") == 200


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_metrics_route_is_closed(server, method):
    """It named the sessions, caches and compute times: someone else's fit showed there."""
    assert status(f"{server}/_stcore/metrics", method) == 404
    assert status(f"{server}/_stcore/metrics/", method) == 404


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/_stcore/metrics", "/nowhere"])
def test_every_answer_forbids_framing_by_other_sites_and_guessing_types(server, path):
    try:
        reply = urllib.request.urlopen(f"{server}{path}", timeout=10)
    except urllib.error.HTTPError as err:
        reply = err
    headers = reply.headers
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_an_upload_within_its_widgets_limit_is_taken(session):
    assert session.upload("weeks.csv", int(0.95 * WEEKLY_MB * MB)) == 204
    assert session.upload("scenario.json", int(0.95 * SCENARIO_MB * MB)) == 204


@pytest.mark.parametrize("name, size", [("weeks.csv", int(1.05 * WEEKLY_MB * MB)),
                                        ("scenario.json", int(1.05 * SCENARIO_MB * MB)),
                                        ("weeks.CSV", int(1.5 * WEEKLY_MB * MB))])
def test_an_upload_over_its_widgets_limit_is_refused(session, name, size):
    """Each widget states its own limit (view/your_data.py UPLOADS): the server keeps to it."""
    assert session.upload(name, size) == 413


def test_an_upload_that_declares_too_many_bytes_is_refused_before_its_body_is_read(session):
    host, port = session.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(f"PUT /_stcore/upload_file/{session.id}/{uuid.uuid4()} HTTP/1.1\r\n"
                    f"Host: {host}\r\nContent-Length: {5 * MB}\r\n"
                    "Content-Type: multipart/form-data; boundary=x\r\n\r\n".encode())
        assert raw.recv(100).split(b"\r\n")[0] == b"HTTP/1.1 413 Request Entity Too Large"


@pytest.mark.parametrize("name", ["weeks.exe", "weeks", "weeks.csv.html"])
def test_a_file_type_no_widget_takes_is_refused(session, name):
    assert session.upload(name, 100) == 415


def test_a_session_holds_two_files_per_widget_at_most(session):
    """The one in use and the one replacing it: 40 files of 4.9 MB were all kept before."""
    size = int(0.9 * WEEKLY_MB * MB)
    # A CSV may be for the weekly file's widget or the exports' (view/guard.py): both count.
    csv_files = guard.limits()[2][guard.widget_of("weeks.csv")]
    assert [session.upload("weeks.csv", size) for _ in range(csv_files + 2)] == \
        [204] * csv_files + [429, 429]
    assert [session.upload("scenario.json", 1000) for _ in range(3)] == [204, 204, 429]


def memory_mb(process: subprocess.Popen) -> float:
    """The server's resident memory, in MB (Linux)."""
    status_lines = Path(f"/proc/{process.pid}/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status_lines if line.startswith("VmRSS")) / 1024


def test_the_uploads_of_a_closed_tab_are_freed_after_the_grace_period(letting_go):
    """Streamlit lets a closed session go without shutting it down, and its files stayed."""
    process, url = letting_go
    sessions = [Session(url) for _ in range(10)]
    for visitor in sessions:  # 10 sessions holding their 4 files each, about 36 MB in all
        for name, limit in [("a.csv", WEEKLY_MB), ("b.csv", WEEKLY_MB), ("a.json", SCENARIO_MB),
                            ("b.json", SCENARIO_MB)]:
            assert visitor.upload(name, int(0.9 * limit * MB)) == 204
    holding = memory_mb(process)
    for visitor in sessions:
        visitor.close()
    deadline = time.monotonic() + 3 * GRACE_SECONDS + 5
    while memory_mb(process) > holding - 20 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert memory_mb(process) <= holding - 20, (holding, memory_mb(process))


def test_a_slow_file_in_one_tab_does_not_stall_the_server_for_the_others(server, page, tmp_path):
    """A header cell of 48,000 "(" took the reader 20 s under Python's lock: the health check
    timed out meanwhile. Read in a process of its own, the file is stopped at its time limit
    (or refused at once by a reader that caps headers) and the server answers throughout."""
    from .test_your_data import open_page, upload
    slow = tmp_path / "slow.csv"
    slow.write_text("week,hours,posts,followers,engagements,conversions,revenue," + "(" * 48_000
                    + "\n" + "\n".join(f"{w},5,3,100,40,1,100,1" for w in range(1, 13)) + "\n")
    open_page(server, page)
    latencies: list[float] = []
    done = threading.Event()

    def check_health() -> None:
        while not done.is_set():
            started = time.perf_counter()
            assert status(f"{server}/_stcore/health") == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.2)
    checker = threading.Thread(target=check_health)
    checker.start()
    try:
        upload(page, "data-upload", slow)
        started = time.perf_counter()
        error = page.locator(".st-key-data-error [data-testid='stAlert']")
        error.wait_for(timeout=60_000)
        took = time.perf_counter() - started
        # A reader that caps headers refuses the file at once: check on until ten answers.
        deadline = time.monotonic() + 10
        while len(latencies) < 10 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        done.set()
        checker.join()
    print(f"health check during the slow file: {len(latencies)} answers, "
          f"slowest {max(latencies) * 1000:.0f} ms; {took:.1f} s to the message: "
          f"{error.inner_text()[:80]}")
    assert len(latencies) >= 10 and max(latencies) < 1.0


def many_settings(count: int) -> str:
    return "&".join(f"consistency={0.5 + i / 10_000:.4f}" for i in range(count))


def set_cookies(url: str) -> list[str]:
    with urllib.request.urlopen(url, timeout=10) as reply:
        return reply.headers.get_all("Set-Cookie") or []


def test_a_page_asked_for_with_more_settings_than_streamlit_reads_is_marked(server):
    """Streamlit empties a query string of over 1,000 parameters before the script runs."""
    from view.guard import LINK_DROPPED
    marked = [c for c in set_cookies(f"{server}/?{many_settings(1001)}")
              if c.startswith(f"{LINK_DROPPED}=1")]
    assert len(marked) == 1
    assert {"httponly", "samesite=strict", "max-age=60"} <= {
        part.strip().lower() for part in marked[0].split(";")}
    assert not [c for c in set_cookies(f"{server}/compare?{many_settings(1000)}")
                if c.startswith(LINK_DROPPED)]
    assert not [c for c in set_cookies(f"{server}/_stcore/health?{many_settings(1001)}")
                if c.startswith(LINK_DROPPED)]


def test_a_link_too_long_to_read_says_so_once(server, page):
    """It showed the default scenario as if the link had asked for it."""
    from smm_sim.i18n import translate

    from .conftest import settle
    note = translate("url.dropped", "en", limit="1,000")
    page.goto(f"{server}/?{many_settings(1001)}")
    settle(page)
    assert note in page.locator(".st-key-url-notes").inner_text()
    page.goto(f"{server}/?lang=en")  # the next link in the same browser is read as it is
    settle(page)
    assert page.locator(".st-key-url-notes").count() == 0


def fitting_jobs(process: subprocess.Popen) -> list[int]:
    """The server's processes that read and fit files (view/fitting.py), the spare included."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == process.pid and b"view.fitting" in command:
            found.append(int(stat.parent.name))
    return found


def test_a_file_being_fitted_for_a_closed_tab_is_stopped(letting_go, browser, tmp_path):
    """The job of a tab that closed ran on to its end or its time limit (10 s), for no one."""
    from tests.test_fitting import long_file

    from .test_your_data import open_page
    process, url = letting_go
    slow = tmp_path / "ten_years.csv"
    slow.write_bytes(long_file())  # seconds to fit
    page = browser.new_context(locale="en-US").new_page()
    open_page(url, page)
    before = set(fitting_jobs(process))  # the spare, once a file has been fitted
    page.locator(".st-key-data-upload input[type='file']").set_input_files(str(slow))
    deadline = time.monotonic() + 30
    while len(set(fitting_jobs(process)) - before) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the job and the spare that replaces it
    jobs = set(fitting_jobs(process)) - before
    time.sleep(0.3)  # into the fit
    assert len(set(fitting_jobs(process)) & jobs) == 2  # still fitting
    page.context.close()
    closed = time.monotonic()
    while len(set(fitting_jobs(process)) & jobs) > 1 and time.monotonic() < closed + 5:
        time.sleep(0.1)
    print(f"jobs of the closed tab left after {time.monotonic() - closed:.1f} s")
    assert len(set(fitting_jobs(process)) & jobs) == 1  # only the new spare
    assert time.monotonic() - closed < 1.0  # it asks every 0.2 s
