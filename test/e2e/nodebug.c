// Built with -g the sites have file:line:column; built without it they have
// "file": null and "line": 0, but still the right function names, and the
// counts are the same.  EXPECT-FUNCTION checks hold in both builds; the
// line checks only with -g (check-expect --nodebug skips them).
//
// RUN: %cc_as -O0 %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: %check-expect --nodebug %s %t.O0.json
// RUN: FileCheck %s --check-prefix=NODEBUG < %t.O0.json
//
// RUN: %cc_as -O2 %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %check-expect --nodebug %s %t.O2.json
// RUN: FileCheck %s --check-prefix=NODEBUG < %t.O2.json
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0g
// RUN: rm -f %t.O0g.json
// RUN: env ALLOCSITE_OUT=%t.O0g.json %t.O0g
// RUN: %check-expect %s %t.O0g.json
// RUN: FileCheck %s --check-prefix=DEBUG -DFILE=%s < %t.O0g.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2g
// RUN: rm -f %t.O2g.json
// RUN: env ALLOCSITE_OUT=%t.O2g.json %t.O2g
// RUN: %check-expect %s %t.O2g.json
// RUN: FileCheck %s --check-prefix=DEBUG -DFILE=%s < %t.O2g.json
//
// NODEBUG-NOT: "file": "
// NODEBUG-DAG: "file": null, "line": 0, "column": 0, "function": "make_names", "module": "{{[^"]*}}nodebug.c", "allocator": "strdup", "inlined_at": [], {{.*}} "objects": 3, "bytes": 17}
// NODEBUG-DAG: "file": null, "line": 0, "column": 0, "function": "make_table", "module": "{{[^"]*}}nodebug.c", "allocator": "calloc", "inlined_at": [], {{.*}} "objects": 2, "bytes": 160}
// NODEBUG-DAG: "file": null, "line": 0, "column": 0, "function": "main", "module": "{{[^"]*}}nodebug.c", "allocator": "malloc", "inlined_at": [], {{.*}} "objects": 5, "bytes": 50}
// NODEBUG-NOT: "file": "
//
// DEBUG-DAG: "file": "[[FILE]]", "line": 47, "column": {{[0-9]+}}, "function": "make_names", {{.*}} "objects": 3, "bytes": 17}
// DEBUG-DAG: "file": "[[FILE]]", "line": 53, "column": {{[0-9]+}}, "function": "make_table", {{.*}} "objects": 2, "bytes": 160}
// DEBUG-DAG: "file": "[[FILE]]", "line": 59, "column": {{[0-9]+}}, "function": "main", {{.*}} "objects": 5, "bytes": 50}
#include <stdlib.h>
#include <string.h>

static void *volatile sink;
static volatile int rounds = 5; // a bound -O2 cannot unroll into 5 sites

__attribute__((noinline)) void make_names(const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    sink = strdup(names[i]); // EXPECT: objects=3 bytes=17
}
// EXPECT-FUNCTION: make_names objects=3 bytes=17 allocator=strdup

__attribute__((noinline)) void make_table(int rows) {
  for (int i = 0; i < rows; i++)
    sink = calloc(10, 8); // EXPECT: objects=2 bytes=160
}
// EXPECT-FUNCTION: make_table objects=2 bytes=160 allocator=calloc

int main(void) {
  for (int i = 0; i < rounds; i++)
    sink = malloc(10); // EXPECT: objects=5 bytes=50
  // EXPECT-FUNCTION: main objects=5 bytes=50 allocator=malloc
  static const char *const names[] = {"alpha", "beta", "gamma"};
  make_names(names, 3);
  make_table(2);
  return 0;
}
// EXPECT-TOTAL: objects=10 bytes=227
