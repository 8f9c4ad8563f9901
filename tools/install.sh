#!/usr/bin/env bash
# Builds onyx with Bazel and installs it for this machine: the Python package
# (for the `python3` first on PATH) and the command-line tools in /usr/local/bin.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh
bazel build //converter:onyx-convert //tools/inspect:onyx-inspect //tools/bench:onyx-bench //python:_onyx.so \
  //python:wheel //examples:all \
  2>&1 | tools/quiet_bazel.sh

install -m 0755 bazel-bin/converter/onyx-convert /usr/local/bin/onyx-convert
install -m 0755 bazel-bin/tools/inspect/onyx-inspect /usr/local/bin/onyx-inspect
install -m 0755 bazel-bin/tools/bench/onyx-bench /usr/local/bin/onyx-bench
# The extension also beside the sources, for code run from python/ without installing.
install -m 0644 bazel-bin/python/_onyx.so python/onyx/_onyx.so
PYTHON=${PYTHON:-python3}
# The wheel //python:wheel built (python/wheel.bzl), the same one users install.
wheel=(bazel-bin/python/wheel/onyx-*.whl)
"$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore \
  --no-deps --force-reinstall "${wheel[0]}"
rm -rf python/build python/*.egg-info
"$PYTHON" -c "import onyx; print('installed onyx', onyx.__version__, 'and onyx-convert, onyx-inspect, onyx-bench in /usr/local/bin')"
