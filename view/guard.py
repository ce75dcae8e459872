"""What the server answers before Streamlit sees a request: an ASGI middleware for ``st.App``.

- ``/_stcore/metrics`` answers 404: it lists sessions, cache names and compute times, which
  tell a visitor when someone else's file is being fitted.
- Every HTTP response says that only the app's own origin may frame it (Community Cloud
  frames the app from its own origin, at ``/~/+/``), that its content types are not to be
  guessed, and that no referrer leaves with a link.
- An upload (``PUT /_stcore/upload_file/<session>/<file>``) is refused unless a widget of the
  app takes its file type, it is within that widget's size, and the session holds fewer than
  ``FILES_PER_WIDGET`` files for that widget already (a multi-file widget says its own).
  Streamlit itself checks only ``server.maxUploadSize``, the same for every widget, and keeps
  every file a session sends.
- A page asked for with a query string longer than Streamlit reads (``link_dropped``) gets
  the cookie ``LINK_DROPPED``: Streamlit empties such a query before the script runs, so
  the script could not tell the link from an empty one. The script reads the cookie from the
  websocket's handshake, whose answer deletes it, so it is said once.
- ``release_closed_sessions`` frees the uploads of sessions the server has let go: a session
  whose tab closed is dropped after ``server.disconnectedSessionTTL`` without being shut down,
  and its files stayed in memory until the process ended.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from contextlib import asynccontextmanager
from functools import cache
from pathlib import PurePosixPath

from streamlit.runtime.state.query_params import (
    CLIENT_STATE_QUERY_STRING_MAX_FIELDS as MAX_LINK_PARAMETERS,
    CLIENT_STATE_QUERY_STRING_MAX_LENGTH as MAX_LINK_CHARACTERS,
)

LOG = logging.getLogger(__name__)
FRAMING_BYTES = 64 * 1024  # multipart boundaries and part headers around the file
FILES_PER_WIDGET = 2  # the file in use and the one replacing it (sent before the old is deleted)
SWEEP_SHARE, MAX_SWEEP_SECONDS = 0.25, 30  # uploads of sessions let go are looked for every
# quarter of the grace period (server.disconnectedSessionTTL), at least every 30 s

HEADERS = (
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
LINK_DROPPED = "smm_link_dropped"  # a cookie: the page's link was too long for Streamlit
LINK_DROPPED_SET = f"{LINK_DROPPED}=1; Max-Age=60; Path=/; HttpOnly; SameSite=Strict".encode()
LINK_DROPPED_GONE = f"{LINK_DROPPED}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict".encode()
METRICS = re.compile(r"(^|/)_stcore/metrics/?$")
UPLOAD = re.compile(r"(^|/)_stcore/upload_file/(?P<session>[^/]+)/(?P<file>[^/]+)/?$")


class Guard:
    """ASGI middleware: closes the metrics route, adds ``HEADERS``, checks uploads."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            await self.app(scope, receive, forget_dropped_link(scope, send))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        dropped = scope["method"] == "GET" and link_dropped(scope.get("query_string", b""))

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in HEADERS if name not in names]
                if dropped and dict(headers).get(b"content-type", b"").startswith(b"text/html"):
                    headers.append((b"set-cookie", LINK_DROPPED_SET))  # the page, not its files
                message["headers"] = headers
            await send(message)

        path = scope["path"]
        if METRICS.search(path):
            await refuse(send_with_headers, 404, "Not Found")
            return
        upload = UPLOAD.search(path)
        if upload is not None and scope["method"] == "PUT":
            body = await checked_upload(scope, receive, send_with_headers, upload["session"],
                                        upload["file"])
            if body is None:
                return
            receive = replay(body, receive)
        await self.app(scope, receive, send_with_headers)


def link_dropped(query: bytes) -> bool:
    """Whether Streamlit would empty this query string before the script sees it: over
    ``MAX_LINK_PARAMETERS`` parameters or ``MAX_LINK_CHARACTERS`` characters (a browser
    sends it percent-encoded, so its bytes are its characters)."""
    return bool(query) and (len(query) > MAX_LINK_CHARACTERS
                            or query.count(b"&") + 1 > MAX_LINK_PARAMETERS)


def forget_dropped_link(scope, send):
    """``send`` for a websocket whose handshake carries ``LINK_DROPPED``: its acceptance
    deletes the cookie (the session has read it from the handshake), so a later link in
    the same browser is not taken for a dropped one."""
    cookies = b"; ".join(value for name, value in scope.get("headers", []) if name == b"cookie")
    if f"{LINK_DROPPED}=".encode() not in cookies:
        return send

    async def send_forgetting(message) -> None:
        if message["type"] == "websocket.accept":
            message["headers"] = [*message.get("headers", []), (b"set-cookie", LINK_DROPPED_GONE)]
        await send(message)
    return send_forgetting


async def refuse(send, status: int, reason: str) -> None:
    body = reason.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def replay(body: bytes, receive):
    """An ASGI ``receive`` that gives ``body`` once, then what the client sends next."""
    given = False

    async def receive_again():
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}
    return receive_again


