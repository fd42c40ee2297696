// ALLOCSITE_CLANG (allocsite-cc) and ALLOCSITE_CLANGXX (allocsite-c++) name
// the clang to run instead of the one built in.  The wrapper execs it, so its
// exit status and a signal that kills it are the wrapper's own, and it is
// the same process.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %S/Inputs/record-clang.sh %t/record && chmod +x %t/record
// RUN: export RECORD_ARGS=%t/args
//
// Honoured, and the program still builds when the named clang is real.
// RUN: env ALLOCSITE_CLANG=%t/record RECORD_REAL_CLANG=%clang %allocsite-cc -g %s -o %t/app
// RUN: FileCheck --check-prefix=RECORDED %s < %t/args
// RECORDED:      {{.*}}/record
// RECORDED-NEXT: -fplugin=
// RUN: env ALLOCSITE_OUT=%t/app.json %t/app
// RUN: FileCheck --check-prefix=REPORT %s < %t/app.json
//
// Each wrapper reads only its own variable.
// RUN: rm %t/args
// RUN: env ALLOCSITE_CLANG=%t/record RECORD_REAL_CLANG=%clangxx %allocsite-cxx --version | FileCheck --check-prefix=VERSION %s
// RUN: not test -e %t/args
// RUN: env ALLOCSITE_CLANGXX=%t/record RECORD_REAL_CLANG=%clangxx %allocsite-cxx -x c++ -g %s -o %t/app++
// RUN: FileCheck --check-prefix=RECORDED %s < %t/args
// RUN: rm %t/args
// RUN: env ALLOCSITE_CLANGXX=%t/record %allocsite-cc --version | FileCheck --check-prefix=VERSION %s
// RUN: not test -e %t/args
// VERSION: clang version
//
// Set but empty: the built-in clang.
// RUN: env ALLOCSITE_CLANG= %allocsite-cc --version | FileCheck --check-prefix=VERSION %s
//
// Exit status and signals pass through; the clang runs in the wrapper's process.
// RUN: env ALLOCSITE_CLANG=%t/record RECORD_ACTION=exit=42 \
// RUN:   sh -c '%allocsite-cc -c %s -o %t/x.o; echo "status $?"' | FileCheck --check-prefix=EXIT42 %s
// EXIT42: status 42
// RUN: env ALLOCSITE_CLANG=%t/record RECORD_ACTION=kill RECORD_PID=%t/pid \
// RUN:   sh -c '%allocsite-cc -c %s -o %t/x.o & pid=$!; wait $pid; echo "status $? wrapper $pid clang $(cat %t/pid)"' \
// RUN:   | FileCheck --check-prefix=KILLED %s
// KILLED: status 143 wrapper [[PID:[0-9]+]] clang [[PID]]
//
// A clang that cannot be run: the wrapper says so, with a shell's status.
// RUN: env ALLOCSITE_CLANG=%t/no-such-clang \
// RUN:   sh -c '%allocsite-cc -c %s -o %t/x.o; echo "status $?"' 2>&1 | FileCheck --check-prefix=MISSING %s
// MISSING: allocsite-cc: error: cannot run '{{.*}}/no-such-clang': No such file or directory
// MISSING-NEXT: status 127
//
// Naming the wrapper itself (by path, or by name found in PATH) would exec
// it forever.
// RUN: env ALLOCSITE_CLANG=%allocsite-cc not %allocsite-cc -c %s -o %t/x.o 2>&1 | FileCheck --check-prefix=SELF %s
// RUN: env ALLOCSITE_CLANG=allocsite-cc not %allocsite-cc -c %s -o %t/x.o 2>&1 | FileCheck --check-prefix=SELF %s
// SELF: allocsite-cc: error: ALLOCSITE_CLANG names this wrapper ('{{.*}}allocsite-cc'); it must name a clang
#include <stdlib.h>

void *volatile keep;

int main(void) {
  // REPORT: "file": "{{.*}}env_override.c", "line": [[@LINE+1]], {{.*}}"objects": 1, "bytes": 13}
  keep = malloc(13);
  return 0;
}
