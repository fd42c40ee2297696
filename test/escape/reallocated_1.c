// Heap, reason reallocated: the site is passed to realloc (which frees or
// moves it) in its own function.  The realloc calls are sites too; their
// results escape (returned, stored to a global), so they are heap as well,
// but the specification does not say whether being a realloc is itself the
// reason reported for a realloc site, nor whether its first argument prints
// as "p" or "...", so for those only "heap" is checked.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 6
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 6
#include <stdlib.h>
#include <string.h>

char *grow_and_return(const char *src) {
  char *p = malloc(16);     // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE+2]]:13 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  char *q = realloc(p, 64); // CHECK-DAG: [[@LINE]]:13: remark: realloc({{p|\.\.\.}}, 64) stays on the heap: {{.*}} [site {{[0-9a-f]{16}\]}}
  return q;
}

int *g_items;

void grow_into_global(const int *src) {
  int *p = calloc(4, sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: calloc(4, 4) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE+2]]:13 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 4 * sizeof(int));
  g_items = realloc(p, 32);        // CHECK-DAG: [[@LINE]]:13: remark: realloc({{p|\.\.\.}}, 32) stays on the heap: {{.*}} [site {{[0-9a-f]{16}\]}}
}

// Shrinking is reallocating too; the realloc'd block is returned.
char *shrink_to_fit(const char *src, int keep) {
  char *p = malloc(256);    // CHECK-DAG: [[@LINE]]:13: remark: malloc(256) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE+3]]:13 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 256);
  p[keep & 31] = '\0';
  char *q = realloc(p, 32); // CHECK-DAG: [[@LINE]]:13: remark: realloc({{p|\.\.\.}}, 32) stays on the heap: {{.*}} [site {{[0-9a-f]{16}\]}}
  return q;
}
