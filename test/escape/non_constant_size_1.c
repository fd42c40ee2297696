// Heap, reason non-constant-size: the size is not a compile-time constant (a
// parameter, a global, strlen of the argument; strdup's size is always the
// string's length) and there is no stack buffer to serve the sizes that fit
// (ALLOCSITE_STACK_BUFFER_SIZE=0, -allocsite-stack-buffer-size=0; with one,
// the same sites are promotable if small: promotable_if_small_1.c).  Each
// site is otherwise local and freed.  A non-constant size prints as "(...)".
// RUN: env ALLOCSITE_STACK_BUFFER_SIZE=0 %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -fplugin=%plugin -mllvm -allocsite-stack-buffer-size=0 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <stdlib.h>
#include <string.h>

size_t g_chunk = 64;

int size_from_parameter(const char *src, size_t n) {
  char *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: size is not a compile-time constant [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, n);
  int v = p[n / 2];
  free(p);
  return v;
}

// Only the count is variable; how calloc prints with one constant argument
// is left open: "calloc(...)" and "calloc(..., 8)" are both accepted.
long count_from_parameter(const long *src, size_t n) {
  long *a = calloc(n, 8); // CHECK-DAG: [[@LINE]]:13: remark: calloc({{[^)]*}}) stays on the heap: size is not a compile-time constant [site {{[0-9a-f]{16}\]}}
  memcpy(a, src, n * 8);
  long v = a[n - 1];
  free(a);
  return v;
}

int size_from_global(const char *src) {
  char *p = malloc(g_chunk); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: size is not a compile-time constant [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, g_chunk);
  int v = p[g_chunk - 1];
  free(p);
  return v;
}

size_t copy_string(const char *s) {
  char *p = malloc(strlen(s) + 1); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: size is not a compile-time constant [site {{[0-9a-f]{16}\]}}
  strcpy(p, s);
  size_t n = strlen(p);
  free(p);
  return n;
}

int duplicate_string(const char *s) {
  char *d = strdup(s); // CHECK-DAG: [[@LINE]]:13: remark: strdup(...) stays on the heap: size is not a compile-time constant [site {{[0-9a-f]{16}\]}}
  if (!d)
    return -1;
  int r = strcmp(d, "x") + d[0];
  free(d);
  return r;
}
