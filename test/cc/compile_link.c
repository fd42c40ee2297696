// allocsite-cc instruments a C program whether it is compiled and linked in
// one step or compiled with -c and linked separately, at -O0 and -O2, and the
// program it links writes a report with exact counts.
//
// RUN: rm -f %t.*.json
// RUN: %allocsite-cc -O2 -g %s -o %t.onestep
// RUN: env ALLOCSITE_OUT=%t.onestep.json %t.onestep
// RUN: FileCheck %s < %t.onestep.json
//
// RUN: %allocsite-cc -O0 -g -c %s -o %t.O0.o
// RUN: %allocsite-cc %t.O0.o -o %t.separate
// RUN: env ALLOCSITE_OUT=%t.separate.json %t.separate
// RUN: FileCheck %s < %t.separate.json
//
// RUN: %allocsite-cc -O2 -g -c %s -o %t.O2.o
// RUN: %allocsite-cc %t.O2.o -o %t.separateO2
// RUN: env ALLOCSITE_OUT=%t.separateO2.json %t.separateO2
// RUN: FileCheck %s < %t.separateO2.json
#include <stdlib.h>

// Kept until exit, so that -O2 cannot delete the allocations as unused; a
// volatile trip count keeps it from unrolling a loop into several sites.
static void *volatile keep[64];
static volatile int three = 3, five = 5;

int main(void) {
  int n = 0;
  for (int i = 0; i < three; i++)
    // CHECK-DAG: "file": "{{.*}}compile_link.c", "line": [[@LINE+1]], {{.*}}"allocator": "malloc", {{.*}}"objects": 3, "bytes": 96}
    keep[n++] = malloc(32);
  for (int i = 0; i < five; i++)
    // CHECK-DAG: "file": "{{.*}}compile_link.c", "line": [[@LINE+1]], {{.*}}"allocator": "calloc", {{.*}}"objects": 5, "bytes": 200}
    keep[n++] = calloc(5, 8);
  // CHECK-DAG: "file": "{{.*}}compile_link.c", "line": [[@LINE+1]], {{.*}}"allocator": "realloc", {{.*}}"objects": 1, "bytes": 100}
  keep[0] = realloc(keep[0], 100);
  return 0;
}
// CHECK: "at_sites": {"objects": 9, "bytes": 396}}
