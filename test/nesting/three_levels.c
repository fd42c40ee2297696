// Three wrapper levels in three files (level_a -> level_b -> level_c ->
// malloc), each declared with __attribute__((malloc, alloc_size(1))): each
// allocation counts once, at the outermost instrumented call, whichever
// level this file calls, also from four threads at once.  The totals equal
// the independent count of every allocation.  -O0 and -O2, compiled
// together, and at -O2 as separate objects.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cc -O0 -g -pthread -I%S/Inputs %s %S/Inputs/level_a.c %S/Inputs/level_b.c %S/Inputs/level_c.c -o %t/O0
// RUN: env ALLOCSITE_OUT=%t/O0.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O0.heap %t/O0 | FileCheck %s
// RUN: %check-expect %s %t/O0.json
// RUN: %check-expect %S/Inputs/level_a.c %t/O0.json
// RUN: %check-expect %S/Inputs/level_b.c %t/O0.json
// RUN: %check-expect %S/Inputs/level_c.c %t/O0.json
// RUN: %check-expect --heap-from %t/O0.heap --all-from %t/O0.heap %t/O0.json
//
// RUN: %allocsite-cc -O2 -g -I%S/Inputs -c %S/Inputs/level_a.c -o %t/level_a.o
// RUN: %allocsite-cc -O2 -g -I%S/Inputs -c %S/Inputs/level_b.c -o %t/level_b.o
// RUN: %allocsite-cc -O2 -g -I%S/Inputs -c %S/Inputs/level_c.c -o %t/level_c.o
// RUN: %allocsite-cc -O2 -g -pthread -I%S/Inputs %s %t/level_a.o %t/level_b.o %t/level_c.o -o %t/O2
// RUN: env ALLOCSITE_OUT=%t/O2.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t/O2.heap %t/O2 | FileCheck %s
// RUN: %check-expect %s %t/O2.json
// RUN: %check-expect %S/Inputs/level_a.c %t/O2.json
// RUN: %check-expect %S/Inputs/level_b.c %t/O2.json
// RUN: %check-expect %S/Inputs/level_c.c %t/O2.json
// RUN: %check-expect --heap-from %t/O2.heap --all-from %t/O2.heap %t/O2.json
//
// CHECK: a=4000 b=8000 c=9200
// EXPECT-TOTAL: objects=9200 bytes=134400
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "levels.h"

extern unsigned long level_a_calls, level_b_calls, level_c_calls;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&lock); /* the call counters are the program's own */
    void *a = level_a(8);  // EXPECT: objects=4000 bytes=32000
    void *b = level_b(16); // EXPECT: objects=4000 bytes=64000
    void *c = i < 300 ? level_c(32) : NULL; // EXPECT: objects=1200 bytes=38400
    pthread_mutex_unlock(&lock);
    free(a);
    free(b);
    free(c);
  }
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  printf("a=%lu b=%lu c=%lu\n", level_a_calls, level_b_calls, level_c_calls);
  return 0;
}
