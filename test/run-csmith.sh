#!/bin/sh
# The full "instrumentation never changes behaviour" run: Csmith programs
# from seed 1 on (reproducible) until COUNT (300) of them have been compared
# at both -O0 and -O2 (programs whose plain build runs longer than 10 s are
# skipped, about one in nine), and the examples, with plain clang and with
# the plugin.  ctest runs a 6-program subset (test/csmith/quick.test).
# Usage: test/run-csmith.sh [BUILD_DIR [COUNT]]
# Takes about an hour on two cores.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
count=${2:-300}
clang=$(sed -n 's/^config.clang = "\(.*\)"$/\1/p' "$build/test/lit.site.cfg.py")
exec "$build/test/bin/csmith-compare" --clang "$clang" --plugin "$build/lib/allocsite.so" \
  --runtime "$build/lib/liballocsite_rt.a" --work "$build/csmith-full" \
  --csmith-include /usr/include/csmith --seeds "1:$((count * 2))" --programs "$count" \
  --levels O0,O2 --timeout 10 \
  --example "$src/examples/person_json/person_json.c" --args 3 \
  --example "$src/examples/wordfreq/wordfreq.c" --args "$src/test/examples/Inputs/words.txt 3"
