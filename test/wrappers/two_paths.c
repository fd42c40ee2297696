// A wrapper with two allocations, one per path, of the same size expression
// (malloc or calloc(1, n)): both are its allocations.  A size that differs
// between the paths (git's xmalloc retrying malloc(1)) is not one expression,
// so that function is not a wrapper.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 5
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void *maybe_zeroed(size_t n, int zero) {
  void *p = zero ? calloc(n, 1) // CHECK-DAG: [[@LINE]]:20: remark: calloc(...) stays on the heap: returned: wrapper 'maybe_zeroed', judged at each call of it [site {{[0-9a-f]{16}\]}}
                 : malloc(n); // CHECK-DAG: [[@LINE]]:20: remark: malloc(...) stays on the heap: returned: wrapper 'maybe_zeroed', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

__attribute__((noinline)) void *git_style(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned to the caller at {{.*}}two_paths.c:29:3 [site {{[0-9a-f]{16}\]}}
  if (!p && !n)
    p = malloc(1); // CHECK-DAG: [[@LINE]]:9: remark: malloc(1) stays on the heap: returned to the caller at {{.*}}two_paths.c:{{[0-9]+}}:3 [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

int use(int v) {
  char *a = maybe_zeroed(32, v); // CHECK-DAG: [[@LINE]]:13: remark: maybe_zeroed(32) does not escape: can be stack-allocated (through wrapper maybe_zeroed) [site {{[0-9a-f]{16}\]}}
  char *b = git_style(8);
  a[v & 31] = 1;
  b[0] = 2;
  int s = a[0] + b[0];
  free(a);
  free(b);
  return s;
}
