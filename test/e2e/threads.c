// Four threads allocate 100000 times each at one site: the inline atomic
// counters lose no update, at -O0 and -O2.
//
// RUN: %cc_as -O0 -g -pthread %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: %check-expect %s %t.O0.json
//
// RUN: %cc_as -O2 -g -pthread %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %check-expect %s %t.O2.json
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define PER_THREAD 100000

static void *volatile sink[THREADS];
static pthread_barrier_t start;

static void *hammer(void *arg) {
  size_t slot = (size_t)arg;
  pthread_barrier_wait(&start); // all four allocate at the same time
  for (int i = 0; i < PER_THREAD; i++) {
    sink[slot] = malloc(slot + 1); // EXPECT: objects=400000 bytes=1000000 allocator=malloc
    free(sink[slot]);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  pthread_barrier_init(&start, NULL, THREADS);
  for (size_t t = 0; t < THREADS; t++)
    if (pthread_create(&threads[t], NULL, hammer, (void *)t) != 0) {
      perror("pthread_create");
      return 1;
    }
  for (int t = 0; t < THREADS; t++)
    pthread_join(threads[t], NULL);
  puts("done");
  return 0;
}
// EXPECT-TOTAL: objects=400000 bytes=1000000
