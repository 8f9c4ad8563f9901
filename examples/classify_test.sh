#!/bin/bash
# The classify examples: the Bazel builds (embedded model and a path), and
# the same sources built with a plain cc/c++ command line against the
# header and libonyx.so, as a device's build would. All four must print the
# same top-5.
set -euo pipefail
classify="$1"; classify_cc="$2"; model="$3"; c_src="$4"; cc_src="$5"; header="$6"; lib="$7"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
"$classify" > "$tmp/embedded.txt"
"$classify" "$model" > "$tmp/c.txt"
"$classify_cc" "$model" > "$tmp/cc.txt"
"$classify_cc" > "$tmp/cc_embedded.txt"
cat "$tmp/c.txt"
libdir=$(cd "$(dirname "$lib")" && pwd)
incdir=$(cd "$(dirname "$header")" && pwd)
cc -std=c99 -Wall -Werror -I"$incdir" "$c_src" -L"$libdir" -lonyx -Wl,-rpath,"$libdir" -o "$tmp/classify_plain"
c++ -std=c++17 -Wall -Werror -I"$incdir" "$cc_src" -L"$libdir" -lonyx -Wl,-rpath,"$libdir" -o "$tmp/classify_cc_plain"
"$tmp/classify_plain" "$model" > "$tmp/c_plain.txt"
"$tmp/classify_cc_plain" "$model" > "$tmp/cc_plain.txt"
for f in embedded cc cc_embedded c_plain cc_plain; do
  diff "$tmp/c.txt" "$tmp/$f.txt" || { echo "FAIL: $f differs from classify MODEL"; exit 1; }
done
grep -q "top-5 of 10 classes" "$tmp/c.txt"
[[ $(grep -c "  class " "$tmp/c.txt") == 5 ]]
# Without a path, a plain build (no embedded model) prints its usage.
if "$tmp/classify_plain" 2> "$tmp/usage.txt"; then echo "FAIL: no path should fail"; exit 1; fi
grep -q "usage: classify MODEL.onyx" "$tmp/usage.txt"
echo PASS
