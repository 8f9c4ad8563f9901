#!/usr/bin/env bash
# onyx-convert, then onyx-inspect as a user runs them; inspect_cli_check.py
# checks the outputs. Args: onyx-convert onyx-inspect model.onnx checker.py
set -euo pipefail
convert="$1" inspect="$2" model="$3" check="$4"
out="${TEST_TMPDIR:-$(mktemp -d)}"
"$convert" "$model" -o "$out/model.onyx" > "$out/convert.txt"
"$inspect" "$out/model.onyx" --plot "$out/plan.svg" > "$out/inspect.txt"
"$inspect" "$out/model.onyx" --json --plot "$out/plan.png" > "$out/inspect.json"
python3 "$check" "$out"
# Bad invocations fail with a message and leave nothing behind.
if "$inspect" "$out/missing.onyx" 2> "$out/err.txt"; then
  echo "onyx-inspect accepted a missing file" >&2
  exit 1
fi
grep -q "missing.onyx" "$out/err.txt"
if "$inspect" "$out/model.onyx" --plot "$out/plan.gif" 2> "$out/err.txt"; then
  echo "onyx-inspect accepted --plot plan.gif" >&2
  exit 1
fi
grep -q ".svg or .png" "$out/err.txt"
echo "PASS"
