"""Logs in `rounds` times over HTTP against a running auth service and prints JSON with the median and 95th
percentile latency in milliseconds. Usage: login_latency.py <base url> <email> <password> [rounds]"""
import json
import statistics
import sys
import time
import urllib.request

base, email, password = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 15
body = json.dumps({"email": email, "password": password}).encode()
samples = []
for _ in range(rounds + 2):
    request = urllib.request.Request(f"{base}/v1/login", data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    samples.append((time.perf_counter() - started) * 1000)
    assert "access_token" in answer, answer
samples = sorted(samples[2:])
print(json.dumps({"p50_ms": statistics.median(samples), "p95_ms": samples[int(len(samples) * 0.95) - 1]}))
