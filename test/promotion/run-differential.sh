#!/bin/sh
# The full stack-promotion differential run (the quick subset is
# test/promotion/differential_quick.test).  Usage:
#   test/promotion/run-differential.sh BUILD_DIR [GENERATED_PROGRAMS]
# Builds every escape-corpus file (with a generated main), the examples, the
# stb/uthash programs and GENERATED_PROGRAMS (default 50) random programs
# plain / instrumented / promoted at -O0 and -O2, and the promoted ones with
# AddressSanitizer (detect_stack_use_after_return=1); all must print the
# same.  Work files go to BUILD_DIR/promotion-diff.  Exit status 0: all same.
set -eu
build=$(cd "$1" && pwd)
count=${2:-50}
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$build/test/bin
work=$build/promotion-diff
clang=$("$build/bin/allocsite-cc" --allocsite-help | awk '$1 == "clang" {print $2}')
rm -rf "$work" && mkdir -p "$work/src"

# Corpus functions not called: address_hash prints an address-derived hash;
# through_global_pointer calls a null function pointer; duplicate_string
# prints strcmp's result, whose magnitude ASan's strcmp does not keep.
for f in "$src"/test/escape/*.c "$src"/test/escape/*.cpp; do
  "$bin/corpus-harness" "$f" address_hash through_global_pointer duplicate_string \
    > "$work/src/$(basename "$f")"
done
i=1
while [ "$i" -le "$count" ]; do
  "$bin/gen-alloc-program" "$i" > "$work/src/gen$i.c"
  i=$((i + 1))
done

exec "$bin/promotion-diff" --clang "$clang" --clangxx "${clang%clang*}clang++${clang##*clang}" \
  --cc "$build/bin/allocsite-cc" --cxx "$build/bin/allocsite-c++" --work "$work" --asan \
  --cflags -pthread "$work"/src/*.c "$work"/src/*.cpp "$src"/test/realcode/*.c \
  --args 3 "$src/examples/person_json/person_json.c" \
  --args "$src/test/examples/Inputs/words.txt 3" "$src/examples/wordfreq/wordfreq.c"
