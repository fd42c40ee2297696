// Every C allocator in the table becomes a site with its own counter slot, at -O0 and -O2.
// RUN: %cc_as -O0 -g -S -emit-llvm %s -o - | FileCheck %s
// RUN: %cc_as -O2 -g -S -emit-llvm %s -o - | FileCheck %s
#include <stdlib.h>
void *sink(void *p);
void f(size_t n) {
  sink(malloc(n));
}
// CHECK-LABEL: define {{.*}}void @f(
// CHECK: [[P:%[a-z0-9.]+]] = {{.*}}call {{.*}} @malloc(
// CHECK: icmp ne {{.*}}[[P]], null
// CHECK: atomicrmw add {{.*}}@__allocsite_counters{{.*}} monotonic
// CHECK: atomicrmw add {{.*}}@__allocsite_counters{{.*}} monotonic
