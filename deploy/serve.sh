#!/usr/bin/env bash
# `make serve`: N replicas of the dashboard on loopback ports, behind nginx with sticky sessions.
#
#   REPLICAS   number of Streamlit processes (default: number of cores, `nproc`)
#   PORT       port nginx listens on (default 8080); LISTEN its address (default 127.0.0.1)
#   BASE_PORT  first replica port (default 8551; replicas use BASE_PORT .. BASE_PORT+N-1)
#   RUN_DIR    folder for the rendered nginx.conf, pid, logs and temp files (default .serve/)
#   RENDER_ONLY=1  write $RUN_DIR/nginx.conf, check it with `nginx -t` when nginx is installed, exit
#   NGINX      path of the nginx binary (default: found on PATH or /usr/sbin/nginx)
#   APP        the Streamlit script to serve (default dashboard.py; the benchmarks serve their empty page)
#   WARM=0     only wait for each replica's health check, do not open the pages (for another APP)
#
# Ctrl+C (or SIGTERM) stops nginx and every replica. A replica that dies is not fatal: nginx sends
# its people to the others (their browsers reconnect and redraw their view from the URL) and this
# script keeps serving; it stops when nginx exits or no replica is left. Each replica's pid is in
# $RUN_DIR/replica-N.pid. See deploy/README.md for a real deployment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPLATE="$ROOT/deploy/nginx.conf.template"
REPLICAS="${REPLICAS:-$(nproc)}"
PORT="${PORT:-8080}"
LISTEN="${LISTEN:-127.0.0.1}"
BASE_PORT="${BASE_PORT:-8551}"
RUN_DIR="${RUN_DIR:-$ROOT/.serve}"
RENDER_ONLY="${RENDER_ONLY:-0}"
APP="${APP:-$ROOT/dashboard.py}"
WARM="${WARM:-1}"
PY="${PY:-$ROOT/.venv/bin/python}"
[[ -x "$PY" ]] || PY="$(command -v python3)"

die() { echo "serve.sh: $*" >&2; exit 1; }

[[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || die "REPLICAS must be a positive number, got '$REPLICAS'"
[[ "$PORT" =~ ^[0-9]+$ && "$BASE_PORT" =~ ^[0-9]+$ ]] || die "PORT and BASE_PORT must be numbers"
[[ "$RUN_DIR" != *[[:space:]]* ]] || die "RUN_DIR must not contain spaces: $RUN_DIR"

# Streamlit's Vega-Lite chunk, whose name carries the installed version's hash: the chart pages ask for
# it with their first paint (the template's $chart_preload). Nothing when it is not found.
vega_chunk() {
    "$PY" - 2>/dev/null <<'PYTHON' || true
import pathlib

import streamlit

found = sorted((pathlib.Path(streamlit.__file__).parent / "static" / "static" / "js").glob("embed.*.js"))
print(found[0].name if len(found) == 1 else "")
PYTHON
}
VEGA_CHUNK="$(vega_chunk)"
CHART_PRELOAD=""
if [[ "$VEGA_CHUNK" =~ ^embed\.[A-Za-z0-9_-]+\.js$ ]]; then
    CHART_PRELOAD="<link rel=\"modulepreload\" href=\"/static/js/$VEGA_CHUNK\">"
fi

render_config() {
    local servers="" i line
    for ((i = 0; i < REPLICAS; i++)); do
        servers+="        server 127.0.0.1:$((BASE_PORT + i)) max_fails=1 fail_timeout=5s;"$'\n'
    done
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ "$line" =~ ^[[:space:]]*@@UPSTREAM_SERVERS@@[[:space:]]*$ ]]; then
            printf '%s' "$servers"
        else
            line="${line//@@RUN_DIR@@/$RUN_DIR}"
            line="${line//@@LISTEN@@/$LISTEN}"
            line="${line//@@PORT@@/$PORT}"
            line="${line//@@CHART_PRELOAD@@/$CHART_PRELOAD}"
            printf '%s\n' "$line"
        fi
    done <"$TEMPLATE"
}

