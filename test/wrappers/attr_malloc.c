// External wrappers declared with __attribute__((malloc)) (a noalias return)
// and alloc_size: their calls are sites.  Without alloc_size the size is not
// known (0 bytes, never promotable); alloc_size(1) and alloc_size(1, 2) map
// the size; alloc_size alone on a function with a pointer parameter may
// resize it, so it is judged realloc-like.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 4
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *ext_new(int kind) __attribute__((malloc));
void *ext_malloc(size_t n) __attribute__((malloc, alloc_size(1)));
void *ext_calloc(size_t n, size_t m) __attribute__((malloc, alloc_size(1, 2)));
void *ext_grow(void *p, size_t n) __attribute__((alloc_size(2)));

int use(int v) {
  char *a = ext_new(3); // CHECK-DAG: [[@LINE]]:13: remark: ext_new(...) stays on the heap: size is not a compile-time constant (through wrapper ext_new) [site {{[0-9a-f]{16}\]}}
  char *b = ext_malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: ext_malloc(24) does not escape: can be stack-allocated (through wrapper ext_malloc) [site {{[0-9a-f]{16}\]}}
  int *c = ext_calloc(4, sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: ext_calloc(4, 4) does not escape: can be stack-allocated (through wrapper ext_calloc) [site {{[0-9a-f]{16}\]}}
  char *d = ext_grow(a, 64); // CHECK-DAG: [[@LINE]]:13: remark: ext_grow(64) stays on the heap: reallocated at {{.*}}attr_malloc.c:[[@LINE]]:13 (through wrapper ext_grow) [site {{[0-9a-f]{16}\]}}
  b[v & 15] = 1;
  c[v & 3] = v;
  d[0] = 2;
  int s = b[0] + c[0] + d[1];
  free(b);
  free(c);
  free(d);
  return s;
}
