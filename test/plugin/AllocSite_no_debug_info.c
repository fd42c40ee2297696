// Without -g a site still names its function (file null, line 0); without
// locations, a function's calls to one allocator are one site.  (The table
// also holds the NESTED records of malloc and calloc: 4 entries.)
// RUN: %cc_as -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %cc_as -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %cc_as -O0 %s %rt -o %t && env ALLOCSITE_OUT=%t.json %t
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// CHECK-DAG: @__allocsite_str{{[.0-9]*}} = private unnamed_addr constant [6 x i8] c"twice\00"
// CHECK-DAG: @__allocsite_sites = internal constant [4 x {{.*}} { i64 {{-?[0-9]+}}, {{.*}} null, {{.*}}, i32 0, i32 0, i32 0, i32 {{[0-2]}},
// REPORT: "file": null, "line": 0, "column": 0, "function": "twice", {{.*}}"allocator": "malloc", {{.*}}"objects": 2, "bytes": 3}
// REPORT: "file": null, "line": 0, "column": 0, "function": "twice", {{.*}}"allocator": "calloc", {{.*}}"objects": 1, "bytes": 8}
#include <stdlib.h>
void *volatile keep;
__attribute__((noinline)) void twice(void) {
  keep = malloc(1);
  keep = malloc(2);
  keep = calloc(2, 4);
}
int main(void) {
  twice();
  return 0;
}
