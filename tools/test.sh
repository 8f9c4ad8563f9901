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
echo "== CUDA build (bazel test --config=cuda): the provider compiled in; on a machine without a GPU it is left out"
# Its own output base, so that the two configurations do not evict each
# other's cache; --symlink_prefix=/ leaves the bazel-* links to the default build.
set +e
bazel --output_base="${HOME}/.cache/bazel/onyx-cuda-$(pwd | md5sum | cut -c1-8)" test --config=cuda --symlink_prefix=/ \
  //tests/cpp:providers_test //tests/cpp:cuda_plan_test //kernels/cuda:kernels_test \
  //runtime/c_api:libonyx.so //tools/bench:onyx-bench 2>&1 | tools/quiet_bazel.sh
cuda_status=${PIPESTATUS[0]}
set -e
echo "== Python tests (pytest tests/python)"
set +e
(cd tests/python && python3 -m pytest -q -p no:cacheprovider .)
py_status=$?
set -e
if ((cc_status != 0 || cuda_status != 0 || py_status != 0)); then
  echo "FAILED: C++ tests exit $cc_status, CUDA build exit $cuda_status, Python tests exit $py_status"
  exit 1
fi
echo "all tests passed"
