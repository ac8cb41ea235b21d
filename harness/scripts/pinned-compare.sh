#!/usr/bin/env bash
# pinned-compare.sh: every proxy under test on the same one CPU, wrk and an nginx backend
# on the other; req/s and latency at 1, 10 and 100 connections after a warm-up, and what
# each request costs the proxy (syscalls, context switches, CPU time), side by side.
#
#   harness/scripts/pinned-compare.sh            (or: make pinned)
#
# Environment: PROXY_CPU (1), LOAD_CPU (0), WARMUP seconds (30), DURATION seconds (15),
# CONNS ("1 10 100"), TARGETS ("nginx haproxy nio jetty jdk"), OUT (results/pinned).
# PROXY_CPU=none runs everything unpinned (nginx and HAProxy then use every CPU).
# FLOWSTATE_ROOT runs FlowState from another checkout's build (a before/after pair).
# Needs nginx and wrk (apt-get install nginx wrk); HAProxy is skipped when missing.
# Loopback only; every process it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
PROXY_CPU=${PROXY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-15}
CONNS=${CONNS:-"1 10 100"}
TARGETS=${TARGETS:-"nginx haproxy nio jetty jdk"}
OUT=${OUT:-results/pinned}
FLOWSTATE_ROOT=${FLOWSTATE_ROOT:-.}
if [ "$PROXY_CPU" = none ]; then
    pin_proxy=()
    pin_load=()
    workers=auto
    threads=$(nproc)
else
    pin_proxy=(taskset -c "$PROXY_CPU")
    pin_load=(taskset -c "$LOAD_CPU")
    workers=$(taskset -c "$PROXY_CPU" nproc)
    threads=$workers
fi
BACKEND_PORT=19101
PROXY_PORT=19102

for tool in nginx wrk taskset; do
    command -v "$tool" >/dev/null || { echo "pinned-compare: $tool is not installed (apt-get install nginx wrk util-linux)" >&2; exit 1; }
done
if [ ! -f "$FLOWSTATE_ROOT/cli/target/flowstate-cli.jar" ]; then
    echo "pinned-compare: build first (make build)" >&2
    exit 1
fi
work=$(mktemp -d)
mkdir -p "$OUT/raw"
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

wait_port() {
    for _ in $(seq 1 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "pinned-compare: nothing listens on port $1" >&2
    return 1
}

# The backend: nginx with one worker on the load CPU, a 100-byte body.
cat > "$work/backend.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/backend.pid;
error_log $work/backend-error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 10000000;
    server {
        listen 127.0.0.1:$BACKEND_PORT;
        location / { return 200 "a small answer of one hundred bytes, as the harness's backends give: ..................\n"; }
    }
}
EOF
"${pin_load[@]}" nginx -c "$work/backend.conf" &
pids+=($!)
wait_port $BACKEND_PORT

# The proxies: each does what FlowState does on a request (forwarding fields, keep-alive
# upstream, no access log), on one worker or thread.
cat > "$work/nginx.conf" <<EOF
worker_processes $workers;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 10000000;
    upstream b { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        location / {
            proxy_pass http://b;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host;
        }
    }
}
EOF
cat > "$work/haproxy.cfg" <<EOF
global
    maxconn 20000
    nbthread $threads
defaults
    mode http
    option http-keep-alive
    timeout connect 1s
    timeout client 30s
    timeout server 30s
frontend bench
    bind 127.0.0.1:$PROXY_PORT
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    default_backend pool
backend pool
    http-reuse always
    server b1 127.0.0.1:$BACKEND_PORT
EOF
flowstate_config() {
    cat > "$work/$1.json" <<EOF
{ "listen": "127.0.0.1:$PROXY_PORT", "engine": "$1",
  "transport": { "keepAlive": true, "maxIdlePerBackend": 128 },
  "pools": { "b": { "backends": [ { "url": "http://127.0.0.1:$BACKEND_PORT" } ] } },
  "routes": [ { "path": "/", "pool": "b" } ] }
EOF
}

start_target() {
    case "$1" in
        nginx) "${pin_proxy[@]}" nginx -c "$work/nginx.conf" & ;;
        haproxy) "${pin_proxy[@]}" haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 & ;;
        *) flowstate_config "$1"
           FLOWSTATE_JAVA_OPTS="-Xms512m -Xmx512m" "${pin_proxy[@]}" "$FLOWSTATE_ROOT/bin/flowstate" run \
               -c "$work/$1.json" >"$work/$1.out" 2>"$work/$1.err" & ;;
    esac
    pids+=($!)
    wait_port $PROXY_PORT
}

