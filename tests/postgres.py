"""A throwaway PostgreSQL server for the tests: Debian's `postgresql` package (scripts/test.sh
installs it), a cluster made with initdb in a temporary folder, on a free port, stopped and
removed afterwards. As root the server runs as the `postgres` user: PostgreSQL refuses root."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

USER = "smm"  # the cluster's superuser, trusted on 127.0.0.1 only


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<n>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    return Path(folders[-1]) if folders else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def cluster() -> Iterator[str]:
    """A running server; yields its SQLAlchemy URL (psycopg driver)."""
    bin_dir = binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL's initdb was not found: run scripts/test.sh, which "
                                "installs Debian's postgresql package")
    folder = Path(tempfile.mkdtemp(prefix="smm-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    run = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    try:
        subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", USER,
                                        "--auth=trust", "-E", "UTF8", "--no-sync"]), **run)
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                        "-l", str(folder / "log"), "-w", "start"]), **run)
        try:
            yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                                            "immediate", "-w", "stop"]), **run)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def for_tests() -> Iterator[str]:
    """:func:`cluster` for a fixture: skipped where PostgreSQL is missing, except under CI,
    where scripts/test.sh installed it and a missing server is a failure."""
    if binaries() is None and os.environ.get("CI") != "true":
        pytest.skip("PostgreSQL is not installed (scripts/test.sh installs it)")
    with cluster() as url:
        yield url
