// A static inline helper that allocates, called from two places.  At -O2 each
// inlined copy is a site at the helper's line, with an inlined_at chain naming
// the call's line (innermost first; two frames for a helper inlined into a
// helper).  At -O0 nothing is inlined: zeroed/zeroed_twice are allocation
// wrappers, and their calloc is counted once, at main's call (the outermost).
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: %check-expect --opt O0 %s %t.O0.json
// RUN: FileCheck %s --check-prefix=O0 -DFILE=%s < %t.O0.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %check-expect --opt O2 %s %t.O2.json
// RUN: FileCheck %s --check-prefix=O2 -DFILE=%s < %t.O2.json
#include <stdlib.h>
#include <string.h>

static void *volatile sink;
static volatile int rounds = 3; // a bound -O2 cannot unroll

static inline char *copy_of(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n); // EXPECT-O0: objects=4 bytes=22 sites=1 // EXPECT-O2: objects=4 bytes=22 sites=2
  memcpy(p, s, n);
  return p;
}

static inline void *zeroed(size_t n) {
  return calloc(n, 4); // EXPECT-O0: objects=0 bytes=0 sites=1 flags=in-wrapper // EXPECT-O2: objects=1 bytes=28 sites=1 flags=none
}

static inline void *zeroed_twice(size_t n) {
  void *p = zeroed(n); // EXPECT-O0: objects=0 bytes=0 sites=1 flags=wrapper-call,in-wrapper allocator=zeroed
  return p;
}

int main(void) {
  sink = copy_of("first");
  static const char *const words[] = {"one", "three", "seven"};
  for (int i = 0; i < rounds; i++)
    sink = copy_of(words[i % 3]);
  sink = zeroed_twice(7); // EXPECT-O0: objects=1 bytes=28 sites=1 flags=wrapper-call allocator=zeroed_twice
  return 0;
}
// EXPECT-TOTAL-O0: objects=5 bytes=50 sites=4
// EXPECT-TOTAL-O2: objects=5 bytes=50 sites=3

// O0-DAG: {"id": "{{[0-9a-f]+}}", "file": "[[FILE]]", "line": 26, "column": {{[0-9]+}}, "function": "copy_of", "module": "[[FILE]]", "allocator": "malloc", "inlined_at": [], {{.*}} "objects": 4, "bytes": 22}
// O0-DAG: {"id": "{{[0-9a-f]+}}", "file": "[[FILE]]", "line": 32, "column": {{[0-9]+}}, "function": "zeroed", "module": "[[FILE]]", "allocator": "calloc", "inlined_at": [], {{.*}} "objects": 0, "bytes": 0}
//
// O2-DAG: {"id": "{{[0-9a-f]+}}", "file": "[[FILE]]", "line": 26, "column": {{[0-9]+}}, "function": "copy_of", "module": "[[FILE]]", "allocator": "malloc", "inlined_at": [{"file": "[[FILE]]", "line": 41, "column": {{[0-9]+}}, "function": "main"}], {{.*}} "objects": 1, "bytes": 6}
// O2-DAG: {"id": "{{[0-9a-f]+}}", "file": "[[FILE]]", "line": 26, "column": {{[0-9]+}}, "function": "copy_of", "module": "[[FILE]]", "allocator": "malloc", "inlined_at": [{"file": "[[FILE]]", "line": 44, "column": {{[0-9]+}}, "function": "main"}], {{.*}} "objects": 3, "bytes": 16}
// O2-DAG: {"id": "{{[0-9a-f]+}}", "file": "[[FILE]]", "line": 32, "column": {{[0-9]+}}, "function": "zeroed", "module": "[[FILE]]", "allocator": "calloc", "inlined_at": [{"file": "[[FILE]]", "line": 36, "column": {{[0-9]+}}, "function": "zeroed_twice"}, {"file": "[[FILE]]", "line": 45, "column": {{[0-9]+}}, "function": "main"}], {{.*}} "objects": 1, "bytes": 28}
