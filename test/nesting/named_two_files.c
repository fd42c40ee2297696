// A wrapper named by the user (ALLOCSITE_WRAPPERS, set for both files'
// compiles) and defined in another file: its calls here count, the malloc
// inside it counts nothing, and the totals equal the independent count.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: env ALLOCSITE_WRAPPERS=tracked_alloc:0 %allocsite-cc -O0 -g %s %S/Inputs/named_wrapper.c -o %t/O0
// RUN: env ALLOCSITE_OUT=%t/O0.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O0.heap %t/O0
// RUN: %check-expect %s %t/O0.json
// RUN: %check-expect %S/Inputs/named_wrapper.c %t/O0.json
// RUN: %check-expect --heap-from %t/O0.heap --all-from %t/O0.heap %t/O0.json
// RUN: env ALLOCSITE_WRAPPERS=tracked_alloc:0 %allocsite-cc -O2 -g %s %S/Inputs/named_wrapper.c -o %t/O2
// RUN: env ALLOCSITE_OUT=%t/O2.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O2.heap %t/O2
// RUN: %check-expect %s %t/O2.json
// RUN: %check-expect %S/Inputs/named_wrapper.c %t/O2.json
// RUN: %check-expect --heap-from %t/O2.heap --all-from %t/O2.heap %t/O2.json
#include <stdlib.h>

void *tracked_alloc(size_t n);

void *volatile sink;

int main(void) {
  for (int i = 0; i < 7; i++)
    sink = tracked_alloc(24); // EXPECT: objects=7 bytes=168
  return 0;
}
