// Without -g a site still names its function; file is null and line 0, and
// the same source gets distinct IDs per site through the ordinal.
// RUN: %cc_as -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %cc_as -O2 -S -emit-llvm %s -o - | FileCheck %s
// CHECK-DAG: @__allocsite_str{{[.0-9]*}} = private unnamed_addr constant [6 x i8] c"twice\00"
// CHECK-DAG: @__allocsite_sites = internal constant [2 x {{.*}} { i64 [[ID1:-?[0-9]+]], {{.*}} null, {{.*}}, i32 0, i32 0, i32 0, i32 0, {{.*}} }, {{.*}} { i64 [[ID2:-?[0-9]+]], {{.*}} null, {{.*}}, i32 0, i32 0, i32 0, i32 0,
#include <stdlib.h>
void sink(void *);
void twice(void) {
  sink(malloc(1));
  sink(malloc(2));
}