find_nginx() {
    if [[ -n "${NGINX:-}" ]]; then
        [[ -x "$NGINX" ]] && echo "$NGINX" && return
        return 1
    fi
    command -v nginx 2>/dev/null && return
    [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx && return
    return 1
}

mkdir -p "$RUN_DIR/tmp"
# nginx started as root runs its workers as an unprivileged user: let them write temp files.
if [[ "$(id -u)" == 0 ]]; then chmod 1777 "$RUN_DIR/tmp"; fi
CONF="$RUN_DIR/nginx.conf"
render_config >"$CONF"

NGINX_FOUND="$(find_nginx || true)"
if [[ -n "${NGINX:-}" && -z "$NGINX_FOUND" ]]; then
    die "NGINX=$NGINX is not an executable. Install nginx with: sudo apt-get install -y nginx"
fi
NGINX="$NGINX_FOUND"
if [[ -z "$NGINX" && "$RENDER_ONLY" != 1 ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "serve.sh: nginx is missing; installing the Debian package (apt-get install -y nginx)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y nginx >/dev/null
        NGINX="$(find_nginx)"
    else
        die "nginx is not installed. Install it with: sudo apt-get install -y nginx"
    fi
fi
if [[ -n "$NGINX" ]]; then
    "$NGINX" -t -q -p "$RUN_DIR" -e "$RUN_DIR/error.log" -c "$CONF" || die "nginx rejected $CONF"
fi
if [[ "$RENDER_ONLY" == 1 ]]; then
    echo "$CONF"
    exit 0
fi

# One cookie secret for every replica, so cookies Streamlit signs (XSRF) verify on any of them.
if [[ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]]; then
    STREAMLIT_SERVER_COOKIE_SECRET="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
fi
export STREAMLIT_SERVER_COOKIE_SECRET

pids=()
replica_pids=()
nginx_pid=""
cleanup() {
    trap - EXIT INT TERM
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$ROOT"  # Streamlit reads .streamlit/config.toml from the working directory
for ((i = 0; i < REPLICAS; i++)); do
    "$PY" -m streamlit run "$APP" \
        --server.address 127.0.0.1 \
        --server.port "$((BASE_PORT + i))" \
        --server.headless true \
        --server.fileWatcherType none \
        --server.runOnSave false \
        >"$RUN_DIR/replica-$i.log" 2>&1 &
    pids+=("$!")
    replica_pids+=("$!")
    echo "$!" >"$RUN_DIR/replica-$i.pid"
done

health_urls=()
for ((i = 0; i < REPLICAS; i++)); do health_urls+=("http://127.0.0.1:$((BASE_PORT + i))"); done
# Wait for every replica's health check, then load the data once in each (no cold first visitor).
warm_args=()
[[ "$WARM" == 0 ]] && warm_args=(--health-only)
"$PY" "$ROOT/deploy/warm.py" "${warm_args[@]}" "${health_urls[@]}" || die "a replica did not start; see $RUN_DIR/replica-*.log"

"$NGINX" -p "$RUN_DIR" -e "$RUN_DIR/error.log" -c "$CONF" -g "daemon off;" &
nginx_pid="$!"
pids+=("$nginx_pid")
# "Serving" means nginx answers: wait (up to 15 s) until its port accepts a connection.
for ((try = 0; try < 150; try++)); do
    (exec 3<>"/dev/tcp/$LISTEN/$PORT") 2>/dev/null && break
    kill -0 "$nginx_pid" 2>/dev/null || die "nginx did not start; see $RUN_DIR/error.log"
    sleep 0.1
done

echo "Serving $REPLICAS replicas (127.0.0.1:$BASE_PORT-$((BASE_PORT + REPLICAS - 1))) behind nginx at http://$LISTEN:$PORT/"
echo "Health: http://$LISTEN:$PORT/nginx-health (nginx), /_stcore/health (a replica). Ctrl+C stops everything."

# A replica that exits leaves the others serving (nginx routes around it: max_fails, proxy_next_upstream);
# nginx exiting, or the last replica, stops everything (the EXIT trap).
set +e
live=("${replica_pids[@]}")
while true; do
    wait -n -p exited "$nginx_pid" "${live[@]}"
    status=$?
    if [[ "$exited" == "$nginx_pid" ]]; then
        echo "serve.sh: nginx exited (status $status); stopping. Logs: $RUN_DIR" >&2
        exit "$status"
    fi
    for ((i = 0; i < REPLICAS; i++)); do
        if [[ "${replica_pids[$i]}" == "$exited" ]]; then
            echo "serve.sh: replica $i (127.0.0.1:$((BASE_PORT + i))) exited (status $status); nginx sends its people to the others. Log: $RUN_DIR/replica-$i.log" >&2
            rm -f "$RUN_DIR/replica-$i.pid"
        fi
    done
    remaining=()
    for pid in "${live[@]}"; do [[ "$pid" != "$exited" ]] && remaining+=("$pid"); done
    live=("${remaining[@]}")
    if ((${#live[@]} == 0)); then
        echo "serve.sh: no replica is left; stopping. Logs: $RUN_DIR" >&2
        exit 1
    fi
done
