#!/usr/bin/env bash
# Set up a virtual environment with the app's dependencies and start the app.
# It listens on this machine only (127.0.0.1); to serve a network, pass an address:
#   scripts/run_app.sh --server.address 0.0.0.0
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
address=(--server.address 127.0.0.1)
for arg in "$@"; do  # an address given on the command line wins
    [[ "$arg" == --server.address* ]] && address=()
done
exec .venv/bin/streamlit run streamlit_app.py "${address[@]}" "$@"
