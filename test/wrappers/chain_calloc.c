// Chain of three with a product size: zalloc(n, m) -> do_calloc(n, m) ->
// calloc(n, m), and ints(n) -> zalloc(n, 4): the size maps through every level
// ("ints(10)" is 40 bytes).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 5
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static void *do_calloc(size_t n, size_t m) {
  void *p = calloc(n, m); // CHECK-DAG: [[@LINE]]:13: remark: calloc(...) stays on the heap: returned: wrapper 'do_calloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

__attribute__((noinline)) static void *zalloc(size_t n, size_t m) {
  return do_calloc(n, m); // CHECK-DAG: [[@LINE]]:10: remark: do_calloc(...) stays on the heap: returned: wrapper 'zalloc', judged at each call of it (through wrapper do_calloc) [site {{[0-9a-f]{16}\]}}
}

__attribute__((noinline)) static int *ints(size_t n) {
  return zalloc(n, sizeof(int)); // CHECK-DAG: [[@LINE]]:10: remark: zalloc({{...|10, 4}}) stays on the heap: returned: wrapper 'ints', judged at each call of it (through wrapper zalloc) [site {{[0-9a-f]{16}\]}}
}

int use(int v) {
  int *a = ints(10); // CHECK-DAG: [[@LINE]]:12: remark: ints({{(10)?}}) does not escape: can be stack-allocated (through wrapper ints) [site {{[0-9a-f]{16}\]}}
  a[v & 7] = v;
  int s = a[0] + a[9];
  free(a);
  char *b = zalloc(4, 12); // CHECK-DAG: [[@LINE]]:13: remark: zalloc(4, 12) does not escape: can be stack-allocated (through wrapper zalloc) [site {{[0-9a-f]{16}\]}}
  b[v & 31] = 1;
  s += b[0];
  free(b);
  return s;
}
