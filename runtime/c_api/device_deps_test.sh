#!/bin/bash
# The device library (libonyx.so, libonyx.a) links neither protobuf nor
# ONNX nor Python, and libonyx.so exports the C API only.
set -euo pipefail
so="$1"
archive="$2"
fail=0
deps=$(ldd "$so")
echo "$deps"
if grep -Eiq 'protobuf|libonnx|python' <<< "$deps"; then
  echo "FAIL: $so depends on protobuf, ONNX or Python"
  fail=1
fi
exported=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {sub(/@.*/, "", $3); print $3}')
others=$(grep -v '^Onyx' <<< "$exported" | grep -v '^ONYX_1.0$' || true)
if [[ -n "$others" ]]; then
  echo "FAIL: $so exports symbols beside the C API:"
  echo "$others" | head -20
  fail=1
fi
count=$(grep -c '^Onyx' <<< "$exported")
echo "$so exports $count C API functions"
for f in OnyxCreateSession OnyxRun OnyxRunWithBinding OnyxReleaseStatus; do
  grep -qx "$f" <<< "$exported" || { echo "FAIL: $so does not export $f"; fail=1; }
done
# The archive: its undefined symbols must not name protobuf, ONNX or Python.
undefined=$(nm -u "$archive" 2>/dev/null | awk '{print $NF}' | sort -u)
if grep -Eq 'google.*protobuf|onnx[0-9]*[A-Z]|^_ZN4onnx|Py[A-Z_]' <<< "$undefined"; then
  echo "FAIL: $archive refers to protobuf, ONNX or Python symbols:"
  grep -E 'google.*protobuf|_ZN4onnx|Py[A-Z_]' <<< "$undefined" | head
  fail=1
fi
defined=$(nm --defined-only "$archive" 2>/dev/null || true)
grep -q ' T OnyxCreateSession$' <<< "$defined" || { echo "FAIL: $archive lacks OnyxCreateSession"; fail=1; }
[[ $fail == 0 ]] && echo "PASS"
exit $fail
