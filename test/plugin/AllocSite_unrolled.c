// Copies of one allocation made by loop unrolling are one site: one table
// entry (and malloc's NESTED record), one counter slot shared by every copy,
// one remark.
// RUN: %cc_as -O2 -g -Rpass-analysis=allocsite %s %rt -o %t 2> %t.remarks
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: env ALLOCSITE_OUT=%t.json %t
// RUN: FileCheck %s < %t.json
// RUN: %cc_as -O2 -g -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// REMARK: AllocSite_unrolled.c:[[@LINE+11]]:15: remark: heap allocation site
// REMARK-NOT: heap allocation site
// CHECK: "sites": [
// CHECK-NEXT: "line": [[@LINE+8]], "column": 15, {{.*}}"objects": 3, "bytes": 96}
// CHECK-NEXT: ],
// IR: @__allocsite_sites = internal constant [2 x
// IR-COUNT-3: call {{.*}}(i64 noundef 32){{.*}}, !allocsite.site
#include <stdlib.h>
void *volatile keep[3];
int main(void) {
  for (int i = 0; i < 3; i++)
    keep[i] = malloc(32);
  return 0;
}
