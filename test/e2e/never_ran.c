// Sites whose code never runs are still listed, with zero counts: in a
// function nobody calls, on a branch not taken, and after a loop that runs
// zero times.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: %check-expect %s %t.O0.json
// RUN: FileCheck %s -DFILE=%s < %t.O0.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %check-expect %s %t.O2.json
// RUN: FileCheck %s -DFILE=%s < %t.O2.json
//
// CHECK-DAG: "file": "[[FILE]]", "line": 33, {{.*}} "function": "never_called", {{.*}} "allocator": "strdup", {{.*}} "objects": 0, "bytes": 0}
// CHECK-DAG: "file": "[[FILE]]", "line": 34, {{.*}} "function": "never_called", {{.*}} "allocator": "calloc", {{.*}} "objects": 0, "bytes": 0}
// CHECK-DAG: "file": "[[FILE]]", "line": 42, {{.*}} "function": "main", {{.*}} "allocator": "malloc", {{.*}} "objects": 0, "bytes": 0}
// CHECK-DAG: "file": "[[FILE]]", "line": 45, {{.*}} "function": "main", {{.*}} "allocator": "realloc", {{.*}} "objects": 0, "bytes": 0}
// CHECK-DAG: "file": "[[FILE]]", "line": 47, {{.*}} "function": "main", {{.*}} "allocator": "malloc", {{.*}} "objects": 1, "bytes": 33}
// CHECK: "at_sites": {"objects": 1, "bytes": 33}}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *volatile sink;
volatile int zero = 0;

// Externally visible, so -O2 keeps it although main never calls it; not
// inlined, so its sites are not duplicated into main.
__attribute__((noinline)) void never_called(const char *s) {
  sink = strdup(s); // EXPECT: objects=0 bytes=0 sites=1
  sink = calloc(3, 3); // EXPECT: objects=0 bytes=0 sites=1
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 100)
    never_called("x");
  if (zero)
    sink = malloc(64); // EXPECT: objects=0 bytes=0 sites=1
  void *p = NULL;
  for (int i = 0; i < zero; i++)
    p = realloc(p, 16); // EXPECT: objects=0 bytes=0 sites=1
  sink = p;
  sink = malloc(33); // EXPECT: objects=1 bytes=33 sites=1
  return 0;
}
// EXPECT-TOTAL: objects=1 bytes=33 sites=5
