// Threads over the whole life of a process: one created from
// .preinit_array (before every constructor, the runtime's included), one
// from an ordinary constructor, both exited long before main returns; and
// one still running (blocked) when the program exits, whose allocations up
// to the report are counted.
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
// CHECK: main returns
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

static void *volatile sink;
static pthread_t from_preinit, from_constructor, still_running;
static sem_t counted;

static void *preinit_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; i++) {
    sink = malloc(2); // EXPECT: objects=5 bytes=10
    free(sink);
  }
  return NULL;
}

static void *constructor_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 6; i++) {
    sink = malloc(3); // EXPECT: objects=6 bytes=18
    free(sink);
  }
  return NULL;
}

static void *running_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    sink = malloc(4); // EXPECT: objects=100 bytes=400
    free(sink);
  }
  sem_post(&counted);
  for (;;)
    pthread_cond_wait(&(pthread_cond_t)PTHREAD_COND_INITIALIZER,
                      &(pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER);
  return NULL;
}

static void start_from_preinit(void) { pthread_create(&from_preinit, NULL, preinit_thread, NULL); }
__attribute__((section(".preinit_array"), used)) static void (*const preinit)(void) =
    start_from_preinit;

__attribute__((constructor)) static void start_from_constructor(void) {
  pthread_create(&from_constructor, NULL, constructor_thread, NULL);
}

int main(void) {
  pthread_join(from_preinit, NULL);
  pthread_join(from_constructor, NULL);
  sem_init(&counted, 0, 0);
  pthread_create(&still_running, NULL, running_thread, NULL);
  sem_wait(&counted);
  puts("main returns");
  return 0;
}
// EXPECT-TOTAL: objects=111 bytes=428
