// A wrapper defined in the same file, recognised by the plugin (it only
// returns what malloc returned), kept out of line: its direct calls count
// at their lines, the calls made through a function pointer at the malloc
// inside it, each allocation once.  A wrapper that calls the wrapper
// (two levels) counts at its own callers' lines only.  -O0 and -O2.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %cc_as -O0 -g %s %rt -o %t/O0
// RUN: env ALLOCSITE_OUT=%t/O0.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O0.heap %t/O0 | FileCheck %s
// RUN: %check-expect %s %t/O0.json
// RUN: %check-expect --heap-from %t/O0.heap --all-from %t/O0.heap %t/O0.json
// RUN: %cc_as -O2 -g %s %rt -o %t/O2
// RUN: env ALLOCSITE_OUT=%t/O2.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O2.heap %t/O2 | FileCheck %s
// RUN: %check-expect %s %t/O2.json
// RUN: %check-expect --heap-from %t/O2.heap --all-from %t/O2.heap %t/O2.json
//
// CHECK: made 19
// EXPECT-TOTAL: objects=19 bytes=216
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void *xmalloc(size_t n) {
  return malloc(n); // EXPECT: objects=5 bytes=40
}

__attribute__((noinline)) void *xmalloc_twice_checked(size_t n) {
  void *p = xmalloc(n); // EXPECT: objects=0 bytes=0
  if (!p)
    abort();
  return p;
}

void *(*volatile through_pointer)(size_t) = xmalloc;
void *keep[19];

int main(void) {
  int k = 0;
  for (int i = 0; i < 10; i++)
    keep[k++] = xmalloc(16); // EXPECT: objects=10 bytes=160
  for (int i = 0; i < 5; i++)
    keep[k++] = through_pointer(8);
  for (int i = 0; i < 4; i++)
    keep[k++] = xmalloc_twice_checked(4); // EXPECT: objects=4 bytes=16
  printf("made %d\n", k);
  return 0;
}
