"""Workshop sessions without a browser: Streamlit's own protocol over the app's websocket.

A browser session of a Streamlit app is an HTTP request for the page and then one websocket,
``/_stcore/stream``, on which the browser sends ``BackMsg`` protobufs (run the script with this
query string; rerun it with these widget values) and the server answers with ``ForwardMsg``
protobufs (the elements drawn, in order, then ``script_finished``). A :class:`Session` does
the same with Streamlit's own message classes (``streamlit.proto``) and the ``websockets``
client that Streamlit itself depends on, so a hundred sessions cost the load generator a few
megabytes and little CPU, where a hundred Chromium pages would need the machine themselves.

What a session records:

- *first render*: from the request for the page (which also collects its cookies: a load
  balancer's sticky cookie, Streamlit's XSRF cookie) to the ``script_finished`` of the first
  run. The server's side of a first visit: what a browser adds is its drawing.
- *rerun*: from sending the new value of the lever (the hours slider, found by its key in the
  elements the first run drew) to the ``script_finished`` of that rerun. The slider sits in
  the home page's fragment, so the rerun names the fragment, as the browser does.
- what each run showed: the query string the page wrote back (the share link) and the text of
  every metric, in order; and any exception element, or a websocket the server closed.

No import of the app or its engine: what a figure should read is for the caller to say
(``expect``), so the same generator measures any Streamlit app with such a slider.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import urllib.parse
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Callable

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

HOURS = "lever.home.hours_per_week"  # the key in the slider's widget id: $$ID-<hash>-<key>
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
TIMEOUT_S = 300.0  # a hundred sessions rerunning together on one core take tens of seconds


# The HTTP requests of a session (its page, an upload) block, so they run in threads: enough
# for a hundred sessions arriving at once (asyncio's default pool has six on two cores).
HTTP = ThreadPoolExecutor(max_workers=128, thread_name_prefix="load-http")


async def _in_thread(func, *args):
    return await asyncio.get_running_loop().run_in_executor(HTTP, func, *args)


class Closed(Exception):
    """The server closed the session's websocket (its replica went away)."""


@dataclass
class Run:
    seconds: float
    query: str  # the query string the page wrote back: the session's share link
    figures: list[str]  # every metric's text, in the order drawn
    errors: list[str]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and all its threads so far, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _request(url: str, cookies: dict[str, str], method: str = "GET", body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    """One HTTP request with the session's cookies: its status, and ``cookies`` with those
    the answer set (a load balancer's, Streamlit's XSRF cookie)."""
    request = urllib.request.Request(url, data=body, method=method, headers={
        "Cookie": _cookie_header(cookies), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
            reply.read()
            status, set_cookies = reply.status, reply.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as error:
        status, set_cookies = error.code, error.headers.get_all("Set-Cookie") or []
    jar = SimpleCookie()
    for header in set_cookies:
        jar.load(header)
    return status, {**cookies, **{name: morsel.value for name, morsel in jar.items()}}


def _get_page(base: str, query: str, cookies: dict[str, str]) -> dict[str, str]:
    """What a browser asks before its websocket: the page, then the health check (which
    sets the XSRF cookie an upload must echo)."""
    for url in (f"{base}/?{query}", f"{base}/_stcore/health"):
        status, cookies = _request(url, cookies)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
    return cookies


@dataclass
class Session:
    """One simulated browser tab on ``base`` (``http://host:port``), opened with ``query``."""

    base: str
    query: str  # the link it opened with, then the one the page last wrote back
    lever: str = HOURS
    cookies: dict[str, str] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)
    session_id: str = ""
    closed_at: float | None = None  # perf_counter() when the server closed the websocket
    _ws: object = None
    _page: str = ""
    _widget: str = ""
    _fragment: str = ""

    def __post_init__(self) -> None:
        self.own = self.query  # its own scenario: what its figures must always show
        self.hours = hours_of(self.query)

    @property
    def first_render(self) -> float:
        return self.runs[0].seconds

    @property
    def reruns(self) -> list[float]:
        return [run.seconds for run in self.runs[1:]]

    @property
    def last(self) -> Run:
        return self.runs[-1]

    async def open(self) -> Run:
        start = time.perf_counter()
        self.cookies = await _in_thread(_get_page, self.base, self.query, self.cookies)
        ws_url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Cookie": _cookie_header(self.cookies)} if self.cookies else None
        # No client pings: a server busy with a hundred sessions may answer one late, and the
        # browser does not ping either.
        self._ws = await connect(ws_url, subprotocols=["streamlit"], origin=self.base,
                                 additional_headers=headers, max_size=None,
                                 ping_interval=None, open_timeout=TIMEOUT_S)
        back = BackMsg()
        back.rerun_script.query_string = self.query
        return await self._run(back, start)

    async def move(self, value: float) -> Run:
        """Set the lever's slider to ``value``, as a drag or an arrow key does."""
        if not self._widget:
            raise RuntimeError(f"no slider with key {self.lever} on the page")
        back = BackMsg()
        state = back.rerun_script
        state.query_string, state.page_script_hash = self.query, self._page
        state.fragment_id = self._fragment
        widget = state.widget_states.widgets.add()
        widget.id = self._widget
        widget.double_array_value.data.append(value)
        self.hours = value
        return await self._run(back, time.perf_counter())

    async def upload(self, name: str, data: bytes, base: str | None = None) -> int:
        """PUT a file into the session, as a file widget does (``base``: another address than
        the session's, to see who holds it); the HTTP status."""
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"UploadedFile\"; "
                f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() + data + \
            f"\r\n--{boundary}--\r\n".encode()
        url = f"{base or self.base}/_stcore/upload_file/{self.session_id}/{uuid.uuid4().hex}"
        status, self.cookies = await _in_thread(
            _request, url, self.cookies, "PUT", body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}",
             "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", ""), "Origin": self.base})
        return status

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def _run(self, back: BackMsg, start: float) -> Run:
        figures: list[str] = []
        errors: list[str] = []
        try:
            await self._ws.send(back.SerializeToString())
            while True:
                message = ForwardMsg.FromString(
                    await asyncio.wait_for(self._ws.recv(), TIMEOUT_S))
                kind = message.WhichOneof("type")
                if kind == "new_session":
                    self._page = message.new_session.page_script_hash
                    self.session_id = message.new_session.initialize.session_id or \
                        self.session_id
                elif kind == "page_info_changed":
                    self.query = message.page_info_changed.query_string
                elif kind == "delta":
                    self._read(message.delta, figures, errors)
                elif kind == "script_finished":
                    if message.script_finished in DONE:
                        break
                    if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        errors.append("the script did not compile")
                        break
        except ConnectionClosed:
            self.closed_at = time.perf_counter()
            raise Closed(self.base) from None
        run = Run(time.perf_counter() - start, self.query, figures, errors)
        self.runs.append(run)
        return run

    def _read(self, delta, figures: list[str], errors: list[str]) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "metric":
            figures.append(element.metric.body)
        elif kind == "slider" and element.slider.id.endswith(f"-{self.lever}"):
            self._widget, self._fragment = element.slider.id, delta.fragment_id
        elif kind == "exception":
            errors.append(f"{element.exception.type}: {element.exception.message}"[:200])


