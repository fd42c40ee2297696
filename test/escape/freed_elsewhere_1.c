// Heap, reason freed-elsewhere: the site is freed by a function of this file
// it is passed to (directly, or two calls down), or by a free in its own
// function whose pointer may also point to another object (so that free
// cannot be deleted).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 4
#include <stdlib.h>
#include <string.h>

volatile int g_seen;

__attribute__((noinline)) void release(char *p) {
  g_seen = p[0];
  free(p);
}

__attribute__((noinline)) void destroy(char *p) {
  g_seen = p[1];
  release(p);
}

void freed_by_local_function(const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: freed by 'release' at {{.*}}freed_elsewhere_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  release(p);
}

void freed_two_calls_down(const char *src) {
  char *p = malloc(40); // CHECK-DAG: [[@LINE]]:13: remark: malloc(40) stays on the heap: freed by 'destroy' at {{.*}}freed_elsewhere_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 40);
  destroy(p);
}

// The free's pointer is this site or the caller's buffer.
int freed_through_ambiguous_pointer(const char *src, char *other, int c) {
  char *p = malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: malloc(24) stays on the heap: freed through a pointer that may point to another object at {{.*}}freed_elsewhere_1.c:[[@LINE+4]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 24);
  char *victim = c ? p : other;
  int v = victim[2];
  free(victim);
  return v;
}

// The freed pointer comes out of a local table holding this site and the
// caller's buffer.
int freed_through_local_table(const char *src, char *other, int i) {
  char *p = malloc(20); // CHECK-DAG: [[@LINE]]:13: remark: malloc(20) stays on the heap: freed through a pointer that may point to another object at {{.*}}freed_elsewhere_1.c:[[@LINE+4]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 20);
  char *pair[2] = {p, other};
  int v = pair[i & 1][3];
  free(pair[i & 1]);
  return v;
}
