// Four threads allocate through a function pointer at the same time, and
// one thread exits long before main returns: the heap count loses nothing
// (each thread counts into its own block, folded in when it exits), agrees
// with an independent LD_PRELOAD count, and every allocation of the
// workers is in one calling context per worker entry point.
//
// RUN: %cc_as -O2 -g -pthread %s %rt -o %t
// RUN: rm -f %t.json %t.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.heap %t | FileCheck %s
// RUN: %check-expect --heap-from %t.heap %t.json
// RUN: FileCheck %s --check-prefix=STACKS < %t.json
//
// CHECK: done 4 x 50000 + 1000
// The early thread's calloc is also a site of its own.
// RUN: FileCheck %s --check-prefix=SITE < %t.json
// SITE: "allocator": "calloc", {{.*}}"objects": 1000, "bytes": 64000}
// STACKS-DAG: {"function": "malloc", "objects": 200000, "bytes": 4800000, "frames": [
// STACKS-DAG: {"function": "calloc", "objects": 1000, "bytes": 64000, "frames": [
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define PER_THREAD 50000

static void *(*volatile allocate)(size_t) = malloc;
static void *volatile sink; /* so the optimiser cannot delete calloc/free pairs */
static pthread_barrier_t start;

__attribute__((noinline)) static void *worker(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);
  for (int i = 0; i < PER_THREAD; i++)
    free(allocate(24));
  return NULL;
}

__attribute__((noinline)) static void *early(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    sink = calloc(8, 8);
    free(sink);
  return NULL;
}

int main(void) {
  pthread_t e;
  pthread_create(&e, NULL, early, NULL);
  pthread_join(e, NULL); // gone long before the report is written

  pthread_barrier_init(&start, NULL, THREADS);
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  printf("done %d x %d + %d\n", THREADS, PER_THREAD, 1000);
  return 0;
}
