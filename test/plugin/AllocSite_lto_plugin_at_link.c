// The linker loads the plugin too (lld's --load-pass-plugin, LLVM 15+): its
// LTO backend runs the pass over code that was already instrumented before
// the link; nothing is counted twice.
// RUN: %cc_as -O2 -g -flto=thin -c %s -o %t.thin.o
// RUN: %clang -flto=thin -fuse-ld=lld -Wl,--load-pass-plugin=%plugin %t.thin.o %rt -o %t.thin.exe
// RUN: env ALLOCSITE_OUT=%t.thin.json %t.thin.exe
// RUN: FileCheck %s < %t.thin.json
// RUN: %cc_as -O2 -g -flto -c %s -o %t.full.o
// RUN: %clang -flto -fuse-ld=lld -Wl,--load-pass-plugin=%plugin %t.full.o %rt -o %t.full.exe
// RUN: env ALLOCSITE_OUT=%t.full.json %t.full.exe
// RUN: FileCheck %s < %t.full.json
// REQUIRES: lld, llvm-19
// CHECK: "line": [[@LINE+9]], {{.*}}"objects": 7, "bytes": 168}
// CHECK: "at_sites": {"objects": 7, "bytes": 168}}
#include <stdlib.h>

void *volatile keep[7];
volatile int trips = 7; // not a constant: no unrolling into many sites

int main(void) {
  for (int i = 0; i < trips; i++)
    keep[i] = malloc(24);
  return 0;
}
