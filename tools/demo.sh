#!/usr/bin/env bash
# The main job on the bundled example model: install onyx, convert the model
# with onyx-convert, run it with the C++ API and with the Python API.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install.sh
out=${TMPDIR:-/tmp}/onyx-demo
mkdir -p "$out"
echo "== onyx-convert examples/models/small_cnn.onnx"
onyx-convert examples/models/small_cnn.onnx -o "$out/small_cnn.onyx"
echo "== C++ API (examples/cpp/run_model.cc)"
bazel-bin/examples/run_model "$out/small_cnn.onyx" --iterations 50
echo "== Python API (examples/python/run_model.py)"
(cd "$out" && python3 "$OLDPWD/examples/python/run_model.py" "$out/small_cnn.onyx")