# The pid that does the work: nginx's worker (the master's child), else the process itself.
worker_pid() {
    local p=$1
    local child
    child=$(pgrep -P "$p" | head -1 || true)
    echo "${child:-$p}"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ctxsw() { awk '/^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ {s += $2} END {print s}' "/proc/$1/status"; }
task_ctxsw() {
    local s=0
    for t in /proc/"$1"/task/*/status; do
        s=$((s + $(awk '/ctxt_switches/ {x += $2} END {print x}' "$t")))
    done
    echo $s
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }

table="$OUT/README.md"
hz=$(getconf CLK_TCK)
{
    echo "# Pinned comparison: one CPU for each proxy"
    echo
    echo "Generated by \`harness/scripts/pinned-compare.sh\` (\`make pinned\`) on $(date -u +%FT%TZ); FlowState"
    echo "from commit $(git -C "$FLOWSTATE_ROOT" rev-parse --short HEAD)$(git -C "$FLOWSTATE_ROOT" diff --quiet HEAD -- . ':!results' || echo ' (with uncommitted changes)')."
    if [ "$PROXY_CPU" = none ]; then
        echo "Unpinned: every proxy, wrk (1 thread) and the nginx backend share all $(nproc) CPUs;"
    else
        echo "Each proxy alone on CPU $PROXY_CPU; wrk (1 thread) and an nginx backend (1 worker) on CPU $LOAD_CPU;"
    fi
    echo "a 100-byte body, keep-alive on both legs; ${WARMUP} s of warm-up at 100 connections,"
    echo "then ${DURATION} s per point. nginx: \`worker_processes $workers\`; HAProxy: \`nbthread $threads\`; FlowState:"
    echo "its defaults (one event loop or selector per CPU it may use). Machine: $(nproc) CPUs,"
    echo "$(uname -r), $("$(bin/find-java)"/bin/java -version 2>&1 | head -1 || true)."
    echo
    echo "| proxy | connections | req/s | p50 | p99 | CPU us/req | ctx switches/req | RSS MiB | threads |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$table"

for target in $TARGETS; do
    if [ "$target" = haproxy ] && ! command -v haproxy >/dev/null; then
        echo "| haproxy | - | skipped: haproxy is not installed | | | | | | |" >> "$table"
        continue
    fi
    echo "pinned-compare: $target: starting, warming up ${WARMUP}s"
    start_target "$target"
    main=${pids[-1]}
    pid=$(worker_pid "$main")
    "${pin_load[@]}" wrk -t1 -c100 -d"${WARMUP}s" "http://127.0.0.1:$PROXY_PORT/" > "$OUT/raw/$target-warmup.txt"
    for c in $CONNS; do
        t0=$(cpu_ticks "$pid"); s0=$(task_ctxsw "$pid")
        "${pin_load[@]}" wrk -t1 -c"$c" -d"${DURATION}s" --latency "http://127.0.0.1:$PROXY_PORT/" \
            > "$OUT/raw/$target-c$c.txt"
        t1=$(cpu_ticks "$pid"); s1=$(task_ctxsw "$pid")
        f="$OUT/raw/$target-c$c.txt"
        requests=$(awk '/requests in/ {print $1}' "$f")
        rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$f")
        p50=$(awk '$1 == "50%" {print $2}' "$f")
        p99=$(awk '$1 == "99%" {print $2}' "$f")
        cpu=$(awk -v a="$t0" -v b="$t1" -v n="$requests" -v hz="$hz" 'BEGIN {printf "%.1f", (b - a) * 1e6 / hz / n}')
        cs=$(awk -v a="$s0" -v b="$s1" -v n="$requests" 'BEGIN {printf "%.3f", (b - a) / n}')
        echo "| $target | $c | $rps | $p50 | $p99 | $cpu | $cs | $(( $(rss_kib "$pid") / 1024 )) | $(threads "$pid") |" >> "$table"
        echo "pinned-compare: $target c=$c: $rps req/s, p99 $p99"
    done
    # Syscalls per request, counted by strace on a separate short run (strace slows what it counts).
    if command -v strace >/dev/null; then
        strace -f -c -o "$OUT/raw/$target-strace.txt" -p "$pid" &
        sp=$!
        sleep 0.5
        "${pin_load[@]}" wrk -t1 -c10 -d3s "http://127.0.0.1:$PROXY_PORT/" > "$OUT/raw/$target-strace-wrk.txt"
        kill -INT $sp 2>/dev/null || true
        wait $sp 2>/dev/null || true
    fi
    kill "$main" 2>/dev/null || true
    wait "$main" 2>/dev/null || true
    sleep 1
done

{
    echo
    echo "Syscalls per request (strace -c on 3 s at 10 connections, a separate run; strace slows the"
    echo "proxy, so these count calls, not time):"
    echo
    echo "| proxy | requests | syscalls | per request | top calls |"
    echo "|---|---:|---:|---:|---|"
    for target in $TARGETS; do
        s="$OUT/raw/$target-strace.txt"
        w="$OUT/raw/$target-strace-wrk.txt"
        [ -f "$s" ] && [ -f "$w" ] || continue
        n=$(awk '/requests in/ {print $1}' "$w")
        total=$(awk '$NF == "total" {print $4}' "$s")
        top=$(awk 'NR > 2 && $1 ~ /^[0-9.]+$/ && $NF != "total" {print $NF "=" $4}' "$s" | sort -t= -k2 -rn | head -5 | tr '\n' ' ')
        per=$(awk -v t="${total:-0}" -v n="${n:-1}" 'BEGIN {printf "%.2f", t / n}')
        echo "| $target | $n | ${total:-?} | $per | $top |"
    done
    echo
    echo "Raw outputs: [raw/](raw/)."
} >> "$table"
echo "pinned-compare: report in $table"
