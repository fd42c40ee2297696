// Wrapper that zeroes what it allocates (memset, as git's xcalloc-style
// helpers do): still a wrapper.  -O2 turns malloc + memset into calloc.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void *xzalloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: {{malloc|calloc}}(...) stays on the heap: returned: wrapper 'xzalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  memset(p, 0, n);
  return p;
}

int use(int v) {
  int *a = xzalloc(128); // CHECK-DAG: [[@LINE]]:12: remark: xzalloc(128) does not escape: can be stack-allocated (through wrapper xzalloc) [site {{[0-9a-f]{16}\]}}
  a[v & 31] += v;
  int s = a[1];
  free(a);
  return s;
}
