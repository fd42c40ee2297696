// A program of two instrumented translation units, built as separate objects
// and linked: the report lists the sites of both modules (each with its own
// "module"), each counted exactly, also when threads allocate in both modules
// (two threads exit before the report is written, two are still alive).
//
// RUN: %cc_as -O0 -g -pthread -c %s -o %t.main.O0.o
// RUN: %cc_as -O0 -g -c %S/Inputs/multi_tu_lib.c -o %t.lib.O0.o
// RUN: %cc_as -pthread %t.main.O0.o %t.lib.O0.o %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect %S/Inputs/multi_tu_lib.c %t.O0.json
// RUN: FileCheck %s -DMAIN=%s -DLIB=%S/Inputs/multi_tu_lib.c < %t.O0.json
//
// RUN: %cc_as -O2 -g -pthread -c %s -o %t.main.O2.o
// RUN: %cc_as -O2 -g -c %S/Inputs/multi_tu_lib.c -o %t.lib.O2.o
// RUN: %cc_as -pthread %t.main.O2.o %t.lib.O2.o %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect %S/Inputs/multi_tu_lib.c %t.O2.json
// RUN: FileCheck %s -DMAIN=%s -DLIB=%S/Inputs/multi_tu_lib.c < %t.O2.json
//
// CHECK-DAG: "file": "[[MAIN]]", {{.*}} "module": "[[MAIN]]", "allocator": "calloc",
// CHECK-DAG: "file": "[[LIB]]", {{.*}} "module": "[[LIB]]", "allocator": "malloc",
// CHECK-DAG: "file": "[[LIB]]", {{.*}} "module": "[[LIB]]", "allocator": "strdup",
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

void lib_alloc(int n);
char *lib_copy(const char *s);

static void *volatile sink;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int finished;

static void work(void) {
  for (int i = 0; i < 3000; i++) {
    void *p = calloc(2, 8); // EXPECT: objects=15000 bytes=240000
    sink = p; // observed, so -O2 keeps it; freed through the local (threads share sink)
    free(p);
  }
  lib_alloc(1000);
}

static void *exits(void *arg) {
  (void)arg;
  work();
  return NULL;
}

static void *stays(void *arg) {
  (void)arg;
  work();
  pthread_mutex_lock(&lock);
  finished++;
  pthread_cond_broadcast(&changed);
  for (;;) // still alive when main exits
    pthread_cond_wait(&changed, &lock);
}

int main(void) {
  pthread_t t[4];
  pthread_create(&t[0], NULL, exits, NULL);
  pthread_create(&t[1], NULL, exits, NULL);
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  pthread_create(&t[2], NULL, stays, NULL);
  pthread_create(&t[3], NULL, stays, NULL);
  work();
  char *a = lib_copy("hello");
  char *b = lib_copy("world");
  printf("%s %s\n", a, b);
  free(a);
  free(b);
  pthread_mutex_lock(&lock);
  while (finished < 2)
    pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
  exit(0);
}
// EXPECT-TOTAL: objects=20002 bytes=360012
