// Realloc-like wrapper (xrealloc): its calls are sites with verdict
// reallocated, and a pointer passed to it is reallocated, as with realloc.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 3
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void *xrealloc(void *old, size_t n) {
  void *p = realloc(old, n); // CHECK-DAG: [[@LINE]]:13: remark: realloc(...) stays on the heap: returned: wrapper 'xrealloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

int use(int v) {
  int *a = malloc(4 * sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: malloc(16) stays on the heap: reallocated by wrapper 'xrealloc' at {{.*}}realloc_wrapper.c:[[@LINE+2]]:12 [site {{[0-9a-f]{16}\]}}
  a[0] = v;
  int *b = xrealloc(a, 8 * sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: xrealloc(..., 32) stays on the heap: reallocated at {{.*}}realloc_wrapper.c:[[@LINE]]:12 (through wrapper xrealloc) [site {{[0-9a-f]{16}\]}}
  b[7] = v;
  int s = b[0] + b[7];
  free(b);
  return s;
}
