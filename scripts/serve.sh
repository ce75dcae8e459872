#!/usr/bin/env bash
# Serve SMM Sim from N replicas behind HAProxy:  scripts/serve.sh N [PORT]
#
# Starts N `streamlit run streamlit_app.py` on 127.0.0.1, ports PORT+1 to PORT+N, and HAProxy
# on PORT (default 8501), on 127.0.0.1 unless SMM_ADDRESS says otherwise (0.0.0.0 serves a
# network). HAProxy, not nginx: open-source nginx has neither a sticky cookie nor active
# health checks. A browser gets a cookie naming its replica, so its websocket and its uploads
# reach the replica holding its session; a replica that fails its health check gets no new
# visitor, and a visitor whose replica went away is sent to another one, where the link
# reopens the same scenario. All replicas share one server.cookieSecret
# (STREAMLIT_SERVER_COOKIE_SECRET, generated unless given). Stops everything on Ctrl-C.
# Prints one line per replica (its pid and port), HAProxy's stats socket, then
# "serving on http://ADDRESS:PORT".
# SMM_PYTHON: the Python with the app's requirements (default: .venv, set up as run_app.sh does).
# The environment reaches every replica: give them one SMM_SIM_DATABASE_URL for shared rooms.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=${1:?usage: scripts/serve.sh N [PORT]}
port=${2:-8501}
address=${SMM_ADDRESS:-127.0.0.1}
[[ "$replicas" =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive number" >&2; exit 2; }
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)  # /usr/sbin: not on a user's PATH
[ -x "$haproxy" ] || { echo "haproxy is not installed (apt-get install haproxy)" >&2; exit 2; }

python=${SMM_PYTHON:-}
if [ -z "$python" ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  python=.venv/bin/python
fi
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  STREAMLIT_SERVER_COOKIE_SECRET=$("$python" -c 'import secrets; print(secrets.token_hex(32))')
fi
export STREAMLIT_SERVER_COOKIE_SECRET

run=$(mktemp -d -t smm-serve.XXXXXX)
pids=()
stop() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap stop EXIT
trap 'exit 0' INT TERM

servers=""
for i in $(seq 1 "$replicas"); do
  p=$((port + i))
  "$python" -m streamlit run streamlit_app.py --server.headless true --server.port "$p" \
    --server.address 127.0.0.1 --browser.gatherUsageStats false \
    --server.fileWatcherType none >"$run/replica$i.log" 2>&1 &
  pids+=($!)
  echo "replica $i: pid $!, port $p"
  servers+="    server r$i 127.0.0.1:$p check cookie r$i"$'\n'
done

for i in $(seq 1 "$replicas"); do  # every replica answers its health check before HAProxy starts
  for _ in $(seq 1 600); do
    "$python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://127.0.0.1:$((port + i))/_stcore/health" 2>/dev/null && break
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { cat "$run/replica$i.log" >&2; exit 1; }
    sleep 0.1
  done
done

cat >"$run/haproxy.cfg" <<EOF
global
    maxconn 4096
    # Read by tests/e2e/test_serve.py: which replica holds how many websockets.
    stats socket $run/haproxy.sock mode 600 level user

defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout http-request 30s
    # A workshop tab may sit quiet for an hour; its websocket must stay open meanwhile.
    timeout client 2h
    timeout server 2h
    timeout tunnel 2h
    timeout client-fin 30s

frontend smm_sim
    bind $address:$port
    # The app's largest upload is 1 MB (.streamlit/config.toml); refused here with a margin.
    http-request deny deny_status 413 if { req.hdr_val(content-length) gt 2097152 }
    default_backend replicas

backend replicas
    # New visitors go to the replica with the fewest open connections (websockets last).
    balance leastconn
    cookie SMMSIM_REPLICA insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    # A visitor whose replica is down goes to another one (the cookie is rewritten).
    option redispatch
    retries 2
$servers
EOF

"$haproxy" -db -f "$run/haproxy.cfg" &
pids+=($!)
echo "haproxy stats: $run/haproxy.sock"
echo "serving on http://$address:$port"
wait -n "${pids[-1]}"
