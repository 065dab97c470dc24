#!/usr/bin/env bash
# Many viewers on one machine: N `streamlit run app.py` replicas on localhost behind HAProxy
# with sticky sessions. Logs of the proxy and the replicas go to stdout; Ctrl+C or TERM stops
# everything.
#
#   bash deploy/run.sh --replicas 2 [--port 8080] [--address 0.0.0.0] [--replica-port 8601] [--no-setup]
#
# The same settings as environment variables: REPLICAS, PORT, BIND, REPLICA_PORT (the first
# replica's port; the others follow it). VLIEGWIEL_DB chooses the DuckDB file, as for the app.
# --no-setup skips scripts/setup.sh (the tests and benchmarks have run it already).
set -euo pipefail
cd "$(dirname "$0")/.."

replicas="${REPLICAS:-2}"
port="${PORT:-8080}"
bind="${BIND:-0.0.0.0}"
replica_port="${REPLICA_PORT:-}"
setup=1
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --address) bind="$2"; shift 2 ;;
    --replica-port) replica_port="$2"; shift 2 ;;
    --no-setup) setup=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
replica_port="${replica_port:-$((port + 100))}"
case "$replicas" in ''|*[!0-9]*|0) echo "run.sh: --replicas must be a positive number" >&2; exit 2 ;; esac

log() { echo "[run.sh] $*"; }

if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  log "installing Debian's haproxy"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq haproxy >/dev/null
fi
HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
if [ "$setup" = 1 ]; then bash scripts/setup.sh; fi

# Build the store once, here: replicas that all found it missing would each build it.
db="${VLIEGWIEL_DB:-data/vliegwiel.duckdb}"
export VLIEGWIEL_DB="$(realpath -m "$db")"
if [ ! -e "$VLIEGWIEL_DB" ]; then
  log "building $VLIEGWIEL_DB"
  .venv/bin/python -m pipelines.build --db "$VLIEGWIEL_DB"
fi

# One cookie secret for all replicas, so the XSRF token of an upload (and st.login's cookie)
# stays valid when a session is redispatched after a replica restart. Passed in the
# environment, not on the command line, so `ps` does not show it.
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  STREAMLIT_SERVER_COOKIE_SECRET="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')"
fi
export STREAMLIT_SERVER_COOKIE_SECRET

workdir="$(mktemp -d)"
pids=()
stop() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$workdir"
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

cfg="$workdir/haproxy.cfg"
cp deploy/haproxy.cfg "$cfg"
for i in $(seq 1 "$replicas"); do
  p=$((replica_port + i - 1))
  # Each replica's lines go to stdout with its name in front.
  .venv/bin/streamlit run app.py --server.port "$p" --server.address 127.0.0.1 --server.headless true \
    > >(sed -u "s/^/[r$i] /") 2>&1 &
  pids+=("$!")
  echo "    server r$i 127.0.0.1:$p check cookie r$i" >> "$cfg"
  log "replica r$i: pid $! on 127.0.0.1:$p"
done

healthy() {
  .venv/bin/python - "$@" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_stcore/health", timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except OSError:
    sys.exit(1)
PY
}
deadline=$((SECONDS + 120))
for i in $(seq 1 "$replicas"); do
  p=$((replica_port + i - 1))
  until healthy "$p"; do
    if ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then log "replica r$i exited"; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then log "replica r$i not healthy after 120 s"; exit 1; fi
    sleep 0.3
  done
  log "replica r$i healthy"
done

# Walk every page once on each replica, all at once, before the proxy lets visitors in, so the
# first of them do not wait for the caches (vliegwiel/ui/versie.py). A failure only costs speed.
warm_pids=()
for i in $(seq 1 "$replicas"); do
  p=$((replica_port + i - 1))
  .venv/bin/python - "$p" <<'PY' 2>&1 | sed -u "s/^/[run.sh] replica r$i: /" &
import sys, time
from vliegwiel.ui.versie import wandel
start = time.perf_counter()
try:
    pages = wandel(f"ws://127.0.0.1:{sys.argv[1]}/_stcore/stream")
    print(f"{len(pages)} pages warmed in {time.perf_counter() - start:.1f} s")
except Exception as exc:  # the replica still serves; its first visitors warm it
    print(f"warming failed ({exc.__class__.__name__}: {exc}); the first visitors warm it")
PY
  warm_pids+=("$!")
done
for pid in "${warm_pids[@]}"; do wait "$pid" || true; done

export VW_BIND="$bind" VW_PORT="$port"
"$HAPROXY" -c -q -f "$cfg"
# -db: stay in the foreground, logging to stdout. Started in the background and waited for,
# so that the traps above run as soon as a signal arrives.
"$HAPROXY" -db -f "$cfg" &
pids+=("$!")
log "proxy on http://$bind:$port/ in front of $replicas replica(s)"
wait "${pids[-1]}"
