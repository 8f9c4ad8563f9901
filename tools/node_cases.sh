#!/usr/bin/env bash
# Runs ONNX backend node cases whose names match a pytest -k expression,
# against the tree as it is now, without installing anything: builds the
# extension and stages the package in a private directory.
#   tools/node_cases.sh "relu or conv"      (add pytest options after it)
set -euo pipefail
cd "$(dirname "$0")/.."
expr=${1:?usage: tools/node_cases.sh PYTEST_K_EXPRESSION [pytest options]}
shift
bazel build //python:_onyx.so 2>&1 | tools/quiet_bazel.sh
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r python/onyx "$stage/onyx"
cp -f bazel-bin/python/_onyx.so "$stage/onyx/_onyx.so"
cd tests/python
PYTHONPATH="$stage" python3 -m pytest -q -p no:cacheprovider test_onnx_node_cases.py -k "$expr" "$@"
