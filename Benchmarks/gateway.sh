#!/usr/bin/env bash
# Gateway: requests/s and latency of the same trivial upstream reached three ways in the same run, with wrk at
# full load and hey at a fixed rate (half of the gateway's peak):
#   direct      wrk → upstream (nginx answering a small JSON from memory)
#   nginx       wrk → nginx proxy_pass with upstream keepalive (the hand-tuned reference) → upstream
#   gateway     wrk → mpesa gateway with edge JWT validation (EdDSA, JWKS cache), tenant rate limiting (plan quota
#               from the tenant service's internal API, shadow mode so the benchmark is not throttled: every check and
#               header is computed) and the circuit breaker → upstream
# The JWKS and the tenant facts are served by the same stand-in nginx, as auth and tenant would serve them.
#   Benchmarks/gateway.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install -q cryptography
command -v hey >/dev/null || scripts/install-deps.sh hey
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
upstream_port=$(free_port); nginx_port=$(free_port); gateway_port=$(free_port)

swift build -c release --product mpesa >/dev/null
mkdir -p "$work/www/internal/v1/tenants" "$work/nginx"
python3 Benchmarks/reference/edge_fixture.py "$work"
cp "$work/jwks.json" "$work/www/jwks.json"
cp "$work/tenant.json" "$work/www/internal/v1/tenants/bench_shop"
token=$(cat "$work/token.txt")
chmod -R a+rX "$work"

# The upstream and stand-ins: one worker, so it is the same for all three paths.
cat >"$work/nginx/upstream.conf" <<CONF
worker_processes 1;
pid $work/nginx/upstream.pid;
error_log $work/nginx/upstream-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$upstream_port;
    root $work/www;
    location /v1/ping { default_type application/json; return 200 '{"ok":true,"service":"bench"}'; }
    location /health { default_type application/json; return 200 '{"status":"ok"}'; }
    location / { default_type application/json; }
  }
}
CONF
# The reference proxy, tuned as its documentation advises for a keep-alive upstream.
cat >"$work/nginx/proxy.conf" <<CONF
worker_processes auto;
worker_cpu_affinity auto;
pid $work/nginx/proxy.pid;
error_log $work/nginx/proxy-error.log warn;
events { worker_connections 4096; multi_accept on; }
http {
  access_log off;
  keepalive_requests 1000000;
  tcp_nodelay on;
  upstream bench { server 127.0.0.1:$upstream_port; keepalive 256; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$nginx_port reuseport;
    location /api/v1/analytics/ {
      proxy_pass http://bench/v1/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
nginx -c "$work/nginx/upstream.conf" -g 'daemon off;' & pids+=($!)
nginx -c "$work/nginx/proxy.conf" -g 'daemon off;' & pids+=($!)

LOG_LEVEL=warning GATEWAY_PORT=$gateway_port ANALYTICS_URL="http://127.0.0.1:$upstream_port" TENANT_URL="http://127.0.0.1:$upstream_port" \
  JWKS_URL="http://127.0.0.1:$upstream_port/jwks.json" GATEWAY_RATE_LIMIT_MODE=shadow \
  DATA_DIR="$work/data" ENV_FILE="$work/.env" CONFIG_FILE="$work/none.json" \
  .build/release/mpesa serve gateway >"$work/gateway.log" 2>&1 &
pids+=($!)

direct="http://127.0.0.1:$upstream_port/v1/ping"
via_nginx="http://127.0.0.1:$nginx_port/api/v1/analytics/ping"
via_gateway="http://127.0.0.1:$gateway_port/api/v1/analytics/ping"
auth="Authorization: Bearer $token"
for url in "$direct" "$via_nginx"; do curl -fs --retry 50 --retry-delay 0 --retry-connrefused "$url" >/dev/null; done
for _ in $(seq 1 100); do curl -fs -H "$auth" "$via_gateway" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS -D "$work/headers.txt" -H "$auth" "$via_gateway" >/dev/null
grep -qi '^ratelimit:' "$work/headers.txt" || { echo "the gateway did not apply its rate limit"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "$via_gateway")" = 401 ] || { echo "the gateway let a request without a token through"; exit 1; }

peak() {  # prints: requests/s p50 p99 (ms)
  wrk -t2 -c"$connections" -d"${duration}s" --latency -H "$auth" "$1" >"$work/wrk.txt"
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors: print(f"warning: {errors.group(1)} non-2xx answers", file=sys.stderr)
print(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1), ms("50%"), ms("99%"))
PY
}
fixed() {  # $1 url, $2 total rate → prints: p50 p99 (ms)
  local workers=32
  hey -z "${duration}s" -c $workers -q $(( $2 / workers )) -H "$auth" "$1" >"$work/hey.txt"
  python3 - "$work/hey.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
p = lambda q: float(re.search(rf"{q}% in ([\d.]+) secs", text).group(1)) * 1000
print(f"{p(50):.3f} {p(99):.3f}")
PY
}

for url in "$direct" "$via_nginx" "$via_gateway"; do wrk -t2 -c"$connections" -d2s -H "$auth" "$url" >/dev/null; done   # warm-up
read -r d_rps d_p50 d_p99 <<<"$(peak "$direct")"
read -r n_rps n_p50 n_p99 <<<"$(peak "$via_nginx")"
read -r g_rps g_p50 g_p99 <<<"$(peak "$via_gateway")"
half=$(python3 -c "print(int(float('$g_rps') / 2))")
read -r dh_p50 dh_p99 <<<"$(fixed "$direct" "$half")"
read -r nh_p50 nh_p99 <<<"$(fixed "$via_nginx" "$half")"
read -r gh_p50 gh_p99 <<<"$(fixed "$via_gateway" "$half")"

python3 - <<PY
rows = [("direct to upstream", $d_rps, $d_p50, $d_p99, $dh_p50, $dh_p99),
        ("nginx proxy_pass, keepalive", $n_rps, $n_p50, $n_p99, $nh_p50, $nh_p99),
        ("mpesa gateway, JWT + rate limit", $g_rps, $g_p50, $g_p99, $gh_p50, $gh_p99)]
print(f"GET through each path; peak: wrk, $connections connections, ${duration}s; fixed rate: hey, {$half:,} req/s (half the gateway's peak)")
print(f"{'path':34} {'peak req/s':>11} {'p50 ms':>8} {'p99 ms':>8}   {'@half p50':>9} {'@half p99':>9}")
for name, rps, p50, p99, h50, h99 in rows:
    print(f"{name:34} {rps:11,.0f} {p50:8.3f} {p99:8.3f}   {h50:9.3f} {h99:9.3f}")
print(f"ratio gateway/nginx requests/s: {$g_rps / $n_rps:.2f}x (target >= 0.8x, aim >= 1.0x)")
print(f"added p99 at half of peak: gateway {$gh_p99 - $dh_p99:+.3f} ms, nginx {$nh_p99 - $dh_p99:+.3f} ms over direct (target <= 1 ms)")
PY
