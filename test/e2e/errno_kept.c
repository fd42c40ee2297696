// The counting code (and the runtime, when a thread's first allocation
// registers its counters) leaves errno as the allocator set it: a failed
// malloc/calloc/realloc/strdup still reports ENOMEM, also as the very first
// allocation of a thread, and a successful one leaves the program's errno as
// the uninstrumented program sees it.  stdout is compared with a plain build.
//
// RUN: %clang -O0 -g -pthread %s -o %t.plain0
// RUN: %t.plain0 > %t.plain0.out
// RUN: %clang -O2 -g -pthread %s -o %t.plain2
// RUN: %t.plain2 > %t.plain2.out
// RUN: FileCheck %s < %t.plain0.out
//
// RUN: %cc_as -O0 -g -pthread %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 > %t.O0.out
// RUN: diff %t.plain0.out %t.O0.out
// RUN: %check-expect %s %t.O0.json
//
// RUN: %cc_as -O2 -g -pthread %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 > %t.O2.out
// RUN: diff %t.plain2.out %t.O2.out
// RUN: %check-expect %s %t.O2.json
//
// CHECK: main first: null ENOMEM
// CHECK: thread first malloc: null ENOMEM
// CHECK: thread first calloc: null ENOMEM
// CHECK: thread first realloc: null ENOMEM
// CHECK: thread first posix_memalign: EINVAL
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile size_t huge = SIZE_MAX;
static void *volatile sink;

static const char *name(int e) {
  switch (e) {
  case 0: return "0";
  case ENOMEM: return "ENOMEM";
  case EINVAL: return "EINVAL";
  case EDOM: return "EDOM";
  default: return "other";
  }
}

static void *first_malloc(void *arg) {
  (void)arg;
  errno = 0;
  void *p = malloc(huge); // EXPECT: objects=0 bytes=0
  int e = errno;
  sink = p;
  printf("thread first malloc: %s %s\n", p ? "non-null" : "null", name(e));
  errno = EDOM;
  p = malloc(10); // EXPECT: objects=1 bytes=10
  e = errno;
  sink = p; // observed, or -O2 deletes the malloc/free pair
  free(p);
  printf("thread then malloc: %s\n", name(e));
  return NULL;
}

static void *first_calloc(void *arg) {
  (void)arg;
  errno = 0;
  void *p = calloc(huge / 2, 4); // EXPECT: objects=0 bytes=0
  int e = errno;
  sink = p;
  printf("thread first calloc: %s %s\n", p ? "non-null" : "null", name(e));
  return NULL;
}

static void *first_realloc(void *arg) {
  (void)arg;
  errno = 0;
  void *p = realloc(sink, huge); // EXPECT: objects=0 bytes=0
  int e = errno;
  sink = p;
  printf("thread first realloc: %s %s\n", p ? "non-null" : "null", name(e));
  return NULL;
}

static void *first_posix_memalign(void *arg) {
  (void)arg;
  errno = EDOM;
  void *p = NULL;
  int status = posix_memalign(&p, 3, 8); // EXPECT: objects=0 bytes=0
  int e = errno;
  printf("thread first posix_memalign: %s, errno %s\n", name(status), name(e));
  return NULL;
}

static void run(void *(*fn)(void *)) {
  pthread_t t;
  pthread_create(&t, NULL, fn, NULL);
  pthread_join(t, NULL);
}

int main(void) {
  errno = 0;
  char *s = malloc(huge); // EXPECT: objects=0 bytes=0
  int e = errno;
  sink = s;
  printf("main first: %s %s\n", s ? "non-null" : "null", name(e));
  errno = EDOM;
  s = strdup("kept"); // EXPECT: objects=1 bytes=5
  e = errno;
  printf("main strdup: %s %s\n", s, name(e));
  free(s);
  sink = NULL;
  run(first_malloc);
  run(first_calloc);
  run(first_realloc);
  run(first_posix_memalign);
  return 0;
}
// EXPECT-TOTAL: objects=2 bytes=15
