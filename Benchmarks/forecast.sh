#!/usr/bin/env bash
# Builds the release benchmark, writes the synthetic series, runs statsforecast AutoETS on the same series and
# origins, then runs our backtest and prints every figure next to the reference measured in this same run.
# Usage: Benchmarks/forecast.sh [COUNT]   (default 200; needs `pip install statsforecast`)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-200}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

swift build -c release --product ForecastBenchmark
BIN=.build/release/ForecastBenchmark
"$BIN" --count "$COUNT" --series "$WORK/series.json" --generate-only

if python3 -c "import statsforecast" 2>/dev/null; then
    python3 Benchmarks/reference/forecast_reference.py "$WORK/series.json" "$WORK/reference.json"
    "$BIN" --count "$COUNT" --series "$WORK/series.json" --reference "$WORK/reference.json"
else
    echo "statsforecast is not installed (pip install statsforecast): running without the AutoETS reference" >&2
    "$BIN" --count "$COUNT" --series "$WORK/series.json"
fi
