#!/usr/bin/env bash
# Identity: how fast every service verifies an access token (target >= 50k/s per core), and how long a login takes
# at bcrypt cost 12, each against a reference measured in the same run:
#  - verification: PyJWT + cryptography (OpenSSL Ed25519) doing the same checks on the same tokens;
#  - login: one bcrypt check at cost 12 in C (the floor of any login), against a real `mpesa serve auth tenant`
#    over HTTP (password check, lock-out bookkeeping, session and refresh token rows, token signing).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
python3 -c 'import jwt, cryptography, bcrypt' 2>/dev/null || python3 -m pip install -q pyjwt cryptography bcrypt
swift build -c release --product mpesa >/dev/null
swift build -c release --product IdentityBenchmark >/dev/null

.build/release/IdentityBenchmark "$work/tokens" 3 >"$work/ours.txt"
reference=$(python3 Benchmarks/reference/verify_tokens.py "$work/tokens" 3)
python3 - "$work/ours.txt" "$reference" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def rate(word):
    count, seconds = re.search(word + r" (\d+) tokens in ([\d.]+) s", text).groups()
    return int(count) / float(seconds)
cold, warm = rate("verified"), rate("remembered")
ref = json.loads(sys.argv[2]); theirs = ref["tokens"] / ref["seconds"]
print("Access-token verification (EdDSA, cached JWKS, iss/aud/exp/nbf), one core")
print(f"  mpesa, every signature checked  {cold:12,.0f} tokens/s")
print(f"  mpesa, token seen before        {warm:12,.0f} tokens/s   (target >= 50,000/s)")
print(f"  PyJWT + cryptography            {theirs:12,.0f} tokens/s   (every signature checked)")
print(f"  ratio mpesa/PyJWT, same work: {cold / theirs:.2f}x; as served: {warm / theirs:.1f}x")
PY

read -r auth_port tenant_port < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
DATA_DIR="$work/data" AUTH_PORT=$auth_port TENANT_PORT=$tenant_port AUTH_URL=http://127.0.0.1:$auth_port TENANT_URL=http://127.0.0.1:$tenant_port \
  AUTH_BCRYPT_COST=12 LOG_LEVEL=error ENV_FILE=$work/.env CONFIG_FILE=$work/mpesa.json \
  .build/release/mpesa serve auth >"$work/auth.log" 2>&1 &
pids+=($!)
DATA_DIR="$work/data" AUTH_PORT=$auth_port TENANT_PORT=$tenant_port AUTH_URL=http://127.0.0.1:$auth_port TENANT_URL=http://127.0.0.1:$tenant_port \
  LOG_LEVEL=error ENV_FILE=$work/.env CONFIG_FILE=$work/mpesa.json \
  .build/release/mpesa serve tenant >"$work/tenant.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$auth_port/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs -X POST "http://127.0.0.1:$auth_port/v1/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.test","password":"Kilimanjaro-2026-duka","name":"Bench"}' >/dev/null
login=$(python3 Benchmarks/reference/login_latency.py "http://127.0.0.1:$auth_port" bench@example.test Kilimanjaro-2026-duka 15)
floor=$(python3 Benchmarks/reference/bcrypt_floor.py 12 15)
python3 - "$login" "$floor" <<'PY'
import json, sys
ours, floor = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("Login at bcrypt cost 12 (HTTP, sequential)")
print(f"  mpesa POST /v1/login         p50 {ours['p50_ms']:7.1f} ms   p95 {ours['p95_ms']:7.1f} ms")
print(f"  bcrypt check alone (C)       p50 {floor['p50_ms']:7.1f} ms   p95 {floor['p95_ms']:7.1f} ms")
print(f"  ratio login/bcrypt (p50): {ours['p50_ms'] / floor['p50_ms']:.2f}x (everything but the hash costs the difference)")
PY
