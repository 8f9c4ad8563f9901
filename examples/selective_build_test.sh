#!/bin/bash
# A selective build (kernels/BUILD): classify linked with only small_cnn's
# kernels (ops/small_cnn.config) gives the full build's answer on small_cnn,
# carries no kernel outside the config, and refuses a model that needs one
# with an error naming the node and op.
set -euo pipefail
convert="$1"; onnx="$2"; config="$3"; classify_full="$4"; classify_selective="$5"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The committed config is what onyx-convert --emit-ops writes for the model.
"$convert" --quiet --emit-ops "$tmp/current.config" --input-shape image:1,3,32,32 "$onnx"
diff <(grep -v '^#' "$config") <(grep -v '^#' "$tmp/current.config") ||
  fail "$config is stale: run onyx-convert --emit-ops $config --input-shape image:1,3,32,32 $onnx"

"$convert" --quiet "$onnx" -o "$tmp/small_cnn.onyx" --input-shape image:1,3,32,32
"$classify_full" "$tmp/small_cnn.onyx" > "$tmp/full.txt"
"$classify_selective" "$tmp/small_cnn.onyx" > "$tmp/selective.txt"
cat "$tmp/selective.txt"
diff "$tmp/full.txt" "$tmp/selective.txt" || fail "the selective build answers differently"

# Kernels outside the config are not linked in (the binaries keep symbols).
nm -C "$classify_full" > "$tmp/full.nm"
nm -C "$classify_selective" > "$tmp/selective.nm"
grep -q 'ref::GatherNDRun' "$tmp/full.nm" || fail "the full build should have GatherND (check the nm test)"
grep -q 'ref::GatherNDRun' "$tmp/selective.nm" && fail "the selective build links GatherND"
grep -q 'ref::SoftmaxRun' "$tmp/selective.nm" || fail "the selective build lacks Softmax"
grep -q 'executor::RunLoop' "$tmp/selective.nm" && fail "the selective build links Loop"
full_size=$(stat -L -c %s "$classify_full"); selective_size=$(stat -L -c %s "$classify_selective")
echo "full build $full_size bytes, selective build $selective_size bytes"
(( selective_size * 2 < full_size )) || fail "the selective build is not much smaller"

# Without the passes the model needs Conv, BatchNormalization and Relu, which
# the config leaves out: a clear error, not a crash.
"$convert" --quiet "$onnx" -o "$tmp/plain.onyx" --optimize disable_all --input-shape image:1,3,32,32
"$classify_full" "$tmp/plain.onyx" > /dev/null
if "$classify_selective" "$tmp/plain.onyx" > "$tmp/out.txt" 2>&1; then fail "a model with unselected ops ran"; fi
cat "$tmp/out.txt"
grep -q "Conv opset 17).*has no kernel for the op at this opset" "$tmp/out.txt" || fail "unclear error"
echo PASS
