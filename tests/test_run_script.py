"""scripts/run_app.sh, README's command to run the app, serves this machine only unless told
otherwise: run with stand-ins for Python and Streamlit that print what they were asked."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _stand_in(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def started_with(tmp_path: Path, *args: str) -> list[str]:
    """The arguments run_app.sh gives `streamlit`, in a copy of the repository's layout."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run_app.sh", tmp_path / "scripts" / "run_app.sh")
    _stand_in(tmp_path / "bin" / "python3", "exit 0")  # the venv is made already
    _stand_in(tmp_path / ".venv" / "bin" / "python", "exit 0")  # and its packages installed
    _stand_in(tmp_path / ".venv" / "bin" / "streamlit", 'printf "%s\\n" "$@"')
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", str(tmp_path / "scripts" / "run_app.sh"), *args], env=env,
                          capture_output=True, text=True, timeout=30, check=True)
    return done.stdout.split()


def test_the_app_listens_on_this_machine_only_by_default(tmp_path):
    args = started_with(tmp_path)
    assert args[:2] == ["run", "streamlit_app.py"]
    assert args[args.index("--server.address") + 1] == "127.0.0.1"


def test_an_address_given_on_the_command_line_wins(tmp_path):
    args = started_with(tmp_path, "--server.address", "0.0.0.0")
    assert args.count("--server.address") == 1
    assert args[args.index("--server.address") + 1] == "0.0.0.0"
