#!/usr/bin/env bash
# Installs what onyx needs to build and test, and nothing when it is all there:
# Debian packages for the C++ side, PyPI packages for the Python side (for the
# `python3` first on PATH). Safe to run again. Quiet unless it installs.
set -euo pipefail

DEBIAN_PACKAGES=(
  bazel-bootstrap bazel-platforms        # Bazel 4.2.3, offline
  g++ libgtest-dev                       # compiler, GoogleTest
  libprotobuf-dev protobuf-compiler      # converter only
  libflatbuffers-dev flatbuffers-compiler
  libxnnpack-dev libpthreadpool-dev libcpuinfo-dev
  libjpeg62-turbo-dev libpng-dev         # ImageDecoder's codecs
  libtiff-dev libwebp-dev libopenjp2-7-dev
  libre2-dev                             # RegexFullMatch
)
# onnx is pinned: its backend test data and schema are what the tests use.
PYTHON_PACKAGES=(onnx==1.23.2 numpy pytest pybind11 setuptools wheel)
# For the side-by-side comparison in tests and bench/ only; never a dependency of onyx.
PYTHON_TEST_PACKAGES=(onnxruntime)

missing_debian=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  [[ "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_debian+=("$pkg")
done
if ((${#missing_debian[@]})); then
  echo "setup: installing Debian packages: ${missing_debian[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_debian[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
missing_python=$("$PYTHON" - "${PYTHON_PACKAGES[@]}" "${PYTHON_TEST_PACKAGES[@]}" <<'PY'
import sys
from importlib import metadata
missing = []
for spec in sys.argv[1:]:
    name, _, version = spec.partition("==")
    try:
        installed = metadata.version(name)
        if version and installed != version:
            missing.append(spec)
    except metadata.PackageNotFoundError:
        missing.append(spec)
print(" ".join(missing))
PY
)
if [[ -n "$missing_python" ]]; then
  echo "setup: installing Python packages: $missing_python"
  "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore $missing_python
fi
