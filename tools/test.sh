#!/usr/bin/env bash
# Runs every test: the C++ tests (Bazel, GoogleTest) and the Python tests
# (pytest, against the installed onyx package). Fails if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install.sh
echo "== C++ tests (bazel test //...)"
set +e
bazel test //... 2>&1 | tools/quiet_bazel.sh
cc_status=${PIPESTATUS[0]}
set -e
echo "== Python tests (pytest tests/python)"
set +e
(cd tests/python && python3 -m pytest -q -p no:cacheprovider .)
py_status=$?
set -e
if ((cc_status != 0 || py_status != 0)); then
  echo "FAILED: C++ tests exit $cc_status, Python tests exit $py_status"
  exit 1
fi
echo "all tests passed"
