// Allocations a thread makes while it exits are counted: in a pthread key
// destructor of the program's (whether its key was created before or after
// the runtime first saw a thread), and in a second round of key destructors
// (a destructor that sets its key again).  The threads exit long before the
// report is written.
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
// CHECK: early key destructor ran 3 times
// CHECK-NEXT: late key destructor ran 6 times
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_key_t early_key, late_key;
static int early_runs, late_runs;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
// Allocations stored here are observed, so -O2 cannot delete them.
static void *volatile sink;

static void early_destructor(void *value) {
  free(value);
  sink = malloc(100); // EXPECT: objects=3 bytes=300
  free(sink);
  pthread_mutex_lock(&lock);
  early_runs++;
  pthread_mutex_unlock(&lock);
}

static void late_destructor(void *value) {
  int round = *(int *)value;
  free(value);
  pthread_mutex_lock(&lock);
  late_runs++;
  pthread_mutex_unlock(&lock);
  if (round == 0) {
    // Set the key again, so that a second round of destructors runs.
    int *next = malloc(sizeof *next); // EXPECT: objects=3 bytes=12
    *next = 1;
    pthread_setspecific(late_key, next);
  } else {
    sink = malloc(50); // EXPECT: objects=3 bytes=150
    free(sink);
  }
}

static void *worker(void *arg) {
  (void)arg;
  pthread_setspecific(early_key, malloc(8)); // EXPECT: objects=3 bytes=24
  int *round = calloc(1, sizeof *round); // EXPECT: objects=3 bytes=12
  pthread_setspecific(late_key, round);
  return NULL;
}

int main(void) {
  // Created before this program's first instrumented allocation (and so
  // before the runtime creates its own key): its destructor runs first.
  pthread_key_create(&early_key, early_destructor);
  sink = malloc(1); // EXPECT: objects=1 bytes=1
  free(sink);
  // Created after the runtime has seen the main thread allocate: if the
  // runtime's key is older, this destructor runs after the runtime settled
  // the exiting thread's counts.
  pthread_key_create(&late_key, late_destructor);
  for (int i = 0; i < 3; i++) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
  }
  printf("early key destructor ran %d times\n", early_runs);
  printf("late key destructor ran %d times\n", late_runs);
  return 0;
}
// EXPECT-TOTAL: objects=16 bytes=499
