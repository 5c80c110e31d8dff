#!/usr/bin/env bash
# Platform overhead: a service's /health through the full shared middleware stack (tracing, request id,
# metrics, access log, problem handling) against nginx answering the same JSON from memory, on the same machine
# in the same run. Prints requests/s and latency percentiles for both and the ratio.
#   Benchmarks/platform-overhead.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
service_port=$(free_port); nginx_port=$(free_port)

swift build -c release --product mpesa >/dev/null
LOG_LEVEL=warning PARSER_PORT=$service_port DATA_DIR="$work/data" ENV_FILE="$work/.env" CONFIG_FILE="$work/none.json" \
  .build/release/mpesa serve parser >"$work/mpesa.log" 2>&1 &
pids+=($!)

body=$(curl -s --retry 50 --retry-delay 0 --retry-connrefused "http://127.0.0.1:$service_port/health")
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location /health { default_type application/json; return 200 '$body'; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
curl -s --retry 50 --retry-delay 0 --retry-connrefused "http://127.0.0.1:$nginx_port/health" >/dev/null

measure() {
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$1" >"$work/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  echo "$rps $p50 $p99"
}

wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$service_port/health" >/dev/null   # warm-up
wrk -t2 -c"$connections" -d2s "http://127.0.0.1:$nginx_port/health" >/dev/null
read -r nginx_rps nginx_p50 nginx_p99 <<<"$(measure "http://127.0.0.1:$nginx_port/health")"
read -r svc_rps svc_p50 svc_p99 <<<"$(measure "http://127.0.0.1:$service_port/health")"

printf '%-34s %12s %10s %10s\n' "target (GET /health, $connections conns, ${duration}s)" "requests/s" "p50" "p99"
printf '%-34s %12s %10s %10s\n' "nginx, static JSON (reference)" "$nginx_rps" "$nginx_p50" "$nginx_p99"
printf '%-34s %12s %10s %10s\n' "mpesa parser, full middleware" "$svc_rps" "$svc_p50" "$svc_p99"
python3 -c "print(f'ratio mpesa/nginx: {float(\"$svc_rps\")/float(\"$nginx_rps\"):.2f}x requests/s')"
