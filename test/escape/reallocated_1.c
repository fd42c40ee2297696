// Heap, reason reallocated: the site is resized in a way promotion does not
// rewrite.  (A site given only to the C library's realloc in its own
// function is promotable: realloc moves it to the heap there, see
// promotable_realloc_1.c.)  Not rewritten: reallocarray (its product may
// overflow; it stays heap), a realloc whose pointer may also be another
// site's object (the copy would come from the wrong memory), and an object
// holding its own address (the heap copy would carry that address off).
// The realloc calls are sites too, always heap (reallocated), as is every
// realloc site.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 7
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 7
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

int array_resized(const int *src, int k) {
  int *p = malloc(4 * sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: malloc(16) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE+2]]:7 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 4 * sizeof(int));
  p = reallocarray(p, 8, sizeof(int)); // CHECK-DAG: [[@LINE]]:7: remark: reallocarray({{p|\.\.\.}}, 8, 4) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE]]:7 [site {{[0-9a-f]{16}\]}}
  if (!p)
    return -1;
  p[7] = k;
  int v = p[0] + p[7];
  free(p);
  return v;
}

// Either of two objects is resized: both stay on the heap.
int either_resized(const char *src, int k) {
  char *a = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE+4]]:13 [site {{[0-9a-f]{16}\]}}
  char *b = malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: malloc(24) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE+3]]:13 [site {{[0-9a-f]{16}\]}}
  memcpy(a, src, 16);
  memcpy(b, src, 24);
  char *q = realloc(k > 3 ? a : b, 64); // CHECK-DAG: [[@LINE]]:13: remark: realloc(..., 64) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE]]:13 [site {{[0-9a-f]{16}\]}}
  if (!q)
    return -1;
  int v = q[5] + (k > 3 ? b[1] : a[1]);
  free(k > 3 ? b : a);
  free(q);
  return v;
}

// A list node that points to itself: a copy of its bytes would hold the
// address of the old memory.
struct node {
  struct node *next;
  long value;
};

long self_linked(long v) {
  struct node *n = malloc(sizeof *n); // CHECK-DAG: [[@LINE]]:20: remark: malloc(16) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE+3]]:7 [site {{[0-9a-f]{16}\]}}
  n->next = n;
  n->value = v;
  n = realloc(n, 2 * sizeof *n); // CHECK-DAG: [[@LINE]]:7: remark: realloc(..., 32) stays on the heap: reallocated at {{.*}}reallocated_1.c:[[@LINE]]:7 [site {{[0-9a-f]{16}\]}}
  if (!n)
    return -1;
  long r = n->value + (n->next != 0);
  free(n);
  return r;
}
