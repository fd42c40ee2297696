// asm goto becomes a callbr in IR: it ends its block and calls no
// allocator (the verifier allows only inline asm there), so it is never a
// site; sites before it and in both of its destinations are counted as
// usual, and the callbr keeps its two destinations.  The IR comes from clang
// because callbr's syntax changed between LLVM 14 and 19.
//
// RUN: %clang -O0 -S -emit-llvm %s -o %t.O0.ll
// RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %t.O0.ll | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm %s -o %t.O2.ll
// RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %t.O2.ll | FileCheck %s
#include <stdlib.h>

void sink(void *p);

// CHECK-LABEL: define {{.*}} @jumps(
// CHECK: call {{.*}}, !allocsite.site
// CHECK: store atomic
// CHECK: callbr void asm sideeffect "",
// CHECK-NOT: !allocsite.site
// CHECK-NEXT: to label %{{[0-9a-z.]+}} [label %{{[0-9a-z.]+}}]
// CHECK: call {{.*}}, !allocsite.site
// CHECK: store atomic
// CHECK: ret
int jumps(int n) {
  void *p = malloc(n);
  asm goto("" : : "r"(p) : : taken);
  sink(p);
  return 0;
taken:
  sink(malloc(2 * n));
  return 1;
}
