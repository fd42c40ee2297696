// An allocator not backed by malloc one block per call: pool_alloc carves
// pieces out of 4096-byte chunks.  The sites count the program's own calls
// of it (the program counts them too), the heap counts the chunks, all of
// which were made inside those calls (heap.at_sites), and the totals are
// the calls: each allocation once, at the level the program asked for it.
// Output goes through write(2) so that nothing else touches the heap (the
// shim's own start-up does: the run under it is compared with its count).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cc -O0 -g -I%S/Inputs %s %S/Inputs/pool.c -o %t/O0
// RUN: env ALLOCSITE_OUT=%t/O0.json %t/O0 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t/O0.json
// RUN: %check-expect %S/Inputs/pool.c %t/O0.json
// RUN: env ALLOCSITE_OUT=%t/O0.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O0.heap %t/O0 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect --heap-from %t/O0.heap %t/O0.shim.json
// RUN: FileCheck %s --check-prefix=HEAP < %t/O0.json
// RUN: %allocsite-report top %t/O0.json | FileCheck %s --check-prefix=TOP
// RUN: %allocsite-cc -O2 -g -I%S/Inputs %s %S/Inputs/pool.c -o %t/O2
// RUN: env ALLOCSITE_OUT=%t/O2.json %t/O2 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t/O2.json
// RUN: %check-expect %S/Inputs/pool.c %t/O2.json
// RUN: env ALLOCSITE_OUT=%t/O2.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O2.heap %t/O2 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect --heap-from %t/O2.heap %t/O2.shim.json
// RUN: FileCheck %s --check-prefix=HEAP < %t/O2.json
// RUN: %allocsite-report top %t/O2.json | FileCheck %s --check-prefix=TOP
//
// OUT: calls=1000 chunks=8
// EXPECT-HEAP: objects=8 bytes=32768
// HEAP: "at_sites": {"objects": 8, "bytes": 32768}
// EXPECT-TOTAL: objects=1000 bytes=32000
// EXPECT-ALL: objects=1000 bytes=32000
// TOP-NOT: inconsistent
// TOP: Heap: 8 objects, 32768 bytes allocated by the process
// TOP-NEXT: at instrumented sites: 8 objects (100.00%), 32768 bytes (100.00%)
// TOP-NEXT: elsewhere (uninstrumented code, function pointers): 0 objects (0.00%), 0 bytes (0.00%)
// TOP-NEXT: (a call of an allocation wrapper is one object of the size it asks for at its site, whatever the wrapper allocates inside it)
// TOP-NEXT: All allocations, each once: 1000 objects, 32000 bytes (the sites, plus the heap allocated elsewhere)
// TOP-NEXT: Total: 1000 objects, 32000 bytes in 3 sites
#include <stdio.h>
#include <unistd.h>
#include "pool.h"

void *volatile sink;

int main(void) {
  for (int i = 0; i < 600; i++)
    sink = pool_alloc(32); // EXPECT: objects=600 bytes=19200
  for (int i = 0; i < 400; i++)
    sink = pool_alloc(32); // EXPECT: objects=400 bytes=12800
  char line[64];
  int n = snprintf(line, sizeof line, "calls=%lu chunks=%lu\n", pool_calls, pool_chunks);
  if (write(1, line, (size_t)n) != n)
    return 1;
  return 0;
}