@cache
def limits() -> tuple[dict[str, str], dict[str, int], dict[str, int]]:
    """The widgets of each file type (their keys joined by "+", one name), and for each such
    name the largest file and the number of files a session may hold.

    Streamlit refuses other types at the widget, so the type in the file name tells which
    widgets a file may be for; a type two widgets take (a CSV: a weekly file or an export) gets
    the larger of their sizes and the sum of their files. Read when the first upload comes, not
    at import: the page module's caches want Streamlit's runtime to exist.
    """
    from .your_data import MEGABYTE, UPLOAD_FILES, UPLOADS
    takers: dict[str, list[str]] = {}
    for widget, (kinds, _) in UPLOADS.items():
        for kind in kinds:
            takers.setdefault(kind, []).append(widget)
    group = {kind: "+".join(widgets) for kind, widgets in takers.items()}
    sizes = {"+".join(ws): max(UPLOADS[w][1] for w in ws) * MEGABYTE for ws in takers.values()}
    files = {"+".join(ws): sum(UPLOAD_FILES.get(w, FILES_PER_WIDGET) for w in ws)
             for ws in takers.values()}
    return group, sizes, files


def widget_of(name: str) -> str | None:
    return limits()[0].get(PurePosixPath(name).suffix.lower().lstrip("."))


async def checked_upload(scope, receive, send, session_id: str, file_id: str) -> bytes | None:
    """The request's body if the upload may go on; otherwise the refusal is sent, ``None``."""
    widget_bytes = limits()[1]
    largest = max(widget_bytes.values())
    headers = dict(scope.get("headers", []))
    declared = headers.get(b"content-length", b"").strip()
    if declared.isdigit() and int(declared) > largest + FRAMING_BYTES:
        await refuse(send, 413, "File too large")
        return None
    chunks, size = [], 0
    while True:  # read at most the largest widget's file and its framing, however it is sent
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > largest + FRAMING_BYTES:
            await refuse(send, 413, "File too large")
            return None
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    name, data_size = await uploaded_file(scope, body)
    widget = widget_of(name)
    if widget is None:
        await refuse(send, 415, "No widget takes this file type")
        return None
    if data_size > widget_bytes[widget]:
        await refuse(send, 413, "File too large")
        return None
    held = [rec for rec in session_files(session_id).values()
            if rec.file_id != file_id and widget_of(rec.name) == widget]
    if len(held) >= limits()[2][widget]:
        await refuse(send, 429, "This session holds enough files")
        return None
    return body


async def uploaded_file(scope, body: bytes) -> tuple[str, int]:
    """The file name and size in bytes of the one file in a multipart ``body`` (``("", 0)``
    when there is none, or more than one: Streamlit then refuses the request itself)."""
    from starlette.datastructures import UploadFile
    from starlette.requests import Request

    try:
        form = await Request(scope, replay(body, _never)).form(max_files=2, max_fields=8)
    except Exception:  # any malformed body: no file, so the type is refused
        return "", 0
    try:
        files = [v for v in form.values() if isinstance(v, UploadFile)]
        if len(files) != 1:
            return "", 0
        return files[0].filename or "", files[0].size or 0
    finally:
        await form.close()


async def _never():
    return {"type": "http.disconnect"}


def session_files(session_id: str) -> dict:
    """The files the server holds for ``session_id``, by file id."""
    from streamlit.runtime import Runtime
    if not Runtime.exists():
        return {}
    storage = getattr(Runtime.instance().uploaded_file_mgr, "file_storage", {})
    return dict(storage.get(session_id, {}))


def release_closed_sessions(first_seen_closed: dict[str, float], ttl: float) -> int:
    """Free the uploads of sessions that have not been connected for ``ttl`` seconds or more.

    ``first_seen_closed`` maps a session id to when it was first seen without a connection
    (``time.monotonic``); it is updated here. Returns how many sessions' files were freed.
    """
    from streamlit.runtime import Runtime
    if not Runtime.exists():
        return 0
    runtime = Runtime.instance()
    manager = runtime.uploaded_file_mgr
    now, freed = time.monotonic(), 0
    holding = set(getattr(manager, "file_storage", {}))
    for session_id in list(first_seen_closed):
        if session_id not in holding or runtime.is_active_session(session_id):
            del first_seen_closed[session_id]
    for session_id in holding:
        if runtime.is_active_session(session_id):
            continue
        since = first_seen_closed.setdefault(session_id, now)
        if now - since >= ttl:
            manager.remove_session_files(session_id)
            del first_seen_closed[session_id]
            freed += 1
    return freed


def with_upload_release(lifespan):
    """``lifespan`` (an ``st.App`` lifespan), with ``release_closed_sessions`` running while
    the server is up: a closed session's uploads go within 1.5 grace periods (at most the
    grace period and a minute)."""
    @asynccontextmanager
    async def combined(app):
        from streamlit import config

        async def sweep() -> None:
            ttl = float(config.get_option("server.disconnectedSessionTTL"))
            every = max(1.0, min(MAX_SWEEP_SECONDS, SWEEP_SHARE * ttl))
            closed: dict[str, float] = {}
            while True:
                await asyncio.sleep(every)
                try:
                    release_closed_sessions(closed, ttl)
                except Exception:
                    LOG.exception("could not release the uploads of closed sessions")

        async with lifespan(app) as state:
            task = asyncio.create_task(sweep())
            try:
                yield state
            finally:
                task.cancel()
    return combined