def params(query: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(query))


def hours_of(query: str) -> float:
    return float(params(query)["hours_per_week"])


def with_hours(query: str, hours: float) -> str:
    return urllib.parse.urlencode({**params(query), "hours_per_week": f"{hours:g}"})


def check(session: Session, expect: Callable[[str], str] | None) -> list[str]:
    """What is wrong with the session's last run: its link must carry the hours it set last,
    its first figure must be the one ``expect`` gives for its own link (the one it opened
    with, at those hours: not the link the page wrote back, which could be someone else's),
    and no error may show."""
    run, hours = session.last, session.hours
    problems = list(run.errors)
    shown = params(run.query).get("hours_per_week")
    if shown is None or float(shown) != hours:
        problems.append(f"link shows hours {shown}, the session set {hours:g}")
    if expect is not None:
        wanted = expect(with_hours(session.own, hours))
        if not run.figures or run.figures[0] != wanted:
            problems.append(f"figure {run.figures[:1]} for {session.own} at {hours:g} h, "
                            f"expected {wanted}")
    return problems


async def open_all(base: str, queries: list[str], expect: Callable[[str], str] | None = None,
                   cookies: list[dict[str, str]] | None = None
                   ) -> tuple[list[Session], list[str]]:
    """One session per link (a query string with ``hours_per_week``), all opened at once;
    the sessions and every problem :func:`check` found."""
    sessions = [Session(base, q, cookies=dict(c)) for q, c in
                zip(queries, cookies or [{}] * len(queries))]
    await asyncio.gather(*(s.open() for s in sessions))
    return sessions, [p for s in sessions for p in check(s, expect)]


async def move_all(sessions: list[Session], step: float = 0.5, pace: float = 0.0,
                   expect: Callable[[str], str] | None = None,
                   rng: random.Random | None = None) -> list[str]:
    """Every session moves its hours by ``step`` (a value it has not shown before), each
    after a random wait of up to ``pace`` seconds (0: all at the same moment); the
    problems :func:`check` found."""
    rng = rng or random.Random(19)

    async def move(session: Session, wait: float) -> None:
        await asyncio.sleep(wait)
        await session.move(session.hours + step)

    await asyncio.gather(*(move(s, rng.uniform(0, pace)) for s in sessions))
    return [p for s in sessions for p in check(s, expect)]


async def workshop(base: str, queries: list[str], rounds: int, *, pace: float = 0.0,
                   expect: Callable[[str], str] | None = None,
                   seed: int = 19) -> tuple[list[Session], list[str]]:
    """:func:`open_all`, then ``rounds`` times :func:`move_all`; the sessions (still open)
    and every problem found after each run."""
    sessions, problems = await open_all(base, queries, expect)
    rng = random.Random(seed)
    for _ in range(rounds):
        problems += await move_all(sessions, pace=pace, expect=expect, rng=rng)
    return sessions, problems
