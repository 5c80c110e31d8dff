#!/usr/bin/env bash
# Analytics: ingestion rate, aggregation over ~1,000,000 transactions of one organisation (monthly by category, top
# counterparties; p95 through the gateway, target < 50 ms) on SQLite and on PostgreSQL against pandas on the same rows,
# and a 100-page PDF statement uploaded to queryable (target < 2 s) against the parser alone. A real `mpesa serve all`.
# Usage: Benchmarks/analytics.sh [ROWS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
python3 -c 'import pandas' 2>/dev/null || python3 -m pip install -q pandas || true
command -v pdfinfo >/dev/null || scripts/install-deps.sh poppler-utils
swift build -c release --product mpesa >/dev/null
python3 Benchmarks/analytics_driver.py .build/release/mpesa sqlite "$ROWS"
pg=$(mktemp -d)
trap 'scripts/test-postgres.sh stop "$pg" >/dev/null 2>&1 || true; rm -rf "$pg"' EXIT
eval "$(scripts/test-postgres.sh start "$pg" | sed 's/^/export /')"
python3 Benchmarks/analytics_driver.py .build/release/mpesa postgres "$ROWS" "$MPESA_TEST_POSTGRES_URL"
