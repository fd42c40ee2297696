// Heap, reason passed-to-call: the pointer (or a pointer derived from it) is
// passed to a function that may capture it - a declared external function,
// C library functions outside allocsite's table that do keep the pointer
// (setvbuf, putenv), and functions of this file whose parameter escapes (one
// stores it to a global, one hands it on to an external function).  The
// reported call is the one in the allocating function.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 7
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 7
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void consume(void *p);
void register_buffer(int tag, char *buf);

void to_external(const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: passed to 'consume' (argument 1), which may capture it, at {{.*}}passed_to_call_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  consume(p);
}

void to_external_second_argument(const char *src) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) stays on the heap: passed to 'register_buffer' (argument 2), which may capture it, at {{.*}}passed_to_call_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 64);
  register_buffer(7, p);
}

void derived_to_external(const char *src) {
  char *p = malloc(48); // CHECK-DAG: [[@LINE]]:13: remark: malloc(48) stays on the heap: passed to 'consume' (argument 1), which may capture it, at {{.*}}passed_to_call_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 48);
  consume(p + 4);
}

// setvbuf keeps the buffer for the stream's lifetime.
void buffer_stdout(void) {
  char *buf = malloc(1024); // CHECK-DAG: [[@LINE]]:15: remark: malloc(1024) stays on the heap: passed to 'setvbuf' (argument 2), which may capture it, at {{.*}}passed_to_call_1.c:[[@LINE+1]]:3 [site {{[0-9a-f]{16}\]}}
  setvbuf(stdout, buf, _IOFBF, 1024);
}

// putenv makes the string itself part of the environment.
int export_setting(const char *value) {
  char *kv = malloc(128); // CHECK-DAG: [[@LINE]]:14: remark: malloc(128) stays on the heap: passed to 'putenv' (argument 1), which may capture it, at {{.*}}passed_to_call_1.c:[[@LINE+2]]:10 [site {{[0-9a-f]{16}\]}}
  snprintf(kv, 128, "MODE=%s", value);
  return putenv(kv);
}

char *g_stash;

__attribute__((noinline)) void stash(char *p) { g_stash = p; }

void to_local_function_that_stores_globally(const char *src) {
  char *p = malloc(20); // CHECK-DAG: [[@LINE]]:13: remark: malloc(20) stays on the heap: passed to 'stash' (argument 1), which may capture it, at {{.*}}passed_to_call_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 20);
  stash(p);
}

__attribute__((noinline)) void forward(int tag, char *p) {
  if (tag)
    consume(p);
}

void to_local_function_that_passes_it_on(const char *src, int tag) {
  char *p = malloc(28); // CHECK-DAG: [[@LINE]]:13: remark: malloc(28) stays on the heap: passed to 'forward' (argument 2), which may capture it, at {{.*}}passed_to_call_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 28);
  forward(tag, p);
}
