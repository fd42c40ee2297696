// -flto: the pre-link compile instruments (and marks each counted call), so
// running the pass again - as a linker that loads the plugin for its LTO
// backend does - adds nothing, and the program counts every allocation once.
// RUN: %cc_as -O2 -g -flto -c %s -o %t.full.o
// RUN: %cc_as -O2 -g -flto=thin -c %s -o %t.thin.o
// RUN: llvm-dis %t.full.o -o %t.full.ll
// RUN: grep -c 'store atomic i64' %t.full.ll | FileCheck %s --check-prefix=FOUR
// RUN: opt -load-pass-plugin=%plugin -passes=allocsite %t.full.o -S -o %t.again.ll
// RUN: grep -c 'store atomic i64' %t.again.ll | FileCheck %s --check-prefix=FOUR
// RUN: grep -c "define internal void @__allocsite_module_ctor" %t.again.ll | FileCheck %s --check-prefix=CTOR
// RUN: llvm-dis %t.thin.o -o - | grep -c 'store atomic i64' | FileCheck %s --check-prefix=FOUR
// RUN: %clang -flto -fuse-ld=lld %t.full.o %rt -o %t.full.exe
// RUN: env ALLOCSITE_OUT=%t.full.json %t.full.exe
// RUN: FileCheck %s --check-prefix=REPORT < %t.full.json
// RUN: %clang -flto=thin -fuse-ld=lld %t.thin.o %rt -o %t.thin.exe
// RUN: env ALLOCSITE_OUT=%t.thin.json %t.thin.exe
// RUN: FileCheck %s --check-prefix=REPORT < %t.thin.json
// REQUIRES: lld
// One site: two adds to its counters, two to its NESTED record.
// FOUR: {{^4$}}
// CTOR: {{^1$}}
// REPORT: "line": [[@LINE+9]], {{.*}}"objects": 10, "bytes": 160}
// REPORT: "at_sites": {"objects": 10, "bytes": 160}}
#include <stdlib.h>

void *volatile keep[10];
volatile int trips = 10; // not a constant: no unrolling into many sites

int main(void) {
  for (int i = 0; i < trips; i++)
    keep[i] = malloc(16);
  for (int i = 0; i < trips; i++)
    free(keep[i]);
  return 0;
}
