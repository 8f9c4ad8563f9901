#!/usr/bin/env bash
# onyx-bench as a user runs it on the example model; bench_check.py checks
# the JSON and drives the other cases (profile, given inputs, dumped outputs,
# the progress line on a terminal, errors). Args: onyx-bench model.onnx checker.py
set -euo pipefail
bench="$1" model="$2" check="$3"
out="${TEST_TMPDIR:-$(mktemp -d)}"
"$bench" "$model" --iterations 5 --json > "$out/run.json" 2> "$out/run.err"
# stderr is not a terminal here: no progress line.
if [ -s "$out/run.err" ]; then
  echo "onyx-bench wrote to stderr when it is not a terminal:" >&2
  cat "$out/run.err" >&2
  exit 1
fi
"$bench" "$model" --iterations 3 > "$out/run.txt"
python3 "$check" "$bench" "$model" "$out"
echo "PASS"
