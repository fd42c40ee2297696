// A thread's first allocation fails: a failed allocation counts nothing and
// does not register the thread's blocks (AllocSite_thread_state.c); the
// thread's first successful one does, and every count of every thread is
// kept, at -O0 and -O2.
//
// RUN: %cc_as -O0 -g -pthread %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 | FileCheck %s
// RUN: %check-expect %s %t.O0.json
//
// RUN: %cc_as -O2 -g -pthread %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 | FileCheck %s
// RUN: %check-expect %s %t.O2.json
//
// CHECK: failed=4 made=400
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define PER_THREAD 100

static volatile size_t too_much = SIZE_MAX / 2; /* malloc fails: ENOMEM */
static int failed[THREADS], made[THREADS];
static void *volatile kept[THREADS]; /* or -O2 folds malloc/free pairs away */

static void *work(void *arg) {
  size_t t = (size_t)arg;
  kept[t] = malloc(too_much); // EXPECT: objects=0 bytes=0 allocator=malloc
  failed[t] = kept[t] == NULL;
  free(kept[t]);
  for (int i = 0; i < PER_THREAD; i++) {
    kept[t] = malloc(16); // EXPECT: objects=400 bytes=6400 allocator=malloc
    made[t] += kept[t] != NULL;
    free(kept[t]);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (size_t t = 0; t < THREADS; t++)
    if (pthread_create(&threads[t], NULL, work, (void *)t) != 0) {
      perror("pthread_create");
      return 1;
    }
  int f = 0, m = 0;
  for (size_t t = 0; t < THREADS; t++) {
    pthread_join(threads[t], NULL);
    f += failed[t];
    m += made[t];
  }
  printf("failed=%d made=%d\n", f, m);
  return 0;
}
