// Heap, reason thread-argument: the pointer (or one derived from it) is the
// argument pthread_create hands to the new thread - even when the thread
// function, defined here, only reads it and the creator joins and frees.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 3
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

volatile int g_seen;

__attribute__((noinline)) void *reader_thread(void *arg) {
  g_seen = ((const char *)arg)[0];
  return NULL;
}

void *external_worker(void *arg);

int joined_reader(const char *src) {
  pthread_t t;
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) stays on the heap: handed to another thread by 'pthread_create' at {{.*}}thread_argument_1.c:[[@LINE+2]]:12 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 64);
  int rc = pthread_create(&t, NULL, reader_thread, p);
  if (rc == 0)
    pthread_join(t, NULL);
  free(p);
  return rc;
}

int detached_external_worker(const char *src) {
  pthread_t t;
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: handed to another thread by 'pthread_create' at {{.*}}thread_argument_1.c:[[@LINE+2]]:10 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  return pthread_create(&t, NULL, external_worker, p);
}

int derived_argument(const char *src) {
  pthread_t t;
  char *p = malloc(48); // CHECK-DAG: [[@LINE]]:13: remark: malloc(48) stays on the heap: handed to another thread by 'pthread_create' at {{.*}}thread_argument_1.c:[[@LINE+2]]:12 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 48);
  int rc = pthread_create(&t, NULL, reader_thread, p + 16);
  if (rc == 0)
    pthread_join(t, NULL);
  free(p);
  return rc;
}
