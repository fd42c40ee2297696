#!/bin/sh
# Fetches the real C code bases the realcode tests and bench/realcode build,
# from the npm registry at a pinned version (never vendored into this
# repository), into DIR (default: ./realcode-sources):
#   DIR/sqlite/        sqlite3.c, sqlite3.h  (better-sqlite3's amalgamation)
#   DIR/tree-sitter/   src/lib.c, include/  (the tree-sitter runtime)
#   DIR/tree-sitter-json/  src/parser.c  (the JSON grammar)
# A code base already fetched is kept.  Each one fetched is marked by
# DIR/NAME.ok (lit.cfg.py turns it into the feature realcode-NAME); one that
# could not be fetched prints "skipped: REASON" and leaves DIR/NAME.skipped,
# and the script still exits 0, so an offline build skips those tests
# instead of failing.  Usage: fetch-sources.sh [DIR]
set -u
dir=${1:-realcode-sources}
mkdir -p "$dir" && dir=$(cd "$dir" && pwd) || exit 1

# fetch NAME PACKAGE@VERSION PATH-IN-TARBALL WANTED-FILE
fetch() {
  name=$1 spec=$2 sub=$3 wanted=$4
  if [ -f "$dir/$name.ok" ] && [ -f "$dir/$name/$wanted" ]; then
    return 0
  fi
  rm -rf "$dir/$name" "$dir/$name.ok" "$dir/$name.skipped" "$dir/$name.tmp"
  if ! command -v npm > /dev/null 2>&1; then
    reason="npm is not installed"
  else
    mkdir -p "$dir/$name.tmp"
    # A registry that does not answer must not hang the build.
    if tarball=$(cd "$dir/$name.tmp" && timeout 300 npm pack --silent --prefer-offline "$spec" 2> npm.err) &&
        tar -xzf "$dir/$name.tmp/$tarball" -C "$dir/$name.tmp" "package/$sub" &&
        mv "$dir/$name.tmp/package/$sub" "$dir/$name" && [ -f "$dir/$name/$wanted" ]; then
      rm -rf "$dir/$name.tmp"
      echo "$spec" > "$dir/$name.ok"
      echo "fetched $spec into $dir/$name"
      return 0
    fi
    reason="npm pack $spec failed: $(tail -n 1 "$dir/$name.tmp/npm.err" 2> /dev/null)"
    rm -rf "$dir/$name.tmp" "$dir/$name"
  fi
  echo "skipped: $name: $reason"
  echo "$reason" > "$dir/$name.skipped"
}

fetch sqlite better-sqlite3@12.11.1 deps/sqlite3 sqlite3.c
fetch tree-sitter tree-sitter@0.22.4 vendor/tree-sitter/lib src/lib.c
fetch tree-sitter-json tree-sitter-json@0.24.8 src parser.c
exit 0
