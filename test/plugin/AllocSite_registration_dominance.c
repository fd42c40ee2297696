// A thread's first count in a module registers its block: each site tests
// the thread's `registered` word after its call, on the success path and
// (cold) on the failure path, so a site that another site's call dominates
// leaves the test out.  Each test is one call site: two per test.
//
// RUN: %cc_as -O0 -g -S -emit-llvm %s -o %t.O0.ll
// RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t.O0.ll
// RUN: %cc_as -O2 -g -S -emit-llvm %s -o %t.O2.ll
// RUN: FileCheck %s --check-prefixes=CHECK,O2 < %t.O2.ll
#include <stdlib.h>

void sink(void *p);

// Straight-line code: one test, after the first call.
// CHECK-LABEL: define {{.*}}void @straight(
// CHECK-COUNT-2: call void @__allocsite_register_thread_v3(
// CHECK-NOT: call void @__allocsite_register_thread_v3(
// CHECK: ret void
void straight(int n) {
  sink(malloc(16));
  sink(malloc(32));
  sink(calloc((size_t)n, 8));
}

// Sites on both arms of a branch dominate nothing after the join: three tests.
// CHECK-LABEL: define {{.*}}void @branches(
// CHECK-COUNT-6: call void @__allocsite_register_thread_v3(
// CHECK-NOT: call void @__allocsite_register_thread_v3(
// CHECK: ret void
void branches(int n) {
  if (n > 3)
    sink(malloc(16));
  else
    sink(malloc(24));
  sink(malloc(32));
}

// A site before a loop dominates the loop's sites: one test.
// CHECK-LABEL: define {{.*}}void @loop(
// CHECK-COUNT-2: call void @__allocsite_register_thread_v3(
// CHECK-NOT: call void @__allocsite_register_thread_v3(
// CHECK: ret void
void loop(int n) {
  sink(malloc(8));
  for (int i = 0; i < n; i++)
    sink(malloc((size_t)i + 1));
}

// A site in a block nothing reaches (kept at -O0 for its label) has no
// dominator at all: it keeps its test, and the compile does not crash.  At
// -O2 the block is gone.
// CHECK-LABEL: define {{.*}}void @unreachable(
// O0-COUNT-4: call void @__allocsite_register_thread_v3(
// O2-COUNT-2: call void @__allocsite_register_thread_v3(
// CHECK-NOT: call void @__allocsite_register_thread_v3(
// CHECK: ret void
void unreachable(int n) {
  sink(malloc(1));
  return;
again:
  sink(malloc(2));
  if (n)
    goto again;
}
