#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then lint, run all tests and the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# A Debian package the tests need, installed when its command is missing (sudo when not root).
need() {
  command -v "$1" >/dev/null 2>&1 && return
  sudo_=""
  [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "$2" >/dev/null
}
# The browser tests drive Debian's chromium: Playwright's own browser download is not used.
need chromium chromium
# The load balancer test (tests/e2e/test_serve.py) puts Debian's haproxy in front of two replicas.
PATH="$PATH:/usr/sbin" need haproxy haproxy
# tests/test_export.py draws the PDF report's pages with poppler's pdftoppm.
need pdftoppm poppler-utils
# The rooms' tests start a throwaway server of Debian's postgresql (tests/postgres.py), whose
# programs live outside PATH.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need initdb postgresql

.venv/bin/ruff check .
.venv/bin/python -m pytest -q tests "$@"
# The benchmarks print their figures (README quotes them); the browser one in its short form.
for bench in bench_engine bench_decide bench_calibrate; do
  .venv/bin/python -m "bench.$bench"
done
.venv/bin/python -m bench.bench_ui --quick
