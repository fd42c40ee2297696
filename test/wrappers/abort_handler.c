// Wrappers whose null check calls an error handler of this file (which
// reports the size and exits) or that may return null: still wrappers.  At
// -O2 the only call's constant argument is folded into the static wrapper,
// whose size then is fixed: the call shows as "xmalloc()".
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 4
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noreturn, noinline)) static void die_oom(size_t n) {
  fprintf(stderr, "out of memory allocating %zu bytes\n", n);
  exit(2);
}

__attribute__((noinline)) static void *xmalloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc({{...|64}}) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    die_oom(n);
  return p;
}

__attribute__((noinline)) static void *xmalloc_or_null(size_t n) {
  if (n > 1000000)
    return NULL;
  return malloc(n); // CHECK-DAG: [[@LINE]]:10: remark: malloc({{...|16}}) stays on the heap: returned: wrapper 'xmalloc_or_null', judged at each call of it [site {{[0-9a-f]{16}\]}}
}

int use(int v) {
  long *a = xmalloc(8 * sizeof(long)); // CHECK-DAG: [[@LINE]]:13: remark: xmalloc({{(64)?}}) does not escape: can be stack-allocated (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  a[v & 7] = v;
  long s = a[0];
  free(a);
  char *b = xmalloc_or_null(16); // CHECK-DAG: [[@LINE]]:13: remark: xmalloc_or_null({{(16)?}}) does not escape: can be stack-allocated (through wrapper xmalloc_or_null) [site {{[0-9a-f]{16}\]}}
  if (b) {
    b[v & 15] = 1;
    s += b[3];
    free(b);
  }
  return (int)s;
}
