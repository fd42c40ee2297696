#!/bin/sh
# The full "instrumentation never changes behaviour" run: 300 Csmith
# programs (seeds 1 to 300, reproducible) and the examples, with plain clang
# and with the plugin, at -O0 and -O2.  ctest runs a 6-program subset
# (test/csmith/quick.test).  Usage: test/run-csmith.sh [BUILD_DIR [COUNT]]
# Takes about an hour on two cores.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
count=${2:-300}
clang=$(sed -n 's/^config.clang = "\(.*\)"$/\1/p' "$build/test/lit.site.cfg.py")
exec "$build/test/bin/csmith-compare" --clang "$clang" --plugin "$build/lib/allocsite.so" \
  --runtime "$build/lib/liballocsite_rt.a" --work "$build/csmith-full" \
  --csmith-include /usr/include/csmith --seeds "1:$count" --levels O0,O2 --timeout 10 \
  --example "$src/examples/person_json/person_json.c" --args 3 \
  --example "$src/examples/wordfreq/wordfreq.c" --args "$src/test/examples/Inputs/words.txt 3"
