#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then lint, run all tests and the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests drive Debian's chromium: Playwright's own browser download is not used.
# The load balancer test (tests/e2e/test_serve.py) puts Debian's haproxy in front of two replicas.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_=""
  [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The rooms' tests start a throwaway server of Debian's postgresql (tests/postgres.py).
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  as_root=""
  [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq postgresql >/dev/null
fi

.venv/bin/ruff check .
.venv/bin/python -m pytest -q tests "$@"
# The benchmarks print their figures (README quotes them); the browser one in its short form.
for bench in bench_engine bench_decide bench_calibrate; do
  .venv/bin/python -m "bench.$bench"
done
.venv/bin/python -m bench.bench_ui --quick
