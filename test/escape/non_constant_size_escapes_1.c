// Heap, for the use that decides: a site whose size is not a compile-time
// constant and whose address escapes (returned, stored to a global, kept
// across loop iterations, reallocated) stays on the heap for the escape,
// never for its size: "promotable if small" needs an address that stays.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

char *g_kept;

char *returned(const char *src, size_t n) {
  char *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned to the caller{{.*}} [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, n);
  return p;
}

void stored_to_global(const char *s) {
  char *d = strdup(s); // CHECK-DAG: [[@LINE]]:13: remark: strdup(...) stays on the heap: stored to global 'g_kept'{{.*}} [site {{[0-9a-f]{16}\]}}
  g_kept = d;
}

// The previous iteration's object is freed in the next one.
long kept_across_iterations(const char *const *words, int count) {
  char *prev = 0;
  long total = 0;
  for (int k = 0; k < count; k++) {
    size_t n = strlen(words[k]) + 1;
    char *w = malloc(n); // CHECK-DAG: [[@LINE]]:15: remark: malloc(...) stays on the heap: kept across loop iterations{{.*}} [site {{[0-9a-f]{16}\]}}
    memcpy(w, words[k], n);
    if (prev)
      total += prev[0];
    free(prev);
    prev = w;
  }
  free(prev);
  return total;
}

// A reallocarray of the object: the first allocation is reallocated (only
// the C library's realloc moves an object to the heap, promotable_realloc_1.c),
// the reallocarray itself always stays on the heap.
size_t grown(const char *s, size_t n) {
  char *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: reallocated{{.*}} [site {{[0-9a-f]{16}\]}}
  memcpy(p, s, n);
  p = reallocarray(p, 2, n); // CHECK-DAG: [[@LINE]]:7: remark: reallocarray(...) stays on the heap: reallocated{{.*}} [site {{[0-9a-f]{16}\]}}
  memcpy(p + n, s, n);
  size_t r = (size_t)p[2 * n - 1] + n;
  free(p);
  return r;
}
