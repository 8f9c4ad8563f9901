#!/bin/bash
# Runs leak_loop under valgrind: no definite or indirect leak and no memory
# error over a load/run/release loop. Without valgrind the loop runs bare
# (the test then only shows that it completes).
set -euo pipefail
loop="$1"
model="$2"
suppressions="$3"
if ! command -v valgrind > /dev/null; then
  echo "valgrind not installed: running the loop without it"
  exec "$loop" "$model" 20
fi
valgrind --error-exitcode=3 --suppressions="$suppressions" --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect --track-origins=no "$loop" "$model" 20 2> valgrind.log || {
  cat valgrind.log
  echo "FAIL: valgrind found leaks or memory errors"
  exit 1
}
grep -E "definitely lost|indirectly lost|ERROR SUMMARY|in use at exit" valgrind.log || true
echo "PASS: no leak over 20 load/run/release iterations"
