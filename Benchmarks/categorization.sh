#!/usr/bin/env bash
# Categorisation on the labelled evaluation set (Benchmarks/data/categorization-eval.jsonl): accuracy and macro-F1 of
# each step of the cascade and of the whole (target: macro-F1 >= 0.90), per-category scores, the biggest confusions
# and calibration; a learning curve of simulated tenants correcting its mistakes; and transactions classified per
# second on one core (target >= 200k/s), against a pure-Python naive Bayes + keyword-directory cascade
# (reference/categorize_reference.py) trained on the same examples and timed in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
eval_set=Benchmarks/data/categorization-eval.jsonl
swift build -c release --product CategorizationBenchmark >/dev/null
benchmark=.build/release/CategorizationBenchmark

# The reference trains on the global model's own training examples, written by the benchmark.
$benchmark --write-training "$work/train.jsonl"
python3 Benchmarks/reference/categorize_reference.py "$work/train.jsonl" "$eval_set" \
  Sources/Categorization/Directory/merchant-directory.json 3 >"$work/reference.json"
$benchmark "$eval_set" --reference "$work/reference.json" | tee "$work/ours.txt"

echo
echo "Categorisation, summary"
grep -E "target \(c\) macro-F1|the curve|target >= |ratio ours/reference" "$work/ours.txt" | sed 's/^ */  /'
