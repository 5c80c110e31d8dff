"""The floor of any login at a bcrypt cost: one bcrypt check, in C (the `bcrypt` package). Prints JSON with the
median and 95th percentile in milliseconds."""
import json
import statistics
import sys
import time

import bcrypt

cost, rounds = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 15
hashed = bcrypt.hashpw(b"Kilimanjaro-2026-duka", bcrypt.gensalt(rounds=cost))
samples = []
for _ in range(rounds):
    started = time.perf_counter()
    bcrypt.checkpw(b"Kilimanjaro-2026-duka", hashed)
    samples.append((time.perf_counter() - started) * 1000)
samples.sort()
print(json.dumps({"p50_ms": statistics.median(samples), "p95_ms": samples[int(len(samples) * 0.95) - 1]}))
