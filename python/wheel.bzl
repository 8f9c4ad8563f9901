"""onyx_wheel: the installable wheel of the `onyx` Python package.

Stages python/ (setup.py, README.md, onyx/**/*.py) with the extension built by
Bazel as onyx/_onyx.so, and runs `pip wheel` on it offline, with the Python
that @local_python found (the one whose onnx and pybind11 the build uses; its
onnx also builds onyx.datasets' models). The output is a directory holding one
file, onyx-VERSION-TAGS.whl, named by setuptools from the package's version
and the interpreter:

    bazel build //python:wheel
    pip install bazel-bin/python/wheel/onyx-*.whl
"""

_SCRIPT = """
set -euo pipefail
out="$1"; so="$2"; proto="$3"; shift 3
work="$(mktemp -d "${TMPDIR:-/tmp}/onyx_wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The interpreter: onnx-ml.proto lies in PREFIX/lib/pythonX.Y/site-packages/onnx/.
site="$(dirname "$(dirname "$(readlink -f "$proto")")")"
python="$(dirname "$(dirname "$(dirname "$site")")")/bin/python3"
if ! "$python" -c "import onnx, setuptools, wheel" 2>/dev/null; then
  echo "onyx_wheel: $python (beside the onnx at $site) cannot import onnx, setuptools and wheel" >&2
  exit 1
fi
mkdir -p "$work/src/onyx" "$work/home" "$work/dist"
for f in "$@"; do
  rel="${f#*python/}"
  mkdir -p "$work/src/$(dirname "$rel")"
  cp "$f" "$work/src/$rel"
done
cp "$so" "$work/src/onyx/_onyx.so"
chmod -R u+w "$work/src"
HOME="$work/home" TMPDIR="$work" PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$python" -m pip wheel --quiet --no-deps --no-build-isolation --no-index --no-cache-dir \
  --wheel-dir "$work/dist" "$work/src" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
mkdir -p "$out"
cp "$work"/dist/onyx-*.whl "$out/"
"""

def _onyx_wheel_impl(ctx):
    out = ctx.actions.declare_directory(ctx.label.name)
    srcs = ctx.files.srcs
    args = ctx.actions.args()
    args.add(out.path)
    args.add(ctx.file.extension.path)
    args.add(ctx.file.onnx_proto.path)
    args.add_all(srcs)
    ctx.actions.run_shell(
        inputs = srcs + [ctx.file.extension, ctx.file.onnx_proto],
        outputs = [out],
        command = _SCRIPT,
        arguments = [args],
        mnemonic = "OnyxWheel",
        progress_message = "Building the onyx wheel",
    )
    return [DefaultInfo(files = depset([out]))]

onyx_wheel = rule(
    implementation = _onyx_wheel_impl,
    attrs = {
        "srcs": attr.label_list(allow_files = True, doc = "python/setup.py, README.md and onyx/**/*.py"),
        "extension": attr.label(allow_single_file = True, mandatory = True, doc = "the _onyx.so extension"),
        "onnx_proto": attr.label(
            allow_single_file = True,
            default = "@local_python//:onnx_ml_proto",
            doc = "onnx-ml.proto of the Python that @local_python found: locates that interpreter",
        ),
    },
)
