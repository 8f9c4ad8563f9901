#!/bin/bash
# select_kernels.py: '*' keeps registry.cc as it is; a config keeps exactly
# the rows of its ops and opsets; no op leaves one row that matches nothing;
# a malformed config is an error naming its line.
set -euo pipefail
select=tools/selective/select_kernels.py
ref=kernels/ref/registry.cc
xnn=kernels/xnnpack/registry.cc
control_flow=runtime/executor/control_flow_registry.cc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Rows of the kKernels table in a registry (other tables may follow it).
table_rows() { sed -n '/kKernels\[\] = {/,/^};/p' "$1" | grep -c '^    {"' || true; }

echo '*' > "$tmp/all.config"
python3 "$select" --config "$tmp/all.config" "$ref" | cmp - "$ref" || fail "'*' changed $ref"

cat > "$tmp/some.config" <<'CFG'
# a comment
ai.onnx;13;Relu,Add   # trailing comment
ai.onnx;11;Conv
ai.onnx;16;Loop
com.microsoft;1;FusedConv
CFG
python3 "$select" --config "$tmp/some.config" "$ref" > "$tmp/ref.cc"
rows=$(table_rows "$tmp/ref.cc")
# Relu 13, Add 13, Conv 1..latest (float) and Conv 1..21 (float16), FusedConv.
[ "$rows" = 5 ] || fail "expected 5 reference rows, got $rows: $(grep '^    {"' "$tmp/ref.cc")"
grep -q '{"", "Relu", 13, 13,' "$tmp/ref.cc" || fail "Relu 13 row missing"
grep -q '{"", "Relu", 6, 12,' "$tmp/ref.cc" && fail "Relu 6..12 row kept"
grep -q '^    {"", "Softmax"' "$tmp/ref.cc" && fail "Softmax kept"
# Everything outside the table is unchanged.
diff <(sed '/kKernels\[\] = {/,/^};/d' "$ref") <(sed '/kKernels\[\] = {/,/^};/d' "$tmp/ref.cc") ||
  fail "text outside the table changed"

python3 "$select" --config "$tmp/some.config" "$xnn" > "$tmp/xnn.cc"
rows=$(table_rows "$tmp/xnn.cc")
[ "$rows" = 2 ] || fail "expected 2 XNNPACK rows (Add, Relu), got $rows"

python3 "$select" --config "$tmp/some.config" "$control_flow" > "$tmp/control_flow.cc"
[ "$(table_rows "$tmp/control_flow.cc")" = 1 ] || fail "expected the Loop row alone"
grep -q '{"", "Loop", 1, kLatestOpset, RunLoop, PlanSubgraphsAhead},' "$tmp/control_flow.cc" || fail "Loop row missing"

: > "$tmp/none.config"
python3 "$select" --config "$tmp/none.config" "$ref" > "$tmp/none.cc"
[ "$(table_rows "$tmp/none.cc")" = 1 ] || fail "empty config: expected the one placeholder row"
grep -q '{"", "", 1, 0},' "$tmp/none.cc" || fail "placeholder row missing"

echo 'ai.onnx;x13;Relu' > "$tmp/bad.config"
if python3 "$select" --config "$tmp/bad.config" "$ref" > /dev/null 2> "$tmp/err"; then fail "bad config accepted"; fi
grep -q "bad.config:1: expected 'domain;opset;Op1,Op2,...'" "$tmp/err" || fail "unclear error: $(cat "$tmp/err")"
echo 'ai.onnx;13;Re-lu' > "$tmp/bad.config"
if python3 "$select" --config "$tmp/bad.config" "$ref" > /dev/null 2> "$tmp/err"; then fail "bad op accepted"; fi
grep -q "'Re-lu' is not an op type" "$tmp/err" || fail "unclear error: $(cat "$tmp/err")"
echo PASS
