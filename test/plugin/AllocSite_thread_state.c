// Every site tests the runtime's thread-state word once, after its call and
// only when it succeeded (allocsite_abi.h, "THE THREAD STATE"): one load
// that is zero in the common case, and a cold path that registers the
// thread's blocks (`pending`) or leaves the count to an enclosing
// instrumented wrapper call (`nested`).  There is no per-module
// registration test.  A site in a block nothing reaches (kept at -O0 for
// its label) is instrumented like any other and the compile does not crash.
//
// RUN: %cc_as -O0 -g -S -emit-llvm %s -o %t.O0.ll
// RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t.O0.ll
// RUN: %cc_as -O2 -g -S -emit-llvm %s -o %t.O2.ll
// RUN: FileCheck %s --check-prefixes=CHECK,O2 < %t.O2.ll
#include <stdlib.h>

void sink(void *p);

// CHECK-LABEL: define {{.*}}void @straight(
// CHECK-COUNT-3: load i64, {{.*}}@__allocsite_thread_v6
// CHECK-NOT: @__allocsite_thread_counters, i32 0, i32 0)
// CHECK: ret void
void straight(int n) {
  sink(malloc(16));
  sink(malloc(32));
  sink(calloc((size_t)n, 8));
}

// CHECK-LABEL: define {{.*}}void @branches(
// CHECK-COUNT-3: call void @__allocsite_thread_slow_v6(
// CHECK-NOT: call void @__allocsite_thread_slow_v6(
// CHECK: ret void
void branches(int n) {
  if (n > 3)
    sink(malloc(16));
  else
    sink(malloc(24));
  sink(malloc(32));
}

// CHECK-LABEL: define {{.*}}void @unreachable(
// O0-COUNT-2: call void @__allocsite_thread_slow_v6(
// O2-COUNT-1: call void @__allocsite_thread_slow_v6(
// CHECK-NOT: call void @__allocsite_thread_slow_v6(
// CHECK: ret void
void unreachable(int n) {
  sink(malloc(1));
  return;
again:
  sink(malloc(2));
  if (n)
    goto again;
}
